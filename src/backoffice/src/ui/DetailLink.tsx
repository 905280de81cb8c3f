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
