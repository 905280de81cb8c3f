/** Head office's admin API for goods receipts and transfers: query, path and body schemas, and list items. */
import { z } from 'zod';
import { pageQuerySchema, storeIdSchema } from './sync/admin-api.ts';
import { MAX_QUANTITY } from './limits.ts';
import { multiLineText, plainText } from './text.ts';
import { MAX_TRANSFER_LINES, transferStatuses } from './transfers.ts';

const units = z.number().int('Quantity must be a whole number').max(MAX_QUANTITY, 'Quantity is too large');

export const transferParamsSchema = z.object({ transferId: plainText('Transfer id').min(1).max(64) });

export const transfersQuerySchema = pageQuerySchema.extend({
  storeId: storeIdSchema.optional().describe('Only transfers from or to this store'),
  status: z.enum(transferStatuses).optional(),
});

/** POST /api/transfers: head office plans a transfer; it goes down to the sending store to pick and send. */
export const transferPlanSchema = z
  .object({
    fromStoreId: storeIdSchema,
    toStoreId: storeIdSchema,
    note: multiLineText('Note').trim().max(500, 'Note: at most 500 characters').optional(),
    lines: z
      .array(
        z
          .object({
            sku: plainText('SKU').trim().min(1, 'SKU: empty').max(64),
            quantity: units.min(1, 'Quantity must be at least 1'),
          })
          .strict(),
      )
      .min(1, 'Plan at least one line')
      .max(MAX_TRANSFER_LINES)
      .refine((lines) => new Set(lines.map((line) => line.sku)).size === lines.length, {
        message: 'Each SKU once: add up its quantities.',
      }),
  })
  .strict()
  .refine((plan) => plan.fromStoreId !== plan.toStoreId, {
    message: 'A transfer goes between two stores: fromStoreId and toStoreId differ.',
    path: ['toStoreId'],
  });
export type TransferPlan = z.output<typeof transferPlanSchema>;

/**
 * GET /api/transfer-stores: every store a transfer may go from or to, by id and name, for whoever plans them: a
 * store manager sees only their own stores' settings, yet asks the others for stock.
 */
export const transferStoresSchema = z.array(z.object({ id: z.string(), name: z.string() }));
export type TransferStore = z.infer<typeof transferStoresSchema>[number];

export const goodsReceiptParamsSchema = z.object({ receiptId: plainText('Receipt id').min(1).max(64) });

export const goodsReceiptsQuerySchema = pageQuerySchema.extend({
  storeId: storeIdSchema.optional(),
});

/** A goods receipt in a list; its lines are in its document. */
export const goodsReceiptViewSchema = z.object({
  receiptId: z.string(),
  number: z.string(),
  storeId: z.string(),
  registerId: z.string(),
  seq: z.number().int(),
  supplier: z.string().nullable(),
  deliveryNote: z.string().nullable(),
  purchaseOrderId: z.string().nullable(),
  completedAt: z.string(),
  units: z.number().int(),
  damagedUnits: z.number().int(),
  unknownLines: z.number().int().describe('Lines of barcodes the register did not know: see the exceptions'),
});
export type GoodsReceiptView = z.infer<typeof goodsReceiptViewSchema>;
