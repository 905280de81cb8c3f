/**
 * A stock count's documents. 'count.opened' announces a count opened at a register; 'count.submitted' carries
 * the lines one register counted since its last submission: several registers of a store count the same count
 * (its countId) at once and head office merges their lines per count and SKU, a count of many lines going up as
 * several of these (COUNT_LINES_PER_EVENT each), each its own document; 'count.approved' is a manager's approval
 * at a register.
 */
import { z } from 'zod';
import {
  countedQuantitySchema,
  countScopeSchema,
  uncountedChoiceSchema,
  type CountScope,
  type UncountedChoice,
} from '../counts.ts';
import type { UserRef } from '../domain.ts';
import { idSchema, registerIdSchema, skuSchema, storeIdSchema, timeSchema, userRefSchema } from './fields.ts';
import { documentKind } from './kind.ts';

/** What every document of a count says about the count itself: which one, whose, what it covers. */
export interface CountOpenedPayload {
  /** The count, shared by every register counting it. */
  countId: string;
  storeId: string;
  registerId: string;
  scope: CountScope;
  blind: boolean;
  openedAt: string;
  openedBy: string;
}

const countOpenedSchema = z.object({
  countId: idSchema,
  storeId: storeIdSchema,
  registerId: registerIdSchema,
  scope: countScopeSchema,
  blind: z.boolean(),
  openedAt: timeSchema,
  openedBy: idSchema,
}) satisfies z.ZodType<CountOpenedPayload>;

/**
 * 'count.opened': a register opened a count, so head office announces it to the store's other registers (the
 * 'counts' stream) and they can count into it too. Moves nothing.
 */
export const countOpened = documentKind({
  type: 'count.opened',
  label: 'Count opened',
  schema: countOpenedSchema,
});

export interface CountPayload extends CountOpenedPayload {
  /** This submission: a document of its own. */
  submissionId: string;
  submittedAt: string;
  submittedBy: string;
  lines: { sku: string; quantity: number; countedAt: string; countedBy: string }[];
  /**
   * The register's opening stock, sent once when it enrols: head office takes each SKU it has no figure for at
   * the store at once, and leaves the others for a manager to review (absent: an ordinary count).
   */
  opening?: boolean;
}

export const countPayloadSchema = countOpenedSchema.extend({
  submissionId: idSchema,
  submittedAt: timeSchema,
  submittedBy: idSchema,
  lines: z.array(
    z.object({ sku: skuSchema, quantity: countedQuantitySchema, countedAt: timeSchema, countedBy: idSchema }),
  ),
  opening: z.boolean().optional(),
}) satisfies z.ZodType<CountPayload>;

export const countSubmitted = documentKind({
  type: 'count.submitted',
  label: 'Stock count',
  schema: countPayloadSchema,
});

/**
 * 'count.approved': a manager at a register reviewed the count's merged lines (head office's variance) and
 * approved it. Head office applies it as its own approval: on hand becomes what was counted, as of when each
 * SKU was counted; the uncounted SKUs of the scope become zero or are left.
 */
export interface CountApprovedPayload {
  countId: string;
  storeId: string;
  registerId: string;
  uncounted: UncountedChoice;
  approvedAt: string;
  /** The manager who approved: the user, or whoever approved for them with their PIN. */
  approvedBy: UserRef;
}

export const countApproved = documentKind({
  type: 'count.approved',
  label: 'Count approved',
  schema: z.object({
    countId: idSchema,
    storeId: storeIdSchema,
    registerId: registerIdSchema,
    uncounted: uncountedChoiceSchema,
    approvedAt: timeSchema,
    approvedBy: userRefSchema,
  }) satisfies z.ZodType<CountApprovedPayload>,
});
