/** What the Stock screen sends to make an adjustment (the document is src/shared/documents/adjustment.ts). */
import { z } from 'zod';
import { adjustmentNoteSchema, customReasonSchema } from './documents/adjustment.ts';
import { MAX_QUANTITY } from './limits.ts';
import { approvalSchema } from './permissions.ts';
import { signedAdjustmentReasons, stockAdjustmentReasonSchema } from './stock.ts';

export const adjustmentRequestSchema = z
  .object({
    /** A fixed reason, or leave it out and write the store's own in customReason. */
    reason: stockAdjustmentReasonSchema.optional(),
    customReason: customReasonSchema.optional(),
    note: adjustmentNoteSchema.trim().optional(),
    lines: z
      .array(
        z
          .object({
            productId: z.number().int(),
            quantity: z
              .number()
              .int('Quantity: whole units (grams for goods sold by weight)')
              .min(-MAX_QUANTITY, `Quantity: at most ${MAX_QUANTITY}`)
              .max(MAX_QUANTITY, `Quantity: at most ${MAX_QUANTITY}`)
              .refine((quantity) => quantity !== 0, 'A quantity of 0 changes nothing: enter how many'),
          })
          .strict(),
      )
      .min(1, 'Add at least one product to adjust')
      .max(500, 'At most 500 lines in one adjustment: split it'),
    approval: approvalSchema.optional(),
  })
  .strict()
  .refine((request) => (request.reason === undefined) !== (request.customReason === undefined), {
    message: 'Choose a reason from the list or write your own (one of them)',
    path: ['reason'],
  })
  .refine(
    (request) =>
      request.reason === undefined ||
      signedAdjustmentReasons.includes(request.reason) ||
      request.lines.every((line) => line.quantity > 0),
    {
      message: 'For this reason, enter how many items (above 0): the reason says which way they move',
      path: ['lines'],
    },
  );
export type AdjustmentRequest = z.input<typeof adjustmentRequestSchema>;

/** A completed adjustment as the register shows it. */
export interface AdjustmentResult {
  adjustmentId: string;
  completedAt: string;
  valueMinor: number;
  lines: { productId: number; sku: string; name: string; quantity: number }[];
}
