/** Lookups by id that answer NOT_FOUND in words when the row is missing. */
import { sql, type Selectable } from 'kysely';
import { CounterError } from '../shared/errors.ts';
import type { Executor } from './context.ts';
import type { Database, Register, Store, SuppliersTable, User } from './db/schema.ts';

/**
 * What one row of each table is called in the answer and the column that is its id; the table's rows are listed
 * at GET /api/<table> (with hyphens for underscores).
 */
const rowNames = {
  stores: { name: 'store', key: 'id' },
  registers: { name: 'register', key: 'id' },
  suppliers: { name: 'supplier', key: 'id' },
  channels: { name: 'channel', key: 'id' },
  users: { name: 'user', key: 'id' },
  counts: { name: 'count', key: 'count_id' },
  sales: { name: 'sale', key: 'sale_id' },
  returns: { name: 'return', key: 'return_id' },
  goods_receipts: { name: 'goods receipt', key: 'receipt_id' },
  adjustments: { name: 'adjustment', key: 'adjustment_id' },
  purchase_orders: { name: 'purchase order', key: 'id' },
  exceptions: { name: 'exception', key: 'id' },
  products: { name: 'product', key: 'sku', idName: 'SKU' },
  transfers: { name: 'transfer', key: 'transfer_id' },
} as const;

type NamedTable = keyof typeof rowNames;

/** The tables whose rows belong to one store. */
export type StoreRowTable =
  | 'registers'
  | 'counts'
  | 'sales'
  | 'returns'
  | 'goods_receipts'
  | 'adjustments'
  | 'purchase_orders'
  | 'exceptions';

/** NOT_FOUND for the row of `table` whose id is `id`, with the list to check the id in. */
export function notFound(table: NamedTable, id: string | number): CounterError {
  const list = `/api/${table.replaceAll('_', '-')}`;
  const { name, idName }: { name: string; idName?: string } = rowNames[table];
  return new CounterError(
    'NOT_FOUND',
    `There is no ${name}${idName ? ` with ${idName}` : ''} "${id}": check the ${idName ?? 'id'} in GET ${list}.`,
  );
}

async function findById<T extends NamedTable>(
  db: Executor,
  table: T,
  id: string,
): Promise<Selectable<Database[T]>> {
  const { key } = rowNames[table];
  // Kysely types a query of one table at a time: the union of the tables reads as one.
  const from: NamedTable = table;
  const row = await db.selectFrom(from).selectAll().where(sql.ref(key), '=', id).executeTakeFirst();
  if (!row) throw notFound(table, id);
  return row as Selectable<Database[T]>;
}

export function findStore(db: Executor, storeId: string): Promise<Store> {
  return findById(db, 'stores', storeId);
}

export function findRegister(db: Executor, registerId: string): Promise<Register> {
  return findById(db, 'registers', registerId);
}

export function findSupplier(db: Executor, supplierId: string): Promise<SuppliersTable> {
  return findById(db, 'suppliers', supplierId);
}

export function findChannel(db: Executor, channelId: string): Promise<Selectable<Database['channels']>> {
  return findById(db, 'channels', channelId);
}

export function findUser(db: Executor, userId: string): Promise<User> {
  return findById(db, 'users', userId);
}

export function findCount(db: Executor, countId: string): Promise<Selectable<Database['counts']>> {
  return findById(db, 'counts', countId);
}

/** The store of the row of `table` whose id is `id`, for a route's store check (http/access.ts). */
export async function storeIdOf(db: Executor, table: StoreRowTable, id: string | number): Promise<string> {
  const { key } = rowNames[table];
  const row = await db.selectFrom(table).select('store_id').where(sql.ref(key), '=', id).executeTakeFirst();
  if (!row) throw notFound(table, id);
  return row.store_id;
}
