/**
 * Replenishment (issue 17): a store's reorder levels (per SKU and per category, CSV in and out), its suggestions
 * and velocity proposals, "create purchase orders" from a selection, and the low-stock digest's settings.
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CounterError } from '../../shared/errors.ts';
import { reorderCsvColumns } from '../../shared/replenishment.ts';
import { readReorderCsv } from '../reorder-csv.ts';
import {
  categoryParamsSchema,
  createdPurchaseOrdersSchema,
  createPurchaseOrdersSchema,
  digestRunSchema,
  digestSettingsSchema,
  reorderSavedSchema,
  reorderSettingsChangeSchema,
  reorderSettingsViewSchema,
  suggestionsSchema,
  velocityQuerySchema,
  velocitySchema,
} from '../../shared/replenishment-api.ts';
import { storeParamsSchema } from '../../shared/sync/admin-api.ts';
import { readDigestSettings, runLowStockDigest, saveDigestSettings } from '../low-stock-digest.ts';
import {
  createPurchaseOrders,
  readReorderSettings,
  removeCategoryLevels,
  saveReorderLevels,
  suggestions,
  velocity,
} from '../replenishment.ts';
import { needs } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, fileRoute, noContentRoute, okRoute } from './routes.ts';
import { plural } from '../../shared/words.ts';

const tags = ['Replenishment'];

/**
 * The suggestions are built to their schema field by field (the tests check the answer against it), so their
 * 200 is written as it is: zod encoding tens of thousands of lines again was a tenth of the answer's time.
 */
function builtToSchema<Schema>(route: FastifyRouteSchemaDef<Schema>): (data: unknown) => string {
  if (route.httpStatus === '200') return (data) => JSON.stringify(data);
  // Every route's schemas are zod's (api.ts).
  return serializerCompiler(route as FastifyRouteSchemaDef<unknown> as FastifyRouteSchemaDef<z.ZodType>);
}

export function replenishmentRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/stores/:storeId/reorder-levels', {
    config: needs('stock.read', 'path'),
    summary: 'The store’s reorder levels: per SKU, and per category for SKUs without their own',
    tags,
    params: storeParamsSchema,
    ok: reorderSettingsViewSchema,
    answer: async (request) => readReorderSettings(ho, request.params.storeId),
  });

  okRoute(api, 'PUT', '/api/stores/:storeId/reorder-levels', {
    config: needs('purchasing.write', 'path'),
    summary: 'Set reorder levels of SKUs and categories (others stay as they are)',
    description:
      'A SKU’s own levels win over its category’s. The store’s registers get them on the `reorder` stream.',
    tags,
    params: storeParamsSchema,
    body: reorderSettingsChangeSchema,
    ok: reorderSavedSchema,
    answer: async (request) => saveReorderLevels(ho, request.params.storeId, request.body),
  });

  noContentRoute(api, 'DELETE', '/api/stores/:storeId/reorder-levels/categories/:category', {
    config: needs('purchasing.write', 'path'),
    summary: 'Remove a category’s default levels',
    tags,
    params: categoryParamsSchema,
    done: 'Removed',
    act: (request) => removeCategoryLevels(ho, request.params.storeId, request.params.category),
  });

  fileRoute(api, '/api/stores/:storeId/reorder-levels.csv', {
    config: needs('stock.read', 'path'),
    summary: 'The store’s SKU reorder levels as CSV: sku, reorder_point, desired_level, safety_stock',
    tags,
    params: storeParamsSchema,
    file: 'csv',
    download: async (request) => {
      const { skus } = await readReorderSettings(ho, request.params.storeId);
      const rows = skus.map((row) => [row.sku, row.reorderPoint, row.desiredLevel, row.safetyStock]);
      return {
        name: `reorder-levels-${request.params.storeId}.csv`,
        body: stringify([[...reorderCsvColumns], ...rows]),
      };
    },
  });

  okRoute(api, 'POST', '/api/stores/:storeId/reorder-levels/import', {
    config: needs('purchasing.write', 'path'),
    summary: 'Import SKU reorder levels from CSV (all rows or none)',
    description:
      'Columns sku, reorder_point, desired_level, safety_stock (as the export writes them). Every row is ' +
      'checked first; with any problem nothing is imported and `details` lists each with its row.',
    tags,
    params: storeParamsSchema,
    body: z.object({ csv: z.string().min(1, 'The file is empty: choose a reorder-levels CSV file') }),
    ok: reorderSavedSchema,
    answer: async (request) => {
      const read = readReorderCsv(request.body.csv);
      if ('errors' in read)
        throw new CounterError(
          'INVALID_INPUT',
          `The file has ${plural(read.errors.length, 'problem')}: nothing was imported. Fix the rows listed and import it again.`,
          read.errors.slice(0, 100).map((error) => `Row ${error.row}: ${error.message}`),
        );
      if (read.rows.length === 0)
        throw new CounterError('INVALID_INPUT', 'The file has a header and no rows: nothing to import.');
      return saveReorderLevels(ho, request.params.storeId, { skus: read.rows });
    },
  });

  api.get(
    '/api/stores/:storeId/replenishment/suggestions',
    {
      config: needs('stock.read', 'path'),
      schema: {
        summary: 'What to order: the store’s low SKUs, with formula, cover, 30/90-day sales and supplier',
        description:
          'A SKU is low when available + incoming + in transit inbound ≤ its reorder point. Quantity = desired − ' +
          '(on hand + incoming + in transit inbound), raised to the supplier’s minimum and up to whole packs. ' +
          'Inactive SKUs are never suggested. `transferOffer`: another store has it spare (available above its ' +
          'own desired level): plan a transfer instead (POST /api/transfers).',
        tags,
        params: storeParamsSchema,
        response: { 200: suggestionsSchema, ...errorResponses },
      },
      serializerCompiler: builtToSchema,
    },
    async (request) => ({
      storeId: request.params.storeId,
      lines: await suggestions(ho, request.params.storeId),
    }),
  );

  okRoute(api, 'GET', '/api/stores/:storeId/replenishment/velocity', {
    config: needs('stock.read', 'path'),
    summary:
      'Velocity mode: reorder levels proposed from the last N days of sales, days out of stock left out',
    description:
      'reorder point = daily rate × lead time + safety stock; desired level = daily rate × (lead time + ' +
      'review days) + safety stock, rounded up. Save the ones you keep with PUT …/reorder-levels.',
    tags,
    params: storeParamsSchema,
    querystring: velocityQuerySchema,
    ok: velocitySchema,
    answer: async (request) => ({
      storeId: request.params.storeId,
      lines: await velocity(ho, request.params.storeId, request.query),
    }),
  });

  createdRoute(api, '/api/stores/:storeId/replenishment/purchase-orders', {
    config: needs('purchasing.write', 'path'),
    summary: 'Create purchase orders: one draft per preferred supplier from the selected suggestions',
    tags,
    params: storeParamsSchema,
    body: createPurchaseOrdersSchema,
    created: createdPurchaseOrdersSchema,
    create: (request) =>
      createPurchaseOrders(ho, request.params.storeId, request.body.lines, request.actor?.id ?? 'system'),
  });

  okRoute(api, 'GET', '/api/replenishment/digest-settings', {
    // The mail server's address may hold its password: for those who may change it.
    config: needs('purchasing.write', 'none'),
    summary: 'Where the daily low-stock digest goes',
    tags,
    ok: digestSettingsSchema,
    answer: async () => readDigestSettings(ho),
  });

  okRoute(api, 'PUT', '/api/replenishment/digest-settings', {
    config: needs('purchasing.write', 'none'),
    summary: 'Set where the daily low-stock digest goes: a webhook, a mail server, both or neither',
    tags,
    body: digestSettingsSchema,
    ok: digestSettingsSchema,
    answer: async (request) => saveDigestSettings(ho, request.body),
  });

  okRoute(api, 'POST', '/api/replenishment/digest/run', {
    config: needs('purchasing.write', 'none'),
    summary: 'Send the low-stock digest now (it also goes daily): SKUs that went low since the last one',
    tags,
    ok: digestRunSchema,
    answer: async () => runLowStockDigest(ho),
  });
}
