/** 'return.completed': goods taken back at a register, with or without the receipt of their sale. */
import { z } from 'zod';
import type { CompletedReturn } from '../domain.ts';
import {
  currencySchema,
  documentIds,
  idSchema,
  lineIdSchema,
  minor,
  reasonSchema,
  receiptNumberSchema,
  refundSchema,
  registerIdSchema,
  timeSchema,
  totalsSchema,
  soldLineFields,
} from './fields.ts';
import { documentKind } from './kind.ts';

export type ReturnPayload = Omit<CompletedReturn, 'outboxSeq'>;

export const returnPayloadSchema = z.object({
  returnId: idSchema,
  ...documentIds,
  completedAt: timeSchema,
  currency: currencySchema,
  /** The sale the goods came from (null: without receipt). It may be another store's: see the handler. */
  original: z
    .object({
      saleId: idSchema,
      receiptNumber: receiptNumberSchema,
      registerId: registerIdSchema,
      completedAt: timeSchema,
    })
    .nullable(),
  reason: reasonSchema.max(200).nullable(),
  lines: z
    .array(
      z.object({
        originalLineId: lineIdSchema.nullable(),
        ...soldLineFields,
        quantity: z.number().int().min(1),
        discountMinor: minor,
        disposition: z.enum(['sellable', 'damaged']),
      }),
    )
    .min(1),
  totals: totalsSchema,
  refunds: z.array(refundSchema),
  roundingMinor: minor,
  exchange: z.object({ saleId: idSchema, receiptNumber: receiptNumberSchema, creditMinor: minor }).nullable(),
  /** The customer who brought the goods back; absent when nobody was named. */
  customerId: idSchema.optional(),
}) satisfies z.ZodType<ReturnPayload>;

export const returnCompleted = documentKind({
  type: 'return.completed',
  label: 'Return',
  schema: returnPayloadSchema,
});
