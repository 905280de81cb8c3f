/**
 * Field schemas the document payloads share. Text refuses control characters (src/shared/text.ts): a payload
 * holding one is an 'invalid_payload' at head office, kept as received and never applied.
 */
import { z } from 'zod';
import { discountSchema } from '../discount.ts';
import type { Refund, UserRef } from '../domain.ts';
import { MAX_QUANTITY } from '../limits.ts';
import { multiLineText, plainText } from '../text.ts';

export const minor = z.number().int();
export const unitSchema = z.enum(['each', 'kg']);
export const timeSchema = z.iso.datetime({ offset: true });
export const currencySchema = z.string().regex(/^[A-Z]{3}$/);

/** Ids the register makes (UUIDs, shift ids…). */
export const idSchema = plainText('Id').min(1).max(64);
export const storeIdSchema = plainText('Store id').min(1).max(40);
export const registerIdSchema = plainText('Register id').min(1).max(40);
export const receiptNumberSchema = plainText('Receipt number').min(1).max(64);
export const lineIdSchema = plainText('Line id').min(1);
export const skuSchema = plainText('SKU').min(1);
export const productNameSchema = plainText('Product name');
export const taxCodeSchema = plainText('Tax code');
/** A reason a person gave (a discount, a price change, a return, a void). */
export const reasonSchema = plainText('Reason');
export const noteSchema = multiLineText('Note').max(500).nullable();

/** A product as it was sold (SoldItem) and its line's amounts: what sale and return lines share. */
export const soldLineFields = {
  productId: z.number().int(),
  sku: skuSchema,
  name: productNameSchema,
  unit: unitSchema,
  quantity: z.number().int(),
  unitPriceMinor: minor,
  taxCode: taxCodeSchema,
  taxRateBasisPoints: z.number().int(),
  amountMinor: minor,
  taxMinor: minor,
  totalMinor: minor,
};

export const appliedDiscountSchema = z.object({
  discount: discountSchema,
  reason: reasonSchema,
  amountMinor: minor,
});

export const taxSummarySchema = z.object({
  code: taxCodeSchema,
  name: plainText('Tax name'),
  rateBasisPoints: z.number().int(),
  netMinor: minor,
  taxMinor: minor,
  grossMinor: minor,
});

export const totalsSchema = z.object({
  pricesIncludeTax: z.boolean(),
  subtotalMinor: minor,
  discountMinor: minor.default(0),
  taxMinor: minor,
  totalMinor: minor,
  taxes: z.array(taxSummarySchema),
});

export const refundSchema = z.object({
  kind: z.enum(['cash', 'card']),
  amountMinor: minor,
}) satisfies z.ZodType<Refund>;

export const userRefSchema = z.object({
  userId: idSchema,
  name: plainText('User name').max(40),
}) satisfies z.ZodType<UserRef>;

/** Who made a return or a void, where, and under which receipt number. */
export const documentIds = {
  receiptNumber: receiptNumberSchema,
  storeId: storeIdSchema,
  registerId: registerIdSchema,
  userId: idSchema.nullable(),
  approverId: idSchema.nullable(),
  shiftId: idSchema.nullable(),
};

/** Who made a stock document (a goods receipt, a transfer stage, a purchase order draft), and where. */
export const madeByFields = {
  storeId: storeIdSchema,
  registerId: registerIdSchema,
  userId: idSchema,
};

/** Units of a stock document's line. */
export const units = z.number().int().min(0).max(MAX_QUANTITY);
/** What one unit cost, in minor units of the store's or supplier's currency; null: not said here. */
export const unitCostSchema = z.number().int().min(0).nullable();

/** Lines that hold each SKU once. */
export const eachSkuOnce = <S extends z.ZodType<{ sku: string }[]>>(lines: S): S =>
  lines.refine((all) => new Set(all.map((line) => line.sku)).size === all.length, {
    message: 'each SKU once: add up the quantities of a SKU',
  });
