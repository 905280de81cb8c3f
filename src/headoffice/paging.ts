/** A page of a list read with `limit + 1` rows: the extra row only says that there is a next page. */
export function pageOf<Row>(
  rows: Row[],
  limit: number,
  cursor: (last: Row) => string,
): { rows: Row[]; next: string | null } {
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? cursor(page.at(-1)!) : null };
}
