/** Sales and returns as their registers sent them, by completion time, and each one's document (its receipt). */
import {
  returnParamsSchema,
  returnsQuerySchema,
  returnViewSchema,
  saleParamsSchema,
  salesQuerySchema,
  saleViewSchema,
} from '../../shared/sync/admin-api.ts';
import { returnCompleted } from '../../shared/documents/return.ts';
import { saleCompleted } from '../../shared/documents/sale.ts';
import {
  listReturns,
  listSales,
  returnDocument,
  returnStoreId,
  saleDocument,
  saleStoreId,
} from '../reports.ts';
import { needs, type StoreScope } from './access.ts';
import { errorResponses } from './errors.ts';
import { storeListRoute } from './store-list.ts';
import type { Api, ApiDeps } from './types.ts';

const tags = ['Sales'];

/** A sale or a return belongs to the store it was rung up in. */
const saleStore: StoreScope = async (ho, params) => saleStoreId(ho, params.saleId as string);
const returnStore: StoreScope = async (ho, params) => returnStoreId(ho, params.returnId as string);

export function saleRoutes(api: Api, { ho }: ApiDeps): void {
  storeListRoute(api, '/api/sales', {
    permission: 'sales.read',
    summary: 'Sales as received, by completion time',
    tags,
    querystring: salesQuerySchema,
    item: saleViewSchema,
    list: (query) => listSales(ho, query),
  });

  api.get(
    '/api/sales/:saleId/document',
    {
      config: needs('sales.read', saleStore),
      schema: {
        summary: 'A sale as its register sent it: what its receipt was printed from',
        tags,
        params: saleParamsSchema,
        response: { 200: saleCompleted.schema.describe('The sale'), ...errorResponses },
      },
    },
    async (request) => saleDocument(ho, request.params.saleId),
  );

  storeListRoute(api, '/api/returns', {
    permission: 'sales.read',
    summary: 'Returns as received, by completion time',
    tags,
    querystring: returnsQuerySchema,
    item: returnViewSchema,
    list: (query) => listReturns(ho, query),
  });

  api.get(
    '/api/returns/:returnId/document',
    {
      config: needs('sales.read', returnStore),
      schema: {
        summary: 'A return as its register sent it: what its receipt was printed from',
        tags,
        params: returnParamsSchema,
        response: { 200: returnCompleted.schema.describe('The return'), ...errorResponses },
      },
    },
    async (request) => returnDocument(ho, request.params.returnId),
  );
}
