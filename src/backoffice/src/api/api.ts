/**
 * Head office's admin API as the back office calls it: each function is one route, its input typed by the
 * route's request schema and its answer checked against the answer schema (src/shared/sync/admin-api.ts,
 * src/shared/backoffice/people-api.ts), so a change of contract is a type error here.
 */
import { stockValueSchema } from '../../../shared/cost.ts';
import {
  customerDetailSchema,
  customerExportSchema,
  customerPurchasesSchema,
  customersPageSchema,
  duplicatesSchema,
} from '../../../shared/backoffice/customers-api.ts';
import {
  auditEntrySchema,
  passwordLinkSchema,
  sessionSchema,
  tokenCreatedSchema,
  tokenViewSchema,
  userCreatedSchema,
  userViewSchema,
  type AuditQuery,
  type TokenCreate,
  type UserCreate,
  type UserUpdate,
} from '../../../shared/backoffice/people-api.ts';
import { styleViewSchema, type StyleInputBody } from '../../../shared/sync/styles-api.ts';
import {
  adjustmentViewSchema,
  countedPageSchema,
  exceptionViewSchema,
  importReportSchema,
  pageSchema,
  pairingCodeViewSchema,
  productViewSchema,
  registerViewSchema,
  returnViewSchema,
  saleViewSchema,
  skuStockSchema,
  stockMovementViewSchema,
  stockViewSchema,
  storeViewSchema,
  todaySchema,
  upsertResultSchema,
  type ExceptionKind,
  type StoreCreate,
  type StoreUpdate,
} from '../../../shared/sync/admin-api.ts';
import type { UncountedChoice } from '../../../shared/counts.ts';
import { countDetailSchema, countViewSchema, type CountOpening } from '../../../shared/sync/counts-api.ts';
import type { CatalogItem } from '../../../shared/sync/protocol.ts';
import {
  accountMapSchema,
  dayJournalsSchema,
  type AccountMapUpdate,
  type ExportFormat,
} from '../../../shared/books.ts';
import { returnCompleted } from '../../../shared/documents/return.ts';
import { saleCompleted } from '../../../shared/documents/sale.ts';
import { transferViewSchema, type TransferStatus } from '../../../shared/transfers.ts';
import {
  goodsReceiptViewSchema,
  transferStoresSchema,
  type TransferPlan,
} from '../../../shared/inventory-admin.ts';
import { receiptCompleted } from '../../../shared/documents/goods-receipt.ts';
import type {
  purchaseOrderCreateSchema,
  supplierInputSchema,
  supplierItemInputSchema,
} from '../../../shared/purchasing.ts';
import {
  purchaseOrderSchema,
  supplierItemSchema,
  supplierSchema,
  type PurchaseOrderState,
} from '../../../shared/purchasing.ts';
import { purchaseOrdersCreatedSchema } from '../../../shared/purchasing-api.ts';
import {
  channelItemViewSchema,
  channelOrderViewSchema,
  channelPushViewSchema,
  channelViewSchema,
  mappingReportSchema,
  pollReportSchema,
  reconcileReportSchema,
  type ChannelOrderState,
  type ChannelPushState,
  type OversellChoice,
} from '../../../shared/channels.ts';
import {
  createdPurchaseOrdersSchema,
  reorderSavedSchema,
  reorderSettingsViewSchema,
  suggestionsSchema,
  velocitySchema,
  type CreatePurchaseOrders,
  type ReorderSettingsChange,
  type VelocityQuery,
} from '../../../shared/replenishment-api.ts';
import { z } from '../zod.ts';
import { call, noContent, path, queryString, type QueryValue } from './client.ts';

type Query = Record<string, QueryValue>;

export interface ProductsFilter {
  q?: string;
  category?: string;
  active?: 'true' | 'false';
  sort?: string;
}

export interface DocumentsFilter {
  storeId?: string;
  registerId?: string;
  from?: string;
  to?: string;
  receiptNumber?: string;
}

export interface ExceptionsFilter {
  storeId?: string;
  kind?: ExceptionKind;
  unresolved?: 'true' | 'false';
}

export const api = {
  // People: signing in, the one-time links, users, tokens and the audit.
  session: () => call('GET', '/api/session', sessionSchema),
  signIn: (email: string, password: string) =>
    call('POST', '/api/session', sessionSchema, { body: { email, password } }),
  signOut: () => call('DELETE', '/api/session', noContent),
  setUp: (body: { token: string; email: string; name: string; password: string }) =>
    call('POST', '/api/setup', userViewSchema, { body }),
  setPassword: (token: string, password: string) =>
    call('POST', '/api/password', noContent, { body: { token, password } }),
  changePassword: (currentPassword: string, newPassword: string) =>
    call('POST', '/api/users/me/password', noContent, { body: { currentPassword, newPassword } }),
  users: () => call('GET', '/api/users', z.array(userViewSchema)),
  inviteUser: (body: UserCreate) => call('POST', '/api/users', userCreatedSchema, { body }),
  updateUser: (userId: string, body: UserUpdate) =>
    call('PATCH', path`/api/users/${userId}`, userViewSchema, { body }),
  passwordLink: (userId: string) =>
    call('POST', path`/api/users/${userId}/password-links`, passwordLinkSchema),
  tokens: () => call('GET', '/api/tokens', z.array(tokenViewSchema)),
  createToken: (body: TokenCreate) => call('POST', '/api/tokens', tokenCreatedSchema, { body }),
  revokeToken: (tokenId: string) => call('POST', path`/api/tokens/${tokenId}/revoke`, tokenViewSchema),
  audit: (query: Partial<AuditQuery> & Query) =>
    call('GET', '/api/audit', pageSchema(auditEntrySchema), { query }),

  // Stores and registers.
  today: () => call('GET', '/api/today', todaySchema),
  stores: () => call('GET', '/api/stores', z.array(storeViewSchema)),
  createStore: (body: StoreCreate) => call('POST', '/api/stores', storeViewSchema, { body }),
  updateStore: (storeId: string, body: StoreUpdate) =>
    call('PATCH', path`/api/stores/${storeId}`, storeViewSchema, { body }),
  registers: () => call('GET', '/api/registers', z.array(registerViewSchema)),
  pairingCode: (storeId: string) =>
    call('POST', path`/api/stores/${storeId}/pairing-codes`, pairingCodeViewSchema, { body: {} }),
  rePairCode: (registerId: string) =>
    call('POST', path`/api/registers/${registerId}/pairing-codes`, pairingCodeViewSchema, { body: {} }),
  revokeRegister: (registerId: string) =>
    call('POST', path`/api/registers/${registerId}/revoke`, registerViewSchema),
  releaseRegister: (registerId: string) =>
    call('POST', path`/api/registers/${registerId}/release`, registerViewSchema),

  // The catalog and stock.
  products: (filter: ProductsFilter, after: string | undefined) =>
    call('GET', '/api/products', countedPageSchema(productViewSchema), { query: { ...filter, after } }),
  product: (sku: string) => call('GET', path`/api/products/${sku}`, productViewSchema),
  saveProducts: (products: CatalogItem[]) =>
    call('PUT', '/api/products', upsertResultSchema, { body: { products } }),
  style: (styleId: string) => call('GET', path`/api/styles/${styleId}`, styleViewSchema),
  /** Creates or changes a style: one variant (its own product) per combination of its options. */
  saveStyle: (styleId: string, body: StyleInputBody) =>
    call('PUT', path`/api/styles/${styleId}`, styleViewSchema, { body }),
  /** A dry run says what the file would change; without it, every row is imported or none. */
  importProducts: (csv: string, dryRun: boolean) =>
    call('POST', '/api/products/import', importReportSchema, { body: { csv, dryRun } }),
  /** The address of the CSV of every product the filter matches (a download: the browser fetches it). */
  productsCsvUrl: (filter: ProductsFilter) => `/api/products.csv${queryString({ ...filter })}`,
  categories: () => call('GET', '/api/categories', z.array(z.string())),
  stock: (storeId: string, filter: { q?: string; low?: 'true' }, after: string | undefined) =>
    call('GET', path`/api/stores/${storeId}/stock`, pageSchema(stockViewSchema), {
      query: { ...filter, after },
    }),
  skuStock: (sku: string) => call('GET', path`/api/stock/${sku}`, skuStockSchema),
  /** The store's inventory at moving average cost: its total (and a first page of SKUs, unused here). */
  stockValue: (storeId: string) =>
    call('GET', path`/api/stores/${storeId}/stock-value`, stockValueSchema, { query: { limit: 1 } }),
  skuMovements: (storeId: string, sku: string, after: string | undefined) =>
    call('GET', path`/api/stores/${storeId}/stock/${sku}/movements`, pageSchema(stockMovementViewSchema), {
      query: { after },
    }),

  counts: (filter: { storeId?: string; status?: 'open' | 'approved' }, after: string | undefined) =>
    call('GET', '/api/counts', pageSchema(countViewSchema), { query: { ...filter, after } }),
  count: (countId: string) => call('GET', path`/api/counts/${countId}`, countDetailSchema),
  openCount: (body: CountOpening) => call('POST', '/api/counts', countViewSchema, { body }),
  approveCount: (countId: string, uncounted: UncountedChoice) =>
    call('POST', path`/api/counts/${countId}/approve`, countDetailSchema, { body: { uncounted } }),
  goodsReceipts: (filter: { storeId?: string }, after: string | undefined) =>
    call('GET', '/api/goods-receipts', pageSchema(goodsReceiptViewSchema), { query: { ...filter, after } }),
  goodsReceipt: (receiptId: string) =>
    call('GET', path`/api/goods-receipts/${receiptId}/document`, receiptCompleted.schema),
  adjustments: (filter: { storeId?: string }, after: string | undefined) =>
    call('GET', '/api/adjustments', pageSchema(adjustmentViewSchema), {
      query: { ...filter, order: 'newest', after },
    }),
  adjustment: (adjustmentId: string) =>
    call('GET', path`/api/adjustments/${adjustmentId}`, adjustmentViewSchema),
  transfers: (filter: { storeId?: string; status?: TransferStatus }, after: string | undefined) =>
    call('GET', '/api/transfers', pageSchema(transferViewSchema), { query: { ...filter, after } }),
  transfer: (transferId: string) => call('GET', path`/api/transfers/${transferId}`, transferViewSchema),
  planTransfer: (body: TransferPlan) => call('POST', '/api/transfers', transferViewSchema, { body }),
  transferStores: () => call('GET', '/api/transfer-stores', transferStoresSchema),

  // Web-shop channels: settings, mapping, pushes and orders.
  channels: () => call('GET', '/api/channels', z.array(channelViewSchema)),
  mapChannel: (channelId: string) =>
    call('POST', path`/api/channels/${channelId}/mapping`, mappingReportSchema),
  reconcileChannel: (channelId: string) =>
    call('POST', path`/api/channels/${channelId}/reconcile`, reconcileReportSchema),
  pollChannel: (channelId: string) => call('POST', path`/api/channels/${channelId}/poll`, pollReportSchema),
  channelItems: (channelId: string, after: string | undefined) =>
    call('GET', path`/api/channels/${channelId}/items`, pageSchema(channelItemViewSchema), {
      query: { after },
    }),
  channelPushes: (channelId: string, filter: { state?: ChannelPushState }, after: string | undefined) =>
    call('GET', path`/api/channels/${channelId}/pushes`, pageSchema(channelPushViewSchema), {
      query: { ...filter, after },
    }),
  retryPush: (channelId: string, pushId: number) =>
    call('POST', path`/api/channels/${channelId}/pushes/${String(pushId)}/retry`, noContent),
  channelOrders: (channelId: string, filter: { state?: ChannelOrderState }, after: string | undefined) =>
    call('GET', path`/api/channels/${channelId}/orders`, pageSchema(channelOrderViewSchema), {
      query: { ...filter, after },
    }),
  chooseForOrder: (channelId: string, orderId: string, body: OversellChoice) =>
    call('POST', path`/api/channels/${channelId}/orders/${orderId}/choice`, noContent, { body }),

  // Sales, returns and exceptions.
  sales: (filter: DocumentsFilter, after: string | undefined) =>
    call('GET', '/api/sales', pageSchema(saleViewSchema), { query: { ...filter, order: 'newest', after } }),
  saleDocument: (saleId: string) => call('GET', path`/api/sales/${saleId}/document`, saleCompleted.schema),
  returns: (filter: DocumentsFilter, after: string | undefined) =>
    call('GET', '/api/returns', pageSchema(returnViewSchema), {
      query: { ...filter, order: 'newest', after },
    }),
  returnDocument: (returnId: string) =>
    call('GET', path`/api/returns/${returnId}/document`, returnCompleted.schema),
  exceptions: (filter: ExceptionsFilter, after: string | undefined) =>
    call('GET', '/api/exceptions', pageSchema(exceptionViewSchema), { query: { ...filter, after } }),
  resolveException: (id: number, note: string) =>
    call('POST', `/api/exceptions/${id}/resolve`, noContent, { body: { note } }),

  // Purchasing: suppliers, their items and purchase orders.
  suppliers: (q: string | undefined, after: string | undefined) =>
    call('GET', '/api/suppliers', pageSchema(supplierSchema), { query: { q, after } }),
  supplier: (supplierId: string) => call('GET', path`/api/suppliers/${supplierId}`, supplierSchema),
  createSupplier: (body: z.input<typeof supplierInputSchema>) =>
    call('POST', '/api/suppliers', supplierSchema, { body }),
  updateSupplier: ({ supplierId, ...body }: z.input<typeof supplierInputSchema> & { supplierId: string }) =>
    call('PUT', path`/api/suppliers/${supplierId}`, supplierSchema, { body }),
  supplierItems: (supplierId: string, after: string | undefined) =>
    call('GET', path`/api/suppliers/${supplierId}/items`, pageSchema(supplierItemSchema), {
      query: { after },
    }),
  putSupplierItem: ({
    supplierId,
    sku,
    ...body
  }: z.input<typeof supplierItemInputSchema> & { supplierId: string; sku: string }) =>
    call('PUT', path`/api/suppliers/${supplierId}/items/${sku}`, supplierItemSchema, { body }),
  /** Where the browser downloads a supplier's items as CSV. */
  supplierItemsCsvUrl: (supplierId: string) => path`/api/suppliers/${supplierId}/items.csv`,
  purchaseOrders: (
    filter: { storeId?: string; supplierId?: string; state?: PurchaseOrderState },
    after: string | undefined,
  ) => call('GET', '/api/purchase-orders', pageSchema(purchaseOrderSchema), { query: { ...filter, after } }),
  purchaseOrder: (orderId: string) => call('GET', path`/api/purchase-orders/${orderId}`, purchaseOrderSchema),
  createPurchaseOrders: (body: z.input<typeof purchaseOrderCreateSchema>) =>
    call('POST', '/api/purchase-orders', purchaseOrdersCreatedSchema, { body }),
  purchaseOrderAction: ({ orderId, action }: { orderId: string; action: 'order' | 'cancel' | 'close' }) =>
    call('POST', path`/api/purchase-orders/${orderId}/${action}`, purchaseOrderSchema),
  /** Where the browser downloads an order for its supplier (a plain link: the session cookie goes with it). */
  purchaseOrderFileUrl: (orderId: string, format: 'pdf' | 'csv') =>
    path`/api/purchase-orders/${orderId}/${format}`,

  // The books: a store's daily journal and the account map.
  journal: (storeId: string, date: string) =>
    call('GET', path`/api/stores/${storeId}/journal`, dayJournalsSchema, { query: { date } }),
  /** Where the browser downloads a day's journal file (a plain link: the session cookie goes with it). */
  journalFileUrl: (storeId: string, date: string, format: ExportFormat) =>
    path`/api/stores/${storeId}/journal/export` + queryString({ date, format }),
  accounts: () => call('GET', '/api/books/accounts', accountMapSchema),
  saveAccounts: (body: AccountMapUpdate) => call('PUT', '/api/books/accounts', accountMapSchema, { body }),
  // Customers.
  customers: (q: string | undefined, after: string | undefined) =>
    call('GET', '/api/customers', customersPageSchema, { query: { q, after } }),
  customer: (customerId: string) => call('GET', path`/api/customers/${customerId}`, customerDetailSchema),
  customerPurchases: (customerId: string) =>
    call('GET', path`/api/customers/${customerId}/purchases`, customerPurchasesSchema),
  customerDuplicates: () => call('GET', '/api/customers/duplicates', duplicatesSchema),
  mergeCustomers: (survivorId: string, mergedIds: string[]) =>
    call('POST', path`/api/customers/${survivorId}/merge`, customerDetailSchema, { body: { mergedIds } }),
  exportCustomer: (customerId: string) =>
    call('POST', path`/api/customers/${customerId}/export`, customerExportSchema),
  eraseCustomer: (customerId: string) =>
    call('POST', path`/api/customers/${customerId}/erase`, customerDetailSchema),

  // Replenishment: reorder levels, suggestions, draft purchase orders from them.
  reorderLevels: (storeId: string) =>
    call('GET', path`/api/stores/${storeId}/reorder-levels`, reorderSettingsViewSchema),
  saveReorderLevels: (storeId: string, body: ReorderSettingsChange) =>
    call('PUT', path`/api/stores/${storeId}/reorder-levels`, reorderSavedSchema, { body }),
  removeCategoryLevels: (storeId: string, category: string) =>
    call('DELETE', path`/api/stores/${storeId}/reorder-levels/categories/${category}`, noContent),
  importReorderLevels: (storeId: string, csv: string) =>
    call('POST', path`/api/stores/${storeId}/reorder-levels/import`, reorderSavedSchema, { body: { csv } }),
  reorderLevelsCsvUrl: (storeId: string) => path`/api/stores/${storeId}/reorder-levels.csv`,
  suggestions: (storeId: string) =>
    call('GET', path`/api/stores/${storeId}/replenishment/suggestions`, suggestionsSchema),
  velocity: (storeId: string, query: Partial<VelocityQuery>) =>
    call('GET', path`/api/stores/${storeId}/replenishment/velocity`, velocitySchema, { query }),
  createSuggestedPurchaseOrders: (storeId: string, lines: CreatePurchaseOrders['lines']) =>
    call('POST', path`/api/stores/${storeId}/replenishment/purchase-orders`, createdPurchaseOrdersSchema, {
      body: { lines },
    }),
};
