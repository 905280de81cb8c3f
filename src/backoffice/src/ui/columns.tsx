/** Column pieces the lists share (see DataTable.tsx for `figure`). */
import { DetailLink } from './DetailLink.tsx';
import { browserLocale, money } from './format.ts';

/** A list's first column: what names the row, in head office's order, never hidden. */
export const keyColumn = { enableSorting: false, enableHiding: false } as const;

/** A cell that shows a dash for a value head office does not have. */
export const orDash = (cell: { getValue: () => string | number | null }) => cell.getValue() ?? '—';

/** A cell of amounts in `currency` (minor units), in the browser's own way of writing money. */
export const moneyCell = (currency: string) => (cell: { getValue: () => number }) =>
  money(cell.getValue(), currency, browserLocale);

/** A cell that opens its row's record on the same page (?<param>=<id>), named by the cell's value. */
export function detailCell<Row>(param: string, idOf: (row: Row) => string, testId: string) {
  return (cell: { row: { original: Row }; getValue: () => string }) => (
    <DetailLink param={param} id={idOf(cell.row.original)} testId={testId}>
      {cell.getValue()}
    </DetailLink>
  );
}
