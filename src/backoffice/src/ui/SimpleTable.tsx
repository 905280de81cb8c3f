import { TableHead, type Header } from './TableHead.tsx';
import type { ReactNode } from 'react';

/** A table of rows at hand (not paged): a header cell per column, then the rows the page draws. */
export function SimpleTable({
  className = 'summary-table',
  testId,
  columns,
  children,
}: {
  className?: string;
  testId: string;
  /** The columns' headers, in order. */
  columns: Header[];
  children: ReactNode;
}) {
  return (
    <table className={className} data-testid={testId}>
      <TableHead headers={columns} />
      <tbody>{children}</tbody>
    </table>
  );
}
