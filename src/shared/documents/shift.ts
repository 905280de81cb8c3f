/** 'shift.closed': a Z report's figures, which head office checks against its own count of the shift. */
import { z } from 'zod';
import type { ShiftTotals } from '../shift-report.ts';
import { plainText } from '../text.ts';
import {
  currencySchema,
  idSchema,
  minor,
  registerIdSchema,
  storeIdSchema,
  taxSummarySchema,
  timeSchema,
  userRefSchema,
} from './fields.ts';
import { documentKind } from './kind.ts';

const countSumsSchema = z.object({ count: z.number().int(), grossMinor: minor, taxMinor: minor });

/** The totals of a Z report (src/shared/shift-report.ts). */
export const shiftTotalsSchema = z.object({
  currency: currencySchema,
  sales: countSumsSchema,
  returns: countSumsSchema,
  voids: countSumsSchema,
  discounts: z.object({ count: z.number().int(), amountMinor: minor }),
  roundingMinor: minor,
  netMinor: minor,
  taxes: z.array(taxSummarySchema),
  tenders: z.array(
    z.object({
      kind: plainText('Tender kind').min(1),
      takenMinor: minor,
      refundedMinor: minor,
      netMinor: minor,
    }),
  ),
  cash: z.object({
    floatMinor: minor,
    takenMinor: minor,
    refundedMinor: minor,
    inMinor: minor,
    outMinor: minor,
    expectedMinor: minor,
  }),
}) satisfies z.ZodType<ShiftTotals>;

/** Why a shift closed beyond the store's over/short limit. */
export const overShortReasonSchema = plainText('The reason')
  .trim()
  .min(1, 'Say why the drawer is over or short, e.g. "change given twice".')
  .max(200, 'Keep the reason under 200 characters.');

export const shiftClosedPayloadSchema = z.object({
  shiftId: idSchema,
  zNumber: z.number().int().min(1),
  storeId: storeIdSchema,
  registerId: registerIdSchema,
  openedAt: timeSchema,
  closedAt: timeSchema,
  openedBy: userRefSchema,
  closedBy: userRefSchema,
  approvedBy: userRefSchema.nullable(),
  totals: shiftTotalsSchema,
  countedMinor: minor,
  overShortMinor: minor,
  /**
   * The shift's events are the register's seqs after this one and before the 'shift.closed' event. Added to v1
   * later: without it head office looks through all of the register's earlier events for the shift's.
   */
  firstSeq: z.number().int().min(0).optional(),
  /** Beyond the store's over/short limit: why (added to v1 later, absent within the limit). */
  overShortReason: overShortReasonSchema.optional(),
  /** Beyond the limit: the first count, before the recount the close asked for. */
  firstCountedMinor: minor.optional(),
});
export type ShiftClosedPayload = z.output<typeof shiftClosedPayloadSchema>;

export const shiftClosed = documentKind({
  type: 'shift.closed',
  label: 'Shift close',
  schema: shiftClosedPayloadSchema,
});
