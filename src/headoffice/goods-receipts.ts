/** Goods receipts as their registers sent them: a list newest first, and each one's document with its lines. */
import { receiptCompleted, type GoodsReceiptPayload } from '../shared/documents/goods-receipt.ts';
import { CounterError } from '../shared/errors.ts';
import type { GoodsReceiptView } from '../shared/inventory-admin.ts';
import type { HeadOffice } from './context.ts';
import { pageOf } from './paging.ts';
import { originView } from './reports.ts';
import { storedPayload } from './received.ts';

/** Newest first (ids begin with their time); `after` is the `next` of the previous page. */
export async function listGoodsReceipts(
  ho: HeadOffice,
  q: { storeIds: readonly string[] | null; after?: string; limit: number },
): Promise<{ items: GoodsReceiptView[]; next: string | null }> {
  let query = ho.db
    .selectFrom('goods_receipts')
    .selectAll()
    .orderBy('receipt_id', 'desc')
    .limit(q.limit + 1);
  if (q.storeIds) query = query.where('store_id', 'in', q.storeIds);
  if (q.after !== undefined) query = query.where('receipt_id', '<', q.after);
  const { rows, next } = pageOf(await query.execute(), q.limit, (last) => last.receipt_id);
  return {
    items: rows.map((row) => ({
      receiptId: row.receipt_id,
      number: row.number,
      ...originView(row),
      supplier: row.supplier,
      deliveryNote: row.delivery_note,
      purchaseOrderId: row.purchase_order_id,
      completedAt: row.completed_at,
      units: Number(row.units),
      damagedUnits: Number(row.damaged_units),
      unknownLines: row.unknown_lines,
    })),
    next,
  };
}

/** A goods receipt as its register sent it, with its lines and unknown barcodes. */
export async function goodsReceiptDocument(ho: HeadOffice, receiptId: string): Promise<GoodsReceiptPayload> {
  const row = await ho.db
    .selectFrom('goods_receipts')
    .innerJoin('received_events', (join) =>
      join
        .onRef('received_events.register_id', '=', 'goods_receipts.register_id')
        .onRef('received_events.seq', '=', 'goods_receipts.seq'),
    )
    .select(['received_events.schema_version', 'received_events.payload'])
    .where('goods_receipts.receipt_id', '=', receiptId)
    .executeTakeFirst();
  const receipt = row && storedPayload(receiptCompleted, row.schema_version, row.payload);
  if (!receipt)
    throw new CounterError('NOT_FOUND', `Head office holds no readable goods receipt "${receiptId}".`);
  return receipt;
}
