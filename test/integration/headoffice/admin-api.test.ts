/**
 * The HTTP admin API as an operator's script meets it: clear JSON errors for bad requests, stores, the
 * catalog's barcode rule, stock movements including counts, and paging of sales and exceptions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ExceptionView,
  Page,
  SaleView,
  StockView,
  StoreView,
} from '../../../src/shared/sync/admin-api.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  putProducts,
  saleEvent,
  startTestHeadOffice,
  taxRates,
  type TestHeadOffice,
} from './helpers.ts';

describe.each(dialects)('head office admin API on %s', (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'MAIN', 'Main Street');
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  describe('bad requests get clear JSON errors', () => {
    it('asks for the admin token', async () => {
      for (const token of [null, 'wrong']) {
        const reply = await ho.admin('GET', '/api/stores', undefined, token);
        expect(reply.status).toBe(401);
        expect(reply.body.error).toEqual({
          code: 'FORBIDDEN',
          message: expect.stringMatching(/Authorization: Bearer/),
        });
      }
    });

    it('names every field that is wrong', async () => {
      const reply = await ho.admin('POST', '/api/stores', {
        id: 'has space',
        name: '',
        currency: 'euro',
        pricesIncludeTax: 'yes',
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('INVALID_INPUT');
      expect(reply.body.error.details).toEqual([
        expect.stringMatching(/^id: Store id: 1-40 letters/),
        expect.stringMatching(/^name: /),
        expect.stringMatching(/^currency: Currency: an ISO 4217 code/),
        expect.stringMatching(/^pricesIncludeTax: /),
        'taxRates: required (array)',
      ]);
    });

    it('says when the body is not JSON, the route does not exist or the method is wrong', async () => {
      const notJson = await ho.admin('POST', '/api/stores', '{"id": ');
      expect(notJson).toMatchObject({
        status: 400,
        body: { error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not JSON/) } },
      });
      const noRoute = await ho.admin('GET', '/api/nothing-here');
      expect(noRoute).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
      const wrongMethod = await ho.admin('DELETE', '/api/sales');
      expect(wrongMethod).toMatchObject({
        status: 405,
        body: { error: { message: expect.stringMatching(/use GET/) } },
      });
    });

    it('refuses a duplicate store id and unknown ids with the reason', async () => {
      const again = await ho.admin('POST', '/api/stores', {
        id: 'MAIN',
        name: 'Again',
        currency: 'EUR',
        pricesIncludeTax: true,
        taxRates,
      });
      expect(again).toMatchObject({
        status: 409,
        body: { error: { code: 'CONFLICT', message: expect.stringMatching(/already exists/) } },
      });
      const missing = await ho.admin('POST', '/api/stores/NOPE/pairing-codes', {});
      expect(missing).toMatchObject({
        status: 404,
        body: { error: { message: expect.stringMatching(/no store "NOPE"/) } },
      });
    });
  });

  it('creates, updates, lists and deletes stores', async () => {
    await createStore(ho.admin, 'TEMP', 'Pop-up');
    const renamed = await ho.admin<StoreView>('PATCH', '/api/stores/TEMP', { name: 'Pop-up shop' });
    expect(renamed.body).toMatchObject({
      id: 'TEMP',
      name: 'Pop-up shop',
      currency: 'EUR',
      taxRates,
      overShortThresholdMinor: 500,
    });
    const strict = await ho.admin<StoreView>('POST', '/api/stores', {
      id: 'STRICT',
      name: 'Strict',
      currency: 'EUR',
      pricesIncludeTax: true,
      taxRates,
      overShortThresholdMinor: 0,
    });
    expect(strict.body).toMatchObject({ id: 'STRICT', overShortThresholdMinor: 0 });
    expect((await ho.admin('DELETE', '/api/stores/STRICT')).status).toBe(204);
    const empty = await ho.admin('PATCH', '/api/stores/TEMP', {});
    expect(empty.status).toBe(400);
    expect((await ho.admin<StoreView[]>('GET', '/api/stores')).body.map((s) => s.id)).toEqual([
      'MAIN',
      'TEMP',
    ]);
    expect((await ho.admin('DELETE', '/api/stores/TEMP')).status).toBe(204);
    expect((await ho.admin('GET', '/api/stores/TEMP')).status).toBe(404);
  });

  it('keeps a barcode on one product only', async () => {
    await putProducts(ho.admin, [{ sku: 'MILK', priceMinor: 99, barcodes: ['5000112637922'] }]);
    const taken = await ho.admin('PUT', '/api/products', {
      products: [
        {
          sku: 'CREAM',
          name: 'Cream',
          priceMinor: 150,
          taxCode: 'STD',
          category: null,
          unit: 'each',
          active: true,
          barcodes: ['5000112637922'],
        },
      ],
    });
    expect(taken).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/already belongs to SKU MILK/) } },
    });
    expect((await ho.admin('GET', '/api/products/CREAM')).status).toBe(404);

    // Moving it in one request, with both products, is fine.
    await putProducts(ho.admin, [
      { sku: 'MILK', priceMinor: 99 },
      { sku: 'CREAM', priceMinor: 150, barcodes: ['5000112637922'] },
    ]);
    expect((await ho.admin('GET', '/api/products/CREAM')).body.barcodes).toEqual(['5000112637922']);
    expect((await ho.admin('GET', '/api/products/MILK')).body.barcodes).toEqual([]);
  });

  it('keeps stock as movements: receipts add, a count replaces what happened before it', async () => {
    const move = (body: object) => ho.admin<StockView>('POST', '/api/stores/MAIN/stock-movements', body);
    expect(
      (await move({ sku: 'MILK', kind: 'receive', quantity: 24, occurredAt: '2025-03-01T08:00:00Z' })).body
        .onHand,
    ).toBe(24);
    expect(
      (await move({ sku: 'MILK', kind: 'adjust', quantity: -2, occurredAt: '2025-03-01T12:00:00Z' })).body
        .onHand,
    ).toBe(22);
    // Counted 20 at 10:00: the 12:00 adjustment happened after the count, so it still applies.
    expect(
      (await move({ sku: 'MILK', kind: 'count', quantity: 20, occurredAt: '2025-03-01T10:00:00Z' })).body
        .onHand,
    ).toBe(18);
    // A receipt from 09:00 that is recorded late was already on the shelf when it was counted.
    expect(
      (await move({ sku: 'MILK', kind: 'receive', quantity: 6, occurredAt: '2025-03-01T09:00:00Z' })).body
        .onHand,
    ).toBe(18);

    const invalid = await move({ sku: 'MILK', kind: 'receive', quantity: -1 });
    expect(invalid).toMatchObject({
      status: 400,
      body: { error: { details: ['quantity: A receipt adds stock: quantity must be above 0'] } },
    });
  });

  it('pages through sales and exceptions, and resolves an exception', async () => {
    const enrolled = await enrollRegister(ho.admin, 'MAIN');
    const socket = await connectRegister(ho.url, enrolled.token);
    const who = { storeId: 'MAIN', registerId: enrolled.registerId };
    const events = [1, 2, 3, 4, 5].map((seq) =>
      saleEvent(seq, who, [{ sku: seq === 3 ? 'GONE' : 'MILK', unitPriceMinor: 99 }]),
    );
    expect((await socket.emitWithAck('push', { events })).status).toBe('ok');
    socket.close();

    const seen: number[] = [];
    let next: string | null = null;
    do {
      const page: { body: Page<SaleView> } = await ho.admin(
        'GET',
        `/api/sales?storeId=MAIN&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`,
      );
      seen.push(...page.body.items.map((sale) => sale.seq));
      next = page.body.next;
    } while (next);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);

    const open = await ho.admin<Page<ExceptionView>>(
      'GET',
      '/api/exceptions?kind=unknown_sku&unresolved=true',
    );
    expect(open.body.items).toMatchObject([{ kind: 'unknown_sku', sku: 'GONE', seq: 3 }]);
    const resolved = await ho.admin('POST', `/api/exceptions/${open.body.items[0]!.id}/resolve`, {
      note: 'Added GONE to the catalog',
    });
    expect(resolved.status).toBe(204);
    expect(
      (await ho.admin<Page<ExceptionView>>('GET', '/api/exceptions?kind=unknown_sku&unresolved=true')).body
        .items,
    ).toEqual([]);

    const badKind = await ho.admin('GET', '/api/exceptions?kind=whatever');
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0]).toMatch(/^kind: /);
  });
});
