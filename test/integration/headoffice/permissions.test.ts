/**
 * Every role against every route of head office, as a person signed in to the back office: the table below is
 * issue 16's (who may do what), written out here independently of src/shared/backoffice/roles.ts, and it must
 * name every route head office has. A store manager of store A sees and changes A only, and nothing of B; an
 * accountant and a viewer change nothing. On SQLite and PostgreSQL: lists across stores are narrowed in the query.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, requireDeclaredAccess } from '../../../src/headoffice/http/access.ts';
import type { BackOfficeRole } from '../../../src/shared/backoffice/roles.ts';
import { dayOf } from '../../../src/shared/time-zone.ts';
import { adjustmentCompleted } from '../../../src/shared/documents/adjustment.ts';
import { customerCreated } from '../../../src/shared/documents/customer.ts';
import {
  completedSale,
  connectRegister,
  countSubmission,
  createStore,
  dialects,
  dumpTables,
  enrollRegister,
  newCustomer,
  outboxEvent,
  putProducts,
  returnEvent,
  saleEvent,
  startTestHeadOffice,
  stockAdjustment,
  taxRates,
  type RegisterSocket,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';
import { givenSupplier } from './replenishment-helpers.ts';
import { countSubmitted } from '../../../src/shared/documents/count.ts';
import { goodsReceipt } from './inventory-helpers.ts';
import { FakeWooCommerce } from '../../support/fake-woocommerce.ts';
import { addUser, signIn, TEST_PASSWORD_COST, type Browser, type RawReply } from './people-helpers.ts';

/** yes: allowed; no: 403; own: the store manager, allowed on their store A and refused on store B. */
type May = 'yes' | 'no' | 'own';
const roles = ['owner', 'buyer', 'store_manager', 'accountant', 'viewer'] as const satisfies BackOfficeRole[];

// prettier-ignore
const table: Record<string, [owner: May, buyer: May, storeManager: May, accountant: May, viewer: May]> = {
  'GET /api/stores':                                ['yes', 'yes', 'own', 'yes', 'yes'],
  'POST /api/stores':                               ['yes', 'no',  'no',  'no',  'no'],
  'GET /api/stores/:storeId':                       ['yes', 'yes', 'own', 'yes', 'yes'],
  'PATCH /api/stores/:storeId':                     ['yes', 'no',  'no',  'no',  'no'],
  'DELETE /api/stores/:storeId':                    ['yes', 'no',  'no',  'no',  'no'],
  'PUT /api/stores/:storeId/tax':                   ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/stores/:storeId/pairing-codes':        ['yes', 'no',  'own', 'no',  'no'],
  'GET /api/registers':                             ['yes', 'no',  'own', 'yes', 'yes'],
  'POST /api/registers/:registerId/revoke':         ['yes', 'no',  'own', 'no',  'no'],
  'POST /api/registers/:registerId/pairing-codes':  ['yes', 'no',  'own', 'no',  'no'],
  'POST /api/registers/:registerId/release':        ['yes', 'no',  'own', 'no',  'no'],
  'GET /api/products':                              ['yes', 'yes', 'yes', 'yes', 'yes'],
  'PUT /api/products':                              ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/products/:sku':                         ['yes', 'yes', 'yes', 'yes', 'yes'],
  'GET /api/categories':                            ['yes', 'yes', 'yes', 'yes', 'yes'],
  'DELETE /api/products/:sku':                      ['yes', 'yes', 'no',  'no',  'no'],
  'PATCH /api/products/:sku':                       ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/products.csv':                          ['yes', 'yes', 'yes', 'yes', 'yes'],
  'POST /api/products/import':                      ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/styles/:id':                            ['yes', 'yes', 'yes', 'yes', 'yes'],
  'PUT /api/styles/:id':                            ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/stores/:storeId/stock':                 ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/stores/:storeId/stock-value':           ['yes', 'yes', 'own', 'yes', 'yes'],
  'POST /api/stores/:storeId/stock-movements':      ['yes', 'no',  'own', 'no',  'no'],
  'GET /api/counts':                                ['yes', 'yes', 'own', 'yes', 'yes'],
  'POST /api/counts':                               ['yes', 'yes', 'own', 'no',  'no'],
  'GET /api/counts/:countId':                       ['yes', 'yes', 'own', 'yes', 'yes'],
  'POST /api/counts/:countId/approve':              ['yes', 'no',  'own', 'no',  'no'],
  'GET /api/goods-receipts':                        ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/goods-receipts/:receiptId/document':     ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/transfers':                             ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/transfers/:transferId':                 ['yes', 'yes', 'own', 'yes', 'yes'],
  'POST /api/transfers':                            ['yes', 'yes', 'own', 'no',  'no'],
  'GET /api/transfer-stores':                       ['yes', 'yes', 'yes', 'no',  'no'],
  'GET /api/stock/:sku':                            ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/stores/:storeId/stock/:sku/movements':  ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/adjustments':                           ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/adjustments/:adjustmentId':             ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/sales':                                 ['yes', 'no',  'own', 'yes', 'yes'],
  'GET /api/sales/:saleId/document':                ['yes', 'no',  'own', 'yes', 'yes'],
  'GET /api/returns':                               ['yes', 'no',  'own', 'yes', 'yes'],
  'GET /api/returns/:returnId/document':            ['yes', 'no',  'own', 'yes', 'yes'],
  'GET /api/customers':                             ['yes', 'no',  'yes', 'yes', 'no'],
  'GET /api/customers/duplicates':                  ['yes', 'no',  'yes', 'yes', 'no'],
  'GET /api/customers/:customerId':                 ['yes', 'no',  'yes', 'yes', 'no'],
  'GET /api/customers/:customerId/purchases':       ['yes', 'no',  'own', 'yes', 'no'],
  'POST /api/customers/:customerId/merge':          ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/customers/:customerId/export':         ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/customers/:customerId/erase':          ['yes', 'no',  'no',  'no',  'no'],
  'GET /api/exceptions':                            ['yes', 'no',  'own', 'yes', 'yes'],
  'POST /api/exceptions/:id/resolve':               ['yes', 'no',  'own', 'no',  'no'],
  'GET /api/today':                                 ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/users':                                 ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/users':                                ['yes', 'no',  'no',  'no',  'no'],
  'PATCH /api/users/:userId':                       ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/users/:userId/password-links':         ['yes', 'no',  'no',  'no',  'no'],
  'GET /api/tokens':                                ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/tokens':                               ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/tokens/:tokenId/revoke':               ['yes', 'no',  'no',  'no',  'no'],
  'GET /api/audit':                                 ['yes', 'no',  'no',  'yes', 'no'],
  'GET /api/books/accounts':                        ['yes', 'no',  'own', 'yes', 'no'],
  'PUT /api/books/accounts':                        ['yes', 'no',  'no',  'no',  'no'],
  'GET /api/stores/:storeId/journal':               ['yes', 'no',  'own', 'yes', 'no'],
  'GET /api/stores/:storeId/journal/export':        ['yes', 'no',  'own', 'yes', 'no'],
  'GET /api/suppliers':                             ['yes', 'yes', 'yes', 'yes', 'yes'],
  'POST /api/suppliers':                            ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/suppliers/:supplierId':                 ['yes', 'yes', 'yes', 'yes', 'yes'],
  'PUT /api/suppliers/:supplierId':                 ['yes', 'yes', 'no',  'no',  'no'],
  'DELETE /api/suppliers/:supplierId':              ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/suppliers/:supplierId/items':           ['yes', 'yes', 'yes', 'yes', 'yes'],
  'PUT /api/suppliers/:supplierId/items/:sku':      ['yes', 'yes', 'no',  'no',  'no'],
  'DELETE /api/suppliers/:supplierId/items/:sku':   ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/suppliers/:supplierId/items.csv':       ['yes', 'yes', 'yes', 'yes', 'yes'],
  'POST /api/suppliers/:supplierId/items/import':   ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/purchase-orders':                       ['yes', 'yes', 'own', 'yes', 'yes'],
  'POST /api/purchase-orders':                      ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/purchase-orders/:purchaseOrderId':      ['yes', 'yes', 'own', 'yes', 'yes'],
  'PUT /api/purchase-orders/:purchaseOrderId':      ['yes', 'yes', 'no',  'no',  'no'],
  'POST /api/purchase-orders/:purchaseOrderId/order': ['yes', 'yes', 'no', 'no',  'no'],
  'POST /api/purchase-orders/:purchaseOrderId/cancel': ['yes', 'yes', 'no', 'no', 'no'],
  'POST /api/purchase-orders/:purchaseOrderId/close': ['yes', 'yes', 'no', 'no',  'no'],
  'GET /api/purchase-orders/:purchaseOrderId/pdf':  ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/purchase-orders/:purchaseOrderId/csv':  ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/channels':                              ['yes', 'no',  'no',  'yes', 'yes'],
  'POST /api/channels':                             ['yes', 'no',  'no',  'no',  'no'],
  'GET /api/channels/:channelId':                   ['yes', 'no',  'no',  'yes', 'yes'],
  'PATCH /api/channels/:channelId':                 ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/channels/:channelId/mapping':          ['yes', 'no',  'no',  'no',  'no'],
  'GET /api/channels/:channelId/items':             ['yes', 'no',  'no',  'yes', 'yes'],
  'GET /api/channels/:channelId/pushes':            ['yes', 'no',  'no',  'yes', 'yes'],
  'POST /api/channels/:channelId/pushes/:pushId/retry': ['yes', 'no', 'no', 'no', 'no'],
  'GET /api/channels/:channelId/orders':            ['yes', 'no',  'no',  'yes', 'yes'],
  'POST /api/channels/:channelId/orders/:orderId/choice': ['yes', 'no', 'no', 'no', 'no'],
  'POST /api/channels/:channelId/reconcile':        ['yes', 'no',  'no',  'no',  'no'],
  'POST /api/channels/:channelId/poll':             ['yes', 'no',  'no',  'no',  'no'],
  'GET /api/stores/:storeId/reorder-levels':        ['yes', 'yes', 'own', 'yes', 'yes'],
  'PUT /api/stores/:storeId/reorder-levels':        ['yes', 'yes', 'no',  'no',  'no'],
  'DELETE /api/stores/:storeId/reorder-levels/categories/:category':
                                                    ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/stores/:storeId/reorder-levels.csv':    ['yes', 'yes', 'own', 'yes', 'yes'],
  'POST /api/stores/:storeId/reorder-levels/import':['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/stores/:storeId/replenishment/suggestions':
                                                    ['yes', 'yes', 'own', 'yes', 'yes'],
  'GET /api/stores/:storeId/replenishment/velocity':['yes', 'yes', 'own', 'yes', 'yes'],
  'POST /api/stores/:storeId/replenishment/purchase-orders':
                                                    ['yes', 'yes', 'no',  'no',  'no'],
  'GET /api/replenishment/digest-settings':         ['yes', 'yes', 'no',  'no',  'no'],
  'PUT /api/replenishment/digest-settings':         ['yes', 'yes', 'no',  'no',  'no'],
  'POST /api/replenishment/digest/run':             ['yes', 'yes', 'no',  'no',  'no'],
};

/** Routes for everyone (open, or any signed-in person): people.test.ts covers them. */
const notByRole = [
  'GET /healthz',
  'POST /api/enroll',
  'POST /api/session',
  'GET /api/session',
  'DELETE /api/session',
  'POST /api/users/me/password',
  'POST /api/setup',
  'POST /api/password',
  // Signed by the shop (HMAC over the body): channels.test.ts covers it.
  'POST /api/channels/:channelId/webhooks',
];

type Store = 'A' | 'B';
const dayText = (daysAgo: number): string =>
  dayOf(
    new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000),
    Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
const today = (): string => dayText(0);
const yesterday = (): string => dayText(1);
interface Request {
  path: string;
  body?: unknown;
}

/** A style with one option, as the back office's product editor saves it. */
const cap = {
  name: 'Cap',
  priceMinor: 900,
  taxCode: 'STD',
  category: null,
  unit: 'each',
  axes: [{ name: 'Size', values: ['One size'] }],
};

describe.each(dialects)('every role against every route on %s', (dialect) => {
  let ho: TestHeadOffice;
  const browsers = {} as Record<BackOfficeRole, Browser>;
  const registers = {} as Record<Store, string>;
  const exceptions = {} as Record<Store, number>;
  const sales = {} as Record<Store, string>;
  const returns = {} as Record<Store, string>;
  /** Each store's counting register, kept connected, and its last seq. */
  const tills = {} as Record<Store, { socket: RegisterSocket; registerId: string; seq: number }>;
  const receipts = {} as Record<Store, string>;
  const transfers = {} as Record<Store, string>;
  const adjustments = {} as Record<Store, string>;
  /** Each store's ordered purchase order, from the one supplier. */
  const purchaseOrders = {} as Record<Store, string>;
  let supplierId: string;
  let targetUser: string;
  let fresh = 0;
  const shop = new FakeWooCommerce('ck_perm', 'cs_perm', 'hook-secret');
  const channelBody = (id: string) => ({
    id,
    name: 'Web shop',
    kind: 'woocommerce',
    baseUrl: shop.url,
    locationIds: ['A'],
    fulfilmentStoreId: 'A',
    secrets: { apiKey: 'ck_perm:cs_perm', webhookSecret: 'hook-secret' },
  });
  const at = new Date().toISOString();
  /** Store A's register, which makes the customers: one who bought in both stores, and more to merge and erase. */
  let tillA: { socket: RegisterSocket; who: Who; seq: number };
  let shopper: string;
  /** One push at a time, in seq order, however many requests are built at once. */
  let pushed: Promise<unknown> = Promise.resolve();
  function newCustomerAtA(): Promise<string> {
    const made = pushed.then(async () => {
      const customer = newCustomer(tillA.who, { email: `c${(fresh += 1)}@example.com` });
      const event = outboxEvent((tillA.seq += 1), customer, customerCreated.type);
      expect((await tillA.socket.emitWithAck('push', { events: [event] })).status).toBe('ok');
      return customer.customerId;
    });
    pushed = made;
    return made;
  }

  beforeAll(async () => {
    await shop.start();
    shop.addProduct('MILK', 0);
    ho = await startTestHeadOffice(dialect, {
      passwordHashCost: TEST_PASSWORD_COST,
      channels: { secretsKey: randomBytes(32), pushIntervalMs: 0 },
    });
    await putProducts(ho.admin, [{ sku: 'MILK', priceMinor: 99 }]);
    await givenSupplier(ho.db, { id: 'dairy', name: 'Dairy', leadTimeDays: 2 }, [
      { sku: 'MILK', packSize: 1, minimumQuantity: 0, unitCostMinor: 50 },
    ]);
    // Where the stores' transfers go.
    await createStore(ho.admin, 'C');
    for (const store of ['A', 'B'] as const) {
      await createStore(ho.admin, store);
      const enrolled = await enrollRegister(ho.admin, store);
      registers[store] = enrolled.registerId;
      // A sale of an unknown SKU and a return: a sale, a return, stock movements and an exception in each store.
      const socket = await connectRegister(ho.url, enrolled.token);
      const who = { storeId: store, registerId: enrolled.registerId };
      const receipt = goodsReceipt(who, [{ sku: 'MILK', quantity: 2 }]);
      const adjustment = stockAdjustment(who, 'damaged', [{ sku: 'MILK', quantity: 1 }]);
      const events = [
        saleEvent(1, who, [{ sku: 'GONE' }]),
        returnEvent(2, who, null, [{ sku: 'MILK', quantity: 1 }]),
        outboxEvent(3, adjustment, adjustmentCompleted.type),
        outboxEvent(4, receipt, 'receipt.completed'),
      ];
      receipts[store] = receipt.receiptId;
      const planned = await ho.admin('POST', '/api/transfers', {
        fromStoreId: store,
        toStoreId: 'C',
        lines: [{ sku: 'MILK', quantity: 1 }],
      });
      transfers[store] = planned.body.transferId as string;
      expect((await socket.emitWithAck('push', { events })).status).toBe('ok');
      adjustments[store] = adjustment.adjustmentId;
      sales[store] = (JSON.parse(events[0]!.payload) as { saleId: string }).saleId;
      returns[store] = (JSON.parse(events[1]!.payload) as { returnId: string }).returnId;
      if (store === 'A') {
        // A second register, which the table's revoke leaves alone.
        const till = await enrollRegister(ho.admin, store);
        const who = { storeId: store, registerId: till.registerId };
        tillA = { socket: await connectRegister(ho.url, till.token), who, seq: 0 };
        shopper = await newCustomerAtA();
      }
      // The shopper made at A buys milk in both stores.
      const bought = outboxEvent(5, {
        ...completedSale(5, who, [{ sku: 'MILK' }], { receiptNumber: `${store}-SHOPPER` }),
        customerId: shopper,
      });
      expect((await socket.emitWithAck('push', { events: [bought] })).status).toBe('ok');
      socket.close();
      // A second register, which no route here revokes, submits counts.
      const counting = await enrollRegister(ho.admin, store);
      tills[store] = {
        socket: await connectRegister(ho.url, counting.token),
        registerId: counting.registerId,
        seq: 0,
      };
      await submitCount(store, `count-${store}`);
      const found = await ho.admin('GET', `/api/exceptions?storeId=${store}&kind=unknown_sku`);
      // Accounts of its own: the account map shows them to who may see the store.
      await ho.admin('PUT', '/api/books/accounts', {
        storeId: store,
        accounts: [{ key: 'takings:cash', code: `10${store}`, name: `Till ${store}`, taxRate: 'No VAT' }],
      });
      exceptions[store] = found.body.items[0].id as number;
    }
    supplierId = (await ho.admin('POST', '/api/suppliers', { name: 'Dairy Co', currency: 'EUR' })).body
      .id as string;
    await ho.admin('PUT', `/api/suppliers/${supplierId}/items/MILK`, {
      supplierCode: 'DC-1',
      unitCostMinor: 50,
    });
    for (const store of ['A', 'B'] as const) purchaseOrders[store] = await purchaseOrder(store, 'order');
    for (const role of roles) {
      const email = `${role}@example.com`;
      await addUser(ho, { email, role, storeIds: role === 'store_manager' ? ['A'] : [] });
      browsers[role] = await signIn(ho.url, email);
    }
    targetUser = await addUser(ho, { email: 'target@example.com', role: 'viewer' });
    expect((await ho.admin('POST', '/api/channels', channelBody('WEB'))).status).toBe(201);
  });
  afterAll(async () => {
    await shop.close();
    for (const till of Object.values(tills)) till.socket.close();
    tillA?.socket.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  /** Store `store`'s register submits an empty count `countId`: an open count of the store. */
  async function submitCount(store: Store, countId: string): Promise<void> {
    const till = tills[store];
    const payload = countSubmission({ storeId: store, registerId: till.registerId }, countId, []);
    const events = [outboxEvent((till.seq += 1), payload, countSubmitted.type)];
    expect((await till.socket.emitWithAck('push', { events })).status).toBe('ok');
  }

  /** A new draft purchase order of `store` for a litre of milk, ordered when asked. */
  async function purchaseOrder(store: Store, then: 'order' | 'leave' = 'leave'): Promise<string> {
    const made = await ho.admin('POST', '/api/purchase-orders', {
      supplierId,
      lines: [{ storeId: store, sku: 'MILK', quantity: 1 }],
    });
    const id = made.body.items[0].id as string;
    if (then === 'order') await ho.admin('POST', `/api/purchase-orders/${id}/order`);
    return id;
  }

  /** A request a role that may do it gets a 2xx for; what it changes is made first where it is used up. */
  const requests: Record<string, (store: Store) => Promise<Request>> = {
    'GET /api/channels': async () => ({ path: '/api/channels' }),
    'POST /api/channels': async () => ({ path: '/api/channels', body: channelBody(`WEB-${(fresh += 1)}`) }),
    'GET /api/channels/:channelId': async () => ({ path: '/api/channels/WEB' }),
    'PATCH /api/channels/:channelId': async () => ({ path: '/api/channels/WEB', body: { safetyStock: 1 } }),
    'POST /api/channels/:channelId/mapping': async () => ({ path: '/api/channels/WEB/mapping' }),
    'GET /api/channels/:channelId/items': async () => ({ path: '/api/channels/WEB/items' }),
    'GET /api/channels/:channelId/pushes': async () => ({ path: '/api/channels/WEB/pushes' }),
    'POST /api/channels/:channelId/pushes/:pushId/retry': async () => {
      const failed = await ho.db
        .insertInto('channel_pushes')
        .values({
          channel_id: 'WEB',
          sku: `MILK-${(fresh += 1)}`,
          state: 'failed',
          due_at: null,
          changes: 1,
          attempts: 3,
          quantity: 0,
          error: 'The shop did not answer.',
          created_at: at,
          updated_at: at,
          sent_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { path: `/api/channels/WEB/pushes/${failed.id}/retry` };
    },
    'GET /api/channels/:channelId/orders': async () => ({ path: '/api/channels/WEB/orders' }),
    'POST /api/channels/:channelId/orders/:orderId/choice': async () => {
      const orderId = `oversold-${(fresh += 1)}`;
      await ho.db
        .insertInto('channel_orders')
        .values({
          channel_id: 'WEB',
          order_id: orderId,
          number: orderId,
          store_id: 'A',
          state: 'oversold',
          lines: '[]',
          exception_id: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      return { path: `/api/channels/WEB/orders/${orderId}/choice`, body: { choice: 'cancel' } };
    },
    'POST /api/channels/:channelId/reconcile': async () => ({ path: '/api/channels/WEB/reconcile' }),
    'POST /api/channels/:channelId/poll': async () => ({ path: '/api/channels/WEB/poll' }),
    'GET /api/stores': async () => ({ path: '/api/stores' }),
    'POST /api/stores': async () => ({
      path: '/api/stores',
      body: { id: `NEW-${(fresh += 1)}`, name: 'New', currency: 'EUR', pricesIncludeTax: true, taxRates },
    }),
    'GET /api/stores/:storeId': async (store) => ({ path: `/api/stores/${store}` }),
    // The over/short limit too: a store manager may not loosen their own store's cash control.
    'PATCH /api/stores/:storeId': async (store) => ({
      path: `/api/stores/${store}`,
      body: { receiptFooter: 'Thanks', overShortThresholdMinor: 300 },
    }),
    'DELETE /api/stores/:storeId': async () => {
      const id = `GONE-${(fresh += 1)}`;
      await createStore(ho.admin, id);
      return { path: `/api/stores/${id}` };
    },
    'PUT /api/stores/:storeId/tax': async (store) => ({
      path: `/api/stores/${store}/tax`,
      body: { pricesIncludeTax: true, taxRates },
    }),
    'POST /api/stores/:storeId/pairing-codes': async (store) => ({
      path: `/api/stores/${store}/pairing-codes`,
      body: {},
    }),
    'GET /api/registers': async () => ({ path: '/api/registers' }),
    'POST /api/registers/:registerId/revoke': async (store) => ({
      path: `/api/registers/${registers[store]}/revoke`,
    }),
    'POST /api/registers/:registerId/pairing-codes': async (store) => ({
      path: `/api/registers/${registers[store]}/pairing-codes`,
      body: {},
    }),
    'POST /api/registers/:registerId/release': async (store) => ({
      path: `/api/registers/${registers[store]}/release`,
    }),
    'GET /api/products': async () => ({ path: '/api/products' }),
    'PUT /api/products': async () => ({
      path: '/api/products',
      body: {
        products: [
          {
            sku: 'MILK',
            name: 'Milk',
            priceMinor: 99,
            taxCode: 'STD',
            category: null,
            unit: 'each',
            active: true,
            barcodes: [],
          },
        ],
      },
    }),
    'GET /api/products/:sku': async () => ({ path: '/api/products/MILK' }),
    'GET /api/categories': async () => ({ path: '/api/categories' }),
    'DELETE /api/products/:sku': async () => {
      const sku = `OLD-${(fresh += 1)}`;
      await putProducts(ho.admin, [{ sku, priceMinor: 1 }]);
      return { path: `/api/products/${sku}` };
    },
    'PATCH /api/products/:sku': async () => ({ path: '/api/products/MILK', body: { priceMinor: 105 } }),
    'GET /api/products.csv': async () => ({ path: '/api/products.csv' }),
    'GET /api/styles/:id': async () => {
      await ho.admin('PUT', '/api/styles/CAP', cap);
      return { path: '/api/styles/CAP' };
    },
    'PUT /api/styles/:id': async () => ({ path: '/api/styles/CAP', body: cap }),
    'POST /api/products/import': async () => ({
      path: '/api/products/import',
      body: { csv: 'sku,name,price,tax_code\nMILK,Milk,0.99,STD\n', dryRun: true },
    }),
    'GET /api/stores/:storeId/stock': async (store) => ({ path: `/api/stores/${store}/stock` }),
    'GET /api/stores/:storeId/stock-value': async (store) => ({ path: `/api/stores/${store}/stock-value` }),
    'POST /api/stores/:storeId/stock-movements': async (store) => ({
      path: `/api/stores/${store}/stock-movements`,
      body: { sku: 'MILK', kind: 'adjust', quantity: 1 },
    }),
    'GET /api/counts': async () => ({ path: '/api/counts' }),
    'POST /api/counts': async (store) => ({
      path: '/api/counts',
      body: { storeId: store, scope: { kind: 'store' }, blind: false },
    }),
    'GET /api/counts/:countId': async (store) => ({ path: `/api/counts/count-${store}` }),
    'POST /api/counts/:countId/approve': async (store) => {
      const countId = `count-${store}-${(fresh += 1)}`;
      await submitCount(store, countId);
      return { path: `/api/counts/${countId}/approve`, body: { uncounted: 'leave' } };
    },
    'GET /api/goods-receipts': async () => ({ path: '/api/goods-receipts' }),
    'GET /api/goods-receipts/:receiptId/document': async (store) => ({
      path: `/api/goods-receipts/${receipts[store]}/document`,
    }),
    'GET /api/transfers': async () => ({ path: '/api/transfers' }),
    'GET /api/transfers/:transferId': async (store) => ({ path: `/api/transfers/${transfers[store]}` }),
    'POST /api/transfers': async (store) => ({
      path: '/api/transfers',
      body: { fromStoreId: store, toStoreId: 'C', lines: [{ sku: 'MILK', quantity: 1 }] },
    }),
    'GET /api/transfer-stores': async () => ({ path: '/api/transfer-stores' }),
    'GET /api/stock/:sku': async () => ({ path: '/api/stock/MILK' }),
    'GET /api/stores/:storeId/stock/:sku/movements': async (store) => ({
      path: `/api/stores/${store}/stock/MILK/movements`,
    }),
    'GET /api/adjustments': async () => ({ path: '/api/adjustments' }),
    'GET /api/adjustments/:adjustmentId': async (store) => ({
      path: `/api/adjustments/${adjustments[store]}`,
    }),
    'GET /api/sales': async () => ({ path: '/api/sales' }),
    'GET /api/sales/:saleId/document': async (store) => ({ path: `/api/sales/${sales[store]}/document` }),
    'GET /api/returns': async () => ({ path: '/api/returns' }),
    'GET /api/returns/:returnId/document': async (store) => ({
      path: `/api/returns/${returns[store]}/document`,
    }),
    'GET /api/customers': async () => ({ path: '/api/customers?q=example.com' }),
    'GET /api/customers/duplicates': async () => ({ path: '/api/customers/duplicates' }),
    'GET /api/customers/:customerId': async () => ({ path: `/api/customers/${shopper}` }),
    'GET /api/customers/:customerId/purchases': async () => ({ path: `/api/customers/${shopper}/purchases` }),
    'POST /api/customers/:customerId/merge': async () => ({
      path: `/api/customers/${await newCustomerAtA()}/merge`,
      body: { mergedIds: [await newCustomerAtA()] },
    }),
    'POST /api/customers/:customerId/export': async () => ({ path: `/api/customers/${shopper}/export` }),
    'POST /api/customers/:customerId/erase': async () => ({
      path: `/api/customers/${await newCustomerAtA()}/erase`,
    }),
    'GET /api/exceptions': async () => ({ path: '/api/exceptions' }),
    'POST /api/exceptions/:id/resolve': async (store) => ({
      path: `/api/exceptions/${exceptions[store]}/resolve`,
      body: { note: 'Checked the shelf' },
    }),
    'GET /api/today': async () => ({ path: '/api/today' }),
    'GET /api/users': async () => ({ path: '/api/users' }),
    'POST /api/users': async () => ({
      path: '/api/users',
      body: { email: `new${(fresh += 1)}@example.com`, name: 'New', role: 'viewer' },
    }),
    'PATCH /api/users/:userId': async () => ({ path: `/api/users/${targetUser}`, body: { name: 'Target' } }),
    'POST /api/users/:userId/password-links': async () => ({
      path: `/api/users/${targetUser}/password-links`,
    }),
    'GET /api/tokens': async () => ({ path: '/api/tokens' }),
    'POST /api/tokens': async () => ({
      path: '/api/tokens',
      body: { name: 'script', scopes: ['catalog.read'] },
    }),
    'POST /api/tokens/:tokenId/revoke': async () => {
      const made = await ho.admin('POST', '/api/tokens', { name: 'to revoke', scopes: ['catalog.read'] });
      return { path: `/api/tokens/${made.body.token.id}/revoke` };
    },
    'GET /api/audit': async () => ({ path: '/api/audit' }),
    'GET /api/books/accounts': async () => ({ path: '/api/books/accounts' }),
    'PUT /api/books/accounts': async () => ({
      path: '/api/books/accounts',
      body: { storeId: null, accounts: [{ key: 'sales', code: '200', name: 'Sales', taxRate: 'No VAT' }] },
    }),
    'GET /api/stores/:storeId/journal': async (store) => ({
      path: `/api/stores/${store}/journal?date=${today()}`,
    }),
    // Yesterday, which is over (the stores' time zones are head office's own).
    'GET /api/stores/:storeId/journal/export': async (store) => ({
      path: `/api/stores/${store}/journal/export?date=${yesterday()}&format=csv`,
    }),
    'GET /api/suppliers': async () => ({ path: '/api/suppliers' }),
    'POST /api/suppliers': async () => ({
      path: '/api/suppliers',
      body: { name: `Supplier ${(fresh += 1)}`, currency: 'EUR' },
    }),
    'GET /api/suppliers/:supplierId': async () => ({ path: `/api/suppliers/${supplierId}` }),
    'PUT /api/suppliers/:supplierId': async () => ({
      path: `/api/suppliers/${supplierId}`,
      body: { name: 'Dairy Co', currency: 'EUR', leadTimeDays: 2 },
    }),
    'DELETE /api/suppliers/:supplierId': async () => {
      const made = await ho.admin('POST', '/api/suppliers', {
        name: `Gone ${(fresh += 1)}`,
        currency: 'EUR',
      });
      return { path: `/api/suppliers/${made.body.id}` };
    },
    'GET /api/suppliers/:supplierId/items': async () => ({ path: `/api/suppliers/${supplierId}/items` }),
    'PUT /api/suppliers/:supplierId/items/:sku': async () => ({
      path: `/api/suppliers/${supplierId}/items/MILK`,
      body: { supplierCode: 'DC-1', unitCostMinor: 55 },
    }),
    'DELETE /api/suppliers/:supplierId/items/:sku': async () => {
      const sku = `OLD-${(fresh += 1)}`;
      await putProducts(ho.admin, [{ sku, priceMinor: 1 }]);
      await ho.admin('PUT', `/api/suppliers/${supplierId}/items/${sku}`, {
        supplierCode: sku,
        unitCostMinor: 1,
      });
      return { path: `/api/suppliers/${supplierId}/items/${sku}` };
    },
    'GET /api/suppliers/:supplierId/items.csv': async () => ({
      path: `/api/suppliers/${supplierId}/items.csv`,
    }),
    'POST /api/suppliers/:supplierId/items/import': async () => ({
      path: `/api/suppliers/${supplierId}/items/import`,
      body: {
        csv: 'sku,supplier_code,unit_cost,pack_size,case_barcode,minimum_quantity,preferred\nMILK,DC-1,0.50,1,,0,no\n',
        dryRun: true,
      },
    }),
    'GET /api/purchase-orders': async () => ({ path: '/api/purchase-orders' }),
    'POST /api/purchase-orders': async (store) => ({
      path: '/api/purchase-orders',
      body: { supplierId, lines: [{ storeId: store, sku: 'MILK', quantity: 2 }] },
    }),
    'GET /api/purchase-orders/:purchaseOrderId': async (store) => ({
      path: `/api/purchase-orders/${purchaseOrders[store]}`,
    }),
    'PUT /api/purchase-orders/:purchaseOrderId': async (store) => ({
      path: `/api/purchase-orders/${await purchaseOrder(store)}`,
      body: { lines: [{ sku: 'MILK', quantity: 3 }] },
    }),
    'POST /api/purchase-orders/:purchaseOrderId/order': async (store) => ({
      path: `/api/purchase-orders/${await purchaseOrder(store)}/order`,
    }),
    'POST /api/purchase-orders/:purchaseOrderId/cancel': async (store) => ({
      path: `/api/purchase-orders/${await purchaseOrder(store)}/cancel`,
    }),
    'POST /api/purchase-orders/:purchaseOrderId/close': async (store) => ({
      path: `/api/purchase-orders/${await purchaseOrder(store, 'order')}/close`,
    }),
    'GET /api/purchase-orders/:purchaseOrderId/pdf': async (store) => ({
      path: `/api/purchase-orders/${purchaseOrders[store]}/pdf`,
    }),
    'GET /api/purchase-orders/:purchaseOrderId/csv': async (store) => ({
      path: `/api/purchase-orders/${purchaseOrders[store]}/csv`,
    }),
    'GET /api/stores/:storeId/reorder-levels': async (store) => ({
      path: `/api/stores/${store}/reorder-levels`,
    }),
    'PUT /api/stores/:storeId/reorder-levels': async (store) => ({
      path: `/api/stores/${store}/reorder-levels`,
      body: { skus: [{ sku: 'MILK', reorderPoint: 1, desiredLevel: 5, safetyStock: 0 }] },
    }),
    'DELETE /api/stores/:storeId/reorder-levels/categories/:category': async (store) => {
      const category = `Gone ${(fresh += 1)}`;
      await ho.admin('PUT', `/api/stores/${store}/reorder-levels`, {
        categories: [{ category, reorderPoint: 1, desiredLevel: 2, safetyStock: 0 }],
      });
      return { path: `/api/stores/${store}/reorder-levels/categories/${encodeURIComponent(category)}` };
    },
    'GET /api/stores/:storeId/reorder-levels.csv': async (store) => ({
      path: `/api/stores/${store}/reorder-levels.csv`,
    }),
    'POST /api/stores/:storeId/reorder-levels/import': async (store) => ({
      path: `/api/stores/${store}/reorder-levels/import`,
      body: { csv: 'sku,reorder_point,desired_level,safety_stock\nMILK,2,6,0\n' },
    }),
    'GET /api/stores/:storeId/replenishment/suggestions': async (store) => ({
      path: `/api/stores/${store}/replenishment/suggestions`,
    }),
    'GET /api/stores/:storeId/replenishment/velocity': async (store) => ({
      path: `/api/stores/${store}/replenishment/velocity`,
    }),
    'POST /api/stores/:storeId/replenishment/purchase-orders': async (store) => ({
      path: `/api/stores/${store}/replenishment/purchase-orders`,
      body: { lines: [{ sku: 'MILK', quantity: 6 }] },
    }),
    'GET /api/replenishment/digest-settings': async () => ({ path: '/api/replenishment/digest-settings' }),
    'PUT /api/replenishment/digest-settings': async () => ({
      path: '/api/replenishment/digest-settings',
      body: { webhookUrl: null, smtpUrl: null, mailFrom: null, mailTo: null },
    }),
    'POST /api/replenishment/digest/run': async () => ({ path: '/api/replenishment/digest/run' }),
  };

  /** Lists across stores: the store of each item, and whether the list can be asked for one store. */
  const lists: Record<string, { stores: (body: RawReply['body']) => string[]; byStore: boolean }> = {
    'GET /api/stores': { stores: (body: { id: string }[]) => body.map((store) => store.id), byStore: false },
    'GET /api/registers': {
      stores: (body: { storeId: string }[]) => body.map((r) => r.storeId),
      byStore: true,
    },
    'GET /api/sales': {
      stores: (body: { items: { storeId: string }[] }) => body.items.map((sale) => sale.storeId),
      byStore: true,
    },
    'GET /api/counts': {
      stores: (body: { items: { storeId: string }[] }) => body.items.map((count) => count.storeId),
      byStore: true,
    },
    'GET /api/goods-receipts': {
      stores: (body: { items: { storeId: string }[] }) => body.items.map((receipt) => receipt.storeId),
      byStore: true,
    },
    'GET /api/transfers': {
      stores: (body: { items: { fromStoreId: string }[] }) =>
        body.items.map((transfer) => transfer.fromStoreId),
      byStore: true,
    },
    'GET /api/customers/:customerId/purchases': {
      stores: (body: { items: { storeId: string }[] }) => body.items.map((purchase) => purchase.storeId),
      byStore: true,
    },
    'GET /api/exceptions': {
      stores: (body: { items: { storeId: string }[] }) => body.items.map((exception) => exception.storeId),
      byStore: true,
    },
    'GET /api/returns': {
      stores: (body: { items: { storeId: string }[] }) => body.items.map((ret) => ret.storeId),
      byStore: true,
    },
    'GET /api/books/accounts': {
      stores: (body: { stores: Record<string, unknown> }) => Object.keys(body.stores),
      byStore: true,
    },
    'GET /api/adjustments': {
      stores: (body: { items: { storeId: string }[] }) => body.items.map((adjustment) => adjustment.storeId),
      byStore: true,
    },
    'GET /api/stock/:sku': {
      stores: (body: { stores: { storeId: string }[] }) => body.stores.map((store) => store.storeId),
      byStore: false,
    },
    'GET /api/today': {
      stores: (body: { stores: { storeId: string }[] }) => body.stores.map((store) => store.storeId),
      byStore: true,
    },
    'GET /api/purchase-orders': {
      stores: (body: { items: { storeId: string }[] }) => body.items.map((order) => order.storeId),
      byStore: true,
    },
  };

  const methodOf = (route: string) => route.split(' ')[0]!;

  async function call(role: BackOfficeRole, route: string, store: Store): Promise<RawReply> {
    const { path, body } = await requests[route]!(store);
    return browsers[role].call(methodOf(route), path, body);
  }

  const refused = { status: 403, body: { error: { code: 'PERMISSION_DENIED' } } };

  it('has a line for every route head office has', async () => {
    const document = await ho.admin('GET', '/api/openapi.json', undefined, null);
    const routes = Object.entries(document.body.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect([...routes].sort()).toEqual([...Object.keys(table), ...notByRole].sort());
    expect(Object.keys(requests).sort()).toEqual(Object.keys(table).sort());
  });

  it.each(roles)('%s: allowed where the table says so, refused with 403 everywhere else', async (role) => {
    const column = roles.indexOf(role);
    for (const [route, row] of Object.entries(table)) {
      const may = row[column]!;
      const reply = await call(role, route, 'A');
      if (may === 'no') {
        expect(reply, `${role} ${route}`).toMatchObject(refused);
        continue;
      }
      expect(reply.status, `${role} ${route}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
      const list = lists[route];
      // A list shows every store to those not limited to some, only store A to A's manager.
      if (list) {
        const stores = new Set(list.stores(reply.body));
        if (may === 'own') expect(stores, `${role} ${route}`).toEqual(new Set(['A']));
        else expect([...stores], `${role} ${route}`).toEqual(expect.arrayContaining(['A', 'B']));
      }
    }
  });

  it('audits every change the owner made above, on every route that changes something', async () => {
    const changes = Object.keys(table).filter((route) => methodOf(route) !== 'GET');
    for (const route of changes) {
      const audit = await browsers.owner.call(
        'GET',
        `/api/audit?actor=user:${browsers.owner.userId}&action=${encodeURIComponent(route)}`,
      );
      expect(audit.body.items, route).toEqual([
        expect.objectContaining({ actorName: 'owner <owner@example.com>', at: expect.any(String) }),
      ]);
    }
  });

  it('lets the manager of store A read and change nothing of store B', async () => {
    const tries: [string, Request][] = [];
    for (const [route, row] of Object.entries(table)) {
      if (row[2] !== 'own') continue;
      const list = lists[route];
      if (!list) tries.push([route, await requests[route]!('B')]);
      else if (list.byStore) tries.push([route, { path: `${(await requests[route]!('B')).path}?storeId=B` }]);
    }
    expect(tries.length).toBeGreaterThan(8);
    const before = await dumpTables(ho.db, dialect);
    for (const [route, { path, body }] of tries) {
      expect(
        await browsers.store_manager.call(methodOf(route), path, body),
        `${route} ${path}`,
      ).toMatchObject({
        ...refused,
        body: {
          error: {
            message: expect.stringMatching(
              /Store "B" is not one of the stores you may see or change \("A"\)/,
            ),
          },
        },
      });
    }
    expect(withoutSessions(await dumpTables(ho.db, dialect))).toEqual(withoutSessions(before));
  });

  it('lets the manager of store A ask another store for stock into A, and not move stock between two others', async () => {
    const asked = await browsers.store_manager.call('POST', '/api/transfers', {
      fromStoreId: 'B',
      toStoreId: 'A',
      lines: [{ sku: 'MILK', quantity: 2 }],
    });
    // B's registers get it to pick and send, as any planned transfer.
    expect(asked).toMatchObject({
      status: 201,
      body: { fromStoreId: 'B', toStoreId: 'A', status: 'planned' },
    });
    const between = await browsers.store_manager.call('POST', '/api/transfers', {
      fromStoreId: 'B',
      toStoreId: 'C',
      lines: [{ sku: 'MILK', quantity: 2 }],
    });
    expect(between).toMatchObject({
      ...refused,
      body: { error: { message: expect.stringContaining('Store "B" is not one of the stores you may see') } },
    });
  });

  it.each(['accountant', 'viewer'] as const)(
    'an %s changes nothing: every change is refused and nothing is written',
    async (role) => {
      const changes = Object.keys(table).filter((route) => methodOf(route) !== 'GET');
      const tries = await Promise.all(
        changes.map(async (route) => [route, await requests[route]!('A')] as const),
      );
      const before = await dumpTables(ho.db, dialect);
      for (const [route, { path, body }] of tries) {
        expect(await browsers[role].call(methodOf(route), path, body), route).toMatchObject(refused);
      }
      expect(withoutSessions(await dumpTables(ho.db, dialect))).toEqual(withoutSessions(before));
    },
  );
});

/** A session's last-seen time may move on any request; it is no change anyone made. */
function withoutSessions(dump: Record<string, string[]>): Record<string, string[]> {
  const { sessions: _sessions, ...rest } = dump;
  return rest;
}

describe('a route without a declared access', () => {
  it('stops head office from starting, naming the route', async () => {
    const api = Fastify();
    api.addHook('onRoute', requireDeclaredAccess);
    api.get('/declared', { config: open }, () => 'fine');
    expect(() => api.get('/forgotten', () => 'who may call this?')).toThrow(
      /GET \/forgotten declares no access/,
    );
    await api.close();
  });
});
