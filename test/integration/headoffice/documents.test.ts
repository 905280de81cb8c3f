/**
 * Returns, voids, audit records and shift reports as head office receives them, and the receipt lookup a
 * register uses to take back goods sold on another register, on SQLite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletedSale, SaleVoid } from '../../../src/shared/domain.ts';
import type { ExceptionView, Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import type { LookupReceiptReply, PushReply, UpstreamEvent } from '../../../src/shared/sync/protocol.ts';
import {
  completedReturn,
  completedSale,
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  putProducts,
  startTestHeadOffice,
  type RegisterSocket,
  type TestHeadOffice,
} from './helpers.ts';

type Who = { storeId: string; registerId: string };

function saleVoid(seq: number, who: Who, sale: CompletedSale): SaleVoid {
  return {
    voidId: randomUUID(),
    receiptNumber: `VOID-${seq}`,
    saleId: sale.saleId,
    saleReceiptNumber: sale.receiptNumber,
    voidedAt: new Date().toISOString(),
    storeId: who.storeId,
    registerId: who.registerId,
    reason: 'Customer changed their mind',
    userId: 'user-1',
    approverId: 'manager-1',
    shiftId: 'shift-1',
    totalMinor: sale.totals.totalMinor,
    lines: sale.lines.map((line) => ({ productId: line.productId, sku: line.sku, quantity: line.quantity })),
    refunds: [{ kind: 'cash', amountMinor: sale.totals.totalMinor }],
    outboxSeq: seq,
  };
}

describe.each(dialects)('head office documents on %s', (dialect) => {
  let ho: TestHeadOffice;
  const tills: { socket: RegisterSocket; who: Who; seq: number }[] = [];

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'B');
    await putProducts(ho.admin, [{ sku: 'MUG', priceMinor: 250 }]);
    for (const storeId of ['A', 'A', 'B']) {
      const { token, registerId } = await enrollRegister(ho.admin, storeId, `Till ${tills.length + 1}`);
      tills.push({ socket: await connectRegister(ho.url, token), who: { storeId, registerId }, seq: 0 });
    }
  });
  afterAll(async () => {
    for (const till of tills) till.socket.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  /** Sends the next event of till `i` and expects it applied. */
  async function send(i: number, type: string, payload: (seq: number) => unknown): Promise<void> {
    const till = tills[i]!;
    till.seq += 1;
    const event: UpstreamEvent = outboxEvent(till.seq, payload(till.seq), type);
    const reply: PushReply = await till.socket.emitWithAck('push', { events: [event] });
    expect(reply).toMatchObject({ status: 'ok', outcomes: [{ outcome: 'applied' }] });
  }
  const onHand = async (storeId: string, sku: string) =>
    (await ho.admin<{ items: StockView[] }>('GET', `/api/stores/${storeId}/stock?sku=${sku}`)).body.items[0]
      ?.onHand;
  const exceptionsOf = async (registerId: string) =>
    (await ho.admin<Page<ExceptionView>>('GET', '/api/exceptions?limit=1000')).body.items.filter(
      (e) => e.registerId === registerId,
    );
  const lookup = (i: number, receiptNumber: string): Promise<LookupReceiptReply> =>
    tills[i]!.socket.emitWithAck('lookupReceipt', { receiptNumber });

  it('puts sellable returned goods back on hand, not damaged ones, and a void puts the whole sale back', async () => {
    await ho.admin('POST', '/api/stores/A/stock-movements', { sku: 'MUG', kind: 'receive', quantity: 10 });
    const sale = completedSale(1, tills[0]!.who, [{ sku: 'MUG', quantity: 4 }]);
    await send(0, 'sale.completed', () => sale);
    expect(await onHand('A', 'MUG')).toBe(6);

    await send(0, 'return.completed', (seq) =>
      completedReturn(seq, tills[0]!.who, null, [
        { sku: 'MUG', quantity: 1 },
        { sku: 'MUG', quantity: 1, damaged: true },
      ]),
    );
    expect(await onHand('A', 'MUG')).toBe(7);

    const second = completedSale(3, tills[0]!.who, [{ sku: 'MUG', quantity: 2 }]);
    await send(0, 'sale.completed', () => second);
    await send(0, 'sale.voided', (seq) => saleVoid(seq, tills[0]!.who, second));
    expect(await onHand('A', 'MUG')).toBe(7);
    expect(await exceptionsOf(tills[0]!.who.registerId)).toEqual([]);
  });

  it('keeps audit records and shift reports without raising exceptions', async () => {
    const who = tills[1]!.who;
    await send(1, 'audit.recorded', () => ({
      occurredAt: new Date().toISOString(),
      ...who,
      action: 'drawer.open',
      user: { userId: 'user-2', name: 'Ann' },
      approver: null,
      details: { reason: 'change for the float' },
    }));
    const sums = { count: 0, grossMinor: 0, taxMinor: 0 };
    await send(1, 'shift.closed', () => ({
      shiftId: 'shift-2',
      zNumber: 1,
      ...who,
      openedAt: new Date().toISOString(),
      closedAt: new Date().toISOString(),
      openedBy: { userId: 'user-2', name: 'Ann' },
      closedBy: { userId: 'user-2', name: 'Ann' },
      approvedBy: null,
      totals: {
        currency: 'EUR',
        sales: sums,
        returns: sums,
        voids: sums,
        discounts: { count: 0, amountMinor: 0 },
        roundingMinor: 0,
        netMinor: 0,
        taxes: [],
        tenders: [],
        cash: {
          floatMinor: 10_000,
          takenMinor: 0,
          refundedMinor: 0,
          inMinor: 0,
          outMinor: 0,
          expectedMinor: 10_000,
        },
      },
      countedMinor: 10_000,
      overShortMinor: 0,
    }));
    expect(await exceptionsOf(who.registerId)).toEqual([]);
  });

  it('finds a sale of another register for a return, with what others returned and whether it was voided', async () => {
    const seller = tills[0]!;
    const sale = completedSale(seller.seq + 1, seller.who, [{ sku: 'MUG', quantity: 3 }], {
      receiptNumber: 'A1-000777',
    });
    await send(0, 'sale.completed', () => sale);
    await send(0, 'return.completed', (seq) =>
      completedReturn(seq, seller.who, sale, [{ sku: 'MUG', quantity: 1 }]),
    );

    // Asked from the other register of store A: the seller's own return counts as "by others".
    const found = await lookup(1, 'A1-000777');
    expect(found).toMatchObject({
      status: 'found',
      sale: {
        saleId: sale.saleId,
        receiptNumber: 'A1-000777',
        lines: [{ lineId: sale.lines[0]!.lineId, quantity: 3 }],
      },
      returnedByOthers: [{ lineId: sale.lines[0]!.lineId, quantity: 1 }],
      refundedByOthers: [{ kind: 'cash', amountMinor: 250 }],
      creditedByOthersMinor: 0,
      voided: false,
    });
    // Asked from the seller itself: it knows its own returns.
    expect(await lookup(0, 'A1-000777')).toMatchObject({
      status: 'found',
      returnedByOthers: [],
      refundedByOthers: [],
    });

    expect(await lookup(1, 'NO-SUCH-RECEIPT')).toEqual({ status: 'not_found' });
    expect(await tills[1]!.socket.emitWithAck('lookupReceipt', { receiptNumber: '' } as never)).toMatchObject(
      { status: 'invalid' },
    );
  });

  it('prefers the asking store, and says when a number cannot be told apart', async () => {
    const [a1, a2, b1] = tills as [(typeof tills)[0], (typeof tills)[0], (typeof tills)[0]];
    await send(0, 'sale.completed', (seq) =>
      completedSale(seq, a1.who, [{ sku: 'MUG' }], { receiptNumber: 'SAME-1' }),
    );
    await send(2, 'sale.completed', (seq) =>
      completedSale(seq, b1.who, [{ sku: 'MUG' }], { receiptNumber: 'SAME-1' }),
    );
    expect(await lookup(2, 'SAME-1')).toMatchObject({ status: 'found', sale: { storeId: 'B' } });
    expect(await lookup(1, 'SAME-1')).toMatchObject({ status: 'found', sale: { storeId: 'A' } });

    await send(1, 'sale.completed', (seq) =>
      completedSale(seq, a2.who, [{ sku: 'MUG' }], { receiptNumber: 'SAME-1' }),
    );
    // Store B has one SAME-1; store A now has two.
    expect(await lookup(2, 'SAME-1')).toMatchObject({ status: 'found', sale: { storeId: 'B' } });
    expect(await lookup(0, 'SAME-1')).toMatchObject({
      status: 'ambiguous',
      reason: expect.stringMatching(/without receipt/),
    });

    const voided = completedSale(a1.seq + 1, a1.who, [{ sku: 'MUG' }], { receiptNumber: 'A1-000900' });
    await send(0, 'sale.completed', () => voided);
    await send(0, 'sale.voided', (seq) => saleVoid(seq, a1.who, voided));
    expect(await lookup(1, 'A1-000900')).toMatchObject({ status: 'found', voided: true });
  });
});
