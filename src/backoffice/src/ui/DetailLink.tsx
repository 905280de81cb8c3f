import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';

/**
 * Opens one row's detail (?<param>=<id>) on the same page, keeping its filters. A click on it is the row's
 * click too, so it stops here: the detail opens once.
 */
export function DetailLink({
  param,
  id,
  testId,
  children,
}: {
  param: string;
  id: string;
  testId: string;
  children: ReactNode;
}) {
  const [params] = useSearchParams();
  const search = new URLSearchParams(params);
  search.set(param, id);
  return (
    <Link
      to={{ search: search.toString() }}
      onClick={(event) => event.stopPropagation()}
      data-testid={testId}
    >
      {children}
    </Link>
  );
}

/** A list's cell that shows its value as a DetailLink to its row's detail: `cell: detailCell(...)`. */
export function detailCell<Row>(param: string, testId: string, idOf: (row: Row) => string) {
  return (cell: { getValue: () => ReactNode; row: { original: Row } }) => (
    <DetailLink param={param} id={idOf(cell.row.original)} testId={testId}>
      {cell.getValue()}
    </DetailLink>
  );
}
