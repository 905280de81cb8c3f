/** Head office's admin API for stock counts (issue 15): open, list, review the variance, approve. */
import { z } from 'zod';
import { countScopeSchema, newCountScopeSchema, uncountedChoiceSchema } from '../counts.ts';
import { unitSchema } from '../documents/fields.ts';
import { documentIdSchema, isoTime, pageQuerySchema, storeIdSchema } from './admin-api.ts';
import { invalidReply, retryReply, type RetryOrInvalidReply } from './protocol.ts';

export const countParamsSchema = z.object({ countId: documentIdSchema });

export const countsQuerySchema = pageQuerySchema.extend({
  storeId: storeIdSchema.optional(),
  status: z.enum(['open', 'approved']).optional(),
});

export const countOpeningSchema = z.object({
  storeId: storeIdSchema.describe('The store to count: its registers get the count and join it'),
  scope: newCountScopeSchema.describe(
    '`store` (a full count), `categories` some product is in, or `skus` of products, each listed once',
  ),
  blind: z.boolean().describe('true: the registers do not show what is expected while counting'),
});
export type CountOpening = z.infer<typeof countOpeningSchema>;

export const countApproveSchema = z.object({
  uncounted: uncountedChoiceSchema.describe(
    'What the SKUs of the scope nobody counted become: `zero` on hand, or `leave` them as they are',
  ),
});

export const countViewSchema = z.object({
  countId: z.string(),
  storeId: z.string(),
  scope: countScopeSchema,
  blind: z.boolean(),
  openedAt: isoTime,
  openedBy: z.string(),
  status: z.enum(['open', 'approved']),
  approvedAt: isoTime.nullable(),
  approvedBy: z.string().nullable(),
  uncounted: uncountedChoiceSchema.nullable(),
  openedAtRegister: z
    .string()
    .nullable()
    .describe('The register it was opened at; null: head office opened it'),
  registers: z.array(z.string()).describe('The registers that submitted lines'),
  lines: z.number().int(),
  opening: z
    .boolean()
    .describe(
      "A register's opening stock, sent when it enrolled: the SKUs head office had no figure for were applied at once; an open one holds the SKUs head office had figures for already, for a manager to review",
    ),
});
export type CountView = z.infer<typeof countViewSchema>;

export const countVarianceSchema = z.object({
  sku: z.string(),
  name: z.string().nullable(),
  unit: unitSchema
    .optional()
    .describe("How its figures count: 'kg' in grams; none (a head office before units): each"),
  counted: z.number().int().nullable().describe('Every line of the SKU added up; null: nobody counted it'),
  expected: z.number().int().describe('On hand head office expected at `asOf`'),
  variance: z.number().int().describe('counted − expected (uncounted: −expected, what zero would change)'),
  priceMinor: z.number().int().nullable(),
  varianceValueMinor: z
    .number()
    .int()
    .nullable()
    .describe('variance × price; null for a SKU without a price'),
  asOf: isoTime.describe('When its last line was counted: the count is as of then'),
  outcome: z
    .enum(['pending', 'applied', 'zeroed', 'left', 'superseded'])
    .describe('pending until approval; superseded: a later count was applied first'),
});
export type CountVariance = z.infer<typeof countVarianceSchema>;

export const countDetailSchema = countViewSchema.extend({
  items: z.array(countVarianceSchema),
  varianceUnits: z.number().int(),
  varianceValueMinor: z.number().int(),
});
export type CountDetail = z.infer<typeof countDetailSchema>;

/** 'countReview' (protocol.ts): a register asks for the merged count of its own store. */
export const countReviewRequestSchema = z.object({ countId: documentIdSchema });
export type CountReviewRequest = z.infer<typeof countReviewRequestSchema>;
export type CountReviewReply =
  { status: 'found'; count: CountDetail } | { status: 'not_found' } | RetryOrInvalidReply;
export const countReviewReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), count: countDetailSchema }),
  z.object({ status: z.literal('not_found') }),
  retryReply,
  invalidReply,
]);
