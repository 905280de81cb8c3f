/**
 * Cost at head office (issue 17) and the books' stock lines (issue 18) on SQLite and PostgreSQL: the moving
 * average moved by receipts at any store of the company, the cost of goods stamped on sale and return lines and
 * never rewritten, inventory value per store, and the journal's cost of goods, goods received not invoiced,
 * shrink (adjustments, transfer discrepancies, count variances) and stock in transit (which nets to zero across
 * the stores).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayJournals, Journal } from '../../../src/shared/books.ts';
import type { StockValue } from '../../../src/shared/cost.ts';
import type { DocumentType, PayloadOf } from '../../../src/shared/documents/registry.ts';
import type { PushReply } from '../../../src/shared/sync/protocol.ts';
import { dayOf } from '../../../src/shared/time-zone.ts';
import {
  completedReturn,
  completedSale,
  countSubmission,
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  putProducts,
  startTestHeadOffice,
  stockAdjustment,
  type RegisterSocket,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';
import { goodsReceipt, transferReceived, transferSent } from './inventory-helpers.ts';

interface Till {
  socket: RegisterSocket;
  who: Who;
  seq: number;
}

/** What the journal's lines with `key` post, debit positive. */
const posted = (journal: Journal | undefined, key: string): number =>
  (journal?.lines ?? [])
    .filter((line) => line.key === key)
    .reduce((total, line) => total + line.debitMinor - line.creditMinor, 0);

describe.each(dialects)('cost and the stock lines of the books on %s', (dialect) => {
  let ho: TestHeadOffice;
  const tills: Till[] = [];

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await putProducts(ho.admin, [
      { sku: 'CUP', priceMinor: 400 },
      { sku: 'BOWL', priceMinor: 600 },
      { sku: 'JUG', priceMinor: 900 },
    ]);
  });
  afterAll(async () => {
    for (const till of tills) till.socket.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function openTill(storeId: string): Promise<Till> {
    await createStore(ho.admin, storeId);
    const enrolled = await enrollRegister(ho.admin, storeId);
    const till = {
      socket: await connectRegister(ho.url, enrolled.token),
      who: { storeId, registerId: enrolled.registerId },
      seq: 0,
    };
    tills.push(till);
    return till;
  }

  async function push<T extends DocumentType>(till: Till, type: T, payload: PayloadOf<T>): Promise<void> {
    const reply: PushReply = await till.socket.emitWithAck('push', {
      events: [outboxEvent((till.seq += 1), payload, type)],
    });
    expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: till.seq });
  }
  const sell = async (till: Till, sku: string, quantity: number) => {
    const sale = completedSale(till.seq + 1, till.who, [{ sku, quantity }]);
    await push(till, 'sale.completed', sale);
    return sale;
  };
  const receive = (till: Till, sku: string, quantity: number, unitCostMinor?: number) =>
    push(till, 'receipt.completed', goodsReceipt(till.who, [{ sku, quantity, unitCostMinor }]));

  const valueOf = async (storeId: string): Promise<StockValue> => {
    const reply = await ho.admin<StockValue>('GET', `/api/stores/${storeId}/stock-value`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body;
  };
  const skuValue = async (storeId: string, sku: string) =>
    (await valueOf(storeId)).items.find((item) => item.sku === sku);
  async function journalOf(storeId: string): Promise<Journal> {
    const store = await ho.db
      .selectFrom('stores')
      .select('time_zone')
      .where('id', '=', storeId)
      .executeTakeFirstOrThrow();
    const date = dayOf(new Date(), store.time_zone);
    const reply = await ho.admin<DayJournals>('GET', `/api/stores/${storeId}/journal?date=${date}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const [journal] = reply.body.journals;
    expect(journal!.debitMinor, 'the day balances').toBe(journal!.creditMinor);
    return journal!;
  }

  it('moves the company’s average with every receipt and stamps each sale and return line’s cost for good', async () => {
    const a = await openTill('CA');
    const b = await openTill('CB');
    await receive(a, 'CUP', 10, 100);
    await receive(b, 'CUP', 10, 200);
    // 10 held at 100, 10 received at 200: 150, for both stores.
    expect((await skuValue('CA', 'CUP'))?.unitCostMinor).toBe(150);
    await sell(a, 'CUP', 4);
    // A delivery note without a cost does not move it.
    await receive(a, 'CUP', 2);
    expect((await skuValue('CA', 'CUP'))?.unitCostMinor).toBe(150);
    // 18 held (6 + 2 at A, 10 at B) at 150, 6 at 310: (2700 + 1860) / 24 = 190.
    await receive(b, 'CUP', 6, 310);
    const sale = await sell(a, 'CUP', 1);
    await push(a, 'return.completed', completedReturn(a.seq + 1, a.who, sale, [{ sku: 'CUP', quantity: 1 }]));

    const stamped = await ho.db
      .selectFrom('stock_costs')
      .select(['document_kind', 'quantity', 'unit_cost_minor', 'value_minor'])
      .where('store_id', '=', 'CA')
      .where('sku', '=', 'CUP')
      .where('document_kind', 'in', ['sale.completed', 'return.completed'])
      .orderBy('id')
      .execute();
    expect(
      stamped.map((row) => [row.document_kind, row.quantity, row.unit_cost_minor, row.value_minor]),
    ).toEqual([
      ['sale.completed', -4, 150, -600],
      ['sale.completed', -1, 190, -190],
      ['return.completed', 1, 190, 190],
    ]);

    const journal = await journalOf('CA');
    expect(posted(journal, 'costOfGoods')).toBe(600 + 190 - 190);
    expect(posted(journal, 'goodsReceivedNotInvoiced')).toBe(-1000);
    // In 1000 at cost, out 600 (the units without a cost came in at nothing).
    expect(posted(journal, 'inventory')).toBe(400);

    // Held at A: 10 − 4 + 2 − 1 + 1 = 8, at 190.
    expect(await skuValue('CA', 'CUP')).toMatchObject({ onHand: 8, unitCostMinor: 190, valueMinor: 1520 });
    expect(await valueOf('CB')).toMatchObject({
      currency: 'EUR',
      totalValueMinor: 16 * 190,
      skusWithoutCost: 0,
    });
  });

  it('values what was sold before any cost at zero, and a receipt onto stock sold short takes its own cost', async () => {
    const c = await openTill('CC');
    await sell(c, 'BOWL', 3);
    expect(await valueOf('CC')).toMatchObject({ totalValueMinor: 0, skusWithoutCost: 1 });
    expect(posted(await journalOf('CC'), 'costOfGoods')).toBe(0);
    await receive(c, 'BOWL', 5, 80);
    expect(await valueOf('CC')).toMatchObject({ totalValueMinor: 2 * 80, skusWithoutCost: 0 });
    expect((await skuValue('CC', 'BOWL'))?.unitCostMinor).toBe(80);
  });

  it('sends a transfer through stock in transit at its sending cost: what arrived nets to zero, what was lost is shrink', async () => {
    const from = await openTill('TF');
    const to = await openTill('TT');
    await receive(from, 'JUG', 10, 300);
    const sent = transferSent(from.who, 'TT', [{ sku: 'JUG', quantity: 5 }]);
    await push(from, 'transfer.sent', sent);
    // The average moves while the jugs travel: their arrival keeps the cost they left at.
    await receive(to, 'JUG', 10, 500);
    await push(to, 'transfer.received', transferReceived(to.who, sent, { JUG: { received: 4 } }));
    await push(
      from,
      'adjustment.completed',
      stockAdjustment(from.who, 'theft', [{ sku: 'JUG', quantity: 1 }]),
    );

    const sender = await journalOf('TF');
    const receiver = await journalOf('TT');
    expect(posted(sender, 'transfersInTransit')).toBe(5 * 300);
    expect(posted(receiver, 'transfersInTransit')).toBe(-5 * 300);
    expect(posted(receiver, 'inventory')).toBe(4 * 300 + 10 * 500);
    expect(posted(receiver, 'shrink')).toBe(300);
    // The theft at the sender, at the average since the second receipt: 10 held at 300, 10 at 500.
    expect((await skuValue('TF', 'JUG'))?.unitCostMinor).toBe(400);
    expect(posted(sender, 'shrink')).toBe(400);
    expect(posted(sender, 'inventory')).toBe(10 * 300 - 5 * 300 - 400);
  });

  it('posts what a count’s approval changed on hand to shrink at the average, on the day it was approved', async () => {
    const shop = await openTill('CN');
    await receive(shop, 'CUP', 20, 50);
    const average = (await skuValue('CN', 'CUP'))!.unitCostMinor!;
    const countId = `count-${dialect}`;
    const countedAt = new Date().toISOString();
    await push(
      shop,
      'count.submitted',
      countSubmission(shop.who, countId, [{ sku: 'CUP', quantity: 17, countedAt }]),
    );
    const approved = await ho.admin('POST', `/api/counts/${countId}/approve`, { uncounted: 'leave' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const journal = await journalOf('CN');
    // Three short of the 20 received.
    expect(posted(journal, 'shrink')).toBe(3 * average);
    expect(posted(journal, 'inventory')).toBe(20 * 50 - 3 * average);
    // The receipt and the approval (the submission moves no stock).
    expect(journal.documents).toBe(2);
  });
});
