import type { ReactNode } from 'react';

/** One column's header: its words, and whether it holds figures (right-aligned like them). */
export type Header = string | { label: ReactNode; numeric?: boolean; className?: string };

/** The header row of a small table that is not a list (a journal, today's stores); `false` leaves one out. */
export function TableHead({ headers }: { headers: (Header | false)[] }) {
  return (
    <thead>
      <tr>
        {headers.map((header, index) => {
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
  );
}
