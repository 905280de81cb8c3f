/**
 * Downstream sync against the scripted head office: catalog, price, tax, stock and count changes reach the
 * register without a restart, the open sale keeps its prices, a too-old cursor loads a paged snapshot, and a bad
 * item is skipped rather than wedging its stream.
 */
import { describe, expect, it } from 'vitest';
import { demoStore } from '../../../src/main/services/demo-seed.ts';
import type { StoreCount } from '../../../src/shared/counts.ts';
import type { AppInfo } from '../../../src/shared/domain.ts';
import type { CatalogItem, StockItem, TaxItem } from '../../../src/shared/sync/protocol.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { pairingCodeAccepted, peerStore, startSyncPeer, type SyncPeer } from '../../harness/sync-peer.ts';
import { startTcpProxy } from '../../harness/tcp-proxy.ts';
import {
  loaf,
  openRegister,
  sell,
  spaghetti,
  waitForStatus,
  waitUntil,
  type TestRegister,
} from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();

async function connectedRegister(
  options: Parameters<typeof openRegister>[0] & { via?: 'proxy' } = {},
): Promise<{ reg: TestRegister; headOffice: SyncPeer; cut: (down: boolean) => void }> {
  const headOffice = await startSyncPeer();
  afterTest(() => headOffice.close());
  const proxy = await startTcpProxy(headOffice.port);
  afterTest(() => proxy.close());
  const reg = openRegister(options);
  afterTest(() => reg.destroy());
  await reg.app.sync.enrollUnattended({
    headOfficeUrl: proxy.url,
    pairingCode: pairingCodeAccepted,
    registerName: 'Till 1',
  });
  await waitForStatus(reg.app, (s) => s.connected);
  return { reg, headOffice, cut: (down) => proxy.setDown(down) };
}

const spaghettiItem: CatalogItem = {
  sku: 'PAN-000001',
  name: 'Riverside Mill Spaghetti 1kg',
  priceMinor: 239,
  taxCode: 'ZERO',
  category: 'Pantry',
  unit: 'each',
  active: true,
  barcodes: [spaghetti],
};

const stockItem = (item: Partial<StockItem>): StockItem => ({
  storeId: peerStore.storeId,
  storeName: peerStore.storeName,
  sku: 'PAN-000001',
  onHand: 0,
  damaged: 0,
  committed: 0,
  inTransit: 0,
  asOf: '2025-03-01T09:00:00.000Z',
  appliedSeqs: {},
  ...item,
});

describe('catalog and prices', () => {
  it('shows a new price at once while the open sale keeps the price it was rung up at', async () => {
    const { reg, headOffice } = await connectedRegister();
    const { sales, catalog } = reg.app.services;
    sales.scan({ code: spaghetti });

    headOffice.publish('catalog', { key: 'PAN-000001', data: { ...spaghettiItem, priceMinor: 299 } });
    await waitUntil(reg.app, () => catalog.lookupCode(spaghetti)?.priceMinor === 299);

    expect(sales.current().lines[0]).toMatchObject({ unitPriceMinor: 239 });
    const rungUp = sales.scan({ code: spaghetti });
    expect(rungUp.lines).toHaveLength(1);
    expect(rungUp.lines[0]).toMatchObject({ quantity: 2, unitPriceMinor: 239 });
    sales.addTender({ kind: 'cash', amountMinor: rungUp.dueMinor });
    expect(sales.complete().receipt.sale.totals.totalMinor).toBe(478);

    expect(sell(reg.app, [spaghetti]).totals.totalMinor).toBe(299);
  });

  it('adds new products (found by barcode and by name) and retires removed ones', async () => {
    const { reg, headOffice } = await connectedRegister();
    const { catalog, sales } = reg.app.services;
    headOffice.publish('catalog', {
      key: 'NEW-1',
      data: {
        ...spaghettiItem,
        sku: 'NEW-1',
        name: 'Harbour Smoked Salmon 200g',
        priceMinor: 899,
        barcodes: ['4006381333931'],
      },
    });
    headOffice.publish('catalog', { key: 'BAK-000002', data: null });

    await waitUntil(reg.app, () => catalog.lookupCode('BAK-000002')?.active === false);
    expect(catalog.lookupCode('4006381333931')).toMatchObject({ sku: 'NEW-1', priceMinor: 899 });
    expect(catalog.search('smoked salm').map((hit) => hit.sku)).toEqual(['NEW-1']);
    expect(() => sales.scan({ code: loaf })).toThrow(/no longer sold/);
  });

  it('pulls in pages and checkpoints each one', async () => {
    const { reg, headOffice } = await connectedRegister({ sync: { pullLimit: 2 } });
    for (let price = 301; price <= 305; price += 1) {
      headOffice.publish('catalog', { key: 'PAN-000001', data: { ...spaghettiItem, priceMinor: price } });
    }
    await waitUntil(reg.app, () => reg.app.services.catalog.lookupCode(spaghetti)?.priceMinor === 305);
    const cursor = reg.app.db.prepare("SELECT cursor FROM sync_cursors WHERE stream = 'catalog'").get();
    expect(cursor).toEqual({ cursor: 5 });
  });

  it('writes nothing past a page it could not save (the page asked for ahead of it waits), then catches up from that page', async () => {
    const { reg, headOffice } = await connectedRegister({ sync: { pullLimit: 2 } });
    const { db, services } = reg.app;
    // The ledger refuses the third product, in the second page, as a full disk would.
    db.exec(`CREATE TRIGGER refuse_p3 BEFORE INSERT ON products WHEN new.sku = 'P3'
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const product = (n: number): CatalogItem => ({
      ...spaghettiItem,
      sku: `P${n}`,
      name: `Product ${n}`,
      barcodes: [],
    });
    for (let n = 1; n <= 6; n += 1) headOffice.publish('catalog', { key: `P${n}`, data: product(n) });
    await waitUntil(reg.app, () => /could not be saved/.test(reg.app.sync.status().lastError ?? ''));
    const cursor = db.prepare<[], { cursor: number }>(
      "SELECT cursor FROM sync_cursors WHERE stream = 'catalog'",
    );
    expect(cursor.get()).toEqual({ cursor: 2 });
    expect(['P1', 'P2', 'P3', 'P4', 'P5', 'P6'].filter((sku) => services.catalog.lookupCode(sku))).toEqual([
      'P1',
      'P2',
    ]);

    db.exec('DROP TRIGGER refuse_p3');
    headOffice.publish('catalog', { key: 'P7', data: product(7) });
    await waitUntil(reg.app, () => services.catalog.lookupCode('P7') !== null);
    expect(cursor.get()).toEqual({ cursor: 7 });
    for (let n = 1; n <= 7; n += 1) expect(services.catalog.lookupCode(`P${n}`)?.name).toBe(`Product ${n}`);
  });

  it('skips an item that fails its schema, says so, and applies the rest', async () => {
    const { reg, headOffice } = await connectedRegister();
    headOffice.publish('catalog', { key: 'BAD-1', data: { ...spaghettiItem, sku: 'BAD-1', priceMinor: -5 } });
    headOffice.publish('catalog', { key: 'PAN-000001', data: { ...spaghettiItem, priceMinor: 250 } });

    await waitUntil(reg.app, () => reg.app.services.catalog.lookupCode(spaghetti)?.priceMinor === 250);
    expect(reg.app.services.catalog.lookupCode('BAD-1')).toBeNull();
    expect(reg.app.sync.status().lastError).toBe(
      'Head office sent changes this register could not use, so they were skipped: product BAD-1. Tell head office.',
    );
  });

  it('skips items whose text carries a control character, so none reaches the ledger', async () => {
    const { reg, headOffice } = await connectedRegister();
    const { catalog, stock, settings } = reg.app.services;
    const productId = catalog.lookupCode(spaghetti)!.id;
    const storeBefore = settings.store();
    // Each page says what it skipped; the streams come in pages of their own.
    const errors: string[] = [];
    afterTest(
      reg.app.events.subscribe((message) => {
        const { lastError } = message.payload as { lastError?: string | null };
        if (message.name === 'sync.status' && lastError) errors.push(lastError);
      }),
    );
    headOffice.publish('catalog', {
      key: 'NUL-1',
      data: { ...spaghettiItem, sku: 'NUL-1', name: 'Bad\u0000Name', barcodes: [] },
    });
    headOffice.publish('catalog', {
      key: 'PAN-000001',
      data: { ...spaghettiItem, category: 'Pan\u001btry' },
    });
    headOffice.publish('tax', {
      key: peerStore.storeId,
      data: {
        storeId: peerStore.storeId,
        ...storeBefore,
        storeName: 'Harbour\u0007Store',
      } satisfies TaxItem,
    });
    headOffice.publish('stock', {
      key: 'S2:PAN-000001',
      data: stockItem({ storeId: 'S2', storeName: 'Quay\u0085Road' }),
    });
    headOffice.publish('stock', { key: 'S3:PAN-000001\u0000', data: stockItem({ storeId: 'S3' }) });
    // Good changes after the bad ones still arrive.
    headOffice.publish('catalog', { key: 'PAN-000001', data: { ...spaghettiItem, priceMinor: 260 } });
    headOffice.publish('stock', {
      key: 'S4:PAN-000001',
      data: stockItem({ storeId: 'S4', storeName: 'Pier' }),
    });

    await waitUntil(reg.app, () => stock.availability(productId).otherStores.length === 1);
    expect(stock.availability(productId).otherStores).toMatchObject([{ storeId: 'S4', storeName: 'Pier' }]);
    expect(catalog.lookupCode(spaghetti)).toMatchObject({ priceMinor: 260, category: 'Pantry' });
    expect(catalog.lookupCode('NUL-1')).toBeNull();
    expect(settings.store().storeName).toBe(storeBefore.storeName);
    const skipped = errors.join(' | ');
    for (const item of ['product NUL-1', 'product PAN-000001', 'tax rates of store', 'stock S2', 'stock "S3'])
      expect(skipped).toContain(item);
    expect(skipped).not.toMatch(/\p{Cc}/u);
  });

  it('loads a paged snapshot when its cursor is older than head office keeps', async () => {
    const { reg, headOffice, cut } = await connectedRegister({ sync: { snapshotLimit: 2 } });
    const { catalog } = reg.app.services;
    headOffice.publish('catalog', { key: 'PAN-000001', data: spaghettiItem });
    headOffice.publish('catalog', {
      key: 'OLD-1',
      data: { ...spaghettiItem, sku: 'OLD-1', name: 'Old Thing', barcodes: [] },
    });
    await waitUntil(reg.app, () => catalog.lookupCode('OLD-1') !== null);

    cut(true);
    await waitForStatus(reg.app, (s) => !s.connected);
    headOffice.publish('catalog', { key: 'OLD-1', data: null });
    for (const sku of ['NEW-1', 'NEW-2', 'NEW-3']) {
      headOffice.publish('catalog', {
        key: sku,
        data: { ...spaghettiItem, sku, name: `Item ${sku}`, barcodes: [] },
      });
    }
    headOffice.trimBefore('catalog', 4);
    cut(false);

    await waitUntil(
      reg.app,
      () => catalog.lookupCode('NEW-3') !== null && catalog.lookupCode('OLD-1')?.active === false,
    );
    expect(['NEW-1', 'NEW-2', 'PAN-000001'].map((sku) => catalog.lookupCode(sku)?.active)).toEqual([
      true,
      true,
      true,
    ]);
    // Keys absent from the snapshot no longer exist at head office: demo products it does not sell retire.
    expect(catalog.lookupCode(loaf)?.active).toBe(false);
    const cursor = reg.app.db
      .prepare("SELECT cursor, snapshot_loading FROM sync_cursors WHERE stream = 'catalog'")
      .get();
    expect(cursor).toEqual({ cursor: 6, snapshot_loading: 0 });

    // After the snapshot the stream pulls by cursor again.
    headOffice.publish('catalog', {
      key: 'NEW-4',
      data: { ...spaghettiItem, sku: 'NEW-4', name: 'Item 4', barcodes: [] },
    });
    await waitUntil(reg.app, () => catalog.lookupCode('NEW-4') !== null);
  });
});

describe('the store’s settings from head office', () => {
  it('takes this store’s name, currency and tax rates, tells the screens, and ignores another store’s', async () => {
    const { reg, headOffice } = await connectedRegister();
    const { settings } = reg.app.services;
    const shown: AppInfo[] = [];
    afterTest(
      reg.app.events.subscribe((message) => {
        if (message.name === 'settings.changed') shown.push(message.payload as AppInfo);
      }),
    );
    const rates = [
      { code: 'STD', name: 'VAT 21%', rateBasisPoints: 2100 },
      { code: 'ZERO', name: 'VAT 0%', rateBasisPoints: 0 },
    ];
    headOffice.publish('tax', {
      key: 'S2',
      data: {
        storeId: 'S2',
        storeName: 'Elsewhere',
        currency: 'USD',
        addressLines: [],
        receiptHeader: '',
        receiptFooter: '',
        pricesIncludeTax: false,
        taxRates: rates,
      },
    });
    const expected = {
      storeName: peerStore.storeName,
      currency: 'GBP',
      addressLines: ['3 Harbour Street', 'Dún Laoghaire'],
      receiptHeader: 'Fresh fish daily',
      receiptFooter: '',
      pricesIncludeTax: true,
      taxRates: rates,
    };
    headOffice.publish('tax', {
      key: peerStore.storeId,
      data: { storeId: peerStore.storeId, ...expected } satisfies TaxItem,
    });

    await waitUntil(reg.app, () => settings.store().taxRates[0]?.rateBasisPoints === 2100);
    expect(settings.store()).toMatchObject(expected);
    // What head office does not keep stays as it was set here.
    expect(settings.store()).toMatchObject({ locale: demoStore.locale, barcodes: demoStore.barcodes });
    await waitUntil(reg.app, () => shown.length > 0);
    expect(shown.at(-1)).toMatchObject({ settings: expected, currencyDigits: 2 });
  });
});

describe('the store’s over/short limit from head office', () => {
  const taxItem = (changes: Partial<TaxItem>): TaxItem => ({
    storeId: peerStore.storeId,
    storeName: peerStore.storeName,
    currency: 'EUR',
    addressLines: [],
    receiptHeader: '',
    receiptFooter: '',
    pricesIncludeTax: true,
    taxRates: demoStore.taxRates,
    ...changes,
  });

  it('asks for a recount of a €2.09 short once head office sets the limit at €2.00, and keeps it when an older head office leaves it out', async () => {
    const { reg, headOffice } = await connectedRegister();
    const { settings, shifts } = reg.app.services;
    headOffice.publish('tax', { key: peerStore.storeId, data: taxItem({ overShortThresholdMinor: 200 }) });
    await waitUntil(reg.app, () => settings.store().overShortThresholdMinor === 200);

    // The float is €100: €97.91 counted is €2.09 short.
    const short = [
      { valueMinor: 5000, count: 1 },
      { valueMinor: 2000, count: 2 },
      { valueMinor: 500, count: 1 },
      { valueMinor: 200, count: 1 },
      { valueMinor: 50, count: 1 },
      { valueMinor: 20, count: 2 },
      { valueMinor: 1, count: 1 },
    ];
    expect(() => shifts.close({ count: short })).toThrow(
      expect.objectContaining({ code: 'RECOUNT_REQUIRED' }),
    );

    headOffice.publish('tax', { key: peerStore.storeId, data: taxItem({ receiptHeader: 'No limit sent' }) });
    await waitUntil(reg.app, () => settings.store().receiptHeader === 'No limit sent');
    expect(settings.store().overShortThresholdMinor).toBe(200);
  });
});

describe('stock at every store', () => {
  it('shows on hand here as head office’s figure plus this register’s later sales, and other stores as of their time', async () => {
    // Without stock, enrolment sends no opening count: the sales below are seqs 1 to 3.
    const { reg, headOffice } = await connectedRegister({ withoutStock: true });
    const { stock, catalog } = reg.app.services;
    const productId = catalog.lookupCode(spaghetti)!.id;
    sell(reg.app, [spaghetti]); // seq 1: head office's figure below includes it
    sell(reg.app, [spaghetti, spaghetti]); // seq 2: not yet in the figure
    await waitForStatus(reg.app, (s) => s.lastAckedSeq === 2);

    headOffice.publish('stock', {
      key: `${peerStore.storeId}:PAN-000001`,
      data: stockItem({ onHand: 40, appliedSeqs: { [peerStore.registerId]: 1, 'S1-R2': 17 } }),
    });
    headOffice.publish('stock', {
      key: 'S2:PAN-000001',
      data: stockItem({ storeId: 'S2', storeName: 'Quay Road', onHand: 7, asOf: '2025-03-01T08:30:00.000Z' }),
    });
    await waitUntil(reg.app, () => stock.availability(productId).otherStores.length === 1);

    expect(stock.availability(productId)).toMatchObject({
      onHandHere: 38,
      otherStores: [{ storeId: 'S2', storeName: 'Quay Road', onHand: 7, asOf: '2025-03-01T08:30:00.000Z' }],
    });
    sell(reg.app, [spaghetti]); // seq 3, unsent or not: it counts at once
    expect(stock.availability(productId).onHandHere).toBe(37);

    headOffice.publish('stock', { key: 'S2:PAN-000001', data: null });
    await waitUntil(reg.app, () => stock.availability(productId).otherStores.length === 0);
  });

  it('uses the register’s own ledger for products head office has no figure for', async () => {
    const { reg } = await connectedRegister();
    const { stock, catalog } = reg.app.services;
    const product = catalog.lookupCode(loaf)!;
    sell(reg.app, [loaf]);
    expect(stock.availability(product.id)).toMatchObject({ onHandHere: product.onHand - 1, otherStores: [] });
  });
});

describe('the store’s counts from head office', () => {
  const storeCount = (change: Partial<StoreCount>): StoreCount => ({
    countId: 'count-1',
    storeId: peerStore.storeId,
    scope: { kind: 'store' },
    blind: false,
    openedAt: '2025-03-01T09:00:00.000Z',
    openedBy: 'user:owner',
    openedAtRegister: null,
    status: 'open',
    approvedAt: null,
    approvedBy: null,
    ...change,
  });

  it('lists a count of this store to join, tells the screens, ignores another store’s, and takes its approval', async () => {
    const { reg, headOffice } = await connectedRegister();
    const { counts } = reg.app.services;
    let told = 0;
    afterTest(
      reg.app.events.subscribe((message) => {
        if (message.name === 'counts.changed') told += 1;
      }),
    );
    headOffice.publish('counts', {
      key: 'S2:count-2',
      data: storeCount({ countId: 'count-2', storeId: 'S2' }),
    });
    headOffice.publish('counts', { key: `${peerStore.storeId}:count-1`, data: storeCount({}) });
    await waitUntil(reg.app, () => counts.storeCounts().length > 0);
    expect(counts.storeCounts().map((count) => [count.countId, count.status, count.here])).toEqual([
      ['count-1', 'open', null],
    ]);
    expect(told).toBeGreaterThan(0);

    headOffice.publish('counts', {
      key: `${peerStore.storeId}:count-1`,
      data: storeCount({ status: 'approved', approvedAt: '2025-03-01T10:00:00.000Z', approvedBy: 'Morgan' }),
    });
    await waitUntil(reg.app, () => counts.storeCounts()[0]?.status === 'approved');
    expect(counts.storeCounts()[0]).toMatchObject({ approvedBy: 'Morgan' });
  });
});
