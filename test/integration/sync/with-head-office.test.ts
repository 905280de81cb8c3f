/**
 * The register against the real head office (src/headoffice) over real sockets on 127.0.0.1, with a TCP proxy
 * that cuts, delays and swallows traffic. After each fault the six SYNC.md invariants must hold.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import type { RegisterLedger } from '../../harness/sync-invariants.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  allAcknowledged,
  drained,
  loaf,
  openRegister,
  sell,
  sellMany,
  spaghetti,
  waitForStatus,
  waitUntil,
  type TestRegister,
} from '../../harness/sync-register.ts';
import type { SyncOptions } from '../../../src/main/sync/index.ts';
import { demoStore } from '../../../src/main/services/demo-seed.ts';

const afterTest = cleanUpAfterEachTest();
/** The demo register's stock goes up as its opening count when it enrols: seq 1, before any sale. */
const OPENING = 1;

/** Head office on PostgreSQL under a loaded CI box can take seconds per batch: a generous ack timeout. */
function register(options: { dataDir?: string; sync?: SyncOptions } = {}): TestRegister {
  const opened = openRegister({ ...options, sync: { ackTimeoutMs: 10_000, ...options.sync } });
  afterTest(() => opened.destroy());
  return opened;
}

async function headOfficeFor(template: TestRegister, dialect: 'sqlite' | 'postgres' = 'sqlite') {
  const started = await startHeadOfficeFor(template, dialect);
  afterTest(() => started.close());
  return started;
}

const ledger = (reg: TestRegister, registerId: string): RegisterLedger => ({
  registerId,
  storeId: homeStore,
  db: reg.app.db,
});

/** Generous: these tests move hundreds of sales through a real head office, beside other suites on 2 cores. */
const heavy = { timeout: 180_000 };

describe.each(['sqlite', 'postgres'] as const)('with head office on %s', heavy, (dialect) => {
  it('drains sales made offline, each acknowledged exactly once, and the shift-end check says so', async () => {
    const reg = register();
    const hq = await headOfficeFor(reg, dialect);
    const registerId = await hq.enrol(reg);
    await waitForStatus(reg.app, drained);

    hq.proxy.setDown(true);
    await waitForStatus(reg.app, (s) => !s.connected);
    sellMany(reg.app, 400);
    expect(reg.app.sync.status().eventsWaiting).toBe(400);
    expect(reg.app.sync.shiftEndCheck().message).toMatch(
      /^400 events still waiting for head office \(seq 2–401/,
    );

    hq.proxy.setDown(false);
    await waitForStatus(reg.app, allAcknowledged(reg.app));

    expect(await hq.invariants.check([ledger(reg, registerId)])).toEqual([]);
    expect(reg.app.sync.shiftEndCheck()).toMatchObject({
      allAcknowledged: true,
      message: `All ${400 + OPENING} events acknowledged by head office.`,
    });
  });
});

describe('with head office', heavy, () => {
  it('loses and doubles nothing when the connection is killed mid-batch again and again', async () => {
    const reg = register();
    const hq = await headOfficeFor(reg);
    const registerId = await hq.enrol(reg);
    await waitForStatus(reg.app, drained);
    hq.proxy.setDown(true);
    await waitForStatus(reg.app, (s) => !s.connected);
    sellMany(reg.app, 1500);
    hq.proxy.setDelay(40);
    hq.proxy.setDown(false);

    // Cut the link each time head office has acknowledged another part of the queue.
    for (const progress of [1, 400, 800]) {
      await waitForStatus(reg.app, (s) => s.lastAckedSeq >= progress);
      hq.proxy.cut();
      await hq.invariants.check([ledger(reg, registerId)]); // records head office's cursor: it must not go back
    }
    hq.proxy.setDelay(0);
    await waitForStatus(reg.app, allAcknowledged(reg.app));
    expect(await hq.invariants.check([ledger(reg, registerId)])).toEqual([]);
  });

  it('keeps every sale exactly once across a flapping link with late and lost acks', async () => {
    const reg = register({ sync: { ackTimeoutMs: 400 } });
    const hq = await headOfficeFor(reg);
    const registerId = await hq.enrol(reg);
    await waitForStatus(reg.app, drained);

    // Each round: sell a few, then one fault: link down, acks slower than the timeout, or bytes swallowed.
    const faults = [
      () => hq.proxy.setDown(true),
      () => hq.proxy.setDelay(600),
      () => hq.proxy.setBlackhole(true),
      () => hq.proxy.cut(),
    ];
    for (let round = 0; round < 12; round += 1) {
      sellMany(reg.app, 15);
      faults[round % faults.length]!();
      await new Promise((resolve) => setTimeout(resolve, 150 + ((round * 97) % 400)));
      sellMany(reg.app, 5);
      hq.proxy.setDown(false);
      hq.proxy.setDelay(0);
      hq.proxy.setBlackhole(false);
      await new Promise((resolve) => setTimeout(resolve, (round * 53) % 300));
    }

    await waitForStatus(reg.app, allAcknowledged(reg.app));
    expect(await hq.invariants.check([ledger(reg, registerId)])).toEqual([]);
  });

  it('a revoked register keeps selling, keeps its queue and says why it cannot sync', async () => {
    const reg = register();
    const hq = await headOfficeFor(reg);
    const registerId = await hq.enrol(reg);
    sell(reg.app);
    await waitForStatus(reg.app, allAcknowledged(reg.app));

    expect((await hq.ho.admin('POST', `/api/registers/${registerId}/revoke`)).status).toBe(200);
    const status = await waitForStatus(reg.app, (s) => s.blockedReason !== null);

    expect(status.blockedReason).toMatch(/revoked this register/);
    expect(status.blockedReason).toContain('Selling goes on');
    const sale = sell(reg.app, [loaf]);
    expect(sale.outboxSeq).toBe(2 + OPENING);
    expect(reg.app.sync.status()).toMatchObject({
      connected: false,
      eventsWaiting: 1,
      lastAckedSeq: 1 + OPENING,
    });
    const shiftEnd = reg.app.sync.shiftEndCheck();
    expect(shiftEnd.message).toContain(`1 event still waiting for head office (seq ${2 + OPENING}`);
    expect(shiftEnd.message).toContain(`Sale ${sale.receiptNumber}`);
    expect(shiftEnd.message).toContain('revoked');
  });

  it('a price change at head office reaches the register without a restart; the open sale keeps its price', async () => {
    const reg = register();
    const hq = await headOfficeFor(reg);
    await hq.enrol(reg);
    await waitForStatus(reg.app, drained);
    const { catalog, sales } = reg.app.services;
    const before = catalog.lookupCode(spaghetti)!;
    sales.scan({ code: spaghetti });

    const { onHand: _onHand, id: _id, ...item } = before;
    const reply = await hq.ho.admin('PUT', '/api/products', {
      products: [{ ...item, priceMinor: before.priceMinor + 50 }],
    });
    expect(reply.status).toBe(200);
    await waitUntil(reg.app, () => catalog.lookupCode(spaghetti)?.priceMinor === before.priceMinor + 50);

    expect(sales.current().lines[0]!.unitPriceMinor).toBe(before.priceMinor);
    sales.addTender({ kind: 'cash', amountMinor: sales.current().dueMinor });
    expect(sales.complete().receipt.sale.totals.totalMinor).toBe(before.priceMinor);
    expect(sell(reg.app).totals.totalMinor).toBe(before.priceMinor + 50);
  });

  it('shows this store’s stock from head office plus unsent sales, and other stores with their time', async () => {
    const reg = register();
    const hq = await headOfficeFor(reg);
    const { stock, catalog } = reg.app.services;
    const product = catalog.lookupCode(spaghetti)!;
    // The stock the demo catalog loaded reaches head office as the opening count when the register enrols.
    const opening = stock.onHand(product.id);
    expect(opening).toBeGreaterThan(0);
    await hq.enrol(reg);
    await waitForStatus(reg.app, drained);
    const { admin } = hq.ho;
    const storeBody = {
      name: 'Cork Quay',
      currency: 'EUR',
      pricesIncludeTax: true,
      // Every tax code the demo catalog uses: head office refuses a store without them.
      taxRates: demoStore.taxRates,
    };
    expect((await admin('POST', '/api/stores', { id: 'CORK-1', ...storeBody })).status).toBe(201);
    const receive = (storeId: string, quantity: number) =>
      admin('POST', `/api/stores/${storeId}/stock-movements`, {
        sku: product.sku,
        kind: 'receive',
        quantity,
      });
    expect((await receive('CORK-1', 12)).status).toBe(201);
    expect((await receive(homeStore, 30)).status).toBe(201);
    sell(reg.app, [spaghetti, spaghetti]);
    await waitForStatus(reg.app, allAcknowledged(reg.app));
    await waitUntil(reg.app, () => {
      const availability = stock.availability(product.id);
      return availability.otherStores.length === 1 && availability.onHandHere === opening + 28;
    });
    const cork = stock.availability(product.id).otherStores[0]!;
    expect(cork).toMatchObject({ storeId: 'CORK-1', storeName: 'Cork Quay', onHand: 12 });
    expect(Date.parse(cork.asOf!)).not.toBeNaN();

    hq.proxy.setDown(true);
    await waitForStatus(reg.app, (s) => !s.connected);
    sell(reg.app, [spaghetti]);
    expect(stock.availability(product.id).onHandHere).toBe(opening + 27);
  });

  it('a cloned register is stopped at head office and nothing is overwritten', async () => {
    const original = register();
    const hq = await headOfficeFor(original);
    const registerId = await hq.enrol(original);
    sell(original.app);
    await waitForStatus(original.app, allAcknowledged(original.app));
    original.close();
    const cloneDir = mkdtempSync(join(tmpdir(), 'counter-clone-'));
    cpSync(original.dataDir, cloneDir, { recursive: true });

    const first = register({ dataDir: original.dataDir });
    const clone = register({ dataDir: cloneDir });
    const firstSale = sell(first.app, [spaghetti]);
    await waitForStatus(first.app, allAcknowledged(first.app));
    const cloneSale = sell(clone.app, [loaf, loaf]);
    expect(cloneSale.outboxSeq).toBe(2 + OPENING);

    const stopped = await waitForStatus(clone.app, (s) => s.blockedReason !== null);
    expect(stopped.blockedReason).toMatch(/copy of another one|stopped/);
    expect(sell(clone.app).outboxSeq).toBe(3 + OPENING);
    const sales = await hq.ho.db
      .selectFrom('sales')
      .select(['sale_id', 'seq'])
      .where('register_id', '=', registerId)
      .orderBy('seq')
      .execute();
    expect(sales.map((sale) => sale.seq)).toEqual([1 + OPENING, 2 + OPENING]);
    expect(sales[1]!.sale_id).toBe(firstSale.saleId);
    const conflicts = await hq.ho.admin<{ items: { kind: string }[] }>(
      'GET',
      '/api/exceptions?kind=conflict',
    );
    expect(conflicts.body.items).toHaveLength(1);
  });
});
