/**
 * A list head office pages by key (`after` → `next`), loaded a page at a time as the person scrolls: TanStack
 * Query's infinite query, with the previous list kept on screen while a new filter loads.
 */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

export interface ListPage<T> {
  items: T[];
  next: string | null;
  total?: number | null;
}

export interface List<T> {
  rows: T[];
  /** How many match in all, when head office counted them. */
  total: number | null;
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

const none: never[] = [];

/**
 * `key` is the list's key in TanStack Query's cache, under which its pages are kept. A list's key always ends in
 * 'pages', so no other query's key can be the same, whatever a person typed into it: a search for "duplicates"
 * on Customers (['customers', 'duplicates']) must not read the duplicates' answer as pages of customers.
 */
export function useList<T>(
  key: readonly unknown[],
  page: (after: string | undefined) => Promise<ListPage<T>>,
): List<T> {
  const query = useInfiniteQuery({
    queryKey: [...key, 'pages'],
    queryFn: ({ pageParam }) => page(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? none, [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  return {
    rows,
    total: query.data?.pages[0]?.total ?? null,
    loading: query.isPending,
    error: query.error,
    hasMore: hasNextPage,
    loadingMore: isFetchingNextPage,
    loadMore: () => {
      if (hasNextPage && !isFetchingNextPage) {
        fetchNextPage().catch(() => undefined); // the failure shows as query.error
      }
    },
  };
}

/** Every item of such a list, read page after page: for a choice list, which must offer them all. */
export async function everyItem<T>(page: (after: string | undefined) => Promise<ListPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const read = await page(after);
    items.push(...read.items);
    after = read.next ?? undefined;
  } while (after !== undefined);
  return items;
}

/** Rows already at hand (a document's lines) as a list for the same table. */
export function staticList<T>(rows: T[]): List<T> {
  return {
    rows,
    total: rows.length,
    loading: false,
    error: null,
    hasMore: false,
    loadingMore: false,
    loadMore: () => undefined,
  };
}
