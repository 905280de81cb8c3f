/** Sales as their registers sent them, by completion time. */
import { pageSchema, salesQuerySchema, saleViewSchema } from '../../shared/sync/admin-api.ts';
import { listSales } from '../reports.ts';
import { needs, visibleStores } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';

export function saleRoutes(api: Api, { ho }: ApiDeps): void {
  api.get(
    '/api/sales',
    {
      config: needs('sales.read', 'list'),
      schema: {
        summary: 'Sales as received, by completion time',
        tags: ['Sales'],
        querystring: salesQuerySchema,
        response: { 200: pageSchema(saleViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { storeId, ...query } = request.query;
      return listSales(ho, { ...query, storeIds: visibleStores(request, storeId) });
    },
  );
}
