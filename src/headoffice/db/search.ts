/**
 * What a person types into a search box, as SQL for SQLite and PostgreSQL.
 * - The start of a code (a SKU): letter case does not matter, and %, _ and \ are matched as themselves.
 * - Words of a name: each word typed (letters and digits) must start a word of the name, in any case, as the
 *   register's own search does ("gre te" finds "Green tea"). On PostgreSQL this is full-text search on an index
 *   (`to_tsvector('simple', name)`, db/migrations.ts), so a search stays quick at 100,000 products; SQLite, which
 *   serves smaller catalogs in-process, compares the words directly.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Dialect } from './connect.ts';

const literal = (text: string): string => text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`);

/** `column` starts with `text`. */
export function startsWithText(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${`${literal(text)}%`} escape '\\'`;
}

/** The words of a search: runs of letters and digits, lower-cased. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Every word of `text` starts a word of `column` (false when `text` has no word). */
export function hasWords(dialect: Dialect, column: string, text: string): Expression<SqlBool> {
  const words = searchWords(text);
  if (words.length === 0) return sql<SqlBool>`1 = 0`;
  if (dialect === 'postgres') {
    const query = words.map((word) => `${word}:*`).join(' & ');
    return sql<SqlBool>`to_tsvector('simple', ${sql.ref(column)}) @@ to_tsquery('simple', ${query})`;
  }
  // A word starts after a space, a hyphen or a slash ("Milk-Whole", "Salt/Pepper").
  const spaced = sql`' ' || replace(replace(lower(${sql.ref(column)}), '-', ' '), '/', ' ')`;
  return sql<SqlBool>`${sql.join(
    words.map((word) => sql`${spaced} like ${`% ${word}%`}`),
    sql` and `,
  )}`;
}
