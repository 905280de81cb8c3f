/**
 * Returns and exchanges on a real SQLite ledger: finding the sale by its receipt, what is still returnable,
 * refunds to the original tenders, damaged goods, returns without receipt, exchanges, one transaction per
 * return, and refunds that never exceed what was paid over any sequence of partial returns.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import type { CompletedSale, ReturnDisposition } from '../../../src/shared/domain.ts';
import type { ReturnRequest } from '../../../src/shared/returns.ts';
import { buildReceipt, receiptText } from '../../../src/shared/receipt.ts';
import { returnPayloadSchema } from '../../../src/shared/documents/return.ts';
import {
  codes,
  count,
  damaged,
  freshApp,
  ledgerSnapshot,
  managerApproval,
  onHand,
  outboxEvents,
  pins,
  rejectionOf,
  cashIn,
  sell,
} from './returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

type Pick = [lineIndex: number, quantity: number, disposition?: ReturnDisposition];

/** A return of some of a sale's lines. */
function fromReceipt(sale: CompletedSale, picks: Pick[], extra: Partial<ReturnRequest> = {}): ReturnRequest {
  return {
    from: {
      kind: 'receipt',
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      lines: picks.map(([index, quantity, disposition]) => ({
        lineId: sale.lines[index]!.lineId,
        quantity,
        disposition: disposition ?? 'sellable',
      })),
    },
    exchange: false,
    refundTo: 'original',
    payments: [],
    ...extra,
  };
}

describe('finding a sale by its receipt', () => {
  it('shows per line what is still returnable, across earlier returns', async () => {
    app = freshApp();
    const sale = sell(app, [codes.cola, codes.cola, codes.cola, codes.milk], [['cash', 'due']]);
    await app.services.returns.complete(fromReceipt(sale, [[0, 2]]));

    const found = await app.services.returns.lookup({ code: `]Q1${sale.receiptNumber}` }); // scanned from the QR code
    expect(found.source).toBe('local');
    expect(
      found.lines.map((l) => [l.line.sku, l.line.quantity, l.returnedQuantity, l.returnableQuantity]),
    ).toEqual([
      ['T-COLA', 3, 2, 1],
      ['T-MILK', 1, 0, 1],
    ]);
    expect(found.tenders).toEqual([
      { kind: 'cash', paidMinor: 426, refundedMinor: 198, refundableMinor: 228 },
    ]);
  });

  it('tells a return receipt from a sale receipt, and says when a receipt cannot be verified', async () => {
    app = freshApp();
    const sale = sell(app, [codes.cola], [['cash', 'due']]);
    const { return: done } = await app.services.returns.complete(fromReceipt(sale, [[0, 1]]));
    expect((await rejectionOf(() => app.services.returns.lookup({ code: done.receiptNumber }))).message).toBe(
      'R1-000002 is the receipt of a return or a void, not of a sale: scan the receipt of the original sale.',
    );
    const unknown = await rejectionOf(() => app.services.returns.lookup({ code: 'R7-000123' }));
    expect(unknown.code).toBe('HEAD_OFFICE_UNREACHABLE');
    expect(unknown.message).toBe(
      'Cannot verify receipt R7-000123: it is not from this register and head office cannot be reached now. Take the return without receipt instead (a manager approves it).',
    );
  });

  it('says a number typed without its register prefix is no receipt number, and what one looks like', async () => {
    app = freshApp();
    const sale = sell(app, [codes.cola], [['cash', 'due']]);
    const digits = sale.receiptNumber.slice('R1-'.length);
    for (const typed of [digits, '123']) {
      const missed = await rejectionOf(() => app!.services.returns.lookup({ code: typed }));
      expect(missed.code).toBe('NOT_FOUND');
      expect(missed.message).toBe(
        `No sale has receipt number ${typed}. Receipt numbers look like R1-000123: the register's prefix (R1- on this register) and six digits. Check the number on the receipt, or take the return without receipt (a manager approves it).`,
      );
    }
  });
});

describe('return receipts', () => {
  it('are listed newest first and found again by their number, exactly as recorded', async () => {
    app = freshApp();
    const sale = sell(app, [codes.cola, codes.milk], [['cash', 'due']]);
    const { return: first } = await app.services.returns.complete(fromReceipt(sale, [[0, 1]]));
    const { return: second } = await app.services.returns.complete(fromReceipt(sale, [[1, 1]]));

    expect(app.services.returns.recent({ limit: 10 })).toEqual(
      [second, first].map((done) => ({
        returnId: done.returnId,
        receiptNumber: done.receiptNumber,
        completedAt: done.completedAt,
        totalMinor: done.totals.totalMinor,
        cashier: 'Alex',
        originalReceiptNumber: sale.receiptNumber,
      })),
    );
    expect(app.services.returns.receipt({ code: ` ${first.receiptNumber} ` })).toEqual({
      return: first,
      settings: app.services.settings.store(),
      cashier: 'Alex',
    });
    expect(app.services.returns.receipt({ code: sale.receiptNumber })).toBeNull();
  });
});

describe('returns with receipt', () => {
  it('refunds card first, then cash, puts stock back at once and queues the return for head office', async () => {
    app = freshApp();
    // €7.57: €3.00 on the card, €4.57 in cash.
    const sale = sell(
      app,
      [codes.cake, codes.milk, codes.milk],
      [
        ['card', 300],
        ['cash', 'due'],
      ],
    );
    expect(onHand(app, 'T-CAKE')).toBe(1);

    const quote = await app.services.returns.quote(fromReceipt(sale, [[0, 1]]));
    expect(quote).toMatchObject({
      refundMinor: 499,
      refunds: [
        { kind: 'card', amountMinor: 300 },
        { kind: 'cash', amountMinor: 199 },
      ],
      approvalsNeeded: [],
    });
    expect(count(app, 'returns')).toBe(0); // a quote writes nothing

    const { return: done } = await app.services.returns.complete(fromReceipt(sale, [[0, 1]]));
    expect(done).toMatchObject({
      receiptNumber: 'R1-000002',
      original: { saleId: sale.saleId, receiptNumber: 'R1-000001' },
      refunds: quote.refunds,
      totals: { totalMinor: 499, taxMinor: 59 },
      lines: [{ sku: 'T-CAKE', quantity: 1, totalMinor: 499, disposition: 'sellable' }],
    });
    expect(onHand(app, 'T-CAKE')).toBe(2);
    const [event] = outboxEvents(app, 'return.completed');
    expect(event!.seq).toBe(done.outboxSeq);
    expect(returnPayloadSchema.parse(event!.payload)).toMatchObject({ returnId: done.returnId });

    // The milk next: the card is used up, so it is cash.
    const second = await app.services.returns.complete(fromReceipt(sale, [[1, 2]]));
    expect(second.return.refunds).toEqual([{ kind: 'cash', amountMinor: 258 }]);
    expect(
      app.db
        .prepare('SELECT kind, sum(amount_minor) AS total FROM refunds GROUP BY kind ORDER BY kind')
        .all(),
    ).toEqual([
      { kind: 'card', total: 300 },
      { kind: 'cash', total: 457 },
    ]);
  });

  it('never takes back more than was sold, in one return or over several, and changes nothing when refused', async () => {
    app = freshApp();
    const sale = sell(app, [codes.cola, codes.cola, codes.cola], [['card', 'due']]);
    await app.services.returns.complete(fromReceipt(sale, [[0, 2]]));
    const before = ledgerSnapshot(app);

    const tooMany = await rejectionOf(() => app.services.returns.complete(fromReceipt(sale, [[0, 2]])));
    expect(tooMany.code).toBe('INVALID_INPUT');
    expect(tooMany.message).toBe(
      'Only 1 of Test Cola 330ml can still be returned (3 sold, 2 returned before): lower the quantity.',
    );
    // The same line twice in one return (one sellable, one damaged) counts together.
    const split = await rejectionOf(() =>
      app.services.returns.complete(
        fromReceipt(sale, [
          [0, 1],
          [0, 1, 'damaged'],
        ]),
      ),
    );
    expect(split.code).toBe('INVALID_INPUT');
    expect(ledgerSnapshot(app)).toEqual(before);

    // The ledger refuses it on its own too.
    expect(() =>
      app.db
        .prepare(
          `INSERT INTO return_lines (return_id, line_no, original_sale_id, original_line_id, product_id, sku, name,
             unit, quantity, unit_price_minor, tax_code, tax_rate_bp, amount_minor, discount_minor, tax_minor,
             total_minor, disposition)
           SELECT return_id, 9, original_sale_id, original_line_id, product_id, sku, name, unit, 2,
             unit_price_minor, tax_code, tax_rate_bp, 0, 0, 0, 0, 'sellable' FROM return_lines`,
        )
        .run(),
    ).toThrow('more of a sale line returned than was sold');
  });

  it('refunds a discounted line at what it was sold for, and the last return evens out cash rounding', async () => {
    app = freshApp();
    app.services.settings.saveStore({ ...app.services.settings.store(), cashRoundingMinor: 5 });
    const { lines } = app.services.sales.scan({ code: codes.cola });
    app.services.sales.setQuantity({ lineId: lines[0]!.lineId, quantity: 3 });
    app.services.sales.discountCart({ discount: { kind: 'amount', amountMinor: 10 }, reason: 'regular' }); // 297 − 10 = 287
    app.services.sales.addTender({ kind: 'cash', amountMinor: 500 });
    const sale = app.services.sales.complete().receipt.sale; // paid 285 in cash (rounded down), 215 change
    expect(sale.roundingMinor).toBe(-2);

    const first = await app.services.returns.complete(fromReceipt(sale, [[0, 1]]));
    expect(first.return.totals.totalMinor).toBe(96); // a third of 287, rounded
    expect(first.return.refunds).toEqual([{ kind: 'cash', amountMinor: 95 }]);
    const rest = await app.services.returns.complete(fromReceipt(sale, [[0, 2]]));
    expect(rest.return.totals.totalMinor).toBe(191);
    expect(rest.return.refunds).toEqual([{ kind: 'cash', amountMinor: 190 }]); // 285 − 95: all that was paid
    expect(rest.return.roundingMinor).toBe(-1);
  });

  it('pays cash for a card sale only with return.cashOverPaid, and logs the approval', async () => {
    app = freshApp();
    const sale = sell(app, [codes.cake], [['card', 'due']]);
    const request = fromReceipt(sale, [[0, 1]], { refundTo: 'cash' });
    cashIn(app, 1000);
    expect((await app.services.returns.quote(request)).approvalsNeeded).toEqual(['return.cashOverPaid']);
    const refused = await rejectionOf(() => app.services.returns.complete(request));
    expect(refused.details).toEqual(['return.cashOverPaid']);

    const { return: done } = await app.services.returns.complete({ ...request, approval: managerApproval });
    expect(done.refunds).toEqual([{ kind: 'cash', amountMinor: 499 }]);
    expect(done.approverId).not.toBeNull();
    expect(
      app.services.audit
        .list({ limit: 5, approval: managerApproval })
        .find((e) => e.action === 'return.cashOverPaid'),
    ).toMatchObject({
      user: { name: 'Alex' },
      approver: { name: 'Morgan' },
      details: { receiptNumber: done.receiptNumber, originalReceiptNumber: sale.receiptNumber },
    });
  });

  it('refuses a cash refund the drawer does not hold, pointing to the card the sale was paid with', async () => {
    app = freshApp();
    const sale = sell(app, [codes.cake], [['card', 'due']]);
    cashIn(app, 300);
    const request = fromReceipt(sale, [[0, 1]], { refundTo: 'cash', approval: managerApproval });
    const before = ledgerSnapshot(app);

    const refused = await rejectionOf(() => app.services.returns.complete(request));
    expect(refused.message).toBe(
      'That is more than the drawer should hold, so a cash refund of €4.99 cannot be paid: refund it to the card the customer paid with.',
    );
    expect(ledgerSnapshot(app)).toEqual(before);
    const toCard = await app.services.returns.complete({ ...request, refundTo: 'original' });
    expect(toCard.return.refunds).toEqual([{ kind: 'card', amountMinor: 499 }]);
  });

  it('keeps damaged goods apart: not back on hand, counted as damaged', async () => {
    app = freshApp();
    const sale = sell(app, [codes.cola, codes.cola], [['cash', 'due']]);
    await app.services.returns.complete(
      fromReceipt(sale, [
        [0, 1, 'damaged'],
        [0, 1, 'sellable'],
      ]),
    );
    expect(onHand(app, 'T-COLA')).toBe(23);
    expect(damaged(app, 'T-COLA')).toBe(1);
    expect(app.services.stock.check().differences).toEqual([]);
  });
});

describe('returns without receipt', () => {
  const noReceipt = (productId: number, extra: Partial<ReturnRequest> = {}): ReturnRequest => ({
    from: { kind: 'no-receipt', items: [{ productId, quantity: 2, disposition: 'sellable' }] },
    reason: 'gift, no receipt',
    exchange: false,
    refundTo: 'original',
    payments: [],
    ...extra,
  });

  it('needs return.noReceipt and a reason, and refunds today’s catalog price in cash', async () => {
    app = freshApp();
    cashIn(app, 1000);
    const milk = app.services.catalog.lookupCode('T-MILK')!;
    const before = ledgerSnapshot(app);
    expect((await rejectionOf(() => app.services.returns.complete(noReceipt(milk.id)))).details).toEqual([
      'return.noReceipt',
    ]);
    const noReason = await rejectionOf(() =>
      app.services.returns.complete(noReceipt(milk.id, { reason: undefined, approval: managerApproval })),
    );
    expect(noReason.message).toBe('A return without receipt needs a reason: ask the customer why.');
    expect(ledgerSnapshot(app)).toEqual(before);

    const { return: done } = await app.services.returns.complete(
      noReceipt(milk.id, { approval: managerApproval }),
    );
    expect(done).toMatchObject({
      original: null,
      reason: 'gift, no receipt',
      refunds: [{ kind: 'cash', amountMinor: 258 }],
      lines: [{ originalLineId: null, sku: 'T-MILK', unitPriceMinor: 129, quantity: 2 }],
    });
    expect(onHand(app, 'T-MILK')).toBe(12);
    expect(app.services.audit.list({ limit: 5, approval: managerApproval })[0]).toMatchObject({
      action: 'return.noReceipt',
    });
  });

  it('refuses to refund more cash than the drawer should hold, saying how much is there', async () => {
    app = freshApp();
    cashIn(app, 200);
    app.services.people.login({ pin: pins.supervisor });
    const milk = app.services.catalog.lookupCode('T-MILK')!;
    const before = ledgerSnapshot(app);

    const refused = await rejectionOf(() =>
      app.services.returns.quote(noReceipt(milk.id, { approval: managerApproval })),
    );
    expect(refused).toMatchObject({
      code: 'INVALID_INPUT',
      message:
        'Only €2.00 should be in the drawer, so a cash refund of €2.58 cannot be paid: return fewer items now, or exchange them for other goods.',
    });
    await expect(
      app.services.returns.complete(noReceipt(milk.id, { approval: managerApproval })),
    ).rejects.toThrow(refused.message);
    expect(ledgerSnapshot(app)).toEqual(before);
    expect(app.services.shifts.xReport().totals.cash!.expectedMinor).toBe(200);
  });
});

describe('exchanges', () => {
  it('takes returned goods against the open sale: the customer pays the balance, all in one transaction', async () => {
    app = freshApp();
    const old = sell(app, [codes.cola], [['card', 'due']]); // €0.99
    app.services.sales.scan({ code: codes.cake }); // the new item: €4.99
    const request = fromReceipt(old, [[0, 1]], {
      exchange: true,
      payments: [{ kind: 'cash', amountMinor: 500 }],
    });

    const quote = await app.services.returns.quote({ ...request, payments: [] });
    expect(quote).toMatchObject({
      exchange: { saleTotalMinor: 499, creditMinor: 99 },
      balanceDueMinor: 400,
      refundMinor: 0,
    });
    const { return: done, exchangeSale } = await app.services.returns.complete(request);
    expect(done.refunds).toEqual([]);
    expect(done.exchange).toEqual({
      saleId: exchangeSale!.saleId,
      receiptNumber: 'R1-000003',
      creditMinor: 99,
    });
    expect(exchangeSale).toMatchObject({
      receiptNumber: 'R1-000003',
      exchange: { returnId: done.returnId, receiptNumber: 'R1-000002', creditMinor: 99 },
      tenders: [{ kind: 'cash', amountMinor: 500 }],
      changeMinor: 100,
    });
    expect(app.services.sales.receipt({ saleId: exchangeSale!.saleId }).sale).toEqual(exchangeSale);
    expect(app.services.sales.current().lines).toEqual([]);
    expect(onHand(app, 'T-COLA')).toBe(24);
    expect(onHand(app, 'T-CAKE')).toBe(1);
    const text = receiptText(buildReceipt(exchangeSale!, app.services.settings.store()), 42).join('\n');
    expect(text).toMatch(/Returned goods R1-000002\s+€0\.99/);
  });

  it('refunds the difference when more comes back than goes out, and refuses an unpaid balance', async () => {
    app = freshApp();
    const old = sell(app, [codes.cake], [['card', 'due']]); // €4.99 by card
    app.services.sales.scan({ code: codes.milk }); // €1.29
    const { return: done, exchangeSale } = await app.services.returns.complete(
      fromReceipt(old, [[0, 1]], { exchange: true }),
    );
    expect(done.exchange?.creditMinor).toBe(129);
    expect(done.refunds).toEqual([{ kind: 'card', amountMinor: 370 }]);
    expect(exchangeSale?.tenders).toEqual([]);

    const another = sell(app, [codes.cola], [['cash', 'due']]);
    app.services.sales.scan({ code: codes.cake });
    const before = ledgerSnapshot(app);
    const unpaid = await rejectionOf(() =>
      app.services.returns.complete(fromReceipt(another, [[0, 1]], { exchange: true })),
    );
    expect(unpaid.code).toBe('UNDERPAID');
    expect(unpaid.message).toBe('€4.00 is still due: take another payment before completing the sale.');
    expect(ledgerSnapshot(app)).toEqual(before);
  });

  it('writes nothing at all when the transaction fails half-way, and keeps the open sale', async () => {
    app = freshApp();
    const old = sell(app, [codes.cola], [['cash', 'due']]);
    const open = app.services.sales.scan({ code: codes.milk }); // €1.29 for the €0.99 back: €0.30 to pay
    const request = fromReceipt(old, [[0, 1]], {
      exchange: true,
      payments: [{ kind: 'cash', amountMinor: 30 }],
    });
    const before = ledgerSnapshot(app);
    // Fails after the exchange sale was written, inside the same transaction.
    app.db.exec(
      `CREATE TEMP TRIGGER fail_return_lines BEFORE INSERT ON return_lines BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    await expect(app.services.returns.complete(request)).rejects.toThrow('injected failure');
    app.db.exec('DROP TRIGGER fail_return_lines');
    expect(ledgerSnapshot(app)).toEqual(before);
    expect(app.services.sales.current()).toEqual(open);

    // Once the fault is gone it goes through, numbered without a gap.
    const { return: done, exchangeSale } = await app.services.returns.complete(request);
    expect([done.receiptNumber, exchangeSale?.receiptNumber]).toEqual(['R1-000002', 'R1-000003']);
  });
});

describe('stock at the counter once head office sends figures', () => {
  it('adds this register’s later returns and voids to head office’s figure, as it subtracts later sales', async () => {
    app = freshApp();
    const lastSeq = (): number => app.db.prepare('SELECT max(seq) FROM outbox').pluck().get() as number;
    // Head office's figure for T-COLA, as of everything this register had sent so far.
    app.db.prepare(`UPDATE sync_state SET store_id = 'S1'`).run();
    app.db
      .prepare(
        `INSERT INTO head_office_stock (key, store_id, store_name, sku, on_hand, as_of, applied_seq)
         VALUES ('S1:T-COLA', 'S1', 'Here', 'T-COLA', 100, '2026-01-01T00:00:00Z', ?)`,
      )
      .run(lastSeq() ?? 0);
    const cola = app.services.catalog.lookupCode('T-COLA')!;
    const sale = sell(app, [codes.cola, codes.cola, codes.cola], [['cash', 'due']]);
    await app.services.returns.complete(fromReceipt(sale, [[0, 1, 'sellable']]));
    await app.services.returns.complete(fromReceipt(sale, [[0, 1, 'damaged']]));
    const other = sell(app, [codes.cola], [['cash', 'due']]);
    app.services.returns.postVoid({
      saleId: other.saleId,
      reason: 'rang up twice',
      approval: managerApproval,
    });
    expect(app.services.stock.availability(cola.id).onHandHere).toBe(100 - 3 + 1 - 1 + 1);
  });
});

describe('refunds never exceed what was paid (property, real ledger)', () => {
  it('per tender and in total, over random sequences of partial returns', async () => {
    app = freshApp();
    const items = [codes.cola, codes.milk, codes.cake];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 8 }),
        async (basket, cardPercent, picks) => {
          for (const index of basket) app.services.sales.scan({ code: items[index]! });
          const total = app.services.sales.current().totals.totalMinor;
          const card = Math.floor((total * cardPercent) / 100);
          if (card > 0) app.services.sales.addTender({ kind: 'card', amountMinor: card });
          if (card < total) app.services.sales.addTender({ kind: 'cash', amountMinor: total - card + 100 });
          const sale = app.services.sales.complete().receipt.sale;

          for (const [pick, size] of picks) {
            const found = await app.services.returns.lookup({ code: sale.receiptNumber });
            const open = found.lines
              .map((l, i) => [i, l.returnableQuantity] as const)
              .filter(([, n]) => n > 0);
            if (open.length === 0) break;
            const [index, left] = open[pick % open.length]!;
            await app.services.returns.complete(fromReceipt(sale, [[index, Math.min(size, left)]]));
          }
          const refunded = (kind: string): number =>
            app.db
              .prepare(
                'SELECT coalesce(sum(amount_minor), 0) FROM refunds WHERE original_sale_id = ? AND kind = ?',
              )
              .pluck()
              .get(sale.saleId, kind) as number;
          const cash = sale.tenders.filter((t) => t.kind === 'cash').reduce((s, t) => s + t.amountMinor, 0);
          expect(refunded('card')).toBeLessThanOrEqual(card);
          expect(refunded('cash')).toBeLessThanOrEqual(cash - sale.changeMinor);
          expect(refunded('card') + refunded('cash')).toBeLessThanOrEqual(sale.totals.totalMinor);
          const returnedAll = (await app.services.returns.lookup({ code: sale.receiptNumber })).lines.every(
            (l) => l.returnableQuantity === 0,
          );
          if (returnedAll) expect(refunded('card') + refunded('cash')).toBe(sale.totals.totalMinor);
        },
      ),
      { numRuns: 30 },
    );
  });
});
