/**
 * Multi-row INSERTs as one statement with one parameter: the rows as a JSON array, unpacked by the database
 * (SQLite's jsonb_each, PostgreSQL's json_populate_recordset). An upstream batch writes hundreds of rows per
 * table; this way each table costs one statement whose text does not depend on the number of rows, so SQLite
 * prepares it once (connect.ts caches statements), PostgreSQL gets one round trip, and the query builder never
 * walks thousands of bound values.
 */
import {
  sql,
  type InsertQueryBuilder,
  type InsertResult,
  type Insertable,
  type RawBuilder,
  type Selectable,
} from 'kysely';
import type { Dialect } from './connect.ts';
import type { Database, Executor, Tx } from './schema.ts';

/**
 * INSERT INTO `table` the `rows` (all with the same keys; at least one row). Add onConflict or returning as with
 * any kysely insert. JSON carries strings, numbers and null: every column of our schema is one of those.
 */
export function insertRows<T extends keyof Database>(
  dialect: Dialect,
  tx: Tx,
  table: T,
  rows: Insertable<Database[T]>[],
): InsertQueryBuilder<Database, T, InsertResult> {
  if (rows.length === 0) throw new Error(`insertRows(${table}): no rows`);
  return tx
    .insertInto(table)
    .columns(Object.keys(rows[0]!) as never)
    .expression(rowsOf(dialect, table, rows));
}

/**
 * `select <the rows' columns> from <the rows>`, for an INSERT, or in parentheses for an IN or a FROM: the rows
 * travel as one JSON parameter and take the column types of `table`.
 */
export function rowsOf<T extends keyof Database, R extends Partial<Insertable<Database[T]>>>(
  dialect: Dialect,
  table: T,
  rows: R[],
): RawBuilder<R> {
  const columns = Object.keys(rows[0] ?? {});
  const json = JSON.stringify(rows);
  return dialect === 'postgres'
    ? // The table's own row type gives every column its type.
      sql<R>`select ${sql.join(columns.map((column) => sql.ref(column)))} from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`
    : // jsonb_each hands out each row in SQLite's binary JSON, so reading its columns parses nothing again.
      // "where true": SQLite needs it to parse an INSERT … SELECT followed by ON CONFLICT.
      sql<R>`select ${sql.join(columns.map((column) => sql`value ->> ${sql.lit(column)} as ${sql.ref(column)}`))} from jsonb_each(${json}) where true`;
}

/**
 * The right-hand side of `where(column, 'in', …)` for a list of strings, as one JSON parameter (an empty list
 * matches nothing). The same statement text serves any length of list.
 */
export function anyOf(dialect: Dialect, values: readonly string[]): RawBuilder<string> {
  const json = JSON.stringify(values);
  return dialect === 'postgres'
    ? sql<string>`(select json_array_elements_text(${json}::json))`
    : sql<string>`(select value from json_each(${json}))`;
}

/**
 * Column `value` of the rows of `table` whose column `key` is one of `keys`, by key; a key no row has is absent.
 * One statement whatever the number of keys (none for no keys).
 */
export async function lookup<
  T extends keyof Database,
  K extends keyof Database[T] & string,
  V extends keyof Selectable<Database[T]> & string,
>(
  db: Executor,
  dialect: Dialect,
  from: { table: T; key: K; value: V },
  keys: readonly string[],
): Promise<Map<string, Selectable<Database[T]>[V]>> {
  if (keys.length === 0) return new Map();
  const { table, key, value } = from;
  const query = sql<{ key: string; value: Selectable<Database[T]>[V] }>`
    select ${sql.ref(key)} as ${sql.id('key')}, ${sql.ref(value)} as ${sql.id('value')} from ${sql.table(table)}
    where ${sql.ref(key)} in ${anyOf(dialect, [...new Set(keys)])}`;
  const { rows } = await query.execute(db);
  return new Map(rows.map((row) => [row.key, row.value]));
}
