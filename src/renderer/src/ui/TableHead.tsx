/**
 * One column's heading: its text, or its text and a class (figures are right-aligned), or false for a column
 * the table does not show.
 */
export type Column = string | { label: string; className: string } | false;

/** A table's header row, one heading a column. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) => {
          if (column === false) return null;
          const { label, className } =
            typeof column === 'string' ? { label: column, className: undefined } : column;
          return (
            // A heading may repeat (a receipt's "Tax" over its tax column), so the place is the key.
            <th key={index} scope="col" className={className}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
