/**
 * The Receipts panel's list of this register's latest sales ('sale.recent'), on a real SQLite ledger: newest
 * first, with who sold each one and whether it was voided or returned since.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { codes, freshApp, managerApproval, pins, sell } from './returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

describe('the latest sales', () => {
  it('lists them newest first with receipt, time, total and cashier, and says which were voided or returned', async () => {
    app = freshApp();
    const first = sell(app, [codes.milk], [['cash', 'due']]);
    const second = sell(app, [codes.milk, codes.cola], [['card', 'due']]);
    app.services.people.login({ pin: pins.manager }); // Morgan sells the third
    const third = sell(app, [codes.cola], [['cash', 'due']]);
    await app.services.returns.complete({
      from: {
        kind: 'receipt',
        saleId: second.saleId,
        receiptNumber: second.receiptNumber,
        lines: [{ lineId: second.lines[0]!.lineId, quantity: 1, disposition: 'sellable' }],
      },
      exchange: false,
      refundTo: 'original',
      payments: [],
    });
    app.services.returns.postVoid({
      saleId: first.saleId,
      reason: 'rang up twice',
      approval: managerApproval,
    });

    const recent = await app.dispatch('sale.recent', undefined);
    expect(recent).toEqual({
      ok: true,
      value: [
        {
          saleId: third.saleId,
          receiptNumber: third.receiptNumber,
          completedAt: third.completedAt,
          totalMinor: third.totals.totalMinor,
          cashier: 'Morgan',
          voided: false,
          returned: false,
        },
        expect.objectContaining({ receiptNumber: second.receiptNumber, cashier: 'Alex', returned: true }),
        expect.objectContaining({ receiptNumber: first.receiptNumber, voided: true, returned: false }),
      ],
    });
  });

  it('gives at most `limit` of them', async () => {
    app = freshApp();
    const sold = [1, 2, 3].map(() => sell(app, [codes.milk], [['cash', 'due']]));
    expect(app.services.sales.recent({ limit: 2 }).map((sale) => sale.receiptNumber)).toEqual(
      sold
        .reverse()
        .slice(0, 2)
        .map((sale) => sale.receiptNumber),
    );
    expect((await app.dispatch('sale.recent', { limit: 0 })).ok).toBe(false);
  });
});
