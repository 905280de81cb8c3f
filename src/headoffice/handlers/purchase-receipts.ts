/**
 * Goods received against a purchase order ('receipt.completed' with a `purchaseOrderId`): each line's units,
 * damaged ones included, add to the order line's received quantity, in the receipt's own transaction with the
 * order's row locked first, so receipts of two registers against one order take turns and neither is lost or
 * counted twice (a receipt is applied once: only new ones get here). A SKU the order did not have becomes a
 * flagged line and a 'not_on_purchase_order' exception. An ordered or partly received order moves to partly
 * received or received; a received or closed-short one keeps its state (a late delivery still counts in what was
 * received). An order head office does not hold, of another store, a draft or a cancelled one is a
 * 'purchase_order_mismatch': the goods are on hand all the same, nothing is counted against an order.
 */
import {
  isOpenPurchaseOrder,
  purchaseOrderNumber,
  stateAfterReceiving,
  type PurchaseOrderState,
} from '../../shared/purchasing.ts';
import type { receiptCompleted } from '../../shared/documents/goods-receipt.ts';
import { forUpdate } from '../context.ts';
import { purchaseOrderViews, sendDown } from '../purchase-orders.ts';
import { foundAt, type Received, type RegisterFinding, type WrittenBatch } from './handler.ts';

type Receipt = Received<typeof receiptCompleted.type>;

const countable: readonly PurchaseOrderState[] = ['ordered', 'partly_received', 'received', 'closed_short'];

export async function receiveAgainstOrders(batch: WrittenBatch, docs: Receipt[]): Promise<RegisterFinding[]> {
  const { ho, tx, changes } = batch;
  // Orders are locked in id order, so two batches that receive against the same orders never wait on each other
  // in a circle.
  const againstOrders = docs
    .filter((doc) => doc.payload.purchaseOrderId !== null)
    .sort((a, b) => a.payload.purchaseOrderId!.localeCompare(b.payload.purchaseOrderId!));
  const findings: RegisterFinding[] = [];
  for (const doc of againstOrders) {
    const { register, seq, payload: receipt } = doc;
    const found = foundAt(register);
    const orderId = receipt.purchaseOrderId!;
    const order = await forUpdate(
      ho,
      tx.selectFrom('purchase_orders').selectAll().where('id', '=', orderId),
    ).executeTakeFirst();
    const what = `Goods receipt ${receipt.number} (${receipt.receiptId})`;
    if (!order || order.store_id !== register.store_id || !countable.includes(order.state)) {
      const why = !order
        ? `names purchase order ${orderId}, which head office does not hold`
        : order.store_id !== register.store_id
          ? `names purchase order ${purchaseOrderNumber(order.running)} of store ${order.store_id}`
          : `names purchase order ${purchaseOrderNumber(order.running)}, which is ${order.state === 'draft' ? 'a draft not ordered yet' : 'cancelled'}`;
      findings.push(
        found({
          seq,
          kind: 'purchase_order_mismatch',
          details: `${what} ${why}: its goods are on hand at store ${register.store_id}, and nothing was counted against an order.`,
        }),
      );
      continue;
    }
    const number = purchaseOrderNumber(order.running);
    await tx
      .insertInto('purchase_order_receipts')
      .values({ purchase_order_id: orderId, receipt_id: receipt.receiptId, received_at: batch.receivedAt })
      .execute();
    const lines = await tx
      .selectFrom('purchase_order_lines')
      .select(['sku', 'position'])
      .where('purchase_order_id', '=', orderId)
      .execute();
    const onOrder = new Set(lines.map((line) => line.sku));
    let position = Math.max(-1, ...lines.map((line) => line.position));
    for (const line of receipt.lines) {
      if (onOrder.has(line.sku)) {
        await tx
          .updateTable('purchase_order_lines')
          .set((eb) => ({ received_quantity: eb('received_quantity', '+', line.quantity) }))
          .where('purchase_order_id', '=', orderId)
          .where('sku', '=', line.sku)
          .execute();
        continue;
      }
      onOrder.add(line.sku);
      await tx
        .insertInto('purchase_order_lines')
        .values({
          purchase_order_id: orderId,
          sku: line.sku,
          position: (position += 1),
          name: line.name,
          quantity: 0,
          unit_cost_minor: line.unitCostMinor ?? 0,
          received_quantity: line.quantity,
          flagged: 1,
        })
        .execute();
      findings.push(
        found({
          seq,
          kind: 'not_on_purchase_order',
          sku: line.sku,
          details: `${what} received ${line.quantity} × ${line.sku} (${line.name}) against ${number}, which did not order it: the order shows it as a flagged line.`,
        }),
      );
    }
    const received = await tx
      .selectFrom('purchase_order_lines')
      .select(['quantity', 'received_quantity'])
      .where('purchase_order_id', '=', orderId)
      .where('flagged', '=', 0)
      .execute();
    const state = isOpenPurchaseOrder(order.state)
      ? stateAfterReceiving(
          received.map((line) => ({
            quantity: Number(line.quantity),
            receivedQuantity: Number(line.received_quantity),
          })),
        )
      : order.state;
    await tx
      .updateTable('purchase_orders')
      .set({ state, updated_at: batch.receivedAt, updated_by: `register:${register.id}/${receipt.userId}` })
      .where('id', '=', orderId)
      .execute();
    sendDown(changes, await purchaseOrderViews(tx, ho.dialect, [orderId]));
  }
  return findings;
}
