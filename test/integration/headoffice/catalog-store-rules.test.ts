/**
 * What keeps the catalog and the stores consistent with each other: a store's tax rates keep every code a product
 * uses, a product still stocked, ordered or on its way is not removed (one removed takes what only described it),
 * and a store that has traded keeps its currency.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  planTransfer,
  saleEvent,
  startTestHeadOffice,
  taxRates,
  type TestHeadOffice,
} from './helpers.ts';
import { goodsReceipt } from './inventory-helpers.ts';

const product = (sku: string, taxCode: string) => ({
  sku,
  name: `Product ${sku}`,
  priceMinor: 300,
  taxCode,
  category: null,
  unit: 'each',
  active: true,
  barcodes: [],
});
const [standard] = taxRates;
const zero = { code: 'ZERO', name: 'Zero', rateBasisPoints: 0 };

describe.each(dialects)('catalog and store rules on %s', (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'CRK');
    await createStore(ho.admin, 'DUB');
    const put = await ho.admin('PUT', '/api/products', {
      products: [
        product('TEA-1', 'RED'),
        product('TEA-2', 'RED'),
        product('MUG-1', 'STD'),
        product('MUG-2', 'STD'),
        product('MUG-3', 'STD'),
        product('MUG-4', 'STD'),
      ],
    });
    expect(put.status).toBe(200);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  it('refuses tax rates that leave out a code products use, naming them, so the catalog stays editable', async () => {
    const patched = await ho.admin('PATCH', '/api/stores/CRK', { taxRates: [standard] });
    expect(patched).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(patched.body.error.message).toContain('tax code "RED" (TEA-1, TEA-2)');
    expect(patched.body.error.message).toContain(
      'keep those rates, or move those products to another code first',
    );
    const viaTax = await ho.admin('PUT', '/api/stores/CRK/tax', {
      pricesIncludeTax: true,
      taxRates: [standard],
    });
    expect(viaTax.status).toBe(400);

    const galway = await ho.admin('POST', '/api/stores', {
      id: 'GAL',
      name: 'Galway',
      currency: 'EUR',
      pricesIncludeTax: true,
      taxRates: [zero],
    });
    expect(galway.status).toBe(400);
    expect(galway.body.error.message).toContain(
      'tax code "RED" (TEA-1, TEA-2); tax code "STD" (MUG-1, MUG-2, MUG-3',
    );
    expect((await ho.admin('GET', '/api/stores/GAL')).status).toBe(404);

    // Nothing was changed, so every product can still be edited.
    expect((await ho.admin('PATCH', '/api/products/TEA-1', { priceMinor: 350 })).status).toBe(200);

    // Once no product uses RED, a store may drop it.
    for (const sku of ['TEA-1', 'TEA-2'])
      expect((await ho.admin('PATCH', `/api/products/${sku}`, { taxCode: 'STD' })).status).toBe(200);
    const dropped = await ho.admin('PATCH', '/api/stores/CRK', { taxRates: [standard] });
    expect(dropped).toMatchObject({ status: 200, body: { taxRates: [standard] } });
  });

  it('refuses to remove a product stocked, on an open purchase order or on an open transfer, saying why', async () => {
    // MUG-1 in stock at CRK, through a register's goods receipt.
    const enrolled = await enrollRegister(ho.admin, 'CRK');
    const socket = await connectRegister(ho.url, enrolled.token);
    const who = { storeId: 'CRK', registerId: enrolled.registerId };
    const receipt = outboxEvent(1, goodsReceipt(who, [{ sku: 'MUG-1', quantity: 4 }]), 'receipt.completed');
    expect((await socket.emitWithAck('push', { events: [receipt] })).status).toBe('ok');
    socket.close();

    // MUG-2 on a draft purchase order.
    const supplier = await ho.admin('POST', '/api/suppliers', { name: 'Pottery Co', currency: 'EUR' });
    const supplierId = supplier.body.id as string;
    await ho.admin('PUT', `/api/suppliers/${supplierId}/items/MUG-2`, {
      supplierCode: 'PC-2',
      unitCostMinor: 120,
    });
    const order = await ho.admin('POST', '/api/purchase-orders', {
      supplierId,
      lines: [{ storeId: 'DUB', sku: 'MUG-2', quantity: 6 }],
    });
    expect(order.status).toBe(201);
    const orderNumber = order.body.items[0].number as string;

    // MUG-3 on a planned transfer.
    await planTransfer(ho.admin, { from: 'DUB', to: 'CRK', sku: 'MUG-3', quantity: 1 });

    const stocked = await ho.admin('DELETE', '/api/products/MUG-1');
    expect(stocked).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect(stocked.body.error.message).toContain('SKU MUG-1 still has stock in store CRK');
    expect(stocked.body.error.message).toContain('take it off sale (active: false) instead');
    const ordered = await ho.admin('DELETE', '/api/products/MUG-2');
    expect(ordered.status).toBe(409);
    expect(ordered.body.error.message).toContain(`open purchase order ${orderNumber}`);
    const moving = await ho.admin('DELETE', '/api/products/MUG-3');
    expect(moving.status).toBe(409);
    expect(moving.body.error.message).toContain('open transfer from DUB to CRK');
    for (const sku of ['MUG-1', 'MUG-2', 'MUG-3'])
      expect((await ho.admin('GET', `/api/products/${sku}`)).status).toBe(200);

    // Nothing needs MUG-4: it goes, as before.
    expect((await ho.admin('DELETE', '/api/products/MUG-4')).status).toBe(204);
    expect((await ho.admin('GET', '/api/products/MUG-4')).status).toBe(404);
  });

  it('takes a removed product’s supplier items, reorder levels and channel listing with it: the SKU added again starts clean', async () => {
    const putJug = async () =>
      expect((await ho.admin('PUT', '/api/products', { products: [product('JUG-1', 'STD')] })).status).toBe(
        200,
      );
    await putJug();
    const supplier = await ho.admin('POST', '/api/suppliers', { name: 'Jug Works', currency: 'EUR' });
    const supplierId = supplier.body.id as string;
    const item = await ho.admin('PUT', `/api/suppliers/${supplierId}/items/JUG-1`, {
      supplierCode: 'JW-1',
      unitCostMinor: 150,
    });
    expect(item.status).toBe(200);
    const levels = { skus: [{ sku: 'JUG-1', reorderPoint: 4, desiredLevel: 12, safetyStock: 1 }] };
    expect((await ho.admin('PUT', '/api/stores/DUB/reorder-levels', levels)).status).toBe(200);
    // A web shop listing it, as a mapping run, a stock change and the digest (it was low at DUB) leave them.
    const at = new Date().toISOString();
    await ho.db
      .insertInto('channels')
      .values({
        id: 'WEB',
        name: 'Web shop',
        kind: 'woocommerce',
        base_url: 'http://127.0.0.1:9',
        remote_location_id: null,
        fulfilment_store_id: 'DUB',
        safety_stock: 0,
        secrets: '',
        paused_until: null,
        order_cursor: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await ho.db
      .insertInto('channel_safety_stock')
      .values({ channel_id: 'WEB', scope: 'sku', key: 'JUG-1', quantity: 3 })
      .execute();
    await ho.db
      .insertInto('channel_items')
      .values({ channel_id: 'WEB', sku: 'JUG-1', item_id: '77', channel_figure: 0, pushed_at: null })
      .execute();
    await ho.db
      .insertInto('channel_pushes')
      .values({
        channel_id: 'WEB',
        sku: 'JUG-1',
        state: 'pending',
        due_at: at,
        changes: 1,
        attempts: 0,
        quantity: null,
        error: null,
        created_at: at,
        updated_at: at,
        sent_at: null,
      })
      .execute();
    await ho.db
      .insertInto('low_stock_alerts')
      .values({ store_id: 'DUB', sku: 'JUG-1', low_since: at, notified_at: at })
      .execute();

    expect((await ho.admin('DELETE', '/api/products/JUG-1')).status).toBe(204);

    const noneLeft = async () => {
      expect((await ho.admin('GET', `/api/suppliers/${supplierId}/items`)).body.items).toEqual([]);
      expect((await ho.admin('GET', '/api/stores/DUB/reorder-levels')).body.skus).toEqual([]);
      const suggested = await ho.admin('GET', '/api/stores/DUB/replenishment/suggestions');
      expect(JSON.stringify(suggested.body)).not.toContain('JUG-1');
      for (const table of ['channel_items', 'channel_pushes', 'low_stock_alerts'] as const)
        expect(await ho.db.selectFrom(table).select('sku').where('sku', '=', 'JUG-1').execute()).toEqual([]);
      expect(await ho.db.selectFrom('channel_safety_stock').selectAll().execute()).toEqual([]);
    };
    await noneLeft();
    // DUB's registers drop the levels too.
    const told = await ho.db
      .selectFrom('change_log')
      .select('data')
      .where('stream', '=', 'reorder')
      .where('key', '=', 'DUB:sku:JUG-1')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    expect(told).toEqual({ data: null });

    // The same SKU added again is a new product: nothing of the old one comes back.
    await putJug();
    await noneLeft();
  });

  it('names a few of a tax code’s products and counts the rest, reading no more than those few however big the catalog', async () => {
    const many = Array.from({ length: 600 }, (_, i) => product(`BOWL-${String(i).padStart(3, '0')}`, 'STD'));
    expect((await ho.admin('PUT', '/api/products', { products: many })).status).toBe(200);
    const { total } = await ho.db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('tax_code', '=', 'STD')
      .executeTakeFirstOrThrow();

    // Every statement head office runs on products, with the rows it brought back.
    const executor = Object.getPrototypeOf(ho.db.getExecutor()) as {
      executeQuery(query: { sql: string }): Promise<{ rows: unknown[] }>;
    };
    const statements = vi.spyOn(executor, 'executeQuery');
    const refused = await ho.admin('PATCH', '/api/stores/DUB', { taxRates: [zero] });
    const productRowsRead = await Promise.all(
      statements.mock.calls
        .map(([query], i) => ({
          query,
          result: statements.mock.results[i]!.value as Promise<{ rows: unknown[] }>,
        }))
        .filter(({ query }) => query.sql.includes('"products"'))
        .map(async ({ result }) => (await result).rows.length),
    );
    statements.mockRestore();

    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      `tax code "STD" (BOWL-000, BOWL-001, BOWL-002 and ${Number(total) - 3} more)`,
    );
    expect(productRowsRead.length).toBeGreaterThan(0);
    expect(Math.max(...productRowsRead)).toBeLessThanOrEqual(3);
  });

  it('refuses a blank store name and a made-up currency, in the words the back office shows', async () => {
    const blank = await ho.admin('PATCH', '/api/stores/DUB', { name: '   ' });
    expect(blank).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(blank.body.error.message).toContain('Store name: enter a name');
    const madeUp = await ho.admin('PATCH', '/api/stores/DUB', { currency: 'XYZ' });
    expect(madeUp.status).toBe(400);
    expect(madeUp.body.error.message).toContain('Currency: an ISO 4217 code such as EUR or USD');
  });

  it('keeps the currency of a store that has sold: its takings are in it', async () => {
    // DUB has not sold yet: its currency may change (and back).
    expect((await ho.admin('PATCH', '/api/stores/DUB', { currency: 'GBP' })).body.currency).toBe('GBP');
    expect((await ho.admin('PATCH', '/api/stores/DUB', { currency: 'EUR' })).status).toBe(200);

    const enrolled = await enrollRegister(ho.admin, 'CRK', 'Till 2');
    const socket = await connectRegister(ho.url, enrolled.token);
    const who = { storeId: 'CRK', registerId: enrolled.registerId };
    expect(
      (await socket.emitWithAck('push', { events: [saleEvent(1, who, [{ sku: 'MUG-1' }])] })).status,
    ).toBe('ok');
    socket.close();
    const moved = await ho.admin('PATCH', '/api/stores/CRK', { currency: 'GBP' });
    expect(moved).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect(moved.body.error.message).toContain('has sales in EUR, so its currency cannot change');
    // The same currency, sent again with other changes, is no change.
    expect((await ho.admin('PATCH', '/api/stores/CRK', { currency: 'EUR', name: 'Cork' })).status).toBe(200);
    // Warehouses have registers too (they receive, count and transfer), so a store with one may become one.
    expect((await ho.admin('PATCH', '/api/stores/CRK', { kind: 'warehouse' })).body.kind).toBe('warehouse');
  });
});
