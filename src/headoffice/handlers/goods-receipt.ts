/**
 * 'receipt.completed': goods received at a store. A row in `goods_receipts` (its lines stay in the received
 * event), the moving average cost of its SKUs moved by its unit costs (costing.ts), the good units on hand and
 * the damaged ones in the damaged state with RECEIVE movements, and an 'unknown_barcode' exception per line the
 * register could not match to a product: a person finds the product and records the units (never dropped). A
 * receipt against a purchase order counts in the order's received quantities (purchase-receipts.ts).
 */
import type { GoodsReceiptPayload, receiptCompleted } from '../../shared/documents/goods-receipt.ts';
import { applyReceiptCosts } from '../costing.ts';
import { insertDocuments } from './document-rows.ts';
import { foundAt, lineMovements, type DocumentHandler, type LineMove } from './handler.ts';
import { receiveAgainstOrders } from './purchase-receipts.ts';

const describe = (receipt: GoodsReceiptPayload): string =>
  `Goods receipt ${receipt.number} (${receipt.receiptId})`;

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

export const goodsReceiptHandler: DocumentHandler<typeof receiptCompleted.type> = {
  rows: {
    key: (receipt) => receipt.receiptId,
    describe,
    async insert(batch, docs) {
      const keys = await insertDocuments(batch, 'goods_receipts', 'receipt_id', docs, (receipt, origin) => ({
        receipt_id: receipt.receiptId,
        ...origin,
        number: receipt.number,
        supplier: receipt.supplier,
        delivery_note: receipt.deliveryNote,
        purchase_order_id: receipt.purchaseOrderId,
        completed_at: receipt.completedAt,
        units: sum(receipt.lines.map((line) => line.quantity)),
        damaged_units: sum(receipt.lines.map((line) => line.damaged)),
        unknown_lines: receipt.unknownLines.length,
      }));
      const written = new Set(keys);
      await applyReceiptCosts(
        batch.ho,
        batch.tx,
        docs
          .filter(({ payload }) => written.has(payload.receiptId))
          .map(({ register, payload }) => ({ storeId: register.store_id, lines: payload.lines })),
      );
      return keys;
    },
  },

  movements: ({ register, seq, payload: receipt }) =>
    lineMovements(
      { register, seq, ref: receipt.receiptId, occurredAt: receipt.completedAt },
      receipt.lines,
      (line): LineMove[] => {
        const movement = { reason: 'RECEIVE' as const, unitCostMinor: line.unitCostMinor };
        const good = line.quantity - line.damaged;
        return [
          ...(good > 0 ? [{ ...movement, quantity: good }] : []),
          ...(line.damaged > 0 ? [{ ...movement, state: 'damaged' as const, quantity: line.damaged }] : []),
        ];
      },
    ),

  // Receiving against purchase orders is done here, once per receipt applied, because it has findings of its own.
  check: async (batch, docs) => [
    ...(await receiveAgainstOrders(batch, docs)),
    ...docs.flatMap(({ register, seq, payload: receipt }) =>
      receipt.unknownLines.map((line) =>
        foundAt(register)({
          seq,
          kind: 'unknown_barcode',
          details: `Goods receipt ${receipt.number}${receipt.supplier ? ` from ${receipt.supplier}` : ''} has ${line.quantity} × barcode ${line.code}, which the register did not know: they are not in the store's stock yet.`,
        }),
      ),
    ),
  ],
};
