/** Read-only views for the admin API: sales as received, and the exceptions waiting for a person. */
import type { ExceptionKind, ExceptionView, Page, SaleView } from '../shared/sync/admin-api.ts';
import { CounterError } from '../shared/errors.ts';
import { nowIso, type HeadOffice } from './context.ts';
import { salesById } from './received.ts';

export interface SalesQuery {
  /** Only these stores' sales; null or left out: every store's. */
  storeIds?: readonly string[] | null;
  registerId?: string;
  from?: string;
  to?: string;
  after?: string;
  limit: number;
}

/** Sales by completion time; `after` is the `next` of the previous page ("<completedAt>~<saleId>"). */
export async function listSales(ho: HeadOffice, q: SalesQuery): Promise<Page<SaleView>> {
  let query = ho.db
    .selectFrom('sales')
    .selectAll()
    .orderBy('completed_at')
    .orderBy('sale_id')
    .limit(q.limit + 1);
  if (q.storeIds) query = query.where('store_id', 'in', q.storeIds);
  if (q.registerId !== undefined) query = query.where('register_id', '=', q.registerId);
  if (q.from !== undefined) query = query.where('completed_at', '>=', new Date(q.from).toISOString());
  if (q.to !== undefined) query = query.where('completed_at', '<', new Date(q.to).toISOString());
  if (q.after !== undefined) {
    const split = q.after.indexOf('~');
    if (split < 0)
      throw new CounterError('INVALID_INPUT', 'after: pass the "next" value of the previous page unchanged.');
    const [time, saleId] = [q.after.slice(0, split), q.after.slice(split + 1)];
    query = query.where((eb) =>
      eb.or([
        eb('completed_at', '>', time),
        eb.and([eb('completed_at', '=', time), eb('sale_id', '>', saleId)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  // The lines are read from the sales as their registers sent them.
  const received = await salesById(
    ho.db,
    page.map((sale) => sale.sale_id),
  );
  const items: SaleView[] = page.map((sale) => ({
    saleId: sale.sale_id,
    storeId: sale.store_id,
    registerId: sale.register_id,
    seq: sale.seq,
    receiptNumber: sale.receipt_number,
    completedAt: sale.completed_at,
    receivedAt: sale.received_at,
    currency: sale.currency,
    pricesIncludeTax: sale.prices_include_tax === 1,
    subtotalMinor: sale.subtotal_minor,
    taxMinor: sale.tax_minor,
    totalMinor: sale.total_minor,
    changeMinor: sale.change_minor,
    tenders: JSON.parse(sale.tenders) as SaleView['tenders'],
    userId: sale.user_id,
    shiftId: sale.shift_id,
    lines: (received.get(sale.sale_id)?.lines ?? []).map((line, i) => ({
      lineNo: i + 1,
      sku: line.sku,
      name: line.name,
      unit: line.unit,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      taxCode: line.taxCode,
      taxRateBasisPoints: line.taxRateBasisPoints,
      amountMinor: line.amountMinor,
      taxMinor: line.taxMinor,
      totalMinor: line.totalMinor,
    })),
  }));
  const last = page.at(-1);
  return { items, next: rows.length > q.limit && last ? `${last.completed_at}~${last.sale_id}` : null };
}

export interface ExceptionsQuery {
  /** Only these stores' exceptions; null or left out: every store's. */
  storeIds?: readonly string[] | null;
  kind?: ExceptionKind;
  unresolved?: 'true' | 'false';
  after?: string;
  limit: number;
}

/** Exceptions, oldest first; `after` is the `next` of the previous page (an exception id). */
export async function listExceptions(ho: HeadOffice, q: ExceptionsQuery): Promise<Page<ExceptionView>> {
  let query = ho.db
    .selectFrom('exceptions')
    .selectAll()
    .orderBy('id')
    .limit(q.limit + 1);
  if (q.storeIds) query = query.where('store_id', 'in', q.storeIds);
  if (q.kind !== undefined) query = query.where('kind', '=', q.kind);
  if (q.unresolved === 'true') query = query.where('resolved_at', 'is', null);
  if (q.unresolved === 'false') query = query.where('resolved_at', 'is not', null);
  if (q.after !== undefined) {
    const after = Number(q.after);
    if (!Number.isInteger(after))
      throw new CounterError('INVALID_INPUT', 'after: pass the "next" value of the previous page unchanged.');
    query = query.where('id', '>', after);
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      storeId: row.store_id,
      registerId: row.register_id,
      seq: row.seq,
      sku: row.sku,
      details: row.details,
      createdAt: row.created_at,
      resolvedAt: row.resolved_at,
    })),
    next: rows.length > q.limit ? String(page.at(-1)!.id) : null,
  };
}

/** The store an exception was recorded for. */
export async function exceptionStoreId(ho: HeadOffice, id: number): Promise<string> {
  const row = await ho.db.selectFrom('exceptions').select('store_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new CounterError('NOT_FOUND', `There is no exception ${id}.`);
  return row.store_id;
}

export async function resolveException(ho: HeadOffice, id: number): Promise<void> {
  const result = await ho.db
    .updateTable('exceptions')
    .set({ resolved_at: nowIso(ho) })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    const exists = await ho.db.selectFrom('exceptions').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) throw new CounterError('NOT_FOUND', `There is no exception ${id}.`);
  }
}
