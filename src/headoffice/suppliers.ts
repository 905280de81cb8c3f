/**
 * Suppliers and what each sells us (supplier items), kept at head office by owners and buyers. Every change of
 * a supplier goes down the 'suppliers' stream to every register (whom a store manager may draft an order for),
 * in the same transaction.
 */
import type { Supplier } from '../shared/purchasing.ts';
import type { Tx } from './context.ts';
import type { SuppliersTable } from './db/schema.ts';

export const supplierView = (row: SuppliersTable): Supplier => ({
  id: row.id,
  name: row.name,
  contact: row.contact,
  email: row.email,
  currency: row.currency,
  leadTimeDays: row.lead_time_days,
  minimumOrderMinor: Number(row.minimum_order_minor),
});

/** A snapshot page of the 'suppliers' stream: every supplier, by id. */
export async function suppliersPage(
  tx: Tx,
  afterKey: string | null,
  limit: number,
): Promise<{ key: string; data: Supplier }[]> {
  let query = tx.selectFrom('suppliers').selectAll().orderBy('id').limit(limit);
  if (afterKey !== null) query = query.where('id', '>', afterKey);
  const rows = await query.execute();
  return rows.map((row) => ({ key: row.id, data: supplierView(row) }));
}
