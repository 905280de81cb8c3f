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
import { listReturns, listSales, returnDocument, saleDocument } from '../reports.ts';
import { needs, storeOfRow } from './access.ts';
import { storeListRoute } from './store-list.ts';
import type { Api, ApiDeps } from './types.ts';
import { okRoute } from './routes.ts';

const tags = ['Sales'];

/** A sale or a return belongs to the store it was rung up in. */
const saleStore = storeOfRow('sales', 'saleId');
const returnStore = storeOfRow('returns', 'returnId');

export function saleRoutes(api: Api, { ho }: ApiDeps): void {
  storeListRoute(api, '/api/sales', {
    permission: 'sales.read',
    summary: 'Sales as received, by completion time',
    tags,
    querystring: salesQuerySchema,
    item: saleViewSchema,
    list: (query) => listSales(ho, query),
  });

  okRoute(api, 'GET', '/api/sales/:saleId/document', {
    config: needs('sales.read', saleStore),
    summary: 'A sale as its register sent it: what its receipt was printed from',
    tags,
    params: saleParamsSchema,
    ok: saleCompleted.schema.describe('The sale'),
    answer: async (request) => saleDocument(ho, request.params.saleId),
  });

  storeListRoute(api, '/api/returns', {
    permission: 'sales.read',
    summary: 'Returns as received, by completion time',
    tags,
    querystring: returnsQuerySchema,
    item: returnViewSchema,
    list: (query) => listReturns(ho, query),
  });

  okRoute(api, 'GET', '/api/returns/:returnId/document', {
    config: needs('sales.read', returnStore),
    summary: 'A return as its register sent it: what its receipt was printed from',
    tags,
    params: returnParamsSchema,
    ok: returnCompleted.schema.describe('The return'),
    answer: async (request) => returnDocument(ho, request.params.returnId),
  });
}
