/**
 * A page listing one kind of document (adjustments, goods received, counts, transfers, orders), newest first: its
 * title and the action that makes a new one, a filter bar that starts with the store, the table, and the document
 * a row opens. The store, the page's choice filter, the new document's form and the open document are kept in the
 * address (?storeId=, ?<choice.param>=, ?<create.param>=new, ?<record.param>=<id>). Its test ids follow `id`:
 * `<id>-store`, `<id>-<choice.param>`, `<id>-table`; so does its list's key in TanStack Query's cache ([id, filter]).
 * An action on the opened document hands what head office answered to `onChanged`, which shows it and refreshes
 * the list.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { RowData } from '@tanstack/react-table';
import type { ComponentType, ReactNode } from 'react';
import { DataTable, type DataTableProps } from './DataTable.tsx';
import { FilterSelect, oneOf } from './FilterSelect.tsx';
import { Button } from './Button.tsx';
import { PageHeader } from './PageHeader.tsx';
import { RecordDialog } from './RecordDialog.tsx';
import { StoreFilters } from './StoreSelect.tsx';
import { useList, type ListPage } from './useList.ts';
import { useUrlState } from './useUrlState.ts';

/** What the dialog of an opened document is given. */
export interface OpenedProps<Found> {
  found: Found;
  onClose: () => void;
  /** After an action changed the document: shows it as `changed` and refreshes the list. */
  onChanged: (changed: Found) => Promise<void>;
}

/** The document a row opens: loaded from head office by its id, shown by `show`. */
export interface OpenedDocument<Found> {
  /** Where the address keeps its id; also its key in TanStack Query's cache: [param, id]. */
  param: string;
  /** The dialog's title and test id while it loads. */
  title: string;
  testId: string;
  /** What is loading ("the transfer"). */
  what: string;
  load: (id: string) => Promise<Found>;
  show: ComponentType<OpenedProps<Found>>;
}

/** The page's filter by state after the store: one of `options` (value → label), or all of them. */
export interface ChoiceFilter<Param extends string, Value extends string> {
  /** Where the address keeps it, and its name in the filter head office is asked with. */
  param: Param;
  label: string;
  options: Record<Value, string>;
}

/** What the form of a new document is given: `onMade` with the new document's id refreshes the list and opens it. */
export interface NewDocumentForm {
  onClose: () => void;
  onMade: (id: string) => Promise<void>;
}

/** Making a new document, for whoever may: the header's action opens `form` (?<param>=new). */
export interface NewDocument {
  param: string;
  /** The header action's words ("Plan a transfer"). */
  action: string;
  testId: string;
  form: ComponentType<NewDocumentForm>;
}

export function DocumentListPage<
  Row extends RowData,
  Found,
  Param extends string = never,
  Value extends string = never,
  Extra extends object = object,
>({
  title,
  description,
  id,
  name = title,
  load,
  choice,
  filter: extra,
  filters,
  create,
  record,
  ...table
}: Omit<DataTableProps<Row>, 'testId' | 'list' | 'name'> & {
  title: string;
  description: string;
  id: string;
  /** The table's name, when it is not the title. */
  name?: string;
  /** A page of the list, for the store chosen, the choice and `filter`. */
  load: (
    filter: { storeId?: string } & Partial<Record<Param, Value>> & Extra,
    after: string | undefined,
  ) => Promise<ListPage<Row>>;
  choice?: ChoiceFilter<Param, Value>;
  /** The page's own filters' values and controls, between the store and the choice. */
  filter?: Extra;
  filters?: ReactNode;
  /** Given to whoever may make one. */
  create?: NewDocument | false;
  record: OpenedDocument<Found>;
}) {
  const client = useQueryClient();
  const params = [
    'storeId',
    record.param,
    ...(choice ? [choice.param] : []),
    ...(create ? [create.param] : []),
  ];
  const [url, setUrl] = useUrlState(params);
  const chosen = choice && oneOf(Object.keys(choice.options) as Value[], url[choice.param]);
  const filter = {
    ...extra,
    storeId: url.storeId,
    ...(choice && { [choice.param]: chosen }),
  } as { storeId?: string } & Partial<Record<Param, Value>> & Extra;
  const list = useList([id, filter], (after) => load(filter, after));
  const opened = url[record.param];
  const close = () => setUrl({ [record.param]: undefined });
  const refresh = () => client.invalidateQueries({ queryKey: [id] });
  const changed = async (found: Found) => {
    client.setQueryData([record.param, opened], found);
    await refresh();
  };
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          create && (
            <Button look="primary" onClick={() => setUrl({ [create.param]: 'new' })} testId={create.testId}>
              {create.action}
            </Button>
          )
        }
      />
      <StoreFilters storeId={url.storeId} onChange={(storeId) => setUrl({ storeId })} testId={`${id}-store`}>
        {filters}
        {choice && (
          <FilterSelect
            label={choice.label}
            every="All"
            options={choice.options}
            value={chosen}
            onChange={(value) => setUrl({ [choice.param]: value })}
            testId={`${id}-${choice.param}`}
          />
        )}
      </StoreFilters>
      <DataTable {...table} name={name} list={list} testId={`${id}-table`} />
      {opened && (
        <RecordDialog
          title={record.title}
          what={record.what}
          testId={record.testId}
          queryKey={[record.param, opened]}
          load={() => record.load(opened)}
          onClose={close}
        >
          {(found) => <record.show found={found} onClose={close} onChanged={changed} />}
        </RecordDialog>
      )}
      {create && url[create.param] && (
        <create.form
          onClose={() => setUrl({ [create.param]: undefined })}
          onMade={async (madeId) => {
            await refresh();
            setUrl({ [create.param]: undefined, [record.param]: madeId });
          }}
        />
      )}
    </>
  );
}
