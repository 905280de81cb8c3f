/** Goods receipts and transfers: lists with paging, each one read, and transfers head office plans. */
import { receiptCompleted } from '../../shared/documents/goods-receipt.ts';
import {
  goodsReceiptParamsSchema,
  goodsReceiptsQuerySchema,
  goodsReceiptViewSchema,
  transferParamsSchema,
  transferPlanSchema,
  transfersQuerySchema,
  transferStoresSchema,
} from '../../shared/inventory-admin.ts';
import { transferViewSchema } from '../../shared/transfers.ts';
import { goodsReceiptDocument, listGoodsReceipts } from '../goods-receipts.ts';
import { listTransfers, planTransfer, readTransfer, transferStores } from '../transfers.ts';
import { needs, storeOfRow, visibleStores } from './access.ts';
import { storeListRoute } from './store-list.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, okRoute } from './routes.ts';

const tags = ['Stock'];

const receiptStore = storeOfRow('goods_receipts', 'receiptId');

export function inventoryRoutes(api: Api, { ho }: ApiDeps): void {
  storeListRoute(api, '/api/goods-receipts', {
    permission: 'stock.read',
    summary: 'Goods received at stores, newest first',
    description:
      'Lines of barcodes a register did not know are `unknown_barcode` exceptions to resolve: ' +
      'GET /api/exceptions?kind=unknown_barcode&unresolved=true.',
    tags,
    querystring: goodsReceiptsQuerySchema,
    item: goodsReceiptViewSchema,
    list: (query) => listGoodsReceipts(ho, query),
  });

  okRoute(api, 'GET', '/api/goods-receipts/:receiptId/document', {
    config: needs('stock.read', receiptStore),
    summary: 'A goods receipt as its register sent it, with its lines and unknown barcodes',
    tags,
    params: goodsReceiptParamsSchema,
    ok: receiptCompleted.schema.describe('The goods receipt'),
    answer: async (request) => goodsReceiptDocument(ho, request.params.receiptId),
  });

  storeListRoute(api, '/api/transfers', {
    permission: 'transfers.read',
    summary: 'Transfers from or to stores, newest first, with what was requested, sent and received',
    tags,
    querystring: transfersQuerySchema,
    item: transferViewSchema,
    list: (query) => listTransfers(ho, query),
  });

  okRoute(api, 'GET', '/api/transfers/:transferId', {
    // Whoever may see either of its two stores may see it: checked in the handler.
    config: needs('transfers.read', 'list'),
    summary: 'One transfer, as both of its stores see it',
    tags,
    params: transferParamsSchema,
    ok: transferViewSchema,
    answer: async (request) => {
      const view = await readTransfer(ho, request.params.transferId);
      const allowed = visibleStores(request, undefined);
      // Neither store is the caller's: refused in the sending store's name.
      if (allowed && !allowed.includes(view.toStoreId)) visibleStores(request, view.fromStoreId);
      return view;
    },
  });

  okRoute(api, 'GET', '/api/transfer-stores', {
    // Names only, of every store: a manager plans transfers into their store from any other.
    config: needs('transfers.plan', 'none'),
    summary: 'Every store a transfer may be planned from or to, by id and name',
    tags,
    ok: transferStoresSchema,
    answer: async () => transferStores(ho.db),
  });

  createdRoute(api, '/api/transfers', {
    config: needs('transfers.plan', 'list'),
    summary: 'Plan a transfer: the sending store’s registers get it to pick and send',
    description:
      'A caller limited to some stores plans one into a store of theirs (asking another for stock) or out of ' +
      'one; one between two stores that are neither is refused.',
    tags,
    body: transferPlanSchema,
    created: transferViewSchema.describe('The planned transfer'),
    create: async (request) => {
      // A caller limited to some stores plans transfers into one of theirs (a manager asks another store for
      // stock, which that store's registers send) or out of one of theirs; never between two that are not.
      const allowed = visibleStores(request, undefined);
      if (allowed && !allowed.includes(request.body.toStoreId))
        visibleStores(request, request.body.fromStoreId);
      return planTransfer(ho, request.body, request.actor?.id ?? 'system');
    },
  });
}
