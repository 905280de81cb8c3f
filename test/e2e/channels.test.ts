/**
 * The Channels page in Chromium against the real head office serving the built back office, on SQLite and
 * PostgreSQL, with a local Shopify (test/support/fake-shopify.ts): the owner maps the shop's items (the report
 * names the one that matched nothing), the shop shows the store's last unit, a register sells it and the shop's
 * figure drops to 0 on its own (the push queue), and a web order for it that comes after is an oversell the owner
 * backorders from the page. Screenshots: test-results/screenshots/channels-<database>-<step>.png.
 */
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeFirstOwner, startBackOffice, type BackOfficeServer } from '../harness/back-office.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import {
  connectRegister,
  dialects,
  enrollRegister,
  putProducts,
  saleEvent,
  taxRates,
} from '../integration/headoffice/helpers.ts';
import { FakeShopify, SHOPIFY_LOCATION } from '../support/fake-shopify.ts';

const owner = { name: 'Ana Byrne', email: 'ana@example.com', password: 'a long enough password' };

describe.each(dialects)('the Channels page on %s, in Chromium', (dialect) => {
  let server: BackOfficeServer;
  let session: BrowserSession;
  let page: Page;
  const shop = new FakeShopify('shpat_e2e', 'hook-secret');

  const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
  const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
  const screenshot = (name: string) => session.screenshot(`channels-${dialect}-${name}`);

  beforeAll(async () => {
    await shop.start();
    shop.addVariant('LAMP', 0);
    shop.addVariant('POSTER', 0);
    server = await startBackOffice(dialect, {
      channels: { secretsKey: randomBytes(32), pushIntervalMs: 100, pollIntervalMs: 0 },
    });
    const admin = server.ho.admin;
    await admin('POST', '/api/stores', {
      id: 'DUBLIN-1',
      name: 'Dublin Harbour',
      currency: 'EUR',
      pricesIncludeTax: true,
      taxRates,
    });
    await putProducts(admin, [
      { sku: 'LAMP', priceMinor: 4500, name: 'Desk lamp' },
      { sku: 'VASE', priceMinor: 2500, name: 'Vase' },
    ]);
    await admin('POST', '/api/stores/DUBLIN-1/stock-movements', {
      sku: 'LAMP',
      kind: 'receive',
      quantity: 1,
    });
    const made = await admin('POST', '/api/channels', {
      id: 'WEBSHOP',
      name: 'Web shop',
      kind: 'shopify',
      baseUrl: shop.url,
      remoteLocationId: SHOPIFY_LOCATION,
      locationIds: ['DUBLIN-1'],
      fulfilmentStoreId: 'DUBLIN-1',
      secrets: { apiKey: 'shpat_e2e', webhookSecret: 'hook-secret' },
    });
    expect(made.status).toBe(201);
    session = await openBrowser(server.setupUrl);
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
    await shop.close();
  });
  afterEach(() => expectNoNewProblems(session));

  it('makes the first owner', async () => {
    await makeFirstOwner(page, owner);
  });

  it('maps the shop’s items by SKU, reports what matched nothing, and the shop shows the last unit', async () => {
    await page.getByTestId('nav-channels').click();
    await eventually(text(page.locator('h1'))).toBe('Channels');
    await page.getByTestId('channel-map').click();
    await eventually(text(page.getByTestId('mapping-summary'))).toBe('1 SKU mapped: 1 by SKU, 0 by barcode.');
    await expect(text(page.getByTestId('channel-report'))()).resolves.toContain('POSTER');
    await screenshot('mapping-report');
    await page.getByRole('button', { name: 'Close Mapped' }).click();
    await eventually(() => shop.availableOf('LAMP')).toBe(1);
    await page.reload();
    await eventually(text(page.getByTestId('shop-figure-LAMP'))).toBe('1');
    await screenshot('items');
  });

  it('sells the last unit at the register, and the shop’s figure drops to 0', async () => {
    const till = await enrollRegister(server.ho.admin, 'DUBLIN-1');
    const socket = await connectRegister(server.ho.url, till.token);
    const who = { storeId: 'DUBLIN-1', registerId: till.registerId };
    await socket.emitWithAck('push', { events: [saleEvent(1, who, [{ sku: 'LAMP' }])] });
    socket.close();
    await eventually(() => shop.availableOf('LAMP')).toBe(0);
    await page.reload();
    await eventually(text(page.getByTestId('shop-figure-LAMP'))).toBe('0');
    await page.getByTestId('channel-tab-pushes').click();
    await eventually(text(page.getByTestId('channel-pushes').locator('tbody tr').first())).toMatch(
      /^LAMPsent0/,
    );
    await screenshot('pushes');
  });

  it('shows a web order that found no stock as oversold, and backorders it as the owner chooses', async () => {
    const order = shop.placeOrder([{ sku: 'LAMP', quantity: 1 }]);
    const taken = await shop.sendWebhook(`${server.ho.url}/api/channels/WEBSHOP/webhooks`, order, {
      topic: 'orders/create',
    });
    expect(taken.body).toEqual({ outcome: 'taken' });
    await page.getByTestId('channel-tab-orders').click();
    await eventually(text(page.getByTestId('channel-orders').locator('tbody tr').first())).toMatch(
      /oversold/,
    );
    await page.getByTestId('order-choose').click();
    await screenshot('oversell-choices');
    await page.getByTestId('order-backorder').click();
    await eventually(text(page.getByTestId('channel-orders').locator('tbody tr').first())).toMatch(
      /backordered/,
    );
    await screenshot('orders');
    // The shop went below zero with the order; head office puts it back at what there is: none.
    await eventually(() => shop.availableOf('LAMP')).toBe(0);
  });
});
