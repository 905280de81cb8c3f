import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';

/** Opens one row's detail (?<param>=<id>) on the same page, keeping its filters. */
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
    <Link to={{ search: search.toString() }} data-testid={testId}>
      {children}
    </Link>
  );
}
