/**
 * What the back office's pages ask head office for, on SQLite and on PostgreSQL: the catalog searched, filtered,
 * sorted and paged on the server; a store's stock with names and low stock; sales and returns newest first with
 * the documents their receipts were printed from; exceptions resolved with a note and who; stores with a locale
 * and time zone; and today's summary, counted from each store's own midnight and trimmed to what the caller may
 * read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ExceptionView,
  Page,
  ProductView,
  RegisterView,
  ReturnView,
  SaleView,
  StockView,
  StoreView,
  Today,
} from '../../../src/shared/sync/admin-api.ts';
import {
  completedSale,
  connectRegister,
  dialects,
  enrollRegister,
  outboxEvent,
  returnEvent,
  startTestHeadOffice,
  taxRates,
  type AdminClient,
  type TestHeadOffice,
} from './helpers.ts';
import { addUser, signIn, TEST_PASSWORD_COST } from './people-helpers.ts';

/** 15:00 UTC on 10 March 2025: 11:00 in New York (summer time since the day before), 15:00 in Dublin (UTC+0). */
const NOW = new Date('2025-03-10T15:00:00Z');

const product = (sku: string, name: string, priceMinor: number, more: Partial<ProductView> = {}) => ({
  sku,
  name,
  priceMinor,
  taxCode: 'STD',
  category: null,
  unit: 'each',
  active: true,
  barcodes: [],
  ...more,
});

const catalog = [
  product('MUG-1', 'Blue mug', 899, { category: 'Kitchen', barcodes: ['4006381333931'] }),
  product('MUG-2', 'Red Mug', 999, { category: 'Kitchen' }),
  product('TEA-1', 'Green tea', 450, { category: 'Food' }),
  product('TEA-2', 'Black tea 100% leaf', 520, { category: 'Food', active: false }),
  product('PEN-1', 'Pen', 150),
];

async function ok<T>(admin: AdminClient, method: string, path: string, body?: unknown): Promise<T> {
  const reply = await admin<T>(method, path, body);
  if (reply.status >= 300)
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

describe.each(dialects)('the back office API on %s', (dialect) => {
  let ho: TestHeadOffice;
  let registerId: string;
  const get = <T>(path: string) => ok<T>(ho.admin, 'GET', path);

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect, { now: () => NOW, passwordHashCost: TEST_PASSWORD_COST });
    for (const [id, timeZone] of [
      ['NYC', 'America/New_York'],
      ['DUB', 'Europe/Dublin'],
    ]) {
      await ok(ho.admin, 'POST', '/api/stores', {
        id,
        name: `Store ${id}`,
        currency: 'EUR',
        locale: id === 'NYC' ? 'en-US' : 'en-IE',
        timeZone,
        pricesIncludeTax: true,
        taxRates,
      });
    }
    await ok(ho.admin, 'PUT', '/api/products', { products: catalog });

    // NYC: a sale late last night (local), two this morning (one of an unknown SKU), and a return this morning.
    const enrolled = await enrollRegister(ho.admin, 'NYC');
    registerId = enrolled.registerId;
    const who = { storeId: 'NYC', registerId };
    const sale = (seq: number, at: string, sku: string, unitPriceMinor: number) =>
      outboxEvent(seq, completedSale(seq, who, [{ sku, unitPriceMinor }], { completedAt: at }));
    const events = [
      sale(1, '2025-03-10T03:30:00Z', 'MUG-1', 899), // 23:30 on the 9th in New York
      sale(2, '2025-03-10T13:00:00Z', 'MUG-1', 899),
      sale(3, '2025-03-10T14:00:00Z', 'GONE', 100),
      returnEvent(4, who, null, [{ sku: 'TEA-1', quantity: 2 }]),
    ];
    const socket = await connectRegister(ho.url, enrolled.token);
    expect((await socket.emitWithAck('push', { events })).status).toBe('ok');
    socket.close();
    await ok(ho.admin, 'POST', '/api/stores/DUB/stock-movements', {
      sku: 'PEN-1',
      kind: 'adjust',
      quantity: -2,
    });
    await ok(ho.admin, 'POST', '/api/stores/DUB/stock-movements', {
      sku: 'TEA-1',
      kind: 'receive',
      quantity: 5,
    });
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  describe('products', () => {
    const skus = async (query: string) =>
      (await get<Page<ProductView> & { total: number | null }>(`/api/products?${query}`)).items.map(
        (item) => item.sku,
      );

    it('finds the words of a name in any case, the start of a SKU, or a whole barcode', async () => {
      expect(await skus('q=MUG')).toEqual(['MUG-1', 'MUG-2']);
      expect(await skus('q=tea-')).toEqual(['TEA-1', 'TEA-2']);
      expect(await skus('q=4006381333931')).toEqual(['MUG-1']);
      expect(await skus('q=%20%20green%20')).toEqual(['TEA-1']);
      // Each word typed starts a word of the name, in any order; the middle of a word is no match.
      expect(await skus('q=te%20bla')).toEqual(['TEA-2']);
      expect(await skus('q=ug')).toEqual([]);
      expect(await skus('q=100%25')).toEqual(['TEA-2']);
      // % and _ are what they are, not wildcards.
      expect(await skus('q=%25')).toEqual([]);
      expect(await skus('q=_')).toEqual([]);
    });

    it('filters by category and by whether on sale, and sorts either way by name, price or last change', async () => {
      expect(await skus('category=Food')).toEqual(['TEA-1', 'TEA-2']);
      expect(await skus('category=Food&active=true')).toEqual(['TEA-1']);
      expect(await skus('active=false')).toEqual(['TEA-2']);
      // A search with filters: every way of finding a product is filtered, and so is the count.
      expect(await skus('q=tea&active=true')).toEqual(['TEA-1']);
      expect(await skus('q=4006381333931&category=Food')).toEqual([]);
      expect((await get<{ total: number }>('/api/products?q=mug&category=Kitchen')).total).toBe(2);
      expect((await get<{ total: number }>('/api/products?q=tea&active=false')).total).toBe(1);
      expect(await skus('sort=-price')).toEqual(['MUG-2', 'MUG-1', 'TEA-2', 'TEA-1', 'PEN-1']);
      expect(await skus('sort=name')).toEqual(['TEA-2', 'MUG-1', 'TEA-1', 'PEN-1', 'MUG-2']);
      expect(await skus('sort=-sku')).toEqual(['TEA-2', 'TEA-1', 'PEN-1', 'MUG-2', 'MUG-1']);
    });

    it('pages in the chosen order, counting the matches on the first page only', async () => {
      const seen: string[] = [];
      const totals: (number | null)[] = [];
      let next: string | null = null;
      do {
        const page: Page<ProductView> & { total: number | null } = await get(
          `/api/products?sort=-price&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`,
        );
        seen.push(...page.items.map((item) => item.sku));
        totals.push(page.total);
        next = page.next;
      } while (next);
      expect(seen).toEqual(['MUG-2', 'MUG-1', 'TEA-2', 'TEA-1', 'PEN-1']);
      expect(totals).toEqual([5, null, null]);
      // Products as the catalog has them, barcodes included.
      expect((await get<Page<ProductView>>('/api/products?q=blue')).items).toEqual([
        { ...catalog[0], updatedAt: NOW.toISOString() },
      ]);
    });

    it('refuses a sort it does not know and a cursor it did not give, saying what to send', async () => {
      const sort = await ho.admin('GET', '/api/products?sort=cheapest');
      expect(sort.status).toBe(400);
      expect(sort.body.error.details[0]).toMatch(/^sort: /);
      const after = await ho.admin('GET', '/api/products?after=MUG-1&sort=name');
      expect(after).toMatchObject({
        status: 400,
        body: { error: { message: 'after: pass the "next" value of the previous page unchanged.' } },
      });
    });

    it('lists the categories in use', async () => {
      expect(await get('/api/categories')).toEqual(['Food', 'Kitchen']);
    });
  });

  it("keeps each store's locale and time zone, and refuses ones that do not exist", async () => {
    expect(await get<StoreView>('/api/stores/NYC')).toMatchObject({
      locale: 'en-US',
      timeZone: 'America/New_York',
    });
    const changed = await ok<StoreView>(ho.admin, 'PATCH', '/api/stores/DUB', { locale: 'ga-IE' });
    expect(changed).toMatchObject({ locale: 'ga-IE', timeZone: 'Europe/Dublin' });
    await ok(ho.admin, 'PATCH', '/api/stores/DUB', { locale: 'en-IE' });
    const wrong = await ho.admin('PATCH', '/api/stores/DUB', {
      locale: 'not a locale',
      timeZone: 'Mars/Olympus',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([
      'locale: Locale: a language tag such as en-IE, de-DE or fr-CA',
      'timeZone: Time zone: an IANA zone such as Europe/Dublin or America/New_York',
    ]);
  });

  it("lists a store's stock with product names, searched, or only what has nothing on hand", async () => {
    const stock = (query: string) => get<Page<StockView>>(`/api/stores/DUB/stock?${query}`);
    expect((await stock('')).items).toMatchObject([
      { sku: 'PEN-1', name: 'Pen', onHand: -2 },
      { sku: 'TEA-1', name: 'Green tea', onHand: 5 },
    ]);
    expect((await stock('low=true')).items.map((item) => item.sku)).toEqual(['PEN-1']);
    expect((await stock('q=GREEN')).items.map((item) => item.sku)).toEqual(['TEA-1']);
    expect((await stock('q=tea')).items.map((item) => item.sku)).toEqual(['TEA-1']);
    expect((await stock('q=pen')).items.map((item) => item.sku)).toEqual(['PEN-1']);
    // A SKU head office's catalog does not have still shows, without a name.
    expect((await get<Page<StockView>>('/api/stores/NYC/stock?q=gone')).items).toMatchObject([
      { sku: 'GONE', name: null, onHand: -1 },
    ]);
  });

  it('lists sales newest first, finds one by receipt number, and gives the document its receipt came from', async () => {
    const newest = await get<Page<SaleView>>('/api/sales?order=newest&limit=2');
    expect(newest.items.map((sale) => sale.seq)).toEqual([3, 2]);
    const rest = await get<Page<SaleView>>(
      `/api/sales?order=newest&limit=2&after=${encodeURIComponent(newest.next!)}`,
    );
    expect(rest.items.map((sale) => sale.seq)).toEqual([1]);
    expect(rest.next).toBeNull();

    const [found] = (await get<Page<SaleView>>('/api/sales?receiptNumber=R-000002')).items;
    expect(found).toMatchObject({ seq: 2, totalMinor: 899 });
    const document = await get<{ saleId: string; lines: { sku: string }[]; receiptNumber: string }>(
      `/api/sales/${found!.saleId}/document`,
    );
    expect(document).toMatchObject({
      saleId: found!.saleId,
      receiptNumber: 'R-000002',
      lines: [{ sku: 'MUG-1' }],
    });
    expect((await ho.admin('GET', '/api/sales/no-such-sale/document')).status).toBe(404);
  });

  it('lists returns with the same filters, and gives the document a return came from', async () => {
    const page = await get<Page<ReturnView>>('/api/returns?storeId=NYC&order=newest');
    expect(page.items).toMatchObject([
      { seq: 4, receiptNumber: 'RET-4', totalMinor: 500, originalSaleId: null },
    ]);
    expect((await get<Page<ReturnView>>('/api/returns?storeId=DUB')).items).toEqual([]);
    const document = await get<{ returnId: string; reason: string }>(
      `/api/returns/${page.items[0]!.returnId}/document`,
    );
    expect(document).toMatchObject({ returnId: page.items[0]!.returnId, reason: 'No receipt' });
    expect((await ho.admin('GET', '/api/returns/no-such-return/document')).status).toBe(404);
  });

  it("sums today's sales and returns from each store's own midnight, with open exceptions, low stock and each register's sync", async () => {
    const today = await get<Today>('/api/today');
    const open = await get<Page<ExceptionView>>('/api/exceptions?storeId=NYC&unresolved=true');
    expect(open.items.length).toBeGreaterThan(1);
    expect(today.stores).toEqual([
      {
        storeId: 'DUB',
        name: 'Store DUB',
        currency: 'EUR',
        locale: 'en-IE',
        timeZone: 'Europe/Dublin',
        since: '2025-03-10T00:00:00.000Z',
        sales: {
          count: 0,
          totalMinor: 0,
          returnsCount: 0,
          returnsTotalMinor: 0,
          byHour: Array.from({ length: 24 }, () => 0),
        },
        openExceptions: 0,
        lowStock: 1,
      },
      {
        storeId: 'NYC',
        name: 'Store NYC',
        currency: 'EUR',
        locale: 'en-US',
        timeZone: 'America/New_York',
        // Summer time began on the 9th: midnight is 04:00 UTC, not 05:00.
        since: '2025-03-10T04:00:00.000Z',
        sales: {
          count: 2,
          totalMinor: 999,
          returnsCount: 1,
          returnsTotalMinor: 500,
          byHour: expect.any(Array),
        },
        openExceptions: open.items.length,
        // MUG-1 sold twice with none in stock, GONE once.
        lowStock: 2,
      },
    ]);
    // By the hour of New York's clock: 13:00 and 14:00 UTC are 09:00 and 10:00 there in summer time.
    const { byHour } = today.stores[1]!.sales!;
    expect(byHour).toEqual(Array.from({ length: 24 }, (_, hour) => ({ 9: 899, 10: 100 })[hour] ?? 0));
    const [register] = today.registers!;
    expect(register).toMatchObject({
      id: registerId,
      storeId: 'NYC',
      lastAppliedSeq: 4,
      lastSeenAt: NOW.toISOString(),
    });
    expect(register!.lastEventAt).toEqual(expect.any(String));
    expect((await get<RegisterView[]>('/api/registers'))[0]!.lastEventAt).toBe(register!.lastEventAt);
    expect((await get<Today>('/api/today?storeId=DUB')).stores.map((store) => store.storeId)).toEqual([
      'DUB',
    ]);
  });

  it('leaves out of today what the caller may not read: a buyer sees low stock, not sales', async () => {
    await addUser(ho, { email: 'buyer@example.com', role: 'buyer' });
    const buyer = await signIn(ho.url, 'buyer@example.com');
    const today = (await buyer.call('GET', '/api/today')).body as Today;
    expect(today.registers).toBeNull();
    expect(
      today.stores.map(({ sales, openExceptions, lowStock }) => ({ sales, openExceptions, lowStock })),
    ).toEqual([
      { sales: null, openExceptions: null, lowStock: 1 },
      { sales: null, openExceptions: null, lowStock: 2 },
    ]);
  });

  it('resolves an exception with a note, names who did, and keeps the first resolution', async () => {
    const open = await get<Page<ExceptionView>>(
      '/api/exceptions?storeId=NYC&kind=unknown_sku&unresolved=true',
    );
    const id = open.items[0]!.id;
    const noNote = await ho.admin('POST', `/api/exceptions/${id}/resolve`, { note: '   ' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details).toEqual(['note: Note: say what was done about it']);

    await addUser(ho, { email: 'ana@example.com', role: 'owner', name: 'Ana Byrne' });
    const ana = await signIn(ho.url, 'ana@example.com');
    expect(
      (await ana.call('POST', `/api/exceptions/${id}/resolve`, { note: 'GONE is an old SKU: relabelled' }))
        .status,
    ).toBe(204);
    expect((await ho.admin('POST', `/api/exceptions/${id}/resolve`, { note: 'Again' })).status).toBe(204);

    const resolved = await get<Page<ExceptionView>>('/api/exceptions?storeId=NYC&kind=unknown_sku');
    expect(resolved.items).toMatchObject([
      {
        id,
        resolvedAt: NOW.toISOString(),
        resolvedBy: 'Ana Byrne <ana@example.com>',
        resolutionNote: 'GONE is an old SKU: relabelled',
      },
    ]);
  });
});

/** Two stores in one time zone share one midnight, read with one condition; a third is in another zone. */
const todayStores = [
  { id: 'DUB-1', timeZone: 'Europe/Dublin' },
  { id: 'NYC', timeZone: 'America/New_York' },
  { id: 'DUB-2', timeZone: 'Europe/Dublin' },
];

/** Each store's sales: when (UTC) and for how much. */
const todaySales: Record<string, [at: string, totalMinor: number][]> = {
  'DUB-1': [
    ['2025-03-09T23:30:00Z', 100], // yesterday in Dublin
    ['2025-03-10T10:15:00Z', 250],
    ['2025-03-10T10:45:00Z', 300],
  ],
  'DUB-2': [['2025-03-10T00:30:00Z', 700]],
  NYC: [
    ['2025-03-10T03:30:00Z', 900], // 23:30 on the 9th in New York: before its midnight, after Dublin's
    ['2025-03-10T13:00:00Z', 400],
  ],
};

const hours = (totals: Record<number, number>) => Array.from({ length: 24 }, (_, hour) => totals[hour] ?? 0);

describe.each(dialects)("today's sales of stores sharing a time zone, on %s", (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect, { now: () => NOW });
    for (const { id, timeZone } of todayStores) {
      await ok(ho.admin, 'POST', '/api/stores', {
        id,
        name: `Store ${id}`,
        currency: 'EUR',
        timeZone,
        pricesIncludeTax: true,
        taxRates,
      });
      const { token, registerId } = await enrollRegister(ho.admin, id);
      const events = todaySales[id]!.map(([at, totalMinor], i) =>
        outboxEvent(
          i + 1,
          completedSale(i + 1, { storeId: id, registerId }, [{ sku: 'MUG', unitPriceMinor: totalMinor }], {
            completedAt: at,
          }),
        ),
      );
      const socket = await connectRegister(ho.url, token);
      expect((await socket.emitWithAck('push', { events })).status).toBe('ok');
      socket.close();
    }
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  it("counts each store's own sales since its midnight, by its own clock's hours", async () => {
    const today = (await ho.admin<Today>('GET', '/api/today')).body;
    expect(
      today.stores.map(({ storeId, since, sales }) => ({
        storeId,
        since,
        count: sales!.count,
        totalMinor: sales!.totalMinor,
        byHour: sales!.byHour,
      })),
    ).toEqual([
      {
        storeId: 'DUB-1',
        since: '2025-03-10T00:00:00.000Z',
        count: 2,
        totalMinor: 550,
        byHour: hours({ 10: 550 }),
      },
      {
        storeId: 'DUB-2',
        since: '2025-03-10T00:00:00.000Z',
        count: 1,
        totalMinor: 700,
        byHour: hours({ 0: 700 }),
      },
      {
        storeId: 'NYC',
        since: '2025-03-10T04:00:00.000Z',
        count: 1,
        totalMinor: 400,
        byHour: hours({ 9: 400 }),
      },
    ]);
    const one = (await ho.admin<Today>('GET', '/api/today?storeId=DUB-2')).body;
    expect(one.stores.map(({ storeId, sales }) => [storeId, sales!.count])).toEqual([['DUB-2', 1]]);
  });
});
