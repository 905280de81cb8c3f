/**
 * Suppliers, their items and purchase orders (issue 17). Owners and buyers change them; store managers read
 * suppliers and their own stores' orders; accountants and viewers read. A person's change is audited by the one
 * audit hook (audit.ts) and stamped on the order (updatedBy, updatedAt).
 */
import {
  purchaseOrderParamsSchema,
  purchaseOrdersCreatedSchema,
  purchaseOrdersQuerySchema,
  supplierItemParamsSchema,
  supplierItemsImportReportSchema,
  supplierItemsImportSchema,
  supplierParamsSchema,
  suppliersQuerySchema,
} from '../../shared/purchasing-api.ts';
import {
  purchaseOrderCreateSchema,
  purchaseOrderEditSchema,
  purchaseOrderSchema,
  supplierInputSchema,
  supplierItemInputSchema,
  supplierItemSchema,
  supplierSchema,
  type PurchaseOrder,
} from '../../shared/purchasing.ts';
import { pageQuerySchema, pageSchema } from '../../shared/sync/admin-api.ts';
import { findStore, findSupplier } from '../find.ts';
import { purchaseOrderCsv, purchaseOrderPdf } from '../purchase-order-files.ts';
import {
  cancelPurchaseOrder,
  closePurchaseOrderShort,
  createPurchaseOrders,
  editPurchaseOrder,
  listPurchaseOrders,
  orderPurchaseOrder,
  readPurchaseOrder,
} from '../purchase-orders.ts';
import {
  createSupplier,
  listSuppliers,
  deleteSupplier,
  deleteSupplierItem,
  exportSupplierItemsCsv,
  importSupplierItemsCsv,
  listSupplierItems,
  putSupplierItem,
  readSupplier,
  updateSupplier,
} from '../suppliers.ts';
import { needs, storeOfRow, visibleStores } from './access.ts';
import { storeListRoute } from './store-list.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, fileRoute, noContentRoute, okRoute } from './routes.ts';

const tags = ['Purchasing'];
const orderStore = storeOfRow('purchase_orders', 'purchaseOrderId');

export function purchasingRoutes(api: Api, { ho }: ApiDeps): void {
  const by = (request: { actor: { id: string } | null }): string => request.actor?.id ?? 'system';

  okRoute(api, 'GET', '/api/suppliers', {
    config: needs('purchasing.read', 'none'),
    summary: 'Suppliers A to Z',
    tags,
    querystring: suppliersQuerySchema,
    ok: pageSchema(supplierSchema),
    answer: async (request) => listSuppliers(ho, request.query),
  });

  createdRoute(api, '/api/suppliers', {
    config: needs('purchasing.write', 'none'),
    summary: 'Add a supplier',
    tags,
    body: supplierInputSchema,
    created: supplierSchema.describe('The supplier'),
    create: async (request) => {
      const supplier = await createSupplier(ho, request.body);
      request.auditTarget = `supplierId=${supplier.id}`;
      return supplier;
    },
  });

  okRoute(api, 'GET', '/api/suppliers/:supplierId', {
    config: needs('purchasing.read', 'none'),
    summary: 'One supplier',
    tags,
    params: supplierParamsSchema,
    ok: supplierSchema,
    answer: async (request) => readSupplier(ho, request.params.supplierId),
  });

  okRoute(api, 'PUT', '/api/suppliers/:supplierId', {
    config: needs('purchasing.write', 'none'),
    summary: 'Change a supplier (every field)',
    tags,
    params: supplierParamsSchema,
    body: supplierInputSchema,
    ok: supplierSchema,
    answer: async (request) => updateSupplier(ho, request.params.supplierId, request.body),
  });

  noContentRoute(api, 'DELETE', '/api/suppliers/:supplierId', {
    config: needs('purchasing.write', 'none'),
    summary: 'Delete a supplier no purchase order names, with its items',
    tags,
    params: supplierParamsSchema,
    done: 'Deleted',
    act: (request) => deleteSupplier(ho, request.params.supplierId),
  });

  okRoute(api, 'GET', '/api/suppliers/:supplierId/items', {
    config: needs('purchasing.read', 'none'),
    summary: 'What a supplier sells us, by SKU: its codes, unit costs, pack sizes',
    tags,
    params: supplierParamsSchema,
    querystring: pageQuerySchema,
    ok: pageSchema(supplierItemSchema),
    answer: async (request) => listSupplierItems(ho, request.params.supplierId, request.query),
  });

  okRoute(api, 'PUT', '/api/suppliers/:supplierId/items/:sku', {
    config: needs('purchasing.write', 'none'),
    summary: 'Set what a supplier asks for a SKU of the catalog',
    description: 'A preferred item makes this the SKU’s one preferred supplier: the others are unmarked.',
    tags,
    params: supplierItemParamsSchema,
    body: supplierItemInputSchema,
    ok: supplierItemSchema,
    answer: async (request) =>
      putSupplierItem(ho, request.params.supplierId, request.params.sku, request.body),
  });

  noContentRoute(api, 'DELETE', '/api/suppliers/:supplierId/items/:sku', {
    config: needs('purchasing.write', 'none'),
    summary: 'Take a SKU off a supplier',
    tags,
    params: supplierItemParamsSchema,
    done: 'Deleted',
    act: (request) => deleteSupplierItem(ho, request.params.supplierId, request.params.sku),
  });

  fileRoute(api, '/api/suppliers/:supplierId/items.csv', {
    config: needs('purchasing.read', 'none'),
    summary: 'A supplier’s items as a CSV file (docs/purchasing.md), the file the import takes',
    tags,
    params: supplierParamsSchema,
    file: 'csv',
    download: async (request) => ({
      name: 'supplier-items.csv',
      body: await exportSupplierItemsCsv(ho, request.params.supplierId),
    }),
  });

  okRoute(api, 'POST', '/api/suppliers/:supplierId/items/import', {
    config: needs('purchasing.write', 'none'),
    summary: 'Import a supplier’s items from a CSV file: a dry run first, then all rows or none',
    tags,
    params: supplierParamsSchema,
    body: supplierItemsImportSchema,
    ok: supplierItemsImportReportSchema,
    answer: async (request) =>
      importSupplierItemsCsv(ho, request.params.supplierId, request.body.csv, request.body.dryRun),
  });

  storeListRoute(api, '/api/purchase-orders', {
    permission: 'purchasing.read',
    summary: 'Purchase orders, newest first, by store, supplier and state',
    tags,
    querystring: purchaseOrdersQuerySchema,
    item: purchaseOrderSchema,
    list: (query) => listPurchaseOrders(ho, query),
  });

  createdRoute(api, '/api/purchase-orders', {
    config: needs('purchasing.write', 'list'),
    summary: 'Draft purchase orders from one supplier: one per store the lines name',
    description:
      'A line without unitCostMinor takes the supplier item’s cost. All drafts or none are made; order each ' +
      'with POST /api/purchase-orders/:purchaseOrderId/order.',
    tags,
    body: purchaseOrderCreateSchema,
    created: purchaseOrdersCreatedSchema.describe('The drafts, one per store'),
    create: async (request) => {
      for (const storeId of new Set(request.body.lines.map((line) => line.storeId)))
        visibleStores(request, storeId);
      const items = await createPurchaseOrders(ho, request.body, by(request));
      request.auditTarget = items.map((order) => `purchaseOrderId=${order.id}`).join('&');
      return { items };
    },
  });

  okRoute(api, 'GET', '/api/purchase-orders/:purchaseOrderId', {
    config: needs('purchasing.read', orderStore),
    summary: 'One purchase order with its lines: ordered and received',
    tags,
    params: purchaseOrderParamsSchema,
    ok: purchaseOrderSchema,
    answer: async (request) => readPurchaseOrder(ho, request.params.purchaseOrderId),
  });

  okRoute(api, 'PUT', '/api/purchase-orders/:purchaseOrderId', {
    config: needs('purchasing.write', orderStore),
    summary: 'Change a draft: its lines, expected day and note (only a draft is edited)',
    tags,
    params: purchaseOrderParamsSchema,
    body: purchaseOrderEditSchema,
    ok: purchaseOrderSchema,
    answer: async (request) =>
      editPurchaseOrder(ho, request.params.purchaseOrderId, request.body, by(request)),
  });

  const actions = [
    ['order', 'Order a draft: its quantities become incoming at its store', orderPurchaseOrder],
    ['cancel', 'Cancel a draft, or an order nothing of which was received', cancelPurchaseOrder],
    ['close', 'Close an order short: what is left of it is no longer expected', closePurchaseOrderShort],
  ] as const;
  for (const [action, summary, act] of actions)
    okRoute(api, 'POST', `/api/purchase-orders/:purchaseOrderId/${action}`, {
      config: needs('purchasing.write', orderStore),
      summary,
      tags,
      params: purchaseOrderParamsSchema,
      ok: purchaseOrderSchema,
      answer: async (request) => act(ho, request.params.purchaseOrderId, by(request)),
    });

  /** The purchase order as a file for the supplier, with the supplier's codes, named by its number. */
  const orderFile = (
    file: 'pdf' | 'csv',
    summary: string,
    make: (order: PurchaseOrder) => string | Buffer | Promise<Buffer>,
  ): void =>
    fileRoute(api, `/api/purchase-orders/:purchaseOrderId/${file}`, {
      config: needs('purchasing.read', orderStore),
      summary,
      tags,
      params: purchaseOrderParamsSchema,
      file,
      download: async (request) => {
        const order = await readPurchaseOrder(ho, request.params.purchaseOrderId);
        return { name: `${order.number}.${file}`, body: await make(order) };
      },
    });

  orderFile(
    'pdf',
    'The purchase order as a PDF for the supplier, with the supplier’s codes',
    async (order) => {
      const [supplier, store] = await Promise.all([
        findSupplier(ho.db, order.supplierId),
        findStore(ho.db, order.storeId),
      ]);
      return Buffer.from(await purchaseOrderPdf(order, supplier, store));
    },
  );
  orderFile(
    'csv',
    'The purchase order’s lines as a CSV file for the supplier, with the supplier’s codes',
    purchaseOrderCsv,
  );
}
