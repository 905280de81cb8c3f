/**
 * Head office's HTTP admin API: the request schemas it validates bodies and queries with, and the JSON shapes
 * it answers. Documented in docs/headoffice-api.md and docs/openapi.yaml. Errors are CounterErrorData JSON
 * (`{ error: { code, message, details? } }`).
 */
import { z } from 'zod';
import type { Tender } from '../domain.ts';
import { storeSettingsSchema, taxRateSchema } from '../settings.ts';
import { catalogItemSchema, type CatalogItem } from './protocol.ts';

const isoTime = z.iso.datetime({ offset: true, error: 'Use an ISO 8601 time such as 2025-01-31T09:30:00Z' });
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const storeIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'Store id: 1-40 letters, digits, "-" or "_", e.g. DUBLIN-1');

const taxRatesSchema = z
  .array(taxRateSchema)
  .min(1, 'Give at least one tax rate')
  .refine(
    (rates) => new Set(rates.map((rate) => rate.code)).size === rates.length,
    'Tax codes must be unique',
  );

export const taxSettingsSchema = z.object({
  pricesIncludeTax: z.boolean(),
  taxRates: taxRatesSchema,
});
export type TaxSettings = z.infer<typeof taxSettingsSchema>;

/** What the store's receipts print under its name and at their end. */
export const receiptTextsSchema = z.object({
  addressLines: storeSettingsSchema.shape.addressLines,
  receiptHeader: storeSettingsSchema.shape.receiptHeader,
  receiptFooter: storeSettingsSchema.shape.receiptFooter,
});
export type ReceiptTexts = z.infer<typeof receiptTextsSchema>;

export const storeCreateSchema = z.object({
  id: storeIdSchema,
  name: storeSettingsSchema.shape.storeName,
  currency: storeSettingsSchema.shape.currency,
  ...taxSettingsSchema.shape,
  // Left out: the receipts print none.
  ...receiptTextsSchema.partial().shape,
});
export type StoreCreate = z.infer<typeof storeCreateSchema>;

export const storeUpdateSchema = storeCreateSchema
  .omit({ id: true })
  .partial()
  .refine((update) => Object.keys(update).length > 0, 'Send at least one field to change');
export type StoreUpdate = z.infer<typeof storeUpdateSchema>;

export const pairingCodeRequestSchema = z.object({
  /** How long the code can be used; one hour by default, a week at most. */
  ttlMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

export const productsUpsertSchema = z.object({
  products: z
    .array(catalogItemSchema)
    .min(1)
    .max(5_000, 'At most 5,000 products per request: send the rest in further requests')
    .refine(
      (products) => new Set(products.map((p) => p.sku)).size === products.length,
      'Each SKU only once per request',
    ),
});

export const stockMovementRequestSchema = z
  .object({
    sku: catalogItemSchema.shape.sku,
    /** receive: goods in (positive); adjust: signed correction; count: the absolute quantity counted. */
    kind: z.enum(['receive', 'adjust', 'count']),
    quantity: z.number().int('Quantity must be a whole number of pieces or grams'),
    occurredAt: isoTime.optional(),
    note: z.string().max(200).optional(),
  })
  .refine((m) => m.kind !== 'receive' || m.quantity > 0, {
    message: 'A receipt adds stock: quantity must be above 0',
    path: ['quantity'],
  })
  .refine((m) => m.kind !== 'adjust' || m.quantity !== 0, {
    message: 'An adjustment of 0 changes nothing',
    path: ['quantity'],
  })
  .refine((m) => m.kind !== 'count' || m.quantity >= 0, {
    message: 'A count cannot be negative',
    path: ['quantity'],
  });
export type StockMovementRequest = z.infer<typeof stockMovementRequestSchema>;

export const pageQuerySchema = z.object({
  /** Continue after this key (the `next` of the previous page). */
  after: z.string().max(200).optional(),
  limit: limit(1_000, 100),
});

export const stockQuerySchema = pageQuerySchema.extend({ sku: catalogItemSchema.shape.sku.optional() });

export const salesQuerySchema = pageQuerySchema.extend({
  storeId: storeIdSchema.optional(),
  registerId: z.string().max(40).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
});

/** What head office records for a person to review; none of them rejects a sale. */
export const exceptionKinds = [
  'negative_stock',
  'unknown_sku',
  'price_mismatch',
  'clock_skew',
  /** Same seq, different content: the register was quarantined (cloned install or restored backup). */
  'conflict',
  /**
   * The payload claimed another store than the register's token, or named another store's document it may not
   * change (a void of its sale, a return that does not match its sale): nothing applied to the other store.
   */
  'store_mismatch',
  /** The same sale, return or void id arrived under a second seq, or a second void of a sale: counted once. */
  'duplicate_document',
  /** The payload could not be read or applied: kept verbatim, nothing applied. */
  'invalid_payload',
  /** An event type or version this head office does not know: kept verbatim for after an update. */
  'unsupported_event',
  /** A Z report whose totals differ from what head office counts in the shift's documents it received. */
  'z_mismatch',
  /** Returns of a sale line (from one or more registers) add up to more than was sold: the return is kept. */
  'over_return',
  /** A sale or return in another currency than head office keeps for the store: its amounts count as they are. */
  'currency_mismatch',
] as const;
export type ExceptionKind = (typeof exceptionKinds)[number];

export const exceptionsQuerySchema = pageQuerySchema.extend({
  storeId: storeIdSchema.optional(),
  kind: z.enum(exceptionKinds).optional(),
  /** "true": only those nobody has resolved yet. */
  unresolved: z.enum(['true', 'false']).optional(),
});

export const registersQuerySchema = z.object({ storeId: storeIdSchema.optional() });

// ---------------------------------------------------------------------------------------------- responses

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

export interface StoreView extends TaxSettings, ReceiptTexts {
  id: string;
  name: string;
  currency: string;
  createdAt: string;
  updatedAt: string;
}

export interface PairingCodeView {
  /** Type it into the register's setup screen; works once. */
  code: string;
  storeId: string;
  expiresAt: string;
  /** A re-pair code: the enrolled register it restores (same id and numbering, new token). null: a new register. */
  registerId: string | null;
}

export interface RegisterView {
  id: string;
  storeId: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  quarantinedAt: string | null;
  quarantineReason: string | null;
  lastAppliedSeq: number;
  lastSeenAt: string | null;
}

export type ProductView = CatalogItem & { updatedAt: string };

export interface StockView {
  storeId: string;
  sku: string;
  onHand: number;
  countedAt: string | null;
  updatedAt: string;
}

export interface SaleLineView {
  lineNo: number;
  sku: string;
  name: string;
  unit: string;
  quantity: number;
  unitPriceMinor: number;
  taxCode: string;
  taxRateBasisPoints: number;
  amountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface SaleView {
  saleId: string;
  storeId: string;
  registerId: string;
  seq: number;
  receiptNumber: string;
  completedAt: string;
  receivedAt: string;
  currency: string;
  pricesIncludeTax: boolean;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  changeMinor: number;
  tenders: Tender[];
  userId: string | null;
  shiftId: string | null;
  lines: SaleLineView[];
}

export interface ExceptionView {
  id: number;
  kind: ExceptionKind;
  storeId: string;
  registerId: string | null;
  seq: number | null;
  sku: string | null;
  details: string;
  createdAt: string;
  resolvedAt: string | null;
}
