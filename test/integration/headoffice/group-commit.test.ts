/**
 * Pushes of several registers that arrive together are applied in one transaction (group commit, upstream.ts).
 * Called in-process, so that they really arrive together: each register still gets exactly-once effects, its
 * own reply (applied, duplicate, gap, conflict) and its own exceptions, and one register's trouble never holds
 * up or changes another's. On SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertProducts } from '../../../src/headoffice/catalog.ts';
import type { HeadOffice } from '../../../src/headoffice/context.ts';
import { openDatabase, type OpenedDatabase } from '../../../src/headoffice/db/connect.ts';
import { systemActor } from '../../../src/headoffice/people/principal.ts';
import { pull } from '../../../src/headoffice/downstream.ts';
import { createPairingCode, enroll, listRegisters } from '../../../src/headoffice/registers.ts';
import { listExceptions, listSales } from '../../../src/headoffice/reports.ts';
import { addStockMovement, listStock } from '../../../src/headoffice/stock.ts';
import { createStore } from '../../../src/headoffice/stores.ts';
import { applyPush } from '../../../src/headoffice/upstream.ts';
import type { StockItem } from '../../../src/shared/sync/protocol.ts';
import {
  completedSale,
  dialects,
  outboxEvent,
  poisonSales,
  saleEvent,
  taxRates,
  testDatabase,
  type SaleLineSpec,
  type TestDatabase,
} from './helpers.ts';

describe.each(dialects)('pushes of several registers applied together on %s', (dialect) => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let ho: HeadOffice;

  const product = (sku: string, priceMinor: number) => ({
    sku,
    name: `Product ${sku}`,
    priceMinor,
    taxCode: 'STD',
    category: null,
    unit: 'each' as const,
    active: true,
    barcodes: [],
  });

  beforeAll(async () => {
    database = testDatabase(dialect);
    opened = await openDatabase({ dataDir: '', ...database.options });
    ho = {
      db: opened.db,
      dialect: opened.dialect,
      now: () => new Date(),
      changeRetentionMs: 24 * 60 * 60_000,
      poke: () => undefined,
    };
    for (const id of ['A', 'B']) {
      await createStore(ho, { id, name: `Store ${id}`, currency: 'EUR', pricesIncludeTax: true, taxRates });
    }
    await upsertProducts(ho, [product('APPLE', 250), product('PEAR', 250)]);
    for (const storeId of ['A', 'B']) {
      for (const sku of ['APPLE', 'PEAR'])
        await addStockMovement(ho, storeId, { sku, kind: 'receive', quantity: 100 }, systemActor);
    }
  });
  afterAll(async () => {
    await opened?.close();
    await database?.cleanup();
  });

  async function newRegister(storeId: string) {
    const { code } = await createPairingCode(ho, { storeId }, 60);
    const { registerId } = await enroll(ho, { pairingCode: code, registerName: `Till ${Math.random()}` });
    return { storeId, registerId };
  }
  type Who = Awaited<ReturnType<typeof newRegister>>;

  /** Sales seq `from`…, one per line spec, of register `who`. */
  const sales = (who: Who, from: number, lines: SaleLineSpec[][]) =>
    lines.map((spec, i) => saleEvent(from + i, who, spec));
  const salesOf = async (who: Who) =>
    (await listSales(ho, { registerId: who.registerId, limit: 1000 })).items.map((sale) => sale.seq);
  const exceptionsOf = async (who: Who) =>
    (await listExceptions(ho, { limit: 1000 })).items
      .filter((e) => e.registerId === who.registerId)
      .map((e) => [e.seq, e.kind]);
  const cursorOf = async (who: Who) =>
    (await listRegisters(ho, [who.storeId])).find((r) => r.id === who.registerId)!.lastAppliedSeq;
  const onHand = async (storeId: string, sku: string) =>
    (await listStock(ho.db, ho.dialect, storeId, { sku, limit: 1 }))[0]!.onHand;

  it('gives each register exactly-once effects and its own reply', async () => {
    const [a1, a2, a3, b1, b2] = [
      await newRegister('A'),
      await newRegister('A'),
      await newRegister('A'),
      await newRegister('B'),
      await newRegister('B'),
    ] as [Who, Who, Who, Who, Who];
    const apple = { sku: 'APPLE' };
    const a1Sales = sales(a1, 1, [[apple], [apple], [apple]]);
    const replies = await Promise.all([
      applyPush(ho, a1.registerId, a1Sales.slice(0, 2)),
      applyPush(ho, a2.registerId, sales(a2, 1, [[{ sku: 'PEAR', quantity: 2 }]])),
      // Starts after a seq head office never saw.
      applyPush(ho, a3.registerId, sales(a3, 2, [[apple]])),
      applyPush(ho, b1.registerId, sales(b1, 1, [[{ sku: 'APPLE', quantity: 3 }]])),
      applyPush(ho, b2.registerId, sales(b2, 1, [[{ sku: 'APPLE', unitPriceMinor: 199 }]])),
      // a1 again, before its first push was answered. On PostgreSQL the two may run in parallel transactions;
      // whichever locks a1's row second finds the other's events already applied.
      applyPush(ho, a1.registerId, a1Sales),
    ]);

    expect(replies.slice(1, 5)).toEqual([
      { status: 'ok', lastAppliedSeq: 1, outcomes: [{ seq: 1, outcome: 'applied' }] },
      { status: 'gap', expectedSeq: 1, lastAppliedSeq: 0 },
      { status: 'ok', lastAppliedSeq: 1, outcomes: [{ seq: 1, outcome: 'applied' }] },
      { status: 'ok', lastAppliedSeq: 1, outcomes: [{ seq: 1, outcome: 'applied' }] },
    ]);
    // a1's two pushes: each seq applied by exactly one of them, a duplicate in the other if it carried it.
    const [first, resent] = [replies[0]!, replies[5]!];
    if (first.status !== 'ok' || resent.status !== 'ok') throw new Error('a1 was not answered ok');
    expect(resent.lastAppliedSeq).toBe(3);
    const outcomes = [...first.outcomes, ...resent.outcomes];
    for (const seq of [1, 2, 3]) {
      expect(outcomes.filter((o) => o.seq === seq && o.outcome === 'applied')).toHaveLength(1);
    }
    // Seqs 1 and 2 were in both pushes.
    expect(outcomes.filter((o) => o.outcome === 'duplicate').map((o) => o.seq)).toEqual([1, 2]);
    expect((await salesOf(a1)).sort()).toEqual([1, 2, 3]);
    expect(await salesOf(a2)).toEqual([1]);
    expect(await salesOf(a3)).toEqual([]);
    expect(await Promise.all([a1, a2, a3, b1, b2].map(cursorOf))).toEqual([3, 1, 0, 1, 1]);
    expect(await onHand('A', 'APPLE')).toBe(97);
    expect(await onHand('A', 'PEAR')).toBe(98);
    expect(await onHand('B', 'APPLE')).toBe(96);
    // Only b2's own sale disagrees with head office.
    for (const who of [a1, a2, a3, b1]) expect(await exceptionsOf(who)).toEqual([]);
    expect(await exceptionsOf(b2)).toEqual([[1, 'price_mismatch']]);

    // Registers read stock from the change log: its latest entry per key is the balance, with the seqs in it.
    const log = await pull(ho, 'A', { stream: 'stock', cursor: 0, limit: 1000 });
    if (log.status !== 'ok') throw new Error(`pull: ${log.status}`);
    const latest = new Map(log.changes.map((change) => [change.key, change.data as StockItem]));
    expect(latest.get('A:APPLE')).toMatchObject({ onHand: 97 });
    // a2 sold no apples: whether its pear sale was in before or after apples' last entry depends on which
    // transaction committed first, and either figure is true for apples.
    expect(latest.get('A:APPLE')!.appliedSeqs).toMatchObject({ [a1.registerId]: 3 });
    expect([0, 1]).toContain(latest.get('A:APPLE')!.appliedSeqs[a2.registerId]);
    expect(latest.get('B:APPLE')).toMatchObject({ onHand: 96 });
    expect(latest.get('B:APPLE')!.appliedSeqs).toMatchObject({ [b1.registerId]: 1, [b2.registerId]: 1 });
  });

  it('quarantines a register whose seq arrives with other content, and still applies the others', async () => {
    const [clone, other] = [await newRegister('A'), await newRegister('A')];
    expect(await applyPush(ho, clone.registerId, sales(clone, 1, [[{ sku: 'PEAR' }]]))).toMatchObject({
      status: 'ok',
    });

    const [conflict, applied] = await Promise.all([
      applyPush(ho, clone.registerId, sales(clone, 1, [[{ sku: 'APPLE' }]])),
      applyPush(ho, other.registerId, sales(other, 1, [[{ sku: 'PEAR' }]])),
    ]);

    expect(conflict).toMatchObject({ status: 'conflict' });
    expect(applied).toMatchObject({ status: 'ok', lastAppliedSeq: 1 });
    expect(await exceptionsOf(clone)).toEqual([[1, 'conflict']]);
    expect(await salesOf(other)).toEqual([1]);
    expect(await applyPush(ho, clone.registerId, sales(clone, 2, [[{ sku: 'PEAR' }]]))).toMatchObject({
      status: 'quarantined',
    });
  });

  it('loses no stock when sales of many registers and goods received change the same SKUs at once, a new SKU included', async () => {
    await upsertProducts(ho, [product('PLUM', 300)]);
    const registers: Who[] = [];
    for (let i = 0; i < 6; i += 1) registers.push(await newRegister('A'));
    const applesBefore = await onHand('A', 'APPLE');
    const pushesEach = 5;
    // Each push: a sale of 1 apple and 2 plums, and a sale of 1 plum.
    const selling = registers.map(async (who) => {
      for (let push = 0; push < pushesEach; push += 1) {
        const lines = [[{ sku: 'APPLE' }, { sku: 'PLUM', quantity: 2 }], [{ sku: 'PLUM' }]];
        const reply = await applyPush(ho, who.registerId, sales(who, 1 + 2 * push, lines));
        expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: 2 * push + 2 });
      }
    });
    const receiving = Array.from({ length: 10 }, (_unused, i) =>
      addStockMovement(
        ho,
        'A',
        { sku: i % 2 === 0 ? 'APPLE' : 'PLUM', kind: 'receive', quantity: 7 },
        systemActor,
      ),
    );
    await Promise.all([...selling, ...receiving]);

    const pushes = registers.length * pushesEach;
    expect(await onHand('A', 'APPLE')).toBe(applesBefore - pushes + 5 * 7);
    expect(await onHand('A', 'PLUM')).toBe(-3 * pushes + 5 * 7);
    // Each figure reaches the registers once, at its latest value, and no two writes shared a stream seq.
    const log = await pull(ho, 'A', { stream: 'stock', cursor: 0, limit: 1000 });
    if (log.status !== 'ok') throw new Error(`pull: ${log.status}`);
    const plums = log.changes.filter((change) => change.key === 'A:PLUM');
    expect(plums).toHaveLength(1);
    expect(plums[0]!.data).toMatchObject({ onHand: -3 * pushes + 5 * 7 });
    expect(new Set(log.changes.map((change) => change.cursor)).size).toBe(log.changes.length);
  });

  it('applies a batch the database refuses on its own, event by event, and the rest of its group as usual', async () => {
    const [poisoned, other] = [await newRegister('B'), await newRegister('B')];
    // The database refuses to store this sale however often it is retried.
    await poisonSales(ho.db, dialect, 'POISON-');
    const poison = completedSale(2, poisoned, [{ sku: 'PEAR' }], { receiptNumber: 'POISON-2' });
    const batch = [
      saleEvent(1, poisoned, [{ sku: 'PEAR' }]),
      outboxEvent(2, poison),
      saleEvent(3, poisoned, [{ sku: 'PEAR' }]),
    ];

    const replies = await Promise.all([
      applyPush(ho, poisoned.registerId, batch),
      applyPush(ho, other.registerId, sales(other, 1, [[{ sku: 'PEAR' }], [{ sku: 'PEAR' }]])),
    ]);

    expect(replies).toMatchObject([
      { status: 'ok', lastAppliedSeq: 3 },
      { status: 'ok', lastAppliedSeq: 2 },
    ]);
    expect((await salesOf(poisoned)).sort()).toEqual([1, 3]);
    expect(await exceptionsOf(poisoned)).toEqual([[2, 'invalid_payload']]);
    expect((await salesOf(other)).sort()).toEqual([1, 2]);
    expect(await exceptionsOf(other)).toEqual([]);
  });
});
