/**
 * 'receipt.completed': goods received at a store or warehouse (a delivery from a supplier, a box that turned up).
 * Each line adds its good units on hand and its damaged units to the damaged state. A barcode the register does
 * not know is kept as an unknown line (the code and how many) for a person at head office to resolve: never
 * dropped. `purchaseOrderId` is reserved for receiving against a purchase order (purchasing adds it).
 */
import { z } from 'zod';
import { plainText } from '../text.ts';
import {
  currencySchema,
  idSchema,
  madeByFields,
  noteSchema,
  productNameSchema,
  skuSchema,
  timeSchema,
  unitCostSchema,
  units,
} from './fields.ts';
import { documentKind } from './kind.ts';

export const goodsReceiptLineSchema = z
  .object({
    productId: z.number().int(),
    sku: skuSchema,
    name: productNameSchema,
    /** Every unit that arrived, damaged ones included. */
    quantity: units.min(1),
    /** Of `quantity`, the units that arrived damaged: they go to the damaged state, not on hand. */
    damaged: units,
    /** What one unit cost, in minor units of the store's currency; null when the delivery note does not say. */
    unitCostMinor: unitCostSchema,
  })
  .refine((line) => line.damaged <= line.quantity, {
    message: 'damaged: at most the quantity received',
    path: ['damaged'],
  });

/** A barcode the register did not know, as it was scanned or typed. */
export const unknownGoodsLineSchema = z.object({
  code: plainText('Barcode').min(1).max(64),
  quantity: units.min(1),
});

export const goodsReceiptPayloadSchema = z
  .object({
    receiptId: idSchema,
    ...madeByFields,
    /** Printed on the receiving summary and shown at head office: "GR1-000003". */
    number: plainText('Receiving number').min(1).max(64),
    completedAt: timeSchema,
    currency: currencySchema,
    supplier: plainText('Supplier').max(120).nullable(),
    deliveryNote: plainText('Delivery note').max(60).nullable(),
    note: noteSchema,
    /** The purchase order received against; null: received without one. */
    purchaseOrderId: idSchema.nullable().default(null),
    lines: z.array(goodsReceiptLineSchema),
    unknownLines: z.array(unknownGoodsLineSchema),
  })
  .refine((receipt) => receipt.lines.length + receipt.unknownLines.length > 0, {
    message: 'a receipt holds at least one line',
    path: ['lines'],
  });
export type GoodsReceiptPayload = z.output<typeof goodsReceiptPayloadSchema>;
export type GoodsReceiptLine = GoodsReceiptPayload['lines'][number];
export type UnknownGoodsLine = GoodsReceiptPayload['unknownLines'][number];

export const receiptCompleted = documentKind({
  type: 'receipt.completed',
  label: 'Goods received',
  schema: goodsReceiptPayloadSchema,
});
