/** 'sale.completed': a sale rung up at a register, as its CompletedSale (without the seq: that is the event's). */
import { z } from 'zod';
import type { CompletedSale } from '../domain.ts';
import { plainText } from '../text.ts';
import {
  appliedDiscountSchema,
  currencySchema,
  idSchema,
  lineIdSchema,
  minor,
  reasonSchema,
  receiptNumberSchema,
  registerIdSchema,
  storeIdSchema,
  timeSchema,
  totalsSchema,
  soldLineFields,
} from './fields.ts';
import { documentKind } from './kind.ts';

export type SalePayload = Omit<CompletedSale, 'outboxSeq'>;

// Discounts, price overrides, cash rounding and exchange credit were added to v1 as optional fields: a sale
// without them reads as it always did.
export const saleLineSchema = z.object({
  lineId: lineIdSchema,
  ...soldLineFields,
  discount: appliedDiscountSchema.optional(),
  cartDiscountMinor: minor.optional(),
  priceOverride: z.object({ catalogPriceMinor: minor, reason: reasonSchema }).optional(),
});

export const salePayloadSchema = z.object({
  saleId: idSchema,
  receiptNumber: receiptNumberSchema,
  completedAt: timeSchema,
  storeId: storeIdSchema,
  registerId: registerIdSchema,
  currency: currencySchema,
  lines: z.array(saleLineSchema).min(1),
  totals: totalsSchema,
  tenders: z.array(
    z.object({ tenderId: plainText('Tender id').min(1), kind: z.enum(['cash', 'card']), amountMinor: minor }),
  ),
  changeMinor: minor,
  /** Who sold it and in which shift (absent from sales made before users and shifts existed). */
  userId: idSchema.nullable().default(null),
  shiftId: idSchema.nullable().default(null),
  cartDiscount: appliedDiscountSchema.optional(),
  roundingMinor: minor.optional(),
  exchange: z
    .object({ returnId: idSchema, receiptNumber: receiptNumberSchema, creditMinor: minor })
    .optional(),
  /** The customer it was rung up for (src/shared/customers.ts); absent for an anonymous sale. */
  customerId: idSchema.optional(),
}) satisfies z.ZodType<SalePayload>;

/** v1 also carried the seq the register queued it under (`outboxSeq`), which is the event's own seq. */
const saleV1Schema = salePayloadSchema
  .extend({ outboxSeq: z.number().int().min(1) })
  .transform(({ outboxSeq: _eventSeq, ...sale }): SalePayload => sale);

export const saleCompleted = documentKind({
  type: 'sale.completed',
  label: 'Sale',
  current: 2,
  schema: salePayloadSchema,
  older: { 1: saleV1Schema },
});
