/** Column pieces the lists share (see DataTable.tsx for `figure`, DetailLink.tsx for `detailCell`). */
import type { ReactElement, ReactNode } from 'react';
import { detailCell } from './DetailLink.tsx';
import { browserLocale, money } from './format.ts';

/** A list's first column: what names the row, in head office's order, never hidden. */
export const keyColumn = { enableSorting: false, enableHiding: false } as const;

/** A list's first column (`keyColumn`) whose value opens the row's detail (?<param>=<id>) on the same page. */
export const detailColumn = <Row,>(param: string, testId: string, idOf: (row: Row) => string) => ({
  ...keyColumn,
  cell: detailCell(param, testId, idOf),
});

/** A cell that shows a dash for a value head office does not have. */
export const orDash = (cell: { getValue: () => string | number | null }) => cell.getValue() ?? '—';

/** A cell of an amount in its row's own currency (minor units), in the browser's own way of writing money. */
export const rowMoneyCell = (cell: { getValue: () => number; row: { original: { currency: string } } }) =>
  money(cell.getValue(), cell.row.original.currency, browserLocale);

/** A cell of amounts in `currency` (minor units), in the browser's own way of writing money. */
export const moneyCell = (currency: string) => (cell: { getValue: () => number }) =>
  money(cell.getValue(), currency, browserLocale);

/** Text that an ellipsis may cut short in a narrow window: pointing at it shows the whole. */
export const clipped = (text: string) => <span title={text}>{text}</span>;

/** A cell of such text, or a dash for a value head office does not have. */
export const clippedCell = (cell: { getValue: () => string | null }) => {
  const text = cell.getValue();
  return text === null ? '—' : clipped(text);
};

/**
 * A cell's main value with a secondary fact folded under it on a smaller line (in a list with `twoLines` rows),
 * so the fact needs no column of its own; each line ends in an ellipsis when the cell is too narrow, and
 * pointing at the second shows it whole.
 */
export function Folded({ under, children }: { under: ReactElement | string | null; children: ReactNode }) {
  return (
    <>
      <span className="cell-line">{children}</span>
      {under !== null && (
        <span className="cell-line cell-under" title={typeof under === 'string' ? under : undefined}>
          {under}
        </span>
      )}
    </>
  );
}
