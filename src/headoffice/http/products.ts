/** The head-office catalog, by SKU; changes reach every register through the catalog stream. */
import { z } from 'zod';
import {
  countedPageSchema,
  importReportSchema,
  productParamsSchema,
  productPatchSchema,
  productsImportSchema,
  productsQuerySchema,
  productsUpsertSchema,
  productViewSchema,
  upsertResultSchema,
} from '../../shared/sync/admin-api.ts';
import { exportCatalogCsv } from '../catalog-export.ts';
import { importCatalogCsv } from '../catalog-import.ts';
import { deleteProduct, patchProduct, readProduct, upsertProducts } from '../catalog.ts';
import { listCategories, listProducts } from '../reports.ts';
import { needs } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { fileRoute, noContentRoute, okRoute } from './routes.ts';

const tags = ['Products'];

export function productRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/products', {
    config: needs('catalog.read', 'none'),
    summary: 'The catalog: searched, filtered and sorted (by SKU unless told otherwise)',
    tags,
    querystring: productsQuerySchema,
    ok: countedPageSchema(productViewSchema),
    answer: async (request) => listProducts(ho, request.query),
  });

  fileRoute(api, '/api/products.csv', {
    config: needs('catalog.read', 'none'),
    summary: 'Every product the search and filters match, as a catalog CSV file (docs/catalog-csv.md)',
    description: 'The same columns as the import, without stock; the same order as the list.',
    tags,
    querystring: productsQuerySchema.omit({ after: true, limit: true }),
    file: 'csv',
    download: (request) => ({ name: 'products.csv', body: exportCatalogCsv(ho, request.query) }),
  });

  okRoute(api, 'POST', '/api/products/import', {
    config: needs('catalog.write', 'none'),
    summary: 'Import a catalog CSV file: a dry run first, then the import (all rows or none)',
    description:
      'The file in the catalog CSV format (docs/catalog-csv.md) without the stock column. An optional column ' +
      'that is absent changes nothing; present and empty clears. Every row is checked first; with any ' +
      'problem nothing is imported and every problem is listed with its row number.',
    tags,
    body: productsImportSchema,
    ok: importReportSchema,
    answer: async (request) => importCatalogCsv(ho, request.body.csv, request.body.dryRun),
  });

  okRoute(api, 'GET', '/api/categories', {
    config: needs('catalog.read', 'none'),
    summary: 'Every category the catalog uses, A to Z',
    tags,
    ok: z.array(z.string()).describe('The categories'),
    answer: async () => listCategories(ho),
  });

  okRoute(api, 'PUT', '/api/products', {
    config: needs('catalog.write', 'none'),
    summary: 'Create or replace products, with their prices and barcodes (all or nothing)',
    description:
      'A barcode belongs to one product: to move it, send both products in one request. At most 5,000 ' +
      'products per request.',
    tags,
    body: productsUpsertSchema,
    ok: upsertResultSchema,
    answer: async (request) => upsertProducts(ho, request.body.products),
  });

  okRoute(api, 'GET', '/api/products/:sku', {
    config: needs('catalog.read', 'none'),
    summary: 'One product',
    tags,
    params: productParamsSchema,
    ok: productViewSchema.describe('The product'),
    answer: async (request) => readProduct(ho, request.params.sku),
  });

  okRoute(api, 'PATCH', '/api/products/:sku', {
    config: needs('catalog.write', 'none'),
    summary: 'Change some fields of a product (a price, say), leaving the others as they are',
    description: 'Audited, and sent to every register like any catalog change.',
    tags,
    params: productParamsSchema,
    body: productPatchSchema,
    ok: productViewSchema.describe('The product as it is now'),
    answer: async (request) => patchProduct(ho, request.params.sku, request.body),
  });

  noContentRoute(api, 'DELETE', '/api/products/:sku', {
    config: needs('catalog.write', 'none'),
    summary: 'Remove a product (409 while a store stocks it or an open order or transfer names it)',
    description:
      'Take it off sale (active: false) instead while it is in use. Sales of it that arrive later still apply, ' +
      'with an unknown-SKU exception.',
    tags,
    params: productParamsSchema,
    done: 'Removed',
    act: (request) => deleteProduct(ho, request.params.sku),
  });
}
