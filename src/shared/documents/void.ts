/** 'sale.voided': a post-void, which cancels a sale of the same register and puts its stock back. */
import { z } from 'zod';
import type { SaleVoid } from '../domain.ts';
import {
  documentIds,
  idSchema,
  minor,
  reasonSchema,
  receiptNumberSchema,
  refundSchema,
  skuSchema,
  timeSchema,
} from './fields.ts';
import { documentKind } from './kind.ts';

export type VoidPayload = Omit<SaleVoid, 'outboxSeq'>;

export const voidPayloadSchema = z.object({
  voidId: idSchema,
  ...documentIds,
  saleId: idSchema,
  saleReceiptNumber: receiptNumberSchema,
  voidedAt: timeSchema,
  reason: reasonSchema.max(200),
  totalMinor: minor,
  lines: z.array(z.object({ productId: z.number().int(), sku: skuSchema, quantity: z.number().int() })),
  refunds: z.array(refundSchema),
}) satisfies z.ZodType<VoidPayload>;

export const saleVoided = documentKind({
  type: 'sale.voided',
  label: 'Void',
  schema: voidPayloadSchema,
});
