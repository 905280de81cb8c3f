/**
 * Stock counts at head office, on SQLite and PostgreSQL: two registers' lines of one count merge per SKU; the
 * variance is against what was expected when each SKU was counted, so a sale rung up during the count that
 * reaches head office late is neither lost nor counted twice (invariant 7); approval with uncounted SKUs zeroed
 * or left; lines after approval and a count older than a later one are 'late_count' exceptions; the approved
 * figures go down the stock stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSubmitted } from '../../../src/shared/documents/count.ts';
import type { ExceptionView, Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import type { CountDetail, CountView } from '../../../src/shared/sync/counts-api.ts';
import type { PushReply } from '../../../src/shared/sync/protocol.ts';
import {
  completedSale,
  connectRegister,
  countSubmission,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  putProducts,
  startTestHeadOffice,
  type RegisterSocket,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';

interface Till {
  socket: RegisterSocket;
  who: Who;
  seq: number;
}

/** Minutes after a fixed morning, as ISO times. */
const at = (minute: number): string => new Date(Date.UTC(2026, 11, 7, 9, minute)).toISOString();

describe.each(dialects)('stock counts on %s', (dialect) => {
  let ho: TestHeadOffice;
  let one: Till;
  let two: Till;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'S');
    await putProducts(ho.admin, [
      { sku: 'MUG', priceMinor: 250 },
      { sku: 'CUP', priceMinor: 100 },
      { sku: 'BOWL', priceMinor: 400 },
    ]);
    const till = async (): Promise<Till> => {
      const { token, registerId } = await enrollRegister(ho.admin, 'S');
      return { socket: await connectRegister(ho.url, token), who: { storeId: 'S', registerId }, seq: 0 };
    };
    one = await till();
    two = await till();
  });
  afterAll(async () => {
    one?.socket.close();
    two?.socket.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function push(till: Till, type: string, payload: unknown): Promise<void> {
    till.seq += 1;
    const reply: PushReply = await till.socket.emitWithAck('push', {
      events: [outboxEvent(till.seq, payload, type as typeof countSubmitted.type)],
    });
    expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: till.seq });
  }
  const receive = (sku: string, quantity: number, occurredAt: string) =>
    ho.admin('POST', '/api/stores/S/stock-movements', { sku, kind: 'receive', quantity, occurredAt });
  const sell = (till: Till, sku: string, quantity: number, completedAt: string) =>
    push(till, 'sale.completed', completedSale(till.seq + 1, till.who, [{ sku, quantity }], { completedAt }));
  const onHand = async (sku: string): Promise<number> =>
    (await ho.admin<Page<StockView>>('GET', `/api/stores/S/stock?sku=${sku}`)).body.items[0]!.onHand;
  const review = async (countId: string): Promise<CountDetail> =>
    (await ho.admin<CountDetail>('GET', `/api/counts/${countId}`)).body;
  const lateCounts = async (): Promise<ExceptionView[]> =>
    (await ho.admin<Page<ExceptionView>>('GET', '/api/exceptions?storeId=S&kind=late_count')).body.items;

  it('merges two registers’ lines and approves on hand as of when each SKU was counted', async () => {
    await receive('MUG', 20, at(0));
    await receive('CUP', 10, at(0));
    await receive('BOWL', 5, at(0));
    // Register one counts 6 mugs on a shelf at 9:10, register two 5 more in the back at 9:12.
    await push(
      one,
      countSubmitted.type,
      countSubmission(one.who, 'count-1', [{ sku: 'MUG', quantity: 6, countedAt: at(10) }]),
    );
    await push(
      two,
      countSubmitted.type,
      countSubmission(two.who, 'count-1', [
        { sku: 'MUG', quantity: 5, countedAt: at(12) },
        { sku: 'CUP', quantity: 10, countedAt: at(12) },
      ]),
    );
    // A mug sold at 9:05 (before it was counted) and one at 9:20 (after), both reaching head office now.
    await sell(one, 'MUG', 1, at(5));
    await sell(one, 'MUG', 1, at(20));

    const pending = await review('count-1');
    expect(pending).toMatchObject({
      status: 'open',
      registers: [one.who.registerId, two.who.registerId].sort(),
      lines: 3,
    });
    expect(pending.items).toEqual([
      // BOWL: in the scope (stock at the store), nobody counted it.
      expect.objectContaining({ sku: 'BOWL', counted: null, expected: 5, variance: -5, outcome: 'pending' }),
      expect.objectContaining({ sku: 'CUP', counted: 10, expected: 10, variance: 0 }),
      // 20 received − 1 sold before 9:12 = 19 expected; 11 counted: 8 short, 8 × 2.50.
      expect.objectContaining({
        sku: 'MUG',
        counted: 11,
        expected: 19,
        variance: -8,
        varianceValueMinor: -2000,
        asOf: at(12),
      }),
    ]);

    const approved = await ho.admin<CountDetail>('POST', '/api/counts/count-1/approve', {
      uncounted: 'leave',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      uncounted: 'leave',
      varianceUnits: -8,
      varianceValueMinor: -2000,
    });
    expect(approved.body.items.map((item) => [item.sku, item.outcome])).toEqual([
      ['BOWL', 'left'],
      ['CUP', 'applied'],
      ['MUG', 'applied'],
    ]);
    // 11 counted at 9:12, less the 9:20 sale; the 9:05 sale was on the shelf count already.
    expect(await onHand('MUG')).toBe(10);
    expect(await onHand('BOWL')).toBe(5);

    // A sale of 9:15 that syncs after the approval still counts; one of 9:11 (before MUG's count) does not.
    await sell(two, 'MUG', 2, at(15));
    await sell(two, 'MUG', 1, at(11));
    expect(await onHand('MUG')).toBe(8);
    // Invariant 7: the balance is the count plus the movements after it.
    expect(await onHand('CUP')).toBe(10);

    const again = await ho.admin('POST', '/api/counts/count-1/approve', { uncounted: 'zero' });
    expect(again.status).toBe(409);
  });

  it('sets the uncounted SKUs of the scope to zero when the approver chooses so', async () => {
    await push(
      one,
      countSubmitted.type,
      countSubmission(one.who, 'count-2', [{ sku: 'CUP', quantity: 9, countedAt: at(30) }]),
    );
    const approved = await ho.admin<CountDetail>('POST', '/api/counts/count-2/approve', {
      uncounted: 'zero',
    });
    expect(approved.body.items.map((item) => [item.sku, item.counted, item.outcome])).toEqual([
      ['BOWL', null, 'zeroed'],
      ['CUP', 9, 'applied'],
      ['MUG', null, 'zeroed'],
    ]);
    expect(await onHand('BOWL')).toBe(0);
    expect(await onHand('MUG')).toBe(0);
    expect(await onHand('CUP')).toBe(9);
  });

  it('keeps lines that arrive after approval, and a count older than a later one, without changing stock', async () => {
    const before = await lateCounts();
    // count-1 was approved: a register that submits to it now changes nothing.
    await push(
      two,
      countSubmitted.type,
      countSubmission(two.who, 'count-1', [{ sku: 'CUP', quantity: 50, countedAt: at(13) }]),
    );
    expect(await onHand('CUP')).toBe(9);
    // count-3 counted CUP at 9:25, before count-2's 9:30 that was applied first.
    await push(
      one,
      countSubmitted.type,
      countSubmission(one.who, 'count-3', [{ sku: 'CUP', quantity: 40, countedAt: at(25) }]),
    );
    const approved = await ho.admin<CountDetail>('POST', '/api/counts/count-3/approve', {
      uncounted: 'leave',
    });
    expect(approved.body.items.find((item) => item.sku === 'CUP')?.outcome).toBe('superseded');
    expect(await onHand('CUP')).toBe(9);
    const late = (await lateCounts()).slice(before.length);
    expect(late.map((e) => [e.registerId, e.sku])).toEqual([
      [two.who.registerId, null],
      [null, 'CUP'],
    ]);
  });

  it('lists the store’s counts, newest first, with paging', async () => {
    const page = await ho.admin<Page<CountView>>('GET', '/api/counts?storeId=S&limit=2');
    expect(page.body.items.map((count) => count.countId)).toEqual(['count-3', 'count-2']);
    const rest = await ho.admin<Page<CountView>>('GET', `/api/counts?storeId=S&after=${page.body.next}`);
    expect(rest.body.items.map((count) => count.countId)).toEqual(['count-1']);
    const open = await ho.admin<Page<CountView>>('GET', '/api/counts?status=open');
    expect(open.body.items).toEqual([]);
  });
  it('applies an opening count that arrives after its register’s own earlier sales, instead of leaving it for review', async () => {
    // A store of its own: head office holds no figures there but what this register sends.
    await createStore(ho.admin, 'T');
    const { token, registerId } = await enrollRegister(ho.admin, 'T');
    const fresh: Till = {
      socket: await connectRegister(ho.url, token),
      who: { storeId: 'T', registerId },
      seq: 0,
    };
    try {
      // Sold before enrolment, in a batch of its own ahead of the opening count (a register that sold for days).
      await push(
        fresh,
        'sale.completed',
        completedSale(1, fresh.who, [{ sku: 'MUG', quantity: 2 }], { completedAt: at(1) }),
      );
      await push(fresh, countSubmitted.type, {
        ...countSubmission(fresh.who, 'opening-T', [{ sku: 'MUG', quantity: 5, countedAt: at(2) }]),
        opening: true,
      });
      const stock = await ho.admin<Page<StockView>>('GET', '/api/stores/T/stock?sku=MUG');
      expect(stock.body.items[0]!.onHand).toBe(5);
      const counts = await ho.admin<Page<CountView>>('GET', '/api/counts?storeId=T');
      expect(counts.body.items).toEqual([
        expect.objectContaining({ countId: 'opening-T', opening: true, status: 'approved' }),
      ]);
    } finally {
      fresh.socket.close();
    }
  });
});
