/**
 * Documents read back as their registers sent them: the sales and returns tables say which event holds a
 * document, and the event's payload (kept verbatim in received_events) is the document itself.
 */
import type { CompletedReturn, CompletedSale } from '../shared/domain.ts';
import { returnCompletedPayloadSchema, saleCompletedPayloadSchema } from '../shared/sync/protocol.ts';
import type { Executor } from './context.ts';

/** The sales with these ids that head office holds (an unreadable payload counts as not held). */
export async function salesById(db: Executor, saleIds: string[]): Promise<Map<string, CompletedSale>> {
  if (saleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sales')
    .innerJoin('received_events', (join) =>
      join
        .onRef('received_events.register_id', '=', 'sales.register_id')
        .onRef('received_events.seq', '=', 'sales.seq'),
    )
    .select(['sales.sale_id', 'received_events.payload'])
    .where('sales.sale_id', 'in', [...new Set(saleIds)])
    .execute();
  const found = new Map<string, CompletedSale>();
  for (const row of rows) {
    const sale = saleCompletedPayloadSchema.safeParse(parseJson(row.payload));
    if (sale.success) found.set(row.sale_id, sale.data);
  }
  return found;
}

export interface ReceivedReturn {
  registerId: string;
  seq: number;
  ret: Omit<CompletedReturn, 'outboxSeq'>;
}

/** Every return of these sales head office holds, from any register, in the order they arrived per register. */
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
    .select(['returns.register_id', 'returns.seq', 'received_events.payload'])
    .where(`returns.${column}`, 'in', [...new Set(ids)])
    .orderBy('returns.register_id')
    .orderBy('returns.seq')
    .execute();
  return rows.flatMap((row) => {
    const ret = returnCompletedPayloadSchema.safeParse(parseJson(row.payload));
    return ret.success ? [{ registerId: row.register_id, seq: row.seq, ret: ret.data }] : [];
  });
}

/** How much of each line of the original sale these returns took back. */
export function returnedByLine(returns: ReceivedReturn[]): Map<string, number> {
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
