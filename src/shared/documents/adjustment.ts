/**
 * 'adjustment.completed': stock that left on hand or changed state for a reason (damaged, theft, found, a
 * correction, a repair…), made at a register. Each line carries the movements it made, so head office applies
 * exactly what the register recorded, whatever later versions decide about a reason.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from '../limits.ts';
import { stockAdjustmentReasonSchema, stockStateSchema } from '../stock.ts';
import { multiLineText, plainText } from '../text.ts';
import {
  idSchema,
  minor,
  productNameSchema,
  registerIdSchema,
  skuSchema,
  storeIdSchema,
  timeSchema,
  userRefSchema,
} from './fields.ts';
import { documentKind } from './kind.ts';

/** A store's own words for a reason the fixed list does not have. */
export const customReasonSchema = plainText('Reason').trim().min(1, 'Write the reason').max(60);
export const adjustmentNoteSchema = multiLineText('Note').max(500, 'Note: at most 500 characters');

const signedQuantity = z
  .number()
  .int('Quantity: whole units (grams for goods sold by weight)')
  .min(-MAX_QUANTITY)
  .max(MAX_QUANTITY)
  .refine((quantity) => quantity !== 0, 'A quantity of 0 changes nothing');

export const adjustmentLineSchema = z.object({
  productId: z.number().int(),
  sku: skuSchema,
  name: productNameSchema,
  /** As entered: above 0 for a fixed reason; signed for a correction or a custom reason. */
  quantity: signedQuantity,
  /** |quantity| at the product's price when it was made (costs do not exist yet). */
  valueMinor: minor.min(0),
  moves: z.array(z.object({ state: stockStateSchema, delta: z.number().int() })).min(1),
});
export type AdjustmentLine = z.output<typeof adjustmentLineSchema>;

export const adjustmentPayloadSchema = z
  .object({
    adjustmentId: idSchema,
    storeId: storeIdSchema,
    registerId: registerIdSchema,
    completedAt: timeSchema,
    /** A fixed reason, or null with the store's own words in customReason. */
    reason: stockAdjustmentReasonSchema.nullable(),
    customReason: customReasonSchema.nullable(),
    note: adjustmentNoteSchema.nullable(),
    user: userRefSchema,
    approver: userRefSchema.nullable(),
    valueMinor: minor.min(0).max(MAX_AMOUNT_MINOR * 1000),
    lines: z.array(adjustmentLineSchema).min(1),
  })
  .refine((adjustment) => (adjustment.reason === null) !== (adjustment.customReason === null), {
    message: 'An adjustment has either a fixed reason or a custom one',
    path: ['reason'],
  });
export type AdjustmentPayload = z.output<typeof adjustmentPayloadSchema>;

export const adjustmentCompleted = documentKind({
  type: 'adjustment.completed',
  label: 'Adjustment',
  schema: adjustmentPayloadSchema,
});
