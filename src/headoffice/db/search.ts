/**
 * What a person types into a search box, as SQL for SQLite and PostgreSQL.
 * - The start of a code (a SKU): letter case does not matter, and %, _ and \ are matched as themselves.
 * - A name, whatever its accents and letter case: "sile" and "Síle" both find "Síle" and "Sile", "muller" finds
 *   "Müller". Products, customers and suppliers keep their name folded (src/shared/search.ts, foldForSearch) in a
 *   `search_name` column, written with the name; what is typed is folded the same way, so the database compares
 *   plain lower-case text and needs no extension (PostgreSQL's unaccent needs a superuser to install).
 * - Words of a name: each word typed (letters and digits) must start a word of the name, as the register's own
 *   search does ("gre te" finds "Green tea"). On PostgreSQL this is full-text search on an index
 *   (`to_tsvector('simple', search_name)`, db/migrations.ts), so a search stays quick at 100,000 products;
 *   SQLite, which serves smaller catalogs in-process, compares the words directly.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { foldForSearch } from '../../shared/search.ts';
import type { Dialect } from './connect.ts';

/** `text` for the pattern of a LIKE with escape '\': %, _ and \ stand for themselves. */
const literal = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** `column` (a code) starts with `text`, in any letter case. */
export function startsWithText(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${`${literal(text.toLowerCase())}%`} escape '\\'`;
}

/** The name folded in `column` (a `search_name`) starts with `text`, whatever the accents and letter case. */
export function nameStartsWith(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`${literal(foldForSearch(text))}%`} escape '\\'`;
}

/** The words of a search: runs of letters and digits, folded as names are. */
export function searchWords(text: string): string[] {
  return foldForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Every word of `text` starts a word of the name folded in `column` (a `search_name`); false when `text` has no
 * word.
 */
export function hasWords(dialect: Dialect, column: string, text: string): Expression<SqlBool> {
  const words = searchWords(text);
  if (words.length === 0) return sql<SqlBool>`1 = 0`;
  if (dialect === 'postgres') {
    const query = words.map((word) => `${word}:*`).join(' & ');
    return sql<SqlBool>`to_tsvector('simple', ${sql.ref(column)}) @@ to_tsquery('simple', ${query})`;
  }
  // A word starts after a space, a hyphen or a slash ("Milk-Whole", "Salt/Pepper").
  const spaced = sql`' ' || replace(replace(${sql.ref(column)}, '-', ' '), '/', ' ')`;
  return sql<SqlBool>`${sql.join(
    words.map((word) => sql`${spaced} like ${`% ${word}%`}`),
    sql` and `,
  )}`;
}
