/** Lookups by id that answer NOT_FOUND in words when the row is missing. */
import { sql } from 'kysely';
import { CounterError } from '../shared/errors.ts';
import type { Executor } from './context.ts';
import type { Register, Store, SuppliersTable } from './db/schema.ts';

export async function findStore(db: Executor, storeId: string): Promise<Store> {
  const row = await db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirst();
  if (!row)
    throw new CounterError('NOT_FOUND', `There is no store "${storeId}": check the id in GET /api/stores.`);
  return row;
}

export async function findRegister(db: Executor, registerId: string): Promise<Register> {
  const row = await db.selectFrom('registers').selectAll().where('id', '=', registerId).executeTakeFirst();
  if (!row)
    throw new CounterError(
      'NOT_FOUND',
      `There is no register "${registerId}": check the id in GET /api/registers.`,
    );
  return row;
}

export async function findSupplier(db: Executor, supplierId: string): Promise<SuppliersTable> {
  const row = await db.selectFrom('suppliers').selectAll().where('id', '=', supplierId).executeTakeFirst();
  if (!row)
    throw new CounterError(
      'NOT_FOUND',
      `There is no supplier "${supplierId}": check the id in GET /api/suppliers.`,
    );
  return row;
}

/**
 * The store of the row of `table` whose `key` is `id`, for a route's store check (http/access.ts); `missing`
 * says there is no such row.
 */
export async function storeIdOf(
  db: Executor,
  table: 'sales' | 'returns' | 'goods_receipts' | 'adjustments' | 'purchase_orders',
  key: string,
  id: string,
  missing: () => CounterError,
): Promise<string> {
  const row = await db.selectFrom(table).select('store_id').where(sql.ref(key), '=', id).executeTakeFirst();
  if (!row) throw missing();
  return row.store_id;
}
