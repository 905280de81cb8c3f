/** Stock per store: balances by SKU, and movements an admin records (goods in, corrections, counts). */
import {
  pageSchema,
  stockMovementRequestSchema,
  stockQuerySchema,
  stockViewSchema,
  storeParamsSchema,
} from '../../shared/sync/admin-api.ts';
import { findStore } from '../find.ts';
import { addStockMovement, listStock } from '../stock.ts';
import { needs } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';

const tags = ['Stock'];

export function stockRoutes(api: Api, { ho }: ApiDeps): void {
  api.get(
    '/api/stores/:storeId/stock',
    {
      config: needs('stock.read', 'path'),
      schema: {
        summary: 'Stock on hand per SKU at a store',
        tags,
        params: storeParamsSchema,
        querystring: stockQuerySchema,
        response: { 200: pageSchema(stockViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const store = await findStore(ho.db, request.params.storeId);
      const items = await listStock(ho.db, ho.dialect, store.id, { ...query, limit: query.limit + 1 });
      const page = items.slice(0, query.limit);
      return { items: page, next: items.length > query.limit ? page.at(-1)!.sku : null };
    },
  );

  api.post(
    '/api/stores/:storeId/stock-movements',
    {
      config: needs('stock.write', 'path'),
      schema: {
        summary: 'Record goods received, a correction or a count',
        description:
          '`receive` adds (quantity above 0), `adjust` adds a signed correction, `count` sets the balance to ' +
          'what was counted at `occurredAt`: movements from before a count no longer change the balance, ' +
          'movements after it still do, however late they arrive.',
        tags,
        params: storeParamsSchema,
        body: stockMovementRequestSchema,
        response: { 201: stockViewSchema.describe('The balance afterwards'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addStockMovement(ho, request.params.storeId, request.body)),
  );
}
