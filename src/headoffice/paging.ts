/**
 * Paging by key, not by offset: `next` is the last row's sort key, and the following page starts after it, so a
 * page costs the same at row 100,000 as at row 1 and a row that arrives meanwhile is neither skipped nor shown
 * twice.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { CounterError } from '../shared/errors.ts';

/** What a page key that is not a `next` this list gave is refused with. */
export const badCursor = () =>
  new CounterError('INVALID_INPUT', 'after: pass the "next" value of the previous page unchanged.');

/** A page of a list read with `limit + 1` rows: the extra row only says that there is a next page. */
export function pageOf<Row>(
  rows: Row[],
  limit: number,
  cursor: (last: Row) => string,
): { rows: Row[]; next: string | null } {
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? cursor(page.at(-1)!) : null };
}

/** A list's key: the value it is sorted by, then the row's id, as JSON (values may hold any character). */
export function cursorOf(value: string | number, id: string): string {
  return JSON.stringify([value, id]);
}

function parseCursor(after: string): [value: string | number, id: string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(after);
  } catch {
    throw badCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !['string', 'number'].includes(typeof parsed[0]) ||
    typeof parsed[1] !== 'string'
  )
    throw badCursor();
  return parsed as [string | number, string];
}

/**
 * Rows after `after` in the order `column, id` (ascending, or descending). A row value comparison, which both
 * databases answer with a range scan of the (column, id) index.
 */
export function afterCursor(
  column: string,
  id: string,
  after: string,
  descending: boolean,
): Expression<SqlBool> {
  const [value, key] = parseCursor(after);
  const past = sql.raw(descending ? '<' : '>');
  return sql<SqlBool>`(${sql.ref(column)}, ${sql.ref(id)}) ${past} (${value}, ${key})`;
}
