/**
 * Several registers of one store count one count (issue 15), at head office on SQLite and PostgreSQL: a count
 * opened by the admin API or at a register goes down the 'counts' stream to the registers of its store only; a
 * register reviews the merged lines ('countReview') and its manager's 'count.approved' approves the count as the
 * admin API would, once: the approval goes down the stream and the counted figures down the stock stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreCount } from '../../../src/shared/counts.ts';
import { countApproved, countOpened, countSubmitted } from '../../../src/shared/documents/count.ts';
import type { DocumentType } from '../../../src/shared/documents/registry.ts';
import type { ExceptionView, Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import type { CountDetail, CountReviewReply, CountView } from '../../../src/shared/sync/counts-api.ts';
import type { PullReply, PushReply } from '../../../src/shared/sync/protocol.ts';
import {
  completedSale,
  connectRegister,
  countApproval,
  countOpening,
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

const at = (minute: number): string => new Date(Date.UTC(2026, 11, 7, 9, minute)).toISOString();

describe.each(dialects)('counting one count at several registers on %s', (dialect) => {
  let ho: TestHeadOffice;
  let one: Till;
  let two: Till;
  let elsewhere: Till;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'S');
    await createStore(ho.admin, 'T');
    await putProducts(ho.admin, [
      { sku: 'MUG', priceMinor: 250, category: 'Kitchen' },
      { sku: 'CUP', priceMinor: 100, category: 'Kitchen' },
      { sku: 'PEN', priceMinor: 50, category: 'Office' },
      { sku: 'APPLES', priceMinor: 279, category: 'Produce', unit: 'kg' },
    ]);
    const till = async (storeId: string): Promise<Till> => {
      const { token, registerId } = await enrollRegister(ho.admin, storeId);
      return { socket: await connectRegister(ho.url, token), who: { storeId, registerId }, seq: 0 };
    };
    one = await till('S');
    two = await till('S');
    elsewhere = await till('T');
  });
  afterAll(async () => {
    for (const till of [one, two, elsewhere]) till?.socket.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function push<T extends DocumentType>(till: Till, type: T, payload: unknown): Promise<void> {
    till.seq += 1;
    const reply: PushReply = await till.socket.emitWithAck('push', {
      events: [outboxEvent(till.seq, payload, type as typeof countSubmitted.type)],
    });
    expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: till.seq });
  }
  /** The counts a register holds after pulling the whole 'counts' stream: each key's last state. */
  async function countsAt(till: Till): Promise<Map<string, StoreCount>> {
    const reply: PullReply = await till.socket.emitWithAck('pull', {
      stream: 'counts',
      cursor: 0,
      limit: 1000,
    });
    if (reply.status !== 'ok') throw new Error(`pull: ${reply.status}`);
    return new Map(reply.changes.map((change) => [change.key, change.data as StoreCount]));
  }
  const review = (till: Till, countId: string): Promise<CountReviewReply> =>
    till.socket.emitWithAck('countReview', { countId });
  const onHand = async (sku: string): Promise<number> =>
    (await ho.admin<Page<StockView>>('GET', `/api/stores/S/stock?sku=${sku}`)).body.items[0]!.onHand;

  it('sends a count head office opens to the registers of its store, and to no other', async () => {
    const opened = await ho.admin<CountView>('POST', '/api/counts', {
      storeId: 'S',
      scope: { kind: 'categories', categories: ['Kitchen'] },
      blind: true,
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ storeId: 'S', status: 'open', blind: true, openedAtRegister: null });
    const key = `S:${opened.body.countId}`;
    expect((await countsAt(one)).get(key)).toMatchObject({
      countId: opened.body.countId,
      scope: { kind: 'categories', categories: ['Kitchen'] },
      blind: true,
      status: 'open',
      openedAtRegister: null,
    });
    expect((await countsAt(two)).has(key)).toBe(true);
    expect([...(await countsAt(elsewhere)).keys()]).toEqual([]);
    // The snapshot holds it too, for a register whose cursor is too old.
    const snapshot = await one.socket.emitWithAck('snapshot', {
      stream: 'counts',
      afterKey: null,
      limit: 10,
    });
    expect(snapshot).toMatchObject({ status: 'ok', items: [expect.objectContaining({ key })] });
  });

  it('refuses to open a count for a store that does not exist, saying where to look', async () => {
    const refused = await ho.admin<{ error: { message: string } }>('POST', '/api/counts', {
      storeId: 'NOPE',
      scope: { kind: 'store' },
      blind: false,
    });
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toContain('GET /api/stores');
  });

  it('merges the lines of a count opened at one register and joined at another; the approval there applies them', async () => {
    await ho.admin('POST', '/api/stores/S/stock-movements', {
      sku: 'MUG',
      kind: 'receive',
      quantity: 20,
      occurredAt: at(0),
    });
    await ho.admin('POST', '/api/stores/S/stock-movements', {
      sku: 'CUP',
      kind: 'receive',
      quantity: 8,
      occurredAt: at(0),
    });
    await push(one, countOpened.type, countOpening(one.who, 'joint', { kind: 'store' }, at(1)));
    const announced = (await countsAt(two)).get('S:joint');
    expect(announced).toMatchObject({
      status: 'open',
      openedAtRegister: { id: one.who.registerId, name: expect.any(String) },
    });

    // One counts 6 mugs at 9:10; two (joined) 5 more mugs and 8 cups at 9:12; a mug sold at 9:11 in between.
    await push(
      one,
      countSubmitted.type,
      countSubmission(one.who, 'joint', [{ sku: 'MUG', quantity: 6, countedAt: at(10) }]),
    );
    await push(
      two,
      countSubmitted.type,
      countSubmission(two.who, 'joint', [
        { sku: 'MUG', quantity: 5, countedAt: at(12) },
        { sku: 'CUP', quantity: 8, countedAt: at(12) },
      ]),
    );
    await push(
      one,
      'sale.completed',
      completedSale(one.seq + 1, one.who, [{ sku: 'MUG', quantity: 1 }], { completedAt: at(11) }),
    );

    const reply = await review(two, 'joint');
    expect(reply.status).toBe('found');
    const merged = (reply as { count: CountDetail }).count;
    expect(merged.registers).toEqual([one.who.registerId, two.who.registerId].sort());
    expect(merged.items.find((item) => item.sku === 'MUG')).toMatchObject({
      counted: 11,
      expected: 19,
      variance: -8,
      varianceValueMinor: -2000,
    });
    // Another store's register does not see it.
    expect(await review(elsewhere, 'joint')).toEqual({ status: 'not_found' });

    await push(two, countApproved.type, countApproval(two.who, 'joint', 'leave'));
    expect(await onHand('MUG')).toBe(11);
    expect(await onHand('CUP')).toBe(8);
    expect((await countsAt(one)).get('S:joint')).toMatchObject({
      status: 'approved',
      approvedBy: expect.stringMatching(/^Morgan at register /),
    });
    const detail = (await ho.admin<CountDetail>('GET', '/api/counts/joint')).body;
    expect(detail).toMatchObject({ status: 'approved', uncounted: 'leave', varianceUnits: -8 });
  });

  it('applies a second approval of a count once: the other is a duplicate and changes nothing', async () => {
    const before = (
      await ho.admin<Page<ExceptionView>>('GET', '/api/exceptions?storeId=S&kind=duplicate_document')
    ).body.items.length;
    await push(one, countApproved.type, countApproval(one.who, 'joint', 'zero'));
    expect(await onHand('MUG')).toBe(11);
    const duplicates = (
      await ho.admin<Page<ExceptionView>>('GET', '/api/exceptions?storeId=S&kind=duplicate_document')
    ).body.items;
    expect(duplicates.length).toBe(before + 1);
    expect((await ho.admin<CountDetail>('GET', '/api/counts/joint')).body.uncounted).toBe('leave');
  });

  it('tells the review that the figures of goods sold by weight are grams, before and after approval', async () => {
    const scope = { kind: 'skus' as const, skus: ['APPLES'] };
    await push(elsewhere, countOpened.type, countOpening(elsewhere.who, 'produce', scope, at(30)));
    await push(
      elsewhere,
      countSubmitted.type,
      countSubmission(elsewhere.who, 'produce', [{ sku: 'APPLES', quantity: 1250, countedAt: at(31) }]),
    );
    // The register shows 1.250 kg, not 1250.
    const reply = (await review(elsewhere, 'produce')) as { count: CountDetail };
    expect(reply.count.items).toEqual([
      // 1.25 kg at €2.79/kg.
      expect.objectContaining({
        sku: 'APPLES',
        unit: 'kg',
        counted: 1250,
        expected: 0,
        varianceValueMinor: 349,
      }),
    ]);
    await push(elsewhere, countApproved.type, countApproval(elsewhere.who, 'produce', 'leave'));
    const approved = (await ho.admin<CountDetail>('GET', '/api/counts/produce')).body;
    expect(approved.items).toEqual([expect.objectContaining({ sku: 'APPLES', unit: 'kg', counted: 1250 })]);
  });
});
