/**
 * Documents read back as their registers sent them: the sales and returns tables say which event holds a
 * document, and the event's payload (kept verbatim in received_events, in the schema version it came in) is the
 * document itself, read as its kind's current version.
 */
import { schemaOf, type DocumentKind, type StorePayload } from '../shared/documents/kind.ts';
import { returnCompleted, type ReturnPayload } from '../shared/documents/return.ts';
import { saleCompleted, type SalePayload } from '../shared/documents/sale.ts';
import type { Executor } from './context.ts';

/** A received event's payload as its kind's current version; null when head office cannot read it. */
export function storedPayload<P extends StorePayload>(
  kind: DocumentKind<string, P>,
  schemaVersion: number,
  payload: string,
): P | null {
  const parsed = schemaOf(kind, schemaVersion)?.safeParse(parseJson(payload));
  return parsed?.success ? parsed.data : null;
}

/** The sales, each with the event that carried it: its payload is the sale as its register sent it. */
export function salesWithEvents(db: Executor) {
  return db
    .selectFrom('sales')
    .innerJoin('received_events', (join) =>
      join
        .onRef('received_events.register_id', '=', 'sales.register_id')
        .onRef('received_events.seq', '=', 'sales.seq'),
    );
}

/**
 * The sales with these ids that head office holds (an unreadable payload counts as not held); with `storeId`,
 * only that store's.
 */
export async function salesById(
  db: Executor,
  saleIds: string[],
  storeId?: string,
): Promise<Map<string, SalePayload>> {
  if (saleIds.length === 0) return new Map();
  let query = salesWithEvents(db)
    .select(['sales.sale_id', 'received_events.schema_version', 'received_events.payload'])
    .where('sales.sale_id', 'in', [...new Set(saleIds)]);
  if (storeId !== undefined) query = query.where('sales.store_id', '=', storeId);
  const found = new Map<string, SalePayload>();
  for (const row of await query.execute()) {
    const sale = storedPayload(saleCompleted, row.schema_version, row.payload);
    if (sale) found.set(row.sale_id, sale);
  }
  return found;
}

export interface ReceivedReturn {
  registerId: string;
  seq: number;
  ret: ReturnPayload;
}

/**
 * Every return head office counts against these sales (its returns row names the sale), from any register, in
 * the order they arrived per register.
 */
export function returnsOfSales(db: Executor, saleIds: string[]): Promise<ReceivedReturn[]> {
  return returnsWhere(db, 'original_sale_id', saleIds);
}

/** The returns with these ids that head office holds. */
export function returnsById(db: Executor, returnIds: string[]): Promise<ReceivedReturn[]> {
  return returnsWhere(db, 'return_id', returnIds);
}

/** Returns whose `column` is one of `ids` (an unreadable payload counts as not held). */
async function returnsWhere(
  db: Executor,
  column: 'original_sale_id' | 'return_id',
  ids: string[],
): Promise<ReceivedReturn[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('returns')
    .innerJoin('received_events', (join) =>
      join
        .onRef('received_events.register_id', '=', 'returns.register_id')
        .onRef('received_events.seq', '=', 'returns.seq'),
    )
    .select([
      'returns.register_id',
      'returns.seq',
      'received_events.schema_version',
      'received_events.payload',
    ])
    .where(`returns.${column}`, 'in', [...new Set(ids)])
    .orderBy('returns.register_id')
    .orderBy('returns.seq')
    .execute();
  return rows.flatMap((row) => {
    const ret = storedPayload(returnCompleted, row.schema_version, row.payload);
    return ret ? [{ registerId: row.register_id, seq: row.seq, ret }] : [];
  });
}

/** How much of each line of the original sale these returns took back. */
export function returnedByLine(returns: { ret: ReturnPayload }[]): Map<string, number> {
  const returned = new Map<string, number>();
  for (const { ret } of returns) {
    for (const line of ret.lines) {
      if (line.originalLineId !== null)
        returned.set(line.originalLineId, (returned.get(line.originalLineId) ?? 0) + line.quantity);
    }
  }
  return returned;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
