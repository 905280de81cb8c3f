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
  columns: ReactNode[];
  children: ReactNode;
}) {
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column, index) => (
            <th key={index} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
