/**
 * The lists of the back office: TanStack Table for the columns (which are shown, how each sorts) and TanStack
 * Virtual for the rows, so a list of 100,000 products puts a screenful of rows in the page, not 100,000. The
 * data comes from head office a page at a time (useList); sorting happens there too: a header click changes
 * the sort in the address and the list is asked for again.
 *
 * A real <table>: screen readers hear the headers with each cell, aria-rowcount and aria-rowindex say where a
 * row is in the whole list, and aria-sort which way it is sorted. The scrolling region takes focus, so the
 * arrow keys scroll it, and more rows load as its end comes near.
 */
import {
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnVisibilityState,
  type ReactTable,
  type RowData,
  type SortingState,
  type CellData,
  type TableFeatures,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { count } from './format.ts';
import { EmptyState, ErrorNotice, Loading } from './Notice.tsx';
import type { List } from './useList.ts';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match the library's declaration
  interface ColumnMeta<TFeatures extends TableFeatures, TData extends RowData, TValue extends CellData> {
    /** Right-aligned, in even-width digits: amounts and counts. */
    numeric?: boolean;
  }
}

const features = tableFeatures({ columnSizingFeature, columnVisibilityFeature, rowSortingFeature });
type Features = typeof features;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a column's value type differs per column
export type Columns<Row extends RowData> = ColumnDef<Features, Row, any>[];

/** Typed column definitions for a list of `Row`. */
export const columnsFor = <Row extends RowData>() => createColumnHelper<Features, Row>();

/** A right-aligned figure in head office's order (quantities, money). */
export const figure = { enableSorting: false, meta: { numeric: true } } as const;

const ROW_HEIGHT = 41;
/** A row whose cells may carry a second, smaller line (styles.css: .two-lines). */
const TWO_LINE_ROW_HEIGHT = 58;
/** Rows from the end of what is loaded at which the next page is asked for. */
const LOAD_AHEAD = 20;

function storedVisibility(name: string): ColumnVisibilityState {
  try {
    return JSON.parse(localStorage.getItem(`columns:${name}`) ?? '{}') as ColumnVisibilityState;
  } catch {
    return {};
  }
}

/** What an empty list says, and (hint) how it fills. */
export interface EmptyList {
  title: string;
  hint?: ReactNode;
}

export interface DataTableProps<Row extends RowData> {
  /** What the list is, for screen readers ("Products"); also where its column choice is kept. */
  name: string;
  columns: Columns<Row>;
  list: List<Row>;
  rowKey: (row: Row) => string;
  /** Server-side sort, from the address; columns with enableSorting can change it. Without it, none sorts. */
  sorting?: { state: SortingState; change: (state: SortingState) => void };
  /** Shown instead of the table when the list is empty. */
  empty: EmptyList;
  /** A click on a row; the row's first cell holds a button or link for the keyboard. */
  onRowClick?: (row: Row) => void;
  /** Rows of two lines: some cells fold a secondary fact under their main one (`Folded`, columns.tsx). */
  twoLines?: boolean;
  testId?: string;
}

export function DataTable<Row extends RowData>({
  name,
  columns,
  list,
  rowKey,
  sorting,
  empty,
  onRowClick,
  twoLines = false,
  testId,
}: DataTableProps<Row>) {
  const [columnVisibility, setColumnVisibility] = useState(() => storedVisibility(name));
  useEffect(
    () => localStorage.setItem(`columns:${name}`, JSON.stringify(columnVisibility)),
    [name, columnVisibility],
  );

  const table = useTable({
    features,
    columns,
    data: list.rows,
    getRowId: (row) => rowKey(row),
    manualSorting: true,
    enableSorting: sorting !== undefined,
    enableSortingRemoval: false,
    state: { columnVisibility, sorting: sorting?.state ?? [] },
    onColumnVisibilityChange: setColumnVisibility,
    onSortingChange: (updater) => {
      if (!sorting) return;
      sorting.change(typeof updater === 'function' ? updater(sorting.state) : updater);
    },
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  // The back office is not built with the React Compiler, which is what this rule protects.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => (twoLines ? TWO_LINE_ROW_HEIGHT : ROW_HEIGHT),
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? 0;
  const { hasMore, loadingMore, loadMore } = list;
  useEffect(() => {
    if (hasMore && !loadingMore && lastShown >= rows.length - LOAD_AHEAD) loadMore();
  }, [hasMore, loadingMore, lastShown, rows.length, loadMore]);

  if (list.loading) return <Loading what={name.toLowerCase()} />;
  const columnsShown = table.getVisibleLeafColumns();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const rowCount = list.total ?? (hasMore ? -1 : rows.length);

  return (
    <div className="data-table" data-testid={testId}>
      <div className="table-tools">
        <p className="table-count" role="status">
          {list.total !== null
            ? `${count(list.total)} ${list.total === 1 ? 'match' : 'matches'}`
            : `${count(rows.length)}${hasMore ? '+' : ''} shown`}
        </p>
        <ColumnChoice table={table} />
      </div>
      <ErrorNotice error={list.error} />
      {rows.length === 0 && !list.error ? (
        <EmptyState title={empty.title}>{empty.hint && <p>{empty.hint}</p>}</EmptyState>
      ) : (
        <div
          className={twoLines ? 'table-scroll two-lines' : 'table-scroll'}
          ref={scrollRef}
          tabIndex={0}
          role="region"
          aria-label={name}
        >
          <table aria-rowcount={rowCount === -1 ? undefined : rowCount + 1}>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id} aria-rowindex={1}>
                  {group.headers
                    .filter((header) => header.column.getIsVisible())
                    .map((header) => {
                      const sorted = header.column.getIsSorted();
                      const label = header.isPlaceholder ? null : <table.FlexRender header={header} />;
                      return (
                        <th
                          key={header.id}
                          scope="col"
                          className={header.column.columnDef.meta?.numeric ? 'numeric' : undefined}
                          style={{ width: header.column.getSize() }}
                          aria-sort={
                            sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                          }
                        >
                          {header.column.getCanSort() ? (
                            <button
                              type="button"
                              className="sort-button"
                              onClick={header.column.getToggleSortingHandler()}
                              data-testid={`sort-${header.column.id}`}
                            >
                              {label}
                              <span aria-hidden="true" className="sort-mark">
                                {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                              </span>
                            </button>
                          ) : (
                            label
                          )}
                        </th>
                      );
                    })}
                </tr>
              ))}
            </thead>
            <tbody>
              {top > 0 && (
                <tr aria-hidden="true" className="spacer">
                  <td colSpan={columnsShown.length} style={{ height: top }} />
                </tr>
              )}
              {items.map((item) => {
                const row = rows[item.index]!;
                return (
                  <tr
                    key={row.id}
                    aria-rowindex={item.index + 2}
                    data-testid="row"
                    data-key={row.id}
                    onClick={onRowClick ? () => onRowClick(row.original) : undefined}
                    className={onRowClick ? 'clickable' : undefined}
                  >
                    {row.getVisibleCells().map((cell) => (
                      <td
                        key={cell.id}
                        data-column={cell.column.id}
                        className={cell.column.columnDef.meta?.numeric ? 'numeric' : undefined}
                      >
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                );
              })}
              {bottom > 0 && (
                <tr aria-hidden="true" className="spacer">
                  <td colSpan={columnsShown.length} style={{ height: bottom }} />
                </tr>
              )}
            </tbody>
          </table>
          {loadingMore && <Loading what="more" />}
        </div>
      )}
    </div>
  );
}

/** Which columns to show: a menu of checkboxes, kept for the next visit. */
function ColumnChoice<Row extends RowData>({ table }: { table: ReactTable<Features, Row> }) {
  const hideable = table.getAllLeafColumns().filter((column) => column.getCanHide());
  if (hideable.length === 0) return null;
  return (
    <details className="column-choice">
      <summary>Columns</summary>
      <fieldset>
        <legend className="visually-hidden">Columns to show</legend>
        {hideable.map((column) => (
          <label key={column.id}>
            <input
              type="checkbox"
              checked={column.getIsVisible()}
              onChange={column.getToggleVisibilityHandler()}
            />
            {typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
