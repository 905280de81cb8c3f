/**
 * Line voids, cancelled sales and post-voids on a real SQLite ledger: who may, who approved, what the audit log
 * keeps, and a post-void as compensating records (never a delete) with its stock, refunds and outbox event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { voidPayloadSchema } from '../../../src/shared/documents/void.ts';
import { signIn, startRegister, tempDir, testCatalogCsv } from '../ledger/ledger-fixture.ts';
import {
  codes,
  count,
  errorOf,
  freshApp,
  ledgerSnapshot,
  managerApproval,
  onHand,
  outboxEvents,
  sell,
  supervisorApproval,
} from './returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

describe('voiding lines and cancelling the open sale', () => {
  it('needs line.void to remove a scanned line or lower its quantity, and logs who approved', () => {
    app = freshApp();
    app.services.sales.scan({ code: codes.milk });
    const { lines } = app.services.sales.setQuantity({
      lineId: app.services.sales.scan({ code: codes.cola }).lines[1]!.lineId,
      quantity: 3,
    });
    const cart = app.services.sales.current();

    expect(errorOf(() => app.services.sales.removeLine({ lineId: lines[0]!.lineId })).details).toEqual([
      'line.void',
    ]);
    expect(
      errorOf(() => app.services.sales.setQuantity({ lineId: lines[1]!.lineId, quantity: 2 })).details,
    ).toEqual(['line.void']);
    expect(app.services.sales.current()).toEqual(cart);
    expect(count(app, 'audit_log')).toBe(0);

    app.services.sales.removeLine({ lineId: lines[0]!.lineId, approval: supervisorApproval });
    const sale = app.services.sales.setQuantity({
      lineId: lines[1]!.lineId,
      quantity: 2,
      approval: supervisorApproval,
    });
    expect(sale.lines.map((line) => [line.sku, line.quantity])).toEqual([['T-COLA', 2]]);
    const entries = app.services.audit
      .list({ limit: 10, approval: managerApproval })
      .filter((entry) => entry.action === 'line.void');
    expect(entries.map((entry) => [entry.user.name, entry.approver?.name, entry.details])).toEqual([
      ['Alex', 'Sam', expect.objectContaining({ sku: 'T-COLA', quantityBefore: 3, quantityAfter: 2 })],
      ['Alex', 'Sam', expect.objectContaining({ sku: 'T-MILK', quantityBefore: 1, quantityAfter: 0 })],
    ]);
  });

  it('needs sale.cancel to cancel a sale with items, and logs it; an empty sale just starts over', () => {
    app = freshApp();
    expect(app.services.sales.cancel().lines).toEqual([]);
    const open = app.services.sales.scan({ code: codes.cake });
    expect(errorOf(() => app.services.sales.cancel()).details).toEqual(['sale.cancel']);
    expect(app.services.sales.current()).toEqual(open);

    const next = app.services.sales.cancel({ approval: supervisorApproval });
    expect(next.saleId).not.toBe(open.saleId);
    expect(count(app, 'open_sales')).toBe(0);
    expect(count(app, 'sales')).toBe(0);
    expect(app.services.audit.list({ limit: 1, approval: managerApproval }).at(-1)).toMatchObject({
      action: 'sale.cancel',
      approver: { name: 'Sam' },
      details: { saleId: open.saleId, lines: 1, totalMinor: 499 },
    });
  });
});

describe('post-void of a completed sale', () => {
  it('refuses to give back cash the drawer no longer holds, and says what to do', () => {
    app = freshApp();
    const sale = sell(app, [codes.cake], [['cash', 'due']]);
    app.services.shifts.cashMovement({
      kind: 'out',
      amountMinor: 400,
      reason: 'Safe',
      approval: managerApproval,
    });
    const before = ledgerSnapshot(app);

    const refused = errorOf(() =>
      app.services.returns.postVoid({ saleId: sale.saleId, reason: 'wrong', approval: managerApproval }),
    );
    expect(refused.message).toBe(
      'That is more than the drawer should hold, so the €4.99 paid in cash cannot be given back: bring cash back into the drawer first (cash in), then void the sale.',
    );
    expect(ledgerSnapshot(app)).toEqual(before);
  });

  it('cancels today’s sale with compensating records: stock back, payments refunded, an outbox event', () => {
    app = freshApp();
    const sale = sell(
      app,
      [codes.cake, codes.milk, codes.milk],
      [
        ['card', 300],
        ['cash', 1000],
      ],
    ); // €7.57: €3.00 card, €4.57 cash (€5.43 change)
    expect(onHand(app, 'T-MILK')).toBe(8);

    expect(
      errorOf(() => app.services.returns.postVoid({ saleId: sale.saleId, reason: 'wrong customer' })).details,
    ).toEqual(['sale.postVoid']);
    // A supervisor may not approve a post-void: only a manager.
    expect(
      errorOf(() =>
        app.services.returns.postVoid({ saleId: sale.saleId, reason: 'x', approval: supervisorApproval }),
      ).code,
    ).toBe('FORBIDDEN');

    const voided = app.services.returns.postVoid({
      saleId: sale.saleId,
      reason: 'wrong customer',
      approval: managerApproval,
    });
    expect(voided).toMatchObject({
      saleId: sale.saleId,
      saleReceiptNumber: 'R1-000001',
      receiptNumber: 'R1-000002', // the same series as sales
      totalMinor: 757,
      refunds: [
        { kind: 'card', amountMinor: 300 },
        { kind: 'cash', amountMinor: 457 },
      ],
      approverId: expect.any(String),
    });
    expect(onHand(app, 'T-MILK')).toBe(10);
    expect(onHand(app, 'T-CAKE')).toBe(2);
    expect(app.db.prepare("SELECT sum(delta) FROM stock_movements WHERE reason = 'VOID'").pluck().get()).toBe(
      3,
    );
    expect(count(app, 'sales')).toBe(1); // never deleted
    const [event] = outboxEvents(app, 'sale.voided');
    expect(event!.seq).toBe(voided.outboxSeq);
    expect(voidPayloadSchema.parse(event!.payload)).toMatchObject({
      saleId: sale.saleId,
      reason: 'wrong customer',
    });
    expect(
      app.services.audit
        .list({ limit: 5, approval: managerApproval })
        .find((e) => e.action === 'sale.postVoid'),
    ).toMatchObject({
      approver: { name: 'Morgan' },
      details: { saleReceiptNumber: 'R1-000001', reason: 'wrong customer' },
    });

    const before = ledgerSnapshot(app);
    expect(
      errorOf(() =>
        app.services.returns.postVoid({ saleId: sale.saleId, reason: 'again', approval: managerApproval }),
      ).message,
    ).toBe('Sale R1-000001 was voided already (void R1-000002).');
    expect(ledgerSnapshot(app)).toEqual(before);
  });

  it('refuses a sale from an earlier day, and one partly returned, changing nothing', async () => {
    let clock = new Date('2026-03-14T10:00:00');
    app = signIn(startRegister(tempDir(), () => clock));
    app.services.catalog.importCsv(testCatalogCsv);
    const yesterday = sell(app, [codes.cake], [['cash', 'due']]);
    clock = new Date('2026-03-15T09:00:00');
    const today = sell(app, [codes.cola, codes.cola], [['card', 'due']]);
    await app.services.returns.complete({
      from: {
        kind: 'receipt',
        saleId: today.saleId,
        receiptNumber: today.receiptNumber,
        lines: [{ lineId: today.lines[0]!.lineId, quantity: 1, disposition: 'sellable' }],
      },
      exchange: false,
      refundTo: 'original',
      payments: [],
    });
    const before = ledgerSnapshot(app);

    expect(
      errorOf(() =>
        app.services.returns.postVoid({ saleId: yesterday.saleId, reason: 'x', approval: managerApproval }),
      ).message,
    ).toBe("Sale R1-000001 is not from today: only today's sales can be voided. Take a return instead.");
    expect(
      errorOf(() =>
        app.services.returns.postVoid({ saleId: today.saleId, reason: 'x', approval: managerApproval }),
      ).message,
    ).toBe('Part of sale R1-000002 was returned already: take a return for the rest instead of voiding it.');
    expect(ledgerSnapshot(app)).toEqual(before);
  });
});
