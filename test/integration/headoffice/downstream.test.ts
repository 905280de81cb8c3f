/**
 * Head office → register: pokes on change, pull by cursor in pages, must_refetch once the change log has been
 * pruned past a register's cursor, and the paged snapshot that follows, on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CatalogItem,
  Poke,
  PullReply,
  SnapshotReply,
  StockItem,
  StreamName,
  TaxItem,
} from '../../../src/shared/sync/protocol.ts';
import type { StoreView } from '../../../src/shared/sync/admin-api.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  pokedWith,
  putProducts,
  saleEvent,
  startTestHeadOffice,
  taxRates,
  type RegisterSocket,
  type TestHeadOffice,
} from './helpers.ts';

describe.each(dialects)('head office downstream on %s', (dialect) => {
  let ho: TestHeadOffice;
  let socket: RegisterSocket;
  let registerId: string;
  let clock = Date.now();

  beforeAll(async () => {
    // Retention 1 hour of the test's own clock: moving the clock on makes old entries prunable.
    ho = await startTestHeadOffice(dialect, { now: () => new Date(clock), changeRetentionMs: 60 * 60_000 });
    await createStore(ho.admin, 'A', 'Alpha');
    await createStore(ho.admin, 'B', 'Beta');
    const enrolled = await enrollRegister(ho.admin, 'A');
    registerId = enrolled.registerId;
    socket = await connectRegister(ho.url, enrolled.token);
  });
  afterAll(async () => {
    socket?.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  const pull = <S extends StreamName>(stream: S, cursor: number, limit = 100) =>
    socket.timeout(10_000).emitWithAck('pull', { stream, cursor, limit }) as Promise<PullReply<S>>;
  const snapshot = <S extends StreamName>(stream: S, afterKey: string | null, limit = 100) =>
    socket.timeout(10_000).emitWithAck('snapshot', { stream, afterKey, limit }) as Promise<SnapshotReply<S>>;

  /** Pulls a stream to its end, page by page, the way the register's pump does. */
  async function pullAll<S extends StreamName>(stream: S, from: number, limit: number) {
    const pages: PullReply<S>[] = [];
    let cursor = from;
    for (;;) {
      const page = await pull(stream, cursor, limit);
      pages.push(page);
      if (page.status !== 'ok') return { pages, cursor };
      cursor = page.nextCursor;
      if (!page.hasMore) return { pages, cursor };
    }
  }

  it('pokes connected registers when the catalog changes, and the change can be pulled in pages', async () => {
    const poked = pokedWith(socket, 'catalog');
    await putProducts(ho.admin, [
      { sku: 'A1', priceMinor: 100, barcodes: ['4006381333931'] },
      { sku: 'A2', priceMinor: 200 },
      { sku: 'A3', priceMinor: 300 },
      { sku: 'A4', priceMinor: 400 },
      { sku: 'A5', priceMinor: 500 },
    ]);
    await poked;

    const { pages } = await pullAll('catalog', 0, 2);
    expect(pages.map((page) => page.status === 'ok' && [page.changes.length, page.hasMore])).toEqual([
      [2, true],
      [2, true],
      [1, false],
    ]);
    const changes = pages.flatMap((page) => (page.status === 'ok' ? page.changes : []));
    expect(changes.map((change) => change.key)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(changes[0]!.data).toEqual({
      sku: 'A1',
      name: 'Product A1',
      priceMinor: 100,
      taxCode: 'STD',
      category: null,
      unit: 'each',
      active: true,
      barcodes: ['4006381333931'],
    } satisfies CatalogItem);
  });

  it('sends a price change and a removal as changes after the cursor the register holds', async () => {
    const { cursor } = await pullAll('catalog', 0, 100);
    await putProducts(ho.admin, [{ sku: 'A2', priceMinor: 250 }]);
    expect((await ho.admin('DELETE', '/api/products/A3')).status).toBe(204);

    const reply = await pull('catalog', cursor);
    expect(reply.status === 'ok' && reply.changes.map((c) => [c.key, c.data?.priceMinor ?? null])).toEqual([
      ['A2', 250],
      ['A3', null],
    ]);
    expect(reply.status === 'ok' && reply.nextCursor).toBe(cursor + 2);
  });

  it('sends a register only its own store’s tax settings', async () => {
    const poked = pokedWith(socket, 'tax');
    const changed = [{ ...taxRates[0]!, rateBasisPoints: 2100 }];
    await ho.admin('PUT', '/api/stores/B/tax', { pricesIncludeTax: false, taxRates: changed });
    await ho.admin('PUT', '/api/stores/A/tax', { pricesIncludeTax: false, taxRates: changed });
    await poked;

    const { pages } = await pullAll('tax', 0, 100);
    const changes = pages.flatMap((page) => (page.status === 'ok' ? page.changes : []));
    expect(changes.every((change) => change.key === 'A')).toBe(true);
    expect(changes.at(-1)!.data).toEqual({
      storeId: 'A',
      storeName: 'Alpha',
      currency: 'EUR',
      addressLines: [],
      receiptHeader: '',
      receiptFooter: '',
      pricesIncludeTax: false,
      taxRates: changed,
      overShortThresholdMinor: 500,
      locationKind: 'store',
      adjustmentApprovalMinor: null,
    } satisfies TaxItem);
  });

  it('sends a register its store’s over/short limit, and refuses one that is no whole number of cents', async () => {
    const { cursor } = await pullAll('tax', 0, 100);
    const poked = pokedWith(socket, 'tax');
    const set = await ho.admin<StoreView>('PATCH', '/api/stores/A', { overShortThresholdMinor: 200 });
    expect(set.body).toMatchObject({ id: 'A', overShortThresholdMinor: 200 });
    await poked;
    const { pages } = await pullAll('tax', cursor, 100);
    const changes = pages.flatMap((page) => (page.status === 'ok' ? page.changes : []));
    expect(changes.map((change) => [change.key, change.data?.overShortThresholdMinor])).toEqual([['A', 200]]);

    for (const [wrong, message] of [
      [-1, 'The over/short limit cannot be negative'],
      [2.5, 'The over/short limit is a whole number of cents'],
    ] as const) {
      const reply = await ho.admin<{ error: { message: string } }>('PATCH', '/api/stores/A', {
        overShortThresholdMinor: wrong,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toContain(`overShortThresholdMinor: ${message}`);
    }
    expect((await ho.admin<StoreView>('GET', '/api/stores/A')).body.overShortThresholdMinor).toBe(200);
    // As it was, for the tests after this one.
    await ho.admin('PATCH', '/api/stores/A', { overShortThresholdMinor: 500 });
  });

  it('sends a register its store’s new name, currency and receipt texts, and nothing when a change leaves them as they were', async () => {
    const { cursor } = await pullAll('tax', 0, 100);
    const poked = pokedWith(socket, 'tax');
    const renamed = { name: 'Alpha Quay', currency: 'GBP', addressLines: ['1 Quay Street', 'Alphaville'] };
    expect((await ho.admin('PATCH', '/api/stores/A', renamed)).status).toBe(200);
    await poked;
    expect(
      (await ho.admin('PATCH', '/api/stores/A', { receiptFooter: 'Returns within 28 days.' })).status,
    ).toBe(200);
    expect((await ho.admin('PATCH', '/api/stores/A', { name: 'Alpha Quay' })).status).toBe(200);
    expect((await ho.admin('PATCH', '/api/stores/B', { name: 'Beta Quay' })).status).toBe(200);

    const { pages } = await pullAll('tax', cursor, 100);
    const changes = pages.flatMap((page) => (page.status === 'ok' ? page.changes : []));
    expect(changes.map((change) => change.key)).toEqual(['A', 'A']);
    const latest = {
      storeId: 'A',
      storeName: 'Alpha Quay',
      currency: 'GBP',
      addressLines: ['1 Quay Street', 'Alphaville'],
      receiptFooter: 'Returns within 28 days.',
    };
    expect(changes.at(-1)!.data).toMatchObject(latest);
    const reply = await snapshot('tax', null);
    expect(reply.status === 'ok' && reply.items.map((item) => item.data)).toEqual([
      expect.objectContaining(latest),
    ]);
    const view = await ho.admin<StoreView>('GET', '/api/stores/A');
    expect(view.body).toMatchObject({
      name: 'Alpha Quay',
      addressLines: latest.addressLines,
      receiptHeader: '',
    });
    // As it was, for the tests after this one.
    expect((await ho.admin('PATCH', '/api/stores/A', { name: 'Alpha', currency: 'EUR' })).status).toBe(200);
  });

  it('refuses receipt texts that do not fit a receipt, and changes nothing', async () => {
    const before = (await ho.admin<StoreView>('GET', '/api/stores/A')).body;
    const reply = await ho.admin<{ error: { message: string } }>('PATCH', '/api/stores/A', {
      addressLines: ['x'.repeat(61)],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('addressLines.0: An address line: at most 60 characters');
    expect((await ho.admin<StoreView>('GET', '/api/stores/A')).body).toEqual(before);
  });

  it('sends stock of every store after a sale, with the seqs the figure includes', async () => {
    await ho.admin('POST', '/api/stores/B/stock-movements', { sku: 'A1', kind: 'receive', quantity: 7 });
    const { cursor } = await pullAll('stock', 0, 100);
    const poked = pokedWith(socket, 'stock');
    const reply = await socket.emitWithAck('push', {
      events: [saleEvent(1, { storeId: 'A', registerId }, [{ sku: 'A1', quantity: 2, unitPriceMinor: 100 }])],
    });
    expect(reply.status).toBe('ok');
    await poked;

    const { pages } = await pullAll('stock', cursor, 100);
    const changes = pages.flatMap((page) => (page.status === 'ok' ? page.changes : []));
    expect(changes.map((change) => change.data)).toEqual([
      {
        storeId: 'A',
        storeName: 'Alpha',
        sku: 'A1',
        onHand: -2,
        damaged: 0,
        committed: 0,
        inTransit: 0,
        asOf: expect.any(String),
        appliedSeqs: { [registerId]: 1 },
      },
    ] satisfies (StockItem | object)[]);

    const everyStore = await snapshot('stock', null);
    expect(
      everyStore.status === 'ok' && everyStore.items.map((item) => [item.key, item.data.onHand]),
    ).toEqual([
      ['A:A1', -2],
      ['B:A1', 7],
    ]);
  });

  it('sends a figure that changed many times since the register’s cursor once, as it is now, in the order of last change', async () => {
    const { cursor } = await pullAll('stock', 0, 100);
    for (const seq of [2, 3, 4]) {
      const events = [saleEvent(seq, { storeId: 'A', registerId }, [{ sku: 'A1', unitPriceMinor: 100 }])];
      expect((await socket.emitWithAck('push', { events })).status).toBe('ok');
    }
    await ho.admin('POST', '/api/stores/B/stock-movements', { sku: 'A2', kind: 'receive', quantity: 4 });
    await ho.admin('POST', '/api/stores/B/stock-movements', { sku: 'A2', kind: 'count', quantity: 3 });

    const { pages } = await pullAll('stock', cursor, 1);
    const changes = pages.flatMap((page) => (page.status === 'ok' ? page.changes : []));
    expect(changes.map((change) => [change.key, change.data?.onHand, change.data?.appliedSeqs])).toEqual([
      ['A:A1', -5, { [registerId]: 4 }],
      ['B:A2', 3, {}],
    ]);
    expect(pages).toHaveLength(2);
    expect(await pull('stock', changes.at(-1)!.cursor)).toMatchObject({ status: 'ok', changes: [] });
  });

  it('sends every figure of a renamed store again, with its new name', async () => {
    const { cursor } = await pullAll('stock', 0, 100);
    const poked = pokedWith(socket, 'stock');
    expect((await ho.admin('PATCH', '/api/stores/B', { name: 'Beta Street' })).status).toBe(200);
    await poked;

    const { pages } = await pullAll('stock', cursor, 100);
    const changes = pages.flatMap((page) => (page.status === 'ok' ? page.changes : []));
    expect(changes.map((change) => [change.key, change.data?.storeName, change.data?.onHand])).toEqual([
      ['B:A1', 'Beta Street', 7],
      ['B:A2', 'Beta Street', 3],
    ]);
  });

  it('pokes registers about stock once for a burst of sales, not once per sale', async () => {
    // Longer than the stock stream's gathering time (1 s): a poke still gathering from an earlier test has
    // gone out by then, and a second poke for this burst would have come.
    const gatheringTime = () => new Promise((resolve) => setTimeout(resolve, 1_500));
    await gatheringTime();
    const stockPokes: Poke[] = [];
    const listener = (poke: Poke) => {
      if (poke.streams.includes('stock')) stockPokes.push(poke);
    };
    socket.on('poke', listener);
    for (const seq of [5, 6, 7, 8, 9]) {
      const events = [saleEvent(seq, { storeId: 'A', registerId }, [{ sku: 'A1', unitPriceMinor: 100 }])];
      expect((await socket.emitWithAck('push', { events })).status).toBe('ok');
    }
    await pokedWith(socket, 'stock');
    await gatheringTime();
    socket.off('poke', listener);
    expect(stockPokes).toHaveLength(1);
  });

  it('tells a register whose cursor is older than the log keeps to refetch, and the paged snapshot catches it up', async () => {
    clock += 2 * 60 * 60_000;
    await ho.pruneChangeLog();
    const refetch = await pull('catalog', 0);
    expect(refetch).toEqual({ status: 'must_refetch', snapshotCursor: expect.any(Number) });

    const items: { key: string; data: CatalogItem }[] = [];
    let firstCursor: number | null = null;
    let afterKey: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: SnapshotReply<'catalog'> = await snapshot('catalog', afterKey, 2);
      if (page.status !== 'ok') throw new Error(`snapshot: ${page.status}`);
      firstCursor ??= page.cursor;
      items.push(...page.items);
      if (page.done) break;
      afterKey = page.nextKey;
    }
    expect(items.map((item) => [item.key, item.data.priceMinor])).toEqual([
      ['A1', 100],
      ['A2', 250],
      ['A4', 400],
      ['A5', 500],
    ]);

    await putProducts(ho.admin, [{ sku: 'A6', priceMinor: 600 }]);
    const after = await pull('catalog', firstCursor!);
    expect(after.status === 'ok' && after.changes.map((change) => change.key)).toEqual(['A6']);
  });

  it('tells a register whose cursor is ahead of head office (a replaced database) to refetch', async () => {
    expect(await pull('stock', 1_000_000)).toMatchObject({ status: 'must_refetch' });
  });

  it('answers a malformed pull or snapshot with a reason', async () => {
    const bad = await socket.emitWithAck('pull', { stream: 'prices', cursor: -1, limit: 100_000 } as never);
    expect(bad.status).toBe('invalid');
    expect(bad.status === 'invalid' && bad.reason).toMatch(/stream.*cursor.*limit/s);
    const badKey = await snapshot('stock', 'no-colon');
    expect(badKey).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/afterKey/) });
  });
});
