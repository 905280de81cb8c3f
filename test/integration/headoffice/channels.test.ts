/**
 * Channels (issue 18) on SQLite and PostgreSQL, against local Shopify and WooCommerce servers that follow the
 * published shapes (test/support): mapping by SKU and barcode with its report; a register's sale reaches both
 * shops, coalesced; webhooks verified, forged ones refused, replays taken once; an order commits, fulfils,
 * cancels; two shops and a store race for the last unit; a shop down for an hour; rate limits; a figure that
 * moved under us; head office stopped mid-push; the poll and the reconcile. After every scenario, once the pushes
 * drain, each shop's figure equals the one head office computes (INVENTORY.md invariant 10).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayJournals } from '../../../src/shared/books.ts';
import type { ChannelItemView, ChannelOrderView, ChannelPushView } from '../../../src/shared/channels.ts';
import type { Page } from '../../../src/shared/sync/admin-api.ts';
import { dayOf } from '../../../src/shared/time-zone.ts';
import { FakeShopify, SHOPIFY_LOCATION } from '../../support/fake-shopify.ts';
import { FakeWooCommerce } from '../../support/fake-woocommerce.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  saleEvent,
  startTestHeadOffice,
  testDatabase,
  type RegisterSocket,
  type TestDatabase,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';

const KEY = randomBytes(32);

describe.each(dialects)('channels on %s', (dialect) => {
  let clock = new Date('2026-12-07T09:00:00.000Z');
  const now = () => clock;
  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));
  let database: TestDatabase;
  let ho: TestHeadOffice;
  let socket: RegisterSocket;
  let who: Who;
  let seq = 0;
  const shopify = new FakeShopify('shpat_test', 'shopify-hook-secret', now);
  const woo = new FakeWooCommerce('ck_test', 'cs_test', 'woo-hook-secret', now);

  const start = async () => {
    ho = await startTestHeadOffice(
      dialect,
      {
        now,
        channels: { secretsKey: KEY, pushIntervalMs: 0 },
        log: (line) => process.env.DEBUG_CHANNELS && console.log(line),
      },
      database,
    );
  };
  /** The coalescing window passes and the queue drains. */
  const settle = async () => {
    tick(1100);
    await ho.channels.drain();
  };
  const sell = async (sku: string, quantity = 1) => {
    seq += 1;
    const reply = await socket.emitWithAck('push', { events: [saleEvent(seq, who, [{ sku, quantity }])] });
    expect(reply).toMatchObject({ outcomes: [{ outcome: 'applied' }] });
  };
  const receive = async (storeId: string, sku: string, quantity: number) => {
    const reply = await ho.admin('POST', `/api/stores/${storeId}/stock-movements`, {
      sku,
      kind: 'receive',
      quantity,
    });
    expect(reply.status).toBe(201);
  };
  const items = async (channelId: string) =>
    (await ho.admin<Page<ChannelItemView>>('GET', `/api/channels/${channelId}/items?limit=1000`)).body.items;
  const pushes = async (channelId: string, query = '') =>
    (await ho.admin<Page<ChannelPushView>>('GET', `/api/channels/${channelId}/pushes?limit=1000${query}`))
      .body.items;
  const orders = async (channelId: string) =>
    (await ho.admin<Page<ChannelOrderView>>('GET', `/api/channels/${channelId}/orders?limit=1000`)).body
      .items;
  const shopFigure = (channelId: string, itemId: string) =>
    channelId === 'SHOPIFY'
      ? shopify.variants.get(itemId)!.available
      : woo.products.get(Number(itemId))!.stock_quantity;

  /** Invariant 10: once pushes drain, each shop shows what head office computes, and that is its last push. */
  const expectInvariant10 = async () => {
    // A push can queue another (an order fetched after a figure moved): windows pass until none is waiting.
    for (
      let round = 0;
      round < 5 &&
      (await pushes('SHOPIFY', '&state=pending')).length + (await pushes('WOO', '&state=pending')).length > 0;
      round += 1
    )
      await settle();
    await settle();
    for (const channelId of ['SHOPIFY', 'WOO']) {
      expect(await pushes(channelId, '&state=pending')).toEqual([]);
      for (const item of await items(channelId)) {
        expect({ sku: item.sku, shop: shopFigure(channelId, item.itemId), last: item.channelFigure }).toEqual(
          {
            sku: item.sku,
            shop: item.figure,
            last: item.figure,
          },
        );
      }
    }
  };
  const hook = (channelId: string) => `${ho.url}/api/channels/${channelId}/webhooks`;

  beforeAll(async () => {
    await shopify.start();
    await woo.start();
    database = testDatabase(dialect);
    await start();
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'B');
    const product = (sku: string, category: string | null, barcodes: string[] = []) => ({
      sku,
      name: `Product ${sku}`,
      priceMinor: 1000,
      taxCode: 'STD',
      category,
      unit: 'each',
      active: true,
      barcodes,
    });
    expect(
      (
        await ho.admin('PUT', '/api/products', {
          products: [
            product('MUG', 'kitchen'),
            product('TEE', 'clothes', ['4006381333931']),
            product('LAST', 'kitchen'),
            product('CAP', 'clothes'),
            product('NOWEB', null),
          ],
        })
      ).status,
    ).toBe(200);
    await receive('A', 'MUG', 10);
    await receive('B', 'MUG', 5);
    await receive('A', 'TEE', 4);
    await receive('A', 'CAP', 3);
    const enrolled = await enrollRegister(ho.admin, 'A');
    who = { storeId: 'A', registerId: enrolled.registerId };
    socket = await connectRegister(ho.url, enrolled.token);

    shopify.addVariant('MUG', 0);
    shopify.addVariant('SHOP-TEE', 0, '4006381333931');
    shopify.addVariant('LAST', 0);
    shopify.addVariant('CAP', 0);
    shopify.addVariant('GHOST', 7);
    woo.addProduct('MUG', 0);
    woo.addProduct('LAST', 0);
    woo.addProduct('CAP', 0);
  });
  afterAll(async () => {
    socket?.close();
    await ho?.close();
    await database?.cleanup();
    await shopify.close();
    await woo.close();
  });

  it('keeps a channel’s secrets encrypted at rest and never shows them', async () => {
    const created = await ho.admin('POST', '/api/channels', {
      id: 'SHOPIFY',
      name: 'Web shop',
      kind: 'shopify',
      baseUrl: shopify.url,
      remoteLocationId: SHOPIFY_LOCATION,
      locationIds: ['A', 'B'],
      fulfilmentStoreId: 'A',
      safetyStock: 2,
      safetyOverrides: [{ scope: 'category', key: 'clothes', quantity: 0 }],
      secrets: { apiKey: 'shpat_test', webhookSecret: 'shopify-hook-secret' },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('shpat_test');
    const woocommerce = await ho.admin('POST', '/api/channels', {
      id: 'WOO',
      name: 'Marketplace',
      kind: 'woocommerce',
      baseUrl: woo.url,
      locationIds: ['A'],
      fulfilmentStoreId: 'A',
      secrets: { apiKey: 'ck_test:cs_test', webhookSecret: 'woo-hook-secret' },
    });
    expect(woocommerce.status).toBe(201);
    const stored = await ho.db.selectFrom('channels').select('secrets').execute();
    for (const { secrets } of stored) {
      expect(secrets).not.toContain('shpat_test');
      expect(secrets).not.toContain('hook-secret');
    }
    const audit = await sql<{ details: string }>`select details from audit_log`.execute(ho.db);
    expect(JSON.stringify(audit.rows)).not.toContain('shpat_test');
    const shopifyWithoutLocation = await ho.admin('POST', '/api/channels', {
      id: 'NOLOC',
      name: 'x',
      kind: 'shopify',
      baseUrl: shopify.url,
      locationIds: ['A'],
      fulfilmentStoreId: 'A',
      secrets: { apiKey: 'a', webhookSecret: 'b' },
    });
    expect(shopifyWithoutLocation.status).toBe(400);
    expect(shopifyWithoutLocation.body.error.message).toContain('location');
  });

  it('maps by SKU, then barcode, and reports what did not match', async () => {
    const report = await ho.admin('POST', '/api/channels/SHOPIFY/mapping');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      mapped: 4,
      bySku: 3,
      byBarcode: 1,
      unmatchedItemCount: 1,
      unmappedSkus: ['NOWEB'],
    });
    expect(report.body.unmatchedItems).toEqual([
      expect.objectContaining({ sku: 'GHOST', itemId: shopify.variantOf('GHOST').inventoryItemId }),
    ]);
    expect((await ho.admin('POST', '/api/channels/WOO/mapping')).body).toMatchObject({
      mapped: 3,
      unmappedSkuCount: 2,
    });
    await settle();
    // Shopify: stores A and B less 2 (clothes: 0); WooCommerce: store A only, no safety stock.
    expect(shopify.availableOf('MUG')).toBe(13);
    expect(shopify.availableOf('SHOP-TEE')).toBe(4);
    expect(shopify.availableOf('CAP')).toBe(3);
    expect(woo.stockOf('MUG')).toBe(10);
    expect(shopify.sets.every((set) => typeof set.compareQuantity === 'number')).toBe(true);
    await expectInvariant10();
  });

  it('pushes a register sale to both shops, coalescing the changes of one second into one push', async () => {
    const setsBefore = shopify.sets.length;
    await sell('MUG');
    await sell('MUG');
    tick(300);
    await sell('MUG');
    // Nothing goes before the window closes.
    await ho.channels.drain();
    expect(shopify.availableOf('MUG')).toBe(13);
    await settle();
    expect(shopify.availableOf('MUG')).toBe(10);
    expect(woo.stockOf('MUG')).toBe(7);
    expect(shopify.sets.length - setsBefore).toBe(1);
    const [latest] = await pushes('SHOPIFY', '&sku=MUG');
    expect(latest).toMatchObject({ state: 'sent', quantity: 10 });
    await expectInvariant10();
  });

  it('refuses a forged webhook, takes a signed one once, and commits, fulfils and releases stock', async () => {
    const order = shopify.placeOrder([{ sku: 'CAP', quantity: 2 }]);
    const forged = await shopify.sendWebhook(hook('SHOPIFY'), order, { secret: 'guessed' });
    expect(forged.status).toBe(401);
    expect(await orders('SHOPIFY')).toEqual([]);
    const webhookId = 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043';
    expect(
      (await shopify.sendWebhook(hook('SHOPIFY'), order, { topic: 'orders/create', webhookId })).body,
    ).toEqual({
      outcome: 'taken',
    });
    expect(
      (await shopify.sendWebhook(hook('SHOPIFY'), order, { topic: 'orders/create', webhookId })).body,
    ).toEqual({
      outcome: 'duplicate',
    });
    const stock = async () => (await ho.admin('GET', '/api/stores/A/stock?sku=CAP')).body.items[0];
    expect(await stock()).toMatchObject({ onHand: 3, committed: 2, available: 1 });
    expect(await orders('SHOPIFY')).toEqual([
      expect.objectContaining({
        number: order.name,
        state: 'committed',
        lines: [{ sku: 'CAP', quantity: 2 }],
      }),
    ]);
    shopify.update(order, { fulfilment: 'fulfilled' });
    await shopify.sendWebhook(hook('SHOPIFY'), order, { topic: 'orders/fulfilled' });
    expect(await stock()).toMatchObject({ onHand: 1, committed: 0, available: 1 });

    const wooOrder = woo.placeOrder([{ sku: 'CAP', quantity: 1 }]);
    const forgedWoo = await woo.sendWebhook(hook('WOO'), wooOrder, { secret: 'nope' });
    expect(forgedWoo.status).toBe(401);
    expect((await woo.sendWebhook(hook('WOO'), wooOrder, { deliveryId: 'd-1' })).body).toEqual({
      outcome: 'taken',
    });
    expect(await stock()).toMatchObject({ onHand: 1, committed: 1, available: 0 });
    woo.setStatus(wooOrder, 'cancelled');
    await woo.sendWebhook(hook('WOO'), wooOrder, { deliveryId: 'd-2' });
    expect(await stock()).toMatchObject({ onHand: 1, committed: 0, available: 1 });
    expect((await orders('WOO'))[0]).toMatchObject({ state: 'cancelled' });
    await expectInvariant10();
  });

  it('posts the goods of a fulfilled web order at the average cost in its store’s journal', async () => {
    await receive('A', 'CAP', 2);
    const store = await ho.db
      .selectFrom('stores')
      .select(['currency', 'time_zone'])
      .where('id', '=', 'A')
      .executeTakeFirstOrThrow();
    await ho.db
      .insertInto('item_costs')
      .values({ currency: store.currency, sku: 'CAP', unit_cost_minor: 250, updated_at: now().toISOString() })
      .onConflict((oc) => oc.columns(['sku', 'currency']).doUpdateSet({ unit_cost_minor: 250 }))
      .execute();
    const costOfGoods = async (): Promise<number> => {
      const reply = await ho.admin<DayJournals>(
        'GET',
        `/api/stores/A/journal?date=${dayOf(now(), store.time_zone)}`,
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const [journal] = reply.body.journals;
      expect(journal?.debitMinor, 'the day balances').toBe(journal?.creditMinor);
      return (journal?.lines ?? [])
        .filter((line) => line.key === 'costOfGoods')
        .reduce((total, line) => total + line.debitMinor - line.creditMinor, 0);
    };
    const before = await costOfGoods();
    const order = shopify.placeOrder([{ sku: 'CAP', quantity: 2 }]);
    await shopify.sendWebhook(hook('SHOPIFY'), order, { topic: 'orders/create' });
    // Committed is not sold: nothing left the shelf yet.
    expect(await costOfGoods()).toBe(before);
    shopify.update(order, { fulfilment: 'fulfilled' });
    await shopify.sendWebhook(hook('SHOPIFY'), order, { topic: 'orders/fulfilled' });
    expect(await costOfGoods()).toBe(before + 2 * 250);
    await settle();
  });

  it('lets one of two shops and a store have the last unit; the other order is an oversell exception with choices', async () => {
    await receive('A', 'LAST', 1);
    await settle();
    expect([shopify.availableOf('LAST'), woo.stockOf('LAST')]).toEqual([0, 1]); // Shopify holds 2 back
    const patched = await ho.admin('PATCH', '/api/channels/SHOPIFY', {
      safetyOverrides: [{ scope: 'sku', key: 'LAST', quantity: 0 }],
    });
    expect(patched.body).toMatchObject({ safetyOverrides: [{ scope: 'sku', key: 'LAST', quantity: 0 }] });
    await settle();
    expect(shopify.availableOf('LAST')).toBe(1);

    const fromShopify = shopify.placeOrder([{ sku: 'LAST', quantity: 1 }]);
    const fromWoo = woo.placeOrder([{ sku: 'LAST', quantity: 1 }]);
    await Promise.all([
      shopify.sendWebhook(hook('SHOPIFY'), fromShopify, { topic: 'orders/create' }),
      woo.sendWebhook(hook('WOO'), fromWoo),
      sell('LAST'),
    ]);
    const states = [
      (await orders('SHOPIFY')).find((o) => o.number === fromShopify.name)!,
      (await orders('WOO')).find((o) => o.number === fromWoo.number)!,
    ];
    const stock = (await ho.admin('GET', '/api/stores/A/stock?sku=LAST')).body.items[0];
    // The store's sale is never refused (the till is offline-first); at most one web order commits the unit.
    expect(states.filter((o) => o.state === 'committed').length).toBeLessThanOrEqual(1);
    expect(stock.committed).toBe(states.filter((o) => o.state === 'committed').length);
    const oversold = states.filter((o) => o.state === 'oversold');
    expect(oversold.length).toBeGreaterThanOrEqual(1);
    const exceptions = (await ho.admin('GET', '/api/exceptions?kind=oversell&unresolved=true')).body.items;
    expect(exceptions).toHaveLength(oversold.length);
    expect(exceptions[0].details).toMatch(/fulfil from another store, cancel, or backorder/);
    await expectInvariant10();
    expect(shopify.availableOf('LAST')).toBe(0);
    expect(woo.stockOf('LAST')).toBe(0);

    // Choices: B has none either; backorder commits though short; the exception is resolved with the note.
    const first = oversold[0]!;
    const channelOf = first.number === fromShopify.name ? 'SHOPIFY' : 'WOO';
    const choice = (body: unknown) =>
      ho.admin('POST', `/api/channels/${channelOf}/orders/${encodeURIComponent(first.orderId)}/choice`, body);
    const fromB = await choice({ choice: 'fulfil_from', storeId: 'B' });
    expect(fromB.status).toBe(400);
    expect(fromB.body.error.message).toContain('Store B has not got it either');
    expect((await choice({ choice: 'backorder' })).status).toBe(204);
    expect((await choice({ choice: 'cancel' })).status).toBe(409);
    const resolved = (await ho.admin('GET', `/api/exceptions?kind=oversell`)).body.items.find(
      (e: { id: number }) => e.id === first.exceptionId,
    );
    expect(resolved).toMatchObject({ resolutionNote: expect.stringContaining('Backordered') });
    await expectInvariant10();
  });

  it('fulfils an oversold order from another store when a person chooses it', async () => {
    const order = woo.placeOrder([{ sku: 'MUG', quantity: 9 }]);
    await woo.sendWebhook(hook('WOO'), order);
    const [taken] = (await orders('WOO')).filter((o) => o.number === order.number);
    expect(taken).toMatchObject({ state: 'oversold' });
    await receive('B', 'MUG', 10);
    expect(
      (
        await ho.admin('POST', `/api/channels/WOO/orders/${taken!.orderId}/choice`, {
          choice: 'fulfil_from',
          storeId: 'B',
        })
      ).status,
    ).toBe(204);
    expect((await ho.admin('GET', '/api/stores/B/stock?sku=MUG')).body.items[0]).toMatchObject({
      committed: 9,
    });
    expect((await orders('WOO')).find((o) => o.orderId === taken!.orderId)).toMatchObject({
      state: 'committed',
      storeId: 'B',
    });
    await expectInvariant10();
  });

  it('catches by poll an order whose webhook never came', async () => {
    const order = shopify.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const polled = await ho.admin('POST', '/api/channels/SHOPIFY/poll');
    expect(polled.status).toBe(200);
    expect((await orders('SHOPIFY')).find((o) => o.number === order.name)).toMatchObject({
      state: 'committed',
    });
    await expectInvariant10();
  });

  it('never overwrites a figure that moved at the shop: it reads again, fetches orders, and goes again', async () => {
    // An order the shop took whose webhook has not come: Shopify's figure moved under us.
    const order = shopify.placeOrder([{ sku: 'TEE', quantity: 1 }].map((l) => ({ ...l, sku: 'SHOP-TEE' })));
    expect(order.lines[0]!.sku).toBe('SHOP-TEE');
    await receive('A', 'TEE', 2);
    await settle();
    await settle();
    const tee = (await pushes('SHOPIFY', '&sku=TEE'))[0]!;
    expect(tee.state).toBe('sent');
    // The order (by its mapped item) was fetched and committed before the figure was set again.
    expect((await orders('SHOPIFY')).find((o) => o.number === order.name)).toMatchObject({
      state: 'committed',
      lines: [{ sku: 'TEE', quantity: 1 }],
    });
    await expectInvariant10();
  });

  it('keeps failed pushes visible while a shop is down for an hour, and sends them when it is back', async () => {
    shopify.down = true;
    await sell('MUG');
    await settle();
    const failed = (await pushes('SHOPIFY', '&state=failed'))[0]!;
    expect(failed.error).toContain('503');
    for (let minute = 0; minute < 60; minute += 5) {
      tick(5 * 60_000);
      await ho.channels.drain();
    }
    expect((await pushes('SHOPIFY', '&state=failed'))[0]!.attempts).toBeGreaterThan(5);
    shopify.down = false;
    tick(5 * 60_000);
    await ho.channels.drain();
    expect(await pushes('SHOPIFY', '&state=failed')).toEqual([]);
    await expectInvariant10();
  });

  it('retries a failed push at once when a person asks', async () => {
    woo.down = true;
    await sell('MUG');
    await settle();
    const failed = (await pushes('WOO', '&state=failed'))[0]!;
    woo.down = false;
    expect((await ho.admin('POST', `/api/channels/WOO/pushes/${failed.id}/retry`)).status).toBe(204);
    await ho.channels.drain();
    expect((await pushes('WOO', '&sku=MUG'))[0]).toMatchObject({ id: failed.id, state: 'sent' });
    expect((await ho.admin('POST', `/api/channels/WOO/pushes/${failed.id}/retry`)).status).toBe(404);
    await expectInvariant10();
  });

  it('waits as long as a shop’s rate limit asks (WooCommerce 429, Shopify THROTTLED)', async () => {
    woo.requestsPerSecond = 0;
    await sell('MUG');
    await settle();
    const paused = (await ho.admin('GET', '/api/channels/WOO')).body.pausedUntil;
    expect(paused).not.toBeNull();
    expect((await pushes('WOO', '&sku=MUG'))[0]).toMatchObject({ state: 'pending', attempts: 0 });
    woo.requestsPerSecond = Infinity;
    // A set costs 10 points; at 1 point a second the bucket is 10 s from it.
    shopify.bucket.currentlyAvailable = 0;
    shopify.bucket.restoreRate = 1;
    await sell('MUG');
    await settle();
    expect((await ho.admin('GET', '/api/channels/SHOPIFY')).body.pausedUntil).toBe(
      new Date(clock.getTime() + 10_000).toISOString(),
    );
    expect((await pushes('SHOPIFY', '&sku=MUG'))[0]).toMatchObject({ state: 'pending', attempts: 0 });
    shopify.bucket.restoreRate = 1_000_000;
    tick(10_000);
    await expectInvariant10();
  });

  it('pushes after a restart what head office was pushing when it stopped', async () => {
    shopify.hang = true;
    await sell('MUG');
    tick(1100);
    const asked = shopify.nextRequest();
    const draining = ho.channels.drain().catch(() => 'stopped');
    await asked;
    socket.close();
    await ho.close();
    // Head office is gone; so is its connection to the shop.
    shopify.dropHanging();
    expect(await draining).toBe('stopped');
    shopify.hang = false;
    await start();
    const row = await ho.db.selectFrom('channel_pushes').selectAll().where('state', '=', 'pending').execute();
    expect(row.map((r) => r.sku)).toContain('MUG');
    // The claim's lease has to end first: another node may still be pushing it.
    await ho.channels.drain();
    expect((await pushes('SHOPIFY', '&sku=MUG'))[0]).toMatchObject({ state: 'pending' });
    tick(31_000);
    await expectInvariant10();
    socket = await connectRegister(ho.url, (await enrollRegister(ho.admin, 'A', 'Till 2')).token);
  });

  it('reconciles every mapped SKU and lists what it changed', async () => {
    shopify.variantOf('CAP').available = 40;
    woo.productOf('MUG').stock_quantity = 99;
    const shopifyReport = await ho.admin('POST', '/api/channels/SHOPIFY/reconcile');
    expect(shopifyReport.body).toMatchObject({
      checked: 4,
      repairedCount: 1,
      repaired: [{ sku: 'CAP', channelFigure: 40 }],
    });
    const wooReport = await ho.admin('POST', '/api/channels/WOO/reconcile');
    expect(wooReport.body).toMatchObject({ checked: 3, repaired: [{ sku: 'MUG', channelFigure: 99 }] });
    await expectInvariant10();
  });
});
