/**
 * Stock per store: balances by SKU in every state, one SKU across stores, a SKU's movements at a store, the
 * adjustments registers made, and movements an admin records (goods in, corrections, counts).
 */
import {
  adjustmentParamsSchema,
  adjustmentsQuerySchema,
  adjustmentViewSchema,
  pageQuerySchema,
  pageSchema,
  productParamsSchema,
  skuStockSchema,
  stockMovementViewSchema,
  storeSkuParamsSchema,
  stockMovementRequestSchema,
  stockQuerySchema,
  stockViewSchema,
  storeParamsSchema,
} from '../../shared/sync/admin-api.ts';
import { findStore } from '../find.ts';
import { pageOf } from '../paging.ts';
import { addStockMovement, listStock } from '../stock.ts';
import { listAdjustments, readAdjustment, skuMovements, skuStock } from '../inventory.ts';
import { needs, storeOfRow, visibleStores } from './access.ts';
import { storeListRoute } from './store-list.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, okRoute } from './routes.ts';

const tags = ['Stock'];

/** An adjustment is about the store it was made at. */
const adjustmentStore = storeOfRow('adjustments', 'adjustmentId');

export function stockRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/stores/:storeId/stock', {
    config: needs('stock.read', 'path'),
    summary: 'Stock per SKU at a store, in every state',
    tags,
    params: storeParamsSchema,
    querystring: stockQuerySchema,
    ok: pageSchema(stockViewSchema),
    answer: async (request) => {
      const query = request.query;
      const store = await findStore(ho.db, request.params.storeId);
      const items = await listStock(ho.db, ho.dialect, store.id, { ...query, limit: query.limit + 1 });
      const { rows, next } = pageOf(items, query.limit, (last) => last.sku);
      return { items: rows, next };
    },
  });

  createdRoute(api, '/api/stores/:storeId/stock-movements', {
    config: needs('stock.write', 'path'),
    summary: 'Record goods received, a correction or a count',
    description:
      '`receive` adds (quantity above 0), `adjust` adds a signed correction, `count` sets the balance to ' +
      'what was counted at `occurredAt`: movements from before a count no longer change the balance, ' +
      'movements after it still do, however late they arrive. `occurredAt` may not be in the future, and no ' +
      'movement takes on hand beyond the quantity limit. The movement names the caller, and its note is its reason.',
    tags,
    params: storeParamsSchema,
    body: stockMovementRequestSchema,
    created: stockViewSchema.describe('The balance afterwards'),
    create: (request) => addStockMovement(ho, request.params.storeId, request.body, request.actor!),
  });

  okRoute(api, 'GET', '/api/stock/:sku', {
    config: needs('stock.read', 'list'),
    summary: 'One SKU at every store, in every state',
    description: 'Every store the caller may see, including those that never had the SKU (all zero).',
    tags,
    params: productParamsSchema,
    ok: skuStockSchema,
    answer: async (request) => skuStock(ho, request.params.sku, visibleStores(request, undefined)),
  });

  okRoute(api, 'GET', '/api/stores/:storeId/stock/:sku/movements', {
    config: needs('stock.read', 'path'),
    summary: "A SKU's movements at a store, newest first",
    description: 'What moved, in which state, why, by which document and who made it.',
    tags,
    params: storeSkuParamsSchema,
    querystring: pageQuerySchema,
    ok: pageSchema(stockMovementViewSchema),
    answer: async (request) => {
      const store = await findStore(ho.db, request.params.storeId);
      return skuMovements(ho, store.id, request.params.sku, request.query);
    },
  });

  storeListRoute(api, '/api/adjustments', {
    permission: 'stock.read',
    summary: 'Stock adjustments made at registers, oldest first',
    tags,
    querystring: adjustmentsQuerySchema,
    item: adjustmentViewSchema,
    list: (query) => listAdjustments(ho, query),
  });

  okRoute(api, 'GET', '/api/adjustments/:adjustmentId', {
    config: needs('stock.read', adjustmentStore),
    summary: 'One stock adjustment, with its lines and the movements each made',
    tags,
    params: adjustmentParamsSchema,
    ok: adjustmentViewSchema,
    answer: async (request) => readAdjustment(ho, request.params.adjustmentId),
  });
}
