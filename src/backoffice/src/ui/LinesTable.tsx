import type { RowData } from '@tanstack/react-table';
import { DataTable, type Columns } from './DataTable.tsx';
import { staticList } from './useList.ts';

/** A document's lines, one a SKU, in the same table as the lists. */
export function LinesTable<Line extends RowData & { sku: string }>({
  name = 'Lines',
  testId,
  columns,
  lines,
  empty = 'No lines',
}: {
  name?: string;
  testId: string;
  columns: Columns<Line>;
  lines: Line[];
  /** What an empty document says. */
  empty?: string;
}) {
  return (
    <DataTable
      name={name}
      testId={testId}
      columns={columns}
      list={staticList(lines)}
      rowKey={(line) => line.sku}
      empty={{ title: empty }}
    />
  );
}
