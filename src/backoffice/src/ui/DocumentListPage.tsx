/**
 * A page listing one kind of document (adjustments, goods received, counts, transfers, orders), newest first: its
 * title and the action that makes a new one, a filter bar that starts with the store, the table, and the document
 * a row opens. The store, the page's choice filters, the new document's form and the open document are kept in the
 * address (?storeId=, ?<choice param>=, ?<create.param>=new, ?<record.param>=<id>). Its test ids follow `id`:
 * `<id>-store`, `<id>-<choice param>`, `<id>-table`; so does its list's key in TanStack Query's cache ([id, filter]).
 * An action on the opened document hands what head office answered to `onChanged`, which shows it and refreshes
 * the list.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { RowData } from '@tanstack/react-table';
import type { ComponentType } from 'react';
import { DataTable, type DataTableProps } from './DataTable.tsx';
import { FilterSelect, oneOf } from './FilterSelect.tsx';
import { Button } from './Button.tsx';
import { PageHeader } from './PageHeader.tsx';
import { RecordDialog } from './RecordDialog.tsx';
import { StoreFilters } from './StoreSelect.tsx';
import { useList, type ListPage } from './useList.ts';
import { useUrlState } from './useUrlState.ts';

const widen = 'Change the filters above to see more.';

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

/** A filter after the store: one of `options` (value → label), or all of them. */
export interface ChoiceFilter<Value extends string> {
  label: string;
  /** What choosing all of them is called; "All" unless said. */
  every?: string;
  /** Undefined while they load: until then the address's value is taken as it is. */
  options: Record<Value, string> | undefined;
}

/** The page's filters after the store, in order, each under the name the address and head office know it by. */
export type ChoiceFilters<Filter extends Record<string, string>> = {
  [Param in keyof Filter]: ChoiceFilter<Filter[Param]>;
};

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
  Filter extends Record<string, string> = Record<never, string>,
>({
  title,
  description,
  id,
  name = title,
  load,
  choices,
  create,
  record,
  ...table
}: Omit<DataTableProps<Row>, 'testId' | 'list' | 'name'> & {
  title: string;
  description: string;
  id: string;
  /** The table's name, when it is not the title. */
  name?: string;
  /** A page of the list, for the store and the choices chosen. */
  load: (
    filter: { storeId?: string } & Partial<NoInfer<Filter>>,
    after: string | undefined,
  ) => Promise<ListPage<Row>>;
  choices?: ChoiceFilters<Filter>;
  /** Given to whoever may make one. */
  create?: NewDocument | false;
  record: OpenedDocument<Found>;
}) {
  const client = useQueryClient();
  const filters = Object.entries<ChoiceFilter<string>>(choices ?? {});
  const params = [
    'storeId',
    record.param,
    ...filters.map(([param]) => param),
    ...(create ? [create.param] : []),
  ];
  const [url, setUrl] = useUrlState(params);
  const chosen = (param: string, options: Record<string, string> | undefined) =>
    options ? oneOf(Object.keys(options), url[param]) : url[param];
  const filter = {
    storeId: url.storeId,
    ...Object.fromEntries(filters.map(([param, { options }]) => [param, chosen(param, options)])),
  } as { storeId?: string } & Partial<Filter>;
  const list = useList([id, filter], (after) => load(filter, after));
  // "None yet" would be wrong while a filter hides what there is.
  const narrowed = Object.values(filter).some((value) => value !== undefined);
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
        {filters.map(([param, { label, every = 'All', options }]) => (
          <FilterSelect
            key={param}
            label={label}
            every={every}
            options={options ?? {}}
            value={chosen(param, options)}
            onChange={(value) => setUrl({ [param]: value })}
            testId={`${id}-${param}`}
          />
        ))}
      </StoreFilters>
      <DataTable
        {...table}
        name={name}
        list={list}
        testId={`${id}-table`}
        empty={
          narrowed ? { title: `No ${name.toLowerCase()} match these filters`, hint: widen } : table.empty
        }
      />
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
