/** `rows.insert` for the kinds kept as one row per document: sales, returns, voids, adjustments, receipts, customers. */
import { sql, type Insertable } from 'kysely';
import type { DocumentType, PayloadOf } from '../../shared/documents/registry.ts';
import { insertRows } from '../db/bulk.ts';
import type { Database } from '../db/schema.ts';
import type { Batch, Received } from './handler.ts';

/** Tables with a row per document, each row saying where it came from: its store, register and seq. */
type DocumentTable = 'sales' | 'returns' | 'sale_voids' | 'customers' | 'adjustments' | 'goods_receipts';

/** The columns every document's row has: what its register says. */
export interface Origin {
  store_id: string;
  register_id: string;
  seq: number;
}

/**
 * Writes a row in `table` for each document head office does not have yet under `key` (its own id), made by
 * `row` from its payload and its origin; returns the keys written.
 */
export async function insertDocuments<T extends DocumentType, Table extends DocumentTable>(
  { ho, tx }: Batch,
  table: Table,
  key: keyof Database[Table] & string,
  docs: Received<T>[],
  row: (payload: PayloadOf<T>, origin: Origin) => Insertable<Database[Table]>,
): Promise<string[]> {
  const rows = docs.map(({ register, seq, payload }) =>
    row(payload, { store_id: register.store_id, register_id: register.id, seq }),
  );
  const written = await insertRows(ho.dialect, tx, table, rows)
    .onConflict((oc) => oc.column(key).doNothing())
    .returning(sql<string>`${sql.ref(key)}`.as('id'))
    .execute();
  return written.map((row) => row.id);
}
