/**
 * What a person types into a search box, as SQL that means the same on SQLite and PostgreSQL: letter case does
 * not matter (both sides lower-cased; SQLite's LIKE would ignore only ASCII case, PostgreSQL's none), and %, _
 * and \ in the text are matched as themselves.
 */
import { sql, type Expression, type SqlBool } from 'kysely';

function like(column: string, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

const literal = (text: string): string => text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`);

/** `column` holds `text` anywhere. */
export function containsText(column: string, text: string): Expression<SqlBool> {
  return like(column, `%${literal(text)}%`);
}

/** `column` starts with `text`. */
export function startsWithText(column: string, text: string): Expression<SqlBool> {
  return like(column, `${literal(text)}%`);
}
