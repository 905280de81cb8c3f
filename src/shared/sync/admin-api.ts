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
import { MAX_AMOUNT_MINOR, MAX_QUANTITY, priceLimitMessage } from '../limits.ts';
import { catalogFields } from '../catalog-changes.ts';
import { barcodeProblem, barcodeRule, skuProblem, skuRule } from '../product-codes.ts';
import {
  defaultOverShortThresholdMinor,
  overShortThresholdSchema,
  storeSettingsSchema,
  taxRateSchema,
} from '../settings.ts';
import { locationKindSchema, movementReasonSchema, stockStateSchema } from '../stock.ts';
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
/** A sale's or a return's id, as its register made it (a UUID). */
export const documentIdSchema = plainText('Document id').min(1).max(64);
export const saleParamsSchema = z.object({ saleId: documentIdSchema });
export const returnParamsSchema = z.object({ returnId: documentIdSchema });
export const adjustmentParamsSchema = z.object({ adjustmentId: documentIdSchema });
export const storeSkuParamsSchema = z.object({ storeId: storeIdSchema, sku: skuSchema });

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

function isLocale(text: string): boolean {
  try {
    return Intl.getCanonicalLocales(text).length === 1;
  } catch {
    return false;
  }
}

function isTimeZone(text: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
    return true;
  } catch {
    return false;
  }
}

/** How the back office writes the store's money and dates. */
export const localeSchema = plainText('Locale')
  .max(35)
  .refine(isLocale, 'Locale: a language tag such as en-IE, de-DE or fr-CA');
/** Where the store's day starts and ends (today's sales count from its midnight). */
export const timeZoneSchema = plainText('Time zone')
  .max(64)
  .refine(isTimeZone, 'Time zone: an IANA zone such as Europe/Dublin or America/New_York');

export const storeCreateSchema = z.object({
  id: storeIdSchema,
  name: storeSettingsSchema.shape.storeName,
  currency: storeSettingsSchema.shape.currency,
  locale: localeSchema.optional().describe("Left out: head office's own, such as en-IE"),
  timeZone: timeZoneSchema.optional().describe("Left out: head office's own, such as Europe/Dublin"),
  kind: locationKindSchema
    .optional()
    .describe(
      'store (sells) or warehouse (receives, counts, adjusts and transfers, never sells); left out: store',
    ),
  adjustmentApprovalMinor: z
    .number()
    .int()
    .min(0)
    .max(MAX_AMOUNT_MINOR, `Adjustment approval value: at most ${MAX_AMOUNT_MINOR} minor units`)
    .nullable()
    .optional()
    .describe(
      "Value (minor units, at price) above which a stock adjustment needs a manager's approval; null or left out: no limit",
    ),
  ...taxSettingsSchema.shape,
  // Left out: the receipts print none.
  ...receiptTextsSchema.partial().shape,
  overShortThresholdMinor: overShortThresholdSchema
    .optional()
    .describe(
      `The largest over or short (minor units) a shift closes with without a recount, a reason and a manager's approval. Left out: ${defaultOverShortThresholdMinor}`,
    ),
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

/** A problem from product-codes.ts as a zod issue. */
const codeRule = (problem: (text: string) => string | null, field: string) =>
  plainText(field).superRefine((text, ctx) => {
    const found = problem(text);
    if (found !== null) ctx.addIssue({ code: 'custom', message: `${field} ${found}` });
  });

const productFields = {
  name: catalogItemSchema.shape.name,
  priceMinor: catalogItemSchema.shape.priceMinor
    .max(MAX_AMOUNT_MINOR, `Price: ${priceLimitMessage}`)
    .describe('Per piece, or per kg for unit kg, in minor units of the store currency'),
  taxCode: catalogItemSchema.shape.taxCode.describe('A tax code every store has in its tax settings'),
  category: catalogItemSchema.shape.category.unwrap().nullable(),
  unit: catalogItemSchema.shape.unit,
  active: catalogItemSchema.shape.active,
  barcodes: z
    .array(codeRule(barcodeProblem, 'Barcode'))
    .max(50, 'At most 50 barcodes per product')
    .describe(`Each ${barcodeRule}`),
};

/** A catalog item as the admin API takes it: the register's schema, with checked codes, bounded prices, plain text. */
export const productInputSchema = z
  .object({ sku: codeRule(skuProblem, 'SKU').describe(`SKU: ${skuRule}`), ...productFields })
  .meta({ id: 'CatalogItem' });

/** PATCH /api/products/:sku: only the fields to change. */
export const productPatchSchema = z
  .object(productFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'Send at least one field to change');

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
    occurredAt: isoTime
      .optional()
      .describe("When the stock moved (default: now); not later than head office's clock plus 5 minutes"),
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

/**
 * The longest `next` a list hands out: a product's longest name and SKU (the longest sort value and id) as a JSON
 * pair, each made of a character JSON writes as two (`"` or `\`).
 */
const longestPageKey = JSON.stringify([
  '"'.repeat(catalogItemSchema.shape.name.maxLength!),
  '"'.repeat(catalogItemSchema.shape.sku.maxLength!),
]).length;

export const pageQuerySchema = z.object({
  /** Continue after this key (the `next` of the previous page). */
  after: plainText('after')
    .max(longestPageKey)
    .optional()
    .describe('The `next` of the previous page, unchanged'),
  limit: limit(1_000, 100),
});

/** A search as a person types it: leading and trailing spaces do not count; empty means no search. */
export const searchText = (field: string) =>
  plainText(field)
    .trim()
    .max(100)
    .transform((text) => (text === '' ? undefined : text))
    .optional();

/** true or false as a query says it. */
const flag = z.enum(['true', 'false']);

export const productSorts = [
  'sku',
  '-sku',
  'name',
  '-name',
  'price',
  '-price',
  'updated',
  '-updated',
] as const;
export type ProductSort = (typeof productSorts)[number];

export const productsQuerySchema = pageQuerySchema.extend({
  after: plainText('after').max(1000).optional().describe('The `next` of the previous page, unchanged'),
  q: searchText('q').describe(
    'Words that start words of the name (any order, case or accents), or the start of a SKU, or a whole barcode',
  ),
  category: plainText('category').max(100).optional().describe('Only this category'),
  active: flag.optional().describe('true: only products on sale; false: only those taken off sale'),
  sort: z
    .enum(productSorts)
    .default('sku')
    .describe('sku, name, price or updated (the last change); a leading "-" for the other way round'),
});
export type ProductsQuery = z.infer<typeof productsQuerySchema>;

export const stockQuerySchema = pageQuerySchema.extend({
  sku: skuSchema.optional(),
  q: searchText('q').describe(
    'The start of a SKU, or words that start words of the product name (any case or accents)',
  ),
  low: flag.optional().describe('true: only SKUs with nothing on hand (0 or below)'),
});
export type StockQuery = z.infer<typeof stockQuerySchema>;

export const salesQuerySchema = pageQuerySchema.extend({
  storeId: storeIdSchema.optional(),
  registerId: registerIdSchema.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  receiptNumber: plainText('receiptNumber').trim().max(64).optional().describe('Only this receipt'),
  order: z
    .enum(['oldest', 'newest'])
    .default('oldest')
    .describe('oldest first (the default) or newest first'),
});
export type SalesQuery = z.infer<typeof salesQuerySchema>;

/** Returns are listed with the same filters as sales. */
export const returnsQuerySchema = salesQuerySchema;
export const adjustmentsQuerySchema = salesQuerySchema.omit({ receiptNumber: true });
export type AdjustmentsQuery = z.infer<typeof adjustmentsQuerySchema>;

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
  /**
   * A stock count that came too late: lines of a count already approved, or a SKU counted before a later count
   * head office applied first. Nothing of it changed the stock.
   */
  'late_count',
  /** Goods received under a barcode the register did not know: kept as a line for a person to resolve. */
  'unknown_barcode',
  /** A transfer arrived short, over or damaged: the difference is a discrepancy movement. */
  'transfer_discrepancy',
  /**
   * A purchase-order document head office could not match: a receipt against an order of another store, one it
   * does not hold or one not open (its goods are on hand all the same), or a register's draft for a supplier it
   * does not know (not applied).
   */
  'purchase_order_mismatch',
  /** Goods received against a purchase order that were not on it: a flagged line of the order. */
  'not_on_purchase_order',
  /** A web shop's order found no available stock at its store: a person chooses (channels, issue 18). */
  'oversell',
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

export const exceptionResolveSchema = z.object({
  note: multiLineText('Note')
    .trim()
    .min(1, 'Note: say what was done about it')
    .max(500, 'Note: at most 500 characters'),
});

/** The summary can be asked for one store. */
export const todayQuerySchema = z.object({ storeId: storeIdSchema.optional() });

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

/** A page of a list a person searches: the first page also says how many match in all. */
export function countedPageSchema<T extends z.ZodType>(item: T) {
  return pageSchema(item).extend({
    total: z
      .number()
      .int()
      .nullable()
      .describe('How many match in all: on the first page (no `after`); null on the pages after it'),
  });
}

export const storeViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    locale: z.string().describe("The language tag the back office writes the store's money and dates in"),
    timeZone: z.string().describe("The IANA zone of the store's day"),
    kind: locationKindSchema.describe('store (sells) or warehouse (does not sell)'),
    adjustmentApprovalMinor: z
      .number()
      .int()
      .nullable()
      .describe("Value above which a stock adjustment needs a manager's approval; null: no limit"),
    pricesIncludeTax: z.boolean(),
    taxRates: z.array(taxRateSchema),
    addressLines: z.array(z.string()).describe("Printed under the store's name on its receipts"),
    receiptHeader: z.string(),
    receiptFooter: z.string(),
    overShortThresholdMinor: z
      .number()
      .int()
      .describe(
        "The largest over or short (minor units) a shift closes with without a recount, a reason and a manager's approval",
      ),
    createdAt: time,
    updatedAt: time,
  })
  .meta({
    id: 'Store',
    description: 'A store: its name, currency, tax settings, receipt texts and over/short limit',
  });
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
    lastSeenAt: time.nullable().describe('When it last connected or sent events'),
    lastEventAt: time
      .nullable()
      .describe(
        "When its last applied event happened, by the register's clock: how far behind head office is",
      ),
  })
  .meta({ id: 'Register', description: 'A register enrolled at head office' });
export type RegisterView = z.infer<typeof registerViewSchema>;

export const productViewSchema = catalogItemSchema
  .extend({ updatedAt: time })
  .meta({ id: 'Product', description: 'A product of the catalog' });
export type ProductView = z.infer<typeof productViewSchema>;

/** POST /api/products/import: the CSV file as text, checked row by row (control characters included). */
export const productsImportSchema = z.object({
  csv: z
    .string()
    .min(1, 'The file is empty: choose a CSV file in the catalog format')
    .describe('The CSV file (docs/catalog-csv.md) as it is, without the stock column'),
  dryRun: z
    .boolean()
    .default(true)
    .describe('true (the default): only say what the file would change; false: import it'),
});

const counted = (what: string) => z.number().int().min(0).describe(what);

export const importReportSchema = z
  .object({
    applied: z.boolean().describe('false: a dry run, or a file with problems; nothing was written'),
    imported: counted('Product rows in the file (0 when it has problems)'),
    created: counted('New products'),
    updated: counted('Products the file changes'),
    unchanged: counted('Products the file leaves as they are'),
    fieldChanges: z
      .partialRecord(z.enum(catalogFields), z.number().int())
      .describe('For each column, how many existing products it changes'),
    errors: z
      .array(z.object({ row: z.number().int(), message: z.string() }))
      .describe('Every problem, by row (the header is row 1); any problem means nothing is imported'),
  })
  .meta({ id: 'ImportReport' });

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
    name: z.string().nullable().describe('The product name; null for a SKU the catalog does not have'),
    onHand: z.number().int(),
    damaged: z.number().int().describe('Here but not sellable'),
    committed: z.number().int().describe('On hand but promised'),
    inTransit: z.number().int().describe('Sent by this store, not received yet'),
    incoming: z.number().int().describe('On open purchase orders for this store, not received yet'),
    available: z.number().int().describe('What can be sold: on hand − committed'),
    countedAt: time.nullable().describe('When it was last counted'),
    updatedAt: time,
  })
  .meta({ id: 'Stock', description: 'Stock of one SKU at one store, in every state' });
export type StockView = z.infer<typeof stockViewSchema>;

export const skuStockSchema = z
  .object({
    sku: z.string(),
    name: z.string().nullable().describe('The product name; null for a SKU the catalog does not have'),
    stores: z.array(
      stockViewSchema.extend({
        storeName: z.string(),
        storeKind: locationKindSchema,
        updatedAt: time.nullable().describe('When it last changed; null: it never moved at that store'),
      }),
    ),
  })
  .meta({ id: 'SkuStock', description: 'One SKU at every store (that the caller may see), in every state' });
export type SkuStock = z.infer<typeof skuStockSchema>;

export const stockMovementViewSchema = z
  .object({
    id: z.number().int(),
    storeId: z.string(),
    sku: z.string(),
    state: stockStateSchema,
    reason: movementReasonSchema,
    quantity: z.number().int().describe('Signed change; for COUNT the quantity counted'),
    documentKind: z.string().nullable().describe("The document's event type; null for an admin movement"),
    documentLabel: z.string().nullable().describe('What people call that kind of document'),
    documentId: z.string().nullable().describe("The document's id; null for a movement head office made"),
    detail: z
      .string()
      .nullable()
      .describe("An adjustment's reason, or the note of a movement head office made"),
    actor: z
      .string()
      .nullable()
      .describe('Who made the document, or the user or API token that made the movement'),
    registerId: z.string().nullable(),
    seq: z.number().int().nullable(),
    occurredAt: time,
    recordedAt: time,
  })
  .meta({ id: 'StockMovement', description: 'One change of one state of a SKU at a store' });
export type StockMovementView = z.infer<typeof stockMovementViewSchema>;

/** A document as a register sent it: the store and register, and the register's seq for it. */
const sentBy = {
  storeId: z.string(),
  registerId: z.string(),
  seq: z.number().int(),
};

export const adjustmentViewSchema = z
  .object({
    adjustmentId: z.string(),
    ...sentBy,
    reason: z.string().nullable().describe('A fixed reason code; null with customReason'),
    reasonLabel: z.string().describe('The reason as people read it'),
    customReason: z.string().nullable(),
    note: z.string().nullable(),
    userName: z.string(),
    approverName: z.string().nullable(),
    valueMinor: z.number().int().describe('At price when it was made'),
    completedAt: time,
    lines: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        valueMinor: z.number().int(),
        moves: z.array(z.object({ state: stockStateSchema, delta: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'Adjustment', description: 'A stock adjustment made at a register' });
export type AdjustmentView = z.infer<typeof adjustmentViewSchema>;

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
    ...sentBy,
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
    resolvedBy: z.string().nullable().describe('Who resolved it, as named then'),
    resolutionNote: z.string().nullable().describe('What they did about it'),
  })
  .meta({ id: 'Exception', description: 'Something head office recorded for a person to review' });
export type ExceptionView = z.infer<typeof exceptionViewSchema>;

export const returnViewSchema = z
  .object({
    returnId: z.string(),
    ...sentBy,
    receiptNumber: z.string(),
    originalSaleId: z.string().nullable().describe('The sale it returns goods of; null: without receipt'),
    completedAt: time,
    totalMinor: z.number().int().describe('The value of the goods returned'),
  })
  .meta({ id: 'Return', description: 'A return as its register sent it' });
export type ReturnView = z.infer<typeof returnViewSchema>;

const todaySalesSchema = z.object({
  count: z.number().int(),
  totalMinor: z.number().int(),
  returnsCount: z.number().int(),
  returnsTotalMinor: z.number().int(),
  byHour: z
    .array(z.number().int())
    .length(24)
    .describe("Sales per hour of the store's clock today, midnight first (minor units)"),
});

export const todaySchema = z
  .object({
    stores: z.array(
      z.object({
        storeId: z.string(),
        name: z.string(),
        currency: z.string(),
        locale: z.string(),
        timeZone: z.string(),
        since: time.describe("Midnight in the store's time zone: today starts here"),
        sales: todaySalesSchema.nullable().describe('Sales and returns since then; null without sales.read'),
        openExceptions: z
          .number()
          .int()
          .nullable()
          .describe('Exceptions nobody has resolved yet; null without exceptions.read'),
        lowStock: z
          .number()
          .int()
          .nullable()
          .describe('SKUs with nothing on hand (0 or below); null without stock.read'),
      }),
    ),
    registers: z
      .array(registerViewSchema)
      .nullable()
      .describe('Sync health of each register; null without registers.read'),
  })
  .meta({ id: 'Today', description: 'How each store is doing today, and how its registers keep up' });
export type Today = z.infer<typeof todaySchema>;
