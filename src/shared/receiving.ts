/**
 * Receiving goods, against a purchase order or without one (a delivery, a box that turned up): what the Receiving screen sends
 * and what the register records and prints. The document itself is 'receipt.completed'
 * (src/shared/documents/goods-receipt.ts).
 */
import { z } from 'zod';
import type { GoodsReceiptPayload } from './documents/goods-receipt.ts';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from './limits.ts';
import { approvalSchema } from './permissions.ts';
import { shelfLabelModeSchema, type ShelfLabel } from './purchase-receiving.ts';
import { optionalNote, plainText } from './text.ts';

/** The most lines one receipt holds: a delivery larger than this is received as two. */
export const MAX_RECEIPT_LINES = 300;

const units = z
  .number()
  .int('Quantity must be a whole number')
  .min(0, 'Quantity cannot be negative')
  .max(MAX_QUANTITY, `Quantity is too large: at most ${MAX_QUANTITY.toLocaleString('en')}`);
/** An optional text field: empty means not given. */
const optionalText = (field: string, max: number) =>
  plainText(field)
    .trim()
    .max(max, `${field}: at most ${max} characters`)
    .transform((text) => (text === '' ? null : text))
    .nullable()
    .optional();

export const goodsReceiptRequestSchema = z
  .object({
    supplier: optionalText('Supplier', 120),
    deliveryNote: optionalText('Delivery note', 60),
    note: optionalNote,
    lines: z
      .array(
        z
          .object({
            productId: z.number().int().positive(),
            quantity: units.min(1, 'Quantity must be at least 1'),
            damaged: units.optional(),
            unitCostMinor: z
              .number()
              .int('Unit cost is in minor units (cents)')
              .min(0, 'Unit cost cannot be negative')
              .max(MAX_AMOUNT_MINOR, 'Unit cost is too large')
              .nullable()
              .optional(),
          })
          .strict()
          .refine((line) => (line.damaged ?? 0) <= line.quantity, {
            message: 'Damaged: at most the quantity received',
            path: ['damaged'],
          }),
      )
      .max(MAX_RECEIPT_LINES, `At most ${MAX_RECEIPT_LINES} lines: receive the rest as another delivery`),
    /** Barcodes nobody could match to a product: kept as lines for head office to resolve. */
    unknownLines: z
      .array(
        z
          .object({
            code: plainText('Barcode')
              .trim()
              .min(1, 'Barcode: empty')
              .max(64, 'Barcode: at most 64 characters'),
            quantity: units.min(1, 'Quantity must be at least 1'),
          })
          .strict(),
      )
      .max(MAX_RECEIPT_LINES)
      .default([]),
    /** The purchase order this delivery is received against; absent or null: without one. */
    purchaseOrderId: plainText('Purchase order').trim().min(1).max(64).nullable().optional(),
    /** Shelf labels to print on the receipt printer as it completes. */
    labels: shelfLabelModeSchema.optional(),
    approval: approvalSchema.optional(),
  })
  .strict()
  .refine((request) => request.lines.length + request.unknownLines.length > 0, {
    message: 'Scan or add at least one item to receive.',
    path: ['lines'],
  });
export type GoodsReceiptRequest = z.input<typeof goodsReceiptRequestSchema>;
export type GoodsReceiptInput = z.output<typeof goodsReceiptRequestSchema>;

/** A receipt as the register recorded it: the document, its event's seq and who received it. */
export interface GoodsReceiptDocument extends GoodsReceiptPayload {
  outboxSeq: number;
  userName: string;
  /** Against an order: the SKUs received that are not on it (flagged for head office). Absent before issue 17. */
  notOnOrder?: string[];
  /** The shelf labels that print with it. Absent before issue 17. */
  labels?: ShelfLabel[];
}
