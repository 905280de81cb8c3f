/**
 * Head office's HTTP admin API: the schemas it validates paths, queries and bodies with, and the JSON shapes it
 * answers. The server (src/headoffice/http/) validates and answers with exactly these, and generates its OpenAPI
 * document from them (docs/openapi.json, `npm run openapi`). Errors are `{ error: CounterErrorData }`.
 *
 * Text that arrives here refuses control characters (src/shared/text.ts): PostgreSQL refuses NUL, and none of
 * them is something a person typed on purpose. Amounts and quantities stop where the register's do.
 */
import { z } from 'zod';
import { errorCodes } from '../errors.ts';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from '../limits.ts';
import { storeSettingsSchema, taxRateSchema } from '../settings.ts';
import { multiLineText, plainText } from '../text.ts';
import { catalogItemSchema, enrollRequestSchema } from './protocol.ts';

export const isoTime = z.iso.datetime({
  offset: true,
  error: 'Use an ISO 8601 time such as 2025-01-31T09:30:00Z',
});
const limit = (max: number, fallback: number) => {
  const message = `a whole number from 1 to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(1, message).max(max, message).default(fallback);
};

/** A row id as text (a path segment, a page's `next`): digits, no more than a JavaScript number holds exactly. */
export const rowIdText = z
  .string()
  .regex(/^[0-9]{1,16}$/, { message: 'a whole number such as 42', abort: true })
  .refine((text) => Number(text) <= Number.MAX_SAFE_INTEGER, `at most ${Number.MAX_SAFE_INTEGER}`);

// ------------------------------------------------------------------------------------------------- ids

export const storeIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'Store id: 1-40 letters, digits, "-" or "_", e.g. DUBLIN-1');

export const registerIdSchema = plainText('Register id').min(1).max(40);

export const skuSchema = catalogItemSchema.shape.sku;

export const storeParamsSchema = z.object({ storeId: storeIdSchema });
export const registerParamsSchema = z.object({ registerId: registerIdSchema });
export const productParamsSchema = z.object({ sku: skuSchema });
export const exceptionParamsSchema = z.object({ id: rowIdText.transform(Number) });

// ----------------------------------------------------------------------------------------------- bodies

/** POST /api/enroll: the register's request (src/shared/sync/protocol.ts), its text free of control characters. */
export const enrollBodySchema = enrollRequestSchema.extend({
  pairingCode: enrollRequestSchema.shape.pairingCode.describe('Case, spaces and dashes do not matter'),
  registerName: enrollRequestSchema.shape.registerName,
  registerId: registerIdSchema
    .optional()
    .describe('Sent by an enrolled register (its id at head office): re-pairing'),
});

const adminTaxRateSchema = taxRateSchema.extend({
  name: taxRateSchema.shape.name,
});

const taxRatesSchema = z
  .array(adminTaxRateSchema)
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
  addressLines: z.array(storeSettingsSchema.shape.addressLines.element).max(4, 'Address: at most 4 lines'),
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

/** The body may be left out: a code for one hour. */
export const pairingCodeRequestSchema = z
  .object({
    /** How long the code can be used; one hour by default, a week at most. */
    ttlMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60)
      .describe('How long the code can be used: 1 minute to a week, one hour when left out'),
  })
  .prefault({});

/** A catalog item as the admin API takes it: the register's schema, with bounded prices and plain text. */
export const productInputSchema = catalogItemSchema
  .extend({
    sku: skuSchema,
    name: catalogItemSchema.shape.name,
    priceMinor: catalogItemSchema.shape.priceMinor
      .max(MAX_AMOUNT_MINOR, `Price: at most ${MAX_AMOUNT_MINOR} minor units`)
      .describe('Per piece, or per kg for unit kg, in minor units of the store currency'),
    category: catalogItemSchema.shape.category.unwrap().nullable(),
  })
  .meta({ id: 'CatalogItem' });

export const productsUpsertSchema = z.object({
  products: z
    .array(productInputSchema)
    .min(1)
    .max(5_000, 'At most 5,000 products per request: send the rest in further requests')
    .refine(
      (products) => new Set(products.map((p) => p.sku)).size === products.length,
      'Each SKU only once per request',
    ),
});

const quantity = z
  .number()
  .int('Quantity must be a whole number of pieces or grams')
  .min(-MAX_QUANTITY, `Quantity: at least -${MAX_QUANTITY}`)
  .max(MAX_QUANTITY, `Quantity: at most ${MAX_QUANTITY}`);

export const stockMovementRequestSchema = z
  .object({
    sku: skuSchema,
    /** receive: goods in (positive); adjust: signed correction; count: the absolute quantity counted. */
    kind: z.enum(['receive', 'adjust', 'count']),
    quantity: quantity.describe('receive: above 0; adjust: signed, not 0; count: 0 or more'),
    occurredAt: isoTime.optional(),
    note: multiLineText('Note').max(200).optional(),
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

// ---------------------------------------------------------------------------------------------- queries

export const pageQuerySchema = z.object({
  /** Continue after this key (the `next` of the previous page). */
  after: plainText('after').max(200).optional().describe('The `next` of the previous page, unchanged'),
  limit: limit(1_000, 100),
});

export const stockQuerySchema = pageQuerySchema.extend({ sku: skuSchema.optional() });

export const salesQuerySchema = pageQuerySchema.extend({
  storeId: storeIdSchema.optional(),
  registerId: registerIdSchema.optional(),
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
  after: rowIdText.optional().describe('The `next` of the previous page, unchanged'),
  storeId: storeIdSchema.optional(),
  kind: z.enum(exceptionKinds).optional(),
  /** "true": only those nobody has resolved yet. */
  unresolved: z.enum(['true', 'false']).optional(),
});

export const registersQuerySchema = z.object({ storeId: storeIdSchema.optional() });

// ---------------------------------------------------------------------------------------------- answers

export const time = z.string().describe('ISO 8601, UTC');

/** Every error: status 400, 401, 403, 404, 405, 409, 413, 415, 429, 500 or 503 with this body. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string().describe('What was wrong and what to do, in words'),
      details: z.array(z.string()).optional().describe('One line per wrong field: "path: what is wrong"'),
    }),
  })
  .meta({
    id: 'Error',
    description:
      'Refused or failed: `error.message` says what was wrong and what to do, `details` each wrong field',
  });

export const healthSchema = z.object({ ok: z.literal(true) }).describe('Running');

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/** The answer of a paged list: `Page<z.infer<item>>`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z
    .object({
      items: z.array(item),
      next: z.string().nullable().describe('Pass as `after` for the next page; null on the last page'),
    })
    .describe('One page of the list; `next` leads to the following one');
}

export const storeViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    pricesIncludeTax: z.boolean(),
    taxRates: z.array(taxRateSchema),
    addressLines: z.array(z.string()).describe("Printed under the store's name on its receipts"),
    receiptHeader: z.string(),
    receiptFooter: z.string(),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'Store', description: 'A store: its name, currency, tax settings and receipt texts' });
export type StoreView = z.infer<typeof storeViewSchema>;

export const pairingCodeViewSchema = z
  .object({
    code: z.string().describe("Type it into the register's setup screen; works once"),
    storeId: z.string(),
    expiresAt: time,
    registerId: z
      .string()
      .nullable()
      .describe(
        'A re-pair code: the enrolled register it restores (same id and numbering, new token). null: a new register',
      ),
  })
  .meta({ id: 'PairingCode', description: "A one-time code to type into a register's setup screen" });
export type PairingCodeView = z.infer<typeof pairingCodeViewSchema>;

export const registerViewSchema = z
  .object({
    id: z.string(),
    storeId: z.string(),
    name: z.string(),
    createdAt: time,
    revokedAt: time.nullable(),
    quarantinedAt: time.nullable(),
    quarantineReason: z.string().nullable(),
    lastAppliedSeq: z.number().int().describe("The register's last event head office applied"),
    lastSeenAt: time.nullable(),
  })
  .meta({ id: 'Register', description: 'A register enrolled at head office' });
export type RegisterView = z.infer<typeof registerViewSchema>;

export const productViewSchema = catalogItemSchema
  .extend({ updatedAt: time })
  .meta({ id: 'Product', description: 'A product of the catalog' });
export type ProductView = z.infer<typeof productViewSchema>;

export const upsertResultSchema = z
  .object({
    created: z.number().int().describe('Products that were new'),
    updated: z.number().int().describe('Products that were replaced'),
  })
  .describe('How many products were new and how many replaced');

export const stockViewSchema = z
  .object({
    storeId: z.string(),
    sku: z.string(),
    onHand: z.number().int(),
    countedAt: time.nullable().describe('When it was last counted'),
    updatedAt: time,
  })
  .meta({ id: 'Stock', description: 'Stock on hand of one SKU at one store' });
export type StockView = z.infer<typeof stockViewSchema>;

const saleLineViewSchema = z.object({
  lineNo: z.number().int(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  taxCode: z.string(),
  taxRateBasisPoints: z.number().int(),
  amountMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
});
export type SaleLineView = z.infer<typeof saleLineViewSchema>;

export const saleViewSchema = z
  .object({
    saleId: z.string(),
    storeId: z.string(),
    registerId: z.string(),
    seq: z.number().int(),
    receiptNumber: z.string(),
    completedAt: time,
    receivedAt: time,
    currency: z.string(),
    pricesIncludeTax: z.boolean(),
    subtotalMinor: z.number().int(),
    taxMinor: z.number().int(),
    totalMinor: z.number().int(),
    changeMinor: z.number().int(),
    tenders: z.array(
      z.object({ tenderId: z.string(), kind: z.enum(['cash', 'card']), amountMinor: z.number().int() }),
    ),
    userId: z.string().nullable(),
    shiftId: z.string().nullable(),
    lines: z.array(saleLineViewSchema),
  })
  .meta({ id: 'Sale', description: 'A sale as its register sent it' });
export type SaleView = z.infer<typeof saleViewSchema>;

export const exceptionViewSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(exceptionKinds),
    storeId: z.string(),
    registerId: z.string().nullable(),
    seq: z.number().int().nullable(),
    sku: z.string().nullable(),
    details: z.string(),
    createdAt: time,
    resolvedAt: time.nullable(),
  })
  .meta({ id: 'Exception', description: 'Something head office recorded for a person to review' });
export type ExceptionView = z.infer<typeof exceptionViewSchema>;
