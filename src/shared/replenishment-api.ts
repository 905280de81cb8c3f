/**
 * Head office's replenishment API (issue 17): the shapes of the reorder settings, the suggestions, the velocity
 * proposals, "create purchase orders" and the low-stock digest's settings. The math is in replenishment.ts.
 */
import { z } from 'zod';
import { categoryName, categoryReorderLevelsSchema, skuReorderLevelsSchema } from './replenishment.ts';
import { skuSchema, storeIdSchema } from './sync/admin-api.ts';
import { MAX_QUANTITY } from './limits.ts';
import { plainText } from './text.ts';

export const reorderSettingsViewSchema = z.object({
  skus: z.array(skuReorderLevelsSchema),
  categories: z.array(categoryReorderLevelsSchema),
});
export type ReorderSettingsView = z.infer<typeof reorderSettingsViewSchema>;

export const reorderSettingsChangeSchema = z
  .object({
    skus: z.array(skuReorderLevelsSchema).max(200_000).optional(),
    categories: z.array(categoryReorderLevelsSchema).max(10_000).optional(),
  })
  .refine((change) => (change.skus?.length ?? 0) + (change.categories?.length ?? 0) > 0, {
    message: 'Give the levels of at least one SKU or category',
  });
export type ReorderSettingsChange = z.infer<typeof reorderSettingsChangeSchema>;

export const reorderSavedSchema = z.object({ skus: z.number().int(), categories: z.number().int() });

export const categoryParamsSchema = z.object({
  storeId: storeIdSchema,
  category: categoryName,
});

/** Another store with the SKU spare (available above its own desired level): a transfer instead of an order. */
export const transferOfferSchema = z.object({
  fromStoreId: z.string(),
  fromStoreName: z.string(),
  spare: z.number().int(),
  /** What the transfer would bring: the spare, at most what is needed. */
  quantity: z.number().int(),
});
export type TransferOffer = z.infer<typeof transferOfferSchema>;

/** The supplier a SKU is ordered from: its preferred supplier item. */
export const suggestionSupplierSchema = z.object({
  supplierId: z.string(),
  supplierName: z.string(),
  supplierCode: z.string().nullable(),
  packSize: z.number().int(),
  minimumQuantity: z.number().int(),
  unitCostMinor: z.number().int().nullable(),
});
export type SuggestionSupplier = z.infer<typeof suggestionSupplierSchema>;

export const suggestionLineSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  onHand: z.number().int(),
  committed: z
    .number()
    .int()
    .describe('Kept back from what is on hand: committed, and requested or planned to go to another store'),
  incoming: z.number().int(),
  inboundTransit: z
    .number()
    .int()
    .describe('Coming from other stores: sent and not received, or requested or planned and not sent yet'),
  reorderPoint: z.number().int(),
  desiredLevel: z.number().int(),
  safetyStock: z.number().int(),
  needed: z.number().int(),
  quantity: z.number().int().describe('What to order: needed, raised to the minimum, up to whole packs'),
  formula: z.string().describe('desired − (on hand + incoming + in transit inbound) = needed → rounding'),
  sold30: z.number().int().describe('Units sold in the last 30 days, net of returns'),
  sold90: z.number().int(),
  daysOfCover: z.number().int().nullable().describe('Days the available stock lasts; null: nothing sold'),
  supplier: suggestionSupplierSchema.nullable(),
  transferOffer: transferOfferSchema.nullable(),
});
export type SuggestionLine = z.infer<typeof suggestionLineSchema>;

export const suggestionsSchema = z.object({
  storeId: z.string(),
  /** Low SKUs whose levels say to order nothing (committed stock made them low) are not listed. */
  lines: z.array(suggestionLineSchema),
});
export type Suggestions = z.infer<typeof suggestionsSchema>;

const wholeDays = (field: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${field}: a whole number of days` })
    .int(`${field}: a whole number of days`)
    .min(min, `${field}: at least ${min}`)
    .max(max, `${field}: at most ${max}`)
    .default(fallback);

export const velocityQuerySchema = z.object({
  days: wholeDays('days', 7, 365, 90).describe('The sales window: the last N days'),
  leadTimeDays: wholeDays('leadTimeDays', 0, 365, 7).describe(
    'Days from order to delivery, for SKUs whose supplier does not say',
  ),
  reviewDays: wholeDays('reviewDays', 1, 365, 7).describe('Days between two orders'),
});
export type VelocityQuery = z.infer<typeof velocityQuerySchema>;

export const velocityLineSchema = z.object({
  sku: z.string(),
  name: z.string(),
  sold: z.number().int().describe('Units sold on the days in stock'),
  inStockDays: z.number().int(),
  outOfStockDays: z.number().int(),
  dailyRate: z.number(),
  leadTimeDays: z.number().int(),
  safetyStock: z.number().int(),
  current: z
    .object({ reorderPoint: z.number().int(), desiredLevel: z.number().int() })
    .nullable()
    .describe('The levels set today, if any'),
  reorderPoint: z.number().int(),
  desiredLevel: z.number().int(),
});
export type VelocityLine = z.infer<typeof velocityLineSchema>;

export const velocitySchema = z.object({ storeId: z.string(), lines: z.array(velocityLineSchema) });

export const createPurchaseOrdersSchema = z.object({
  lines: z
    .array(
      z.object({
        sku: skuSchema,
        quantity: z.number().int().min(1, 'Order at least 1').max(MAX_QUANTITY),
      }),
    )
    .min(1, 'Select at least one suggestion')
    .max(10_000)
    .refine((lines) => new Set(lines.map((line) => line.sku)).size === lines.length, {
      message: 'Each SKU once',
    }),
});
export type CreatePurchaseOrders = z.infer<typeof createPurchaseOrdersSchema>;

export const createdPurchaseOrdersSchema = z.object({
  purchaseOrders: z.array(
    z.object({
      purchaseOrderId: z.string(),
      /** "PO-000123". */
      number: z.string(),
      supplierId: z.string(),
      supplierName: z.string(),
      lines: z.number().int(),
    }),
  ),
});
export type CreatedPurchaseOrders = z.infer<typeof createdPurchaseOrdersSchema>;

const optionalUrl = (field: string, protocols: RegExp) =>
  plainText(field)
    .max(500)
    .refine(
      (text) => {
        try {
          return protocols.test(new URL(text).protocol);
        } catch {
          return false;
        }
      },
      `${field}: a full address such as ${protocols.source.includes('smtp') ? 'smtp://user:password@mail.example.com:587' : 'https://hooks.example.com/low-stock'}`,
    )
    .nullable();

/** Where the daily low-stock digest goes: a webhook (JSON POST), a mail server, both or neither. */
export const digestSettingsSchema = z
  .object({
    webhookUrl: optionalUrl('Webhook', /^https?:$/),
    smtpUrl: optionalUrl('Mail server', /^smtps?:$/),
    mailFrom: z.email('Mail from: an email address').nullable(),
    mailTo: z.email('Mail to: an email address').nullable(),
  })
  .refine((s) => s.smtpUrl === null || (s.mailFrom !== null && s.mailTo !== null), {
    message: 'A mail server needs who the digest is from and who it goes to',
    path: ['mailTo'],
  });
export type DigestSettings = z.infer<typeof digestSettingsSchema>;

/** One low SKU in a digest: it has crossed its reorder point since the last digest. */
export const digestLineSchema = z.object({
  storeId: z.string(),
  storeName: z.string(),
  sku: z.string(),
  name: z.string(),
  available: z.number().int(),
  reorderPoint: z.number().int(),
  lowSince: z.string(),
});
export type DigestLine = z.infer<typeof digestLineSchema>;

export const digestRunSchema = z.object({
  /** SKUs newly low, told of now (none: nothing was sent). */
  sent: z.array(digestLineSchema),
  /** Where: 'webhook', 'mail'. */
  to: z.array(z.enum(['webhook', 'mail'])),
});
export type DigestRun = z.infer<typeof digestRunSchema>;
