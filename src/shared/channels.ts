/**
 * Channels (issue 18): web shops (Shopify, WooCommerce) that sell from the stock of some stores. Head office
 * pushes each mapped SKU's channel figure (available at the channel's stores less its safety stock) from a
 * durable queue, takes the shops' orders in by signed webhook and by poll, and shows every push and order with
 * its state. These are the admin API's schemas for them (src/headoffice/http/channels.ts).
 */
import { z } from 'zod';
import { MAX_QUANTITY } from './limits.ts';
import { plainText } from './text.ts';
import { pageQuerySchema, skuSchema, storeIdSchema, time } from './sync/admin-api.ts';

export const channelKinds = ['shopify', 'woocommerce'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** pending: waiting for its moment or out now; sent: the channel took it; failed: retried with backoff. */
export const channelPushStates = ['pending', 'sent', 'failed'] as const;
export type ChannelPushState = (typeof channelPushStates)[number];

/**
 * committed: stock committed at its store; backordered: committed though short (a person chose it); fulfilled:
 * sold; cancelled: released; refunded: returned to on hand; oversold: no stock, waiting for a person's choice.
 */
export const channelOrderStates = [
  'committed',
  'backordered',
  'fulfilled',
  'cancelled',
  'refunded',
  'oversold',
] as const;
export type ChannelOrderState = (typeof channelOrderStates)[number];

export const channelIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'Channel id: 1-40 letters, digits, "-" or "_", e.g. WEBSHOP');
export const channelParamsSchema = z.object({ channelId: channelIdSchema });
export const channelPushParamsSchema = z.object({
  channelId: channelIdSchema,
  pushId: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'Push id: a whole number such as 42')
    .transform(Number),
});
export const channelOrderParamsSchema = z.object({
  channelId: channelIdSchema,
  orderId: plainText('Order id').min(1).max(100),
});

const quantity = (field: string) =>
  z
    .number({ error: `${field}: a whole number` })
    .int(`${field}: a whole number`)
    .min(0, `${field}: zero or more`)
    .max(MAX_QUANTITY, `${field}: at most ${MAX_QUANTITY}`);

export const safetyOverrideSchema = z
  .object({
    scope: z.enum(['sku', 'category']),
    key: plainText('Safety stock key').min(1).max(100).describe('The SKU or the category'),
    quantity: quantity('Safety stock'),
  })
  .meta({ id: 'ChannelSafetyOverride', description: "A SKU's or a category's own safety stock" });

const secretText = (field: string) =>
  z
    .string()
    .min(1, `${field}: required`)
    .max(500, `${field}: at most 500 characters`)
    .regex(/^[\x21-\x7e]+$/, `${field}: printable characters without spaces`);

export const channelSecretsSchema = z
  .object({
    apiKey: secretText('API key').describe(
      "Shopify: the Admin API access token; WooCommerce: 'consumer_key:consumer_secret'",
    ),
    webhookSecret: secretText('Webhook secret').describe('What the shop signs its webhooks with'),
  })
  .describe('Stored encrypted; never shown again');
export type ChannelSecrets = z.infer<typeof channelSecretsSchema>;

const channelSettings = {
  name: plainText('Name').trim().min(1, 'Name: required').max(100),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'Base URL: the shop address, such as https://shop.example.com' })
    .max(300),
  remoteLocationId: plainText('Shopify location')
    .max(200)
    .nullable()
    .default(null)
    .describe(
      'Shopify: the location id (gid://shopify/Location/…) the figures are set at; WooCommerce: null',
    ),
  locationIds: z
    .array(storeIdSchema)
    .min(1, 'Stores: at least one store feeds the channel')
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, 'Stores: each store once'),
  fulfilmentStoreId: storeIdSchema.describe('Where online orders commit their stock'),
  safetyStock: quantity('Safety stock').default(0).describe('Held back from the channel for every SKU'),
  safetyOverrides: z.array(safetyOverrideSchema).max(10_000).default([]),
};

export const channelCreateSchema = z.object({
  id: channelIdSchema,
  kind: z.enum(channelKinds),
  ...channelSettings,
  secrets: channelSecretsSchema,
});
export type ChannelCreate = z.infer<typeof channelCreateSchema>;

export const channelUpdateSchema = z
  .object({
    name: channelSettings.name,
    baseUrl: channelSettings.baseUrl,
    remoteLocationId: channelSettings.remoteLocationId.unwrap(),
    locationIds: channelSettings.locationIds,
    fulfilmentStoreId: channelSettings.fulfilmentStoreId,
    safetyStock: quantity('Safety stock'),
    safetyOverrides: z.array(safetyOverrideSchema).max(10_000),
    secrets: channelSecretsSchema,
  })
  .partial();
export type ChannelUpdate = z.infer<typeof channelUpdateSchema>;

export const channelViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(channelKinds),
    baseUrl: z.string(),
    remoteLocationId: z.string().nullable(),
    locationIds: z.array(z.string()),
    fulfilmentStoreId: z.string(),
    safetyStock: z.number().int(),
    safetyOverrides: z.array(safetyOverrideSchema),
    mappedSkus: z.number().int(),
    pendingPushes: z.number().int(),
    failedPushes: z.number().int(),
    oversoldOrders: z.number().int(),
    pausedUntil: time.nullable().describe('The channel asked us to wait (rate limit) until then'),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'Channel', description: 'A web shop fed from some stores; its secrets are never shown' });
export type ChannelView = z.infer<typeof channelViewSchema>;

export const channelItemViewSchema = z
  .object({
    sku: z.string(),
    itemId: z.string().describe("The channel's inventory item (Shopify) or product (WooCommerce) id"),
    figure: z.number().int().describe('What the channel should show: available less safety stock'),
    channelFigure: z.number().int().nullable().describe('What the channel showed when last read or set'),
    pushedAt: time.nullable(),
  })
  .meta({ id: 'ChannelItem', description: 'A SKU mapped to the channel' });
export type ChannelItemView = z.infer<typeof channelItemViewSchema>;

export const mappingReportSchema = z
  .object({
    mapped: z.number().int().describe('SKUs mapped now'),
    bySku: z.number().int(),
    byBarcode: z.number().int(),
    unmatchedItems: z
      .array(
        z.object({
          itemId: z.string(),
          sku: z.string().nullable(),
          barcode: z.string().nullable(),
          title: z.string(),
        }),
      )
      .describe("The channel's items no SKU or barcode of the catalog matched (first 1,000)"),
    unmatchedItemCount: z.number().int(),
    unmappedSkus: z.array(z.string()).describe('Catalog SKUs the channel has no item for (first 1,000)'),
    unmappedSkuCount: z.number().int(),
  })
  .meta({ id: 'ChannelMappingReport', description: 'What matching by SKU and barcode mapped and what not' });
export type MappingReport = z.infer<typeof mappingReportSchema>;

export const channelPushViewSchema = z
  .object({
    id: z.number().int(),
    sku: z.string(),
    state: z.enum(channelPushStates),
    quantity: z.number().int().nullable().describe('The figure sent (sent) or last tried'),
    attempts: z.number().int(),
    error: z.string().nullable().describe('Why the last attempt failed'),
    dueAt: time.nullable().describe('When it goes (next); null once sent'),
    createdAt: time,
    sentAt: time.nullable(),
  })
  .meta({ id: 'ChannelPush', description: "A push of one SKU's figure to the channel" });
export type ChannelPushView = z.infer<typeof channelPushViewSchema>;

export const channelPushesQuerySchema = pageQuerySchema.extend({
  state: z.enum(channelPushStates).optional(),
  sku: skuSchema.optional(),
});

export const channelOrderLineSchema = z.object({ sku: z.string(), quantity: z.number().int() });
export const channelOrderViewSchema = z
  .object({
    orderId: z.string(),
    number: z.string(),
    storeId: z.string().describe('Where it commits its stock'),
    state: z.enum(channelOrderStates),
    lines: z.array(channelOrderLineSchema),
    exceptionId: z.number().int().nullable().describe('The oversell exception, when there was one'),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'ChannelOrder', description: "A web shop's order as head office took it in" });
export type ChannelOrderView = z.infer<typeof channelOrderViewSchema>;

export const channelOrdersQuerySchema = pageQuerySchema.extend({
  state: z.enum(channelOrderStates).optional(),
});

/** What a person chooses for an oversold order. */
export const oversellChoiceSchema = z.discriminatedUnion('choice', [
  z.object({
    choice: z.literal('fulfil_from'),
    storeId: storeIdSchema.describe('The store that has it'),
  }),
  z.object({ choice: z.literal('cancel') }).describe('Cancel it in the shop too; nothing is committed'),
  z.object({ choice: z.literal('backorder') }).describe('Commit it at its store though short'),
]);
export type OversellChoice = z.infer<typeof oversellChoiceSchema>;

export const reconcileReportSchema = z
  .object({
    at: time,
    checked: z.number().int(),
    repaired: z
      .array(
        z.object({ sku: z.string(), channelFigure: z.number().int().nullable(), figure: z.number().int() }),
      )
      .describe('What the channel showed and what it shows now (first 1,000)'),
    repairedCount: z.number().int(),
    failed: z.array(z.object({ sku: z.string(), error: z.string() })),
  })
  .meta({ id: 'ChannelReconcile', description: 'A comparison of every mapped SKU, and its repairs' });
export type ReconcileReport = z.infer<typeof reconcileReportSchema>;

export const pollReportSchema = z.object({ orders: z.number().int().describe('Orders read') });
