/** Inventory value at cost: a store's stock at the moving average cost per SKU (costing.ts, docs/cost.md). */
import { stockValueQuerySchema, stockValueSchema } from '../../shared/cost.ts';
import { storeParamsSchema } from '../../shared/sync/admin-api.ts';
import { stockValue } from '../costing.ts';
import { needs } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { okRoute } from './routes.ts';

export function costRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/stores/:storeId/stock-value', {
    config: needs('stock.read', 'path'),
    summary: "A store's inventory at moving average cost, per SKU and in total",
    description:
      'Each SKU the store holds (on hand, damaged, in transit) × the moving average cost of the SKU in the ' +
      "store's currency, which every goods receipt with a unit cost moves (docs/cost.md).",
    tags: ['Stock'],
    params: storeParamsSchema,
    querystring: stockValueQuerySchema,
    ok: stockValueSchema,
    answer: async (request) => stockValue(ho, request.params.storeId, request.query),
  });
}
