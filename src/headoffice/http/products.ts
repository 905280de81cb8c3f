/** The head-office catalog, by SKU; changes reach every register through the catalog stream. */
import { z } from 'zod';
import { CounterError } from '../../shared/errors.ts';
import {
  pageQuerySchema,
  pageSchema,
  productParamsSchema,
  productsUpsertSchema,
  productViewSchema,
  upsertResultSchema,
} from '../../shared/sync/admin-api.ts';
import { deleteProduct, loadProducts, upsertProducts } from '../catalog.ts';
import { needs } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';

const tags = ['Products'];

export function productRoutes(api: Api, { ho }: ApiDeps): void {
  api.get(
    '/api/products',
    {
      config: needs('catalog.read', 'none'),
      schema: {
        summary: 'The catalog, by SKU',
        tags,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(productViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      const items = await loadProducts(ho.db, { after: after ?? null, limit: limit + 1 });
      const page = items.slice(0, limit);
      return { items: page, next: items.length > limit ? page.at(-1)!.sku : null };
    },
  );

  api.put(
    '/api/products',
    {
      config: needs('catalog.write', 'none'),
      schema: {
        summary: 'Create or replace products, with their prices and barcodes (all or nothing)',
        description:
          'A barcode belongs to one product: to move it, send both products in one request. At most 5,000 ' +
          'products per request.',
        tags,
        body: productsUpsertSchema,
        response: { 200: upsertResultSchema, ...errorResponses },
      },
    },
    async (request) => upsertProducts(ho, request.body.products),
  );

  api.get(
    '/api/products/:sku',
    {
      config: needs('catalog.read', 'none'),
      schema: {
        summary: 'One product',
        tags,
        params: productParamsSchema,
        response: { 200: productViewSchema.describe('The product'), ...errorResponses },
      },
    },
    async (request) => {
      const { sku } = request.params;
      const [product] = await loadProducts(ho.db, { skus: [sku] });
      if (!product) throw new CounterError('NOT_FOUND', `There is no product with SKU "${sku}".`);
      return product;
    },
  );

  api.delete(
    '/api/products/:sku',
    {
      config: needs('catalog.write', 'none'),
      schema: {
        summary: 'Remove a product (later sales of it still apply, with an unknown-SKU exception)',
        tags,
        params: productParamsSchema,
        response: { 204: z.undefined().describe('Removed'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteProduct(ho, request.params.sku);
      return reply.code(204).send();
    },
  );
}
