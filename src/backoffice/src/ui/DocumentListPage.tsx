/**
 * A page listing one kind of document (adjustments, goods received, counts, transfers, orders), newest first: its
 * title and actions, a filter bar that starts with the store, the table, and the document a row opens. The store
 * and the open document are kept in the address (?storeId=, ?<record.param>=<id>). Its test ids follow `id`:
 * `<id>-store`, `<id>-table`.
 */
import type { RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { DataTable, type DataTableProps } from './DataTable.tsx';
import { PageHeader } from './PageHeader.tsx';
import { RecordDialog } from './RecordDialog.tsx';
import { StoreFilters } from './StoreSelect.tsx';
import { useUrlState } from './useUrlState.ts';

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
  show: (found: Found, onClose: () => void) => ReactNode;
}

export function DocumentListPage<Row extends RowData, Found>({
  title,
  description,
  actions,
  id,
  filters,
  record,
  children,
  ...table
}: Omit<DataTableProps<Row>, 'testId'> & {
  title: string;
  description: string;
  actions?: ReactNode;
  id: string;
  /** The page's filters after the store. */
  filters?: ReactNode;
  record: OpenedDocument<Found>;
  /** The page's other dialogs. */
  children?: ReactNode;
}) {
  const [url, setUrl] = useUrlState(['storeId', record.param]);
  const opened = url[record.param];
  const close = () => setUrl({ [record.param]: undefined });
  return (
    <>
      <PageHeader title={title} description={description} actions={actions} />
      <StoreFilters storeId={url.storeId} onChange={(storeId) => setUrl({ storeId })} testId={`${id}-store`}>
        {filters}
      </StoreFilters>
      <DataTable {...table} testId={`${id}-table`} />
      {opened && (
        <RecordDialog
          title={record.title}
          what={record.what}
          testId={record.testId}
          queryKey={[record.param, opened]}
          load={() => record.load(opened)}
          onClose={close}
        >
          {(found) => record.show(found, close)}
        </RecordDialog>
      )}
      {children}
    </>
  );
}
