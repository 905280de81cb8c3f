import type { ReactNode } from 'react';

/** One column's header: its words, and whether it holds figures (right-aligned like them). */
export type Header = string | { label: ReactNode; numeric?: boolean; className?: string };

/**
 * A table of rows at hand (not paged: a journal, today's stores): a header cell per column, then the rows the
 * page draws.
 */
export function SimpleTable({
  className = 'summary-table',
  testId,
  columns,
  children,
}: {
  className?: string;
  testId?: string;
  /** The columns' headers, in order; `false` leaves one out. */
  columns: (Header | false)[];
  children: ReactNode;
}) {
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((header, index) => {
            if (header === false) return null;
            const { label, numeric, className } = typeof header === 'string' ? { label: header } : header;
            return (
              <th key={index} scope="col" className={numeric ? 'numeric' : className}>
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
