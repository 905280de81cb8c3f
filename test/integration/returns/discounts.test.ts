/**
 * Discounts, price overrides and cash rounding on the open sale, on a real SQLite ledger: limits by role with
 * manager approval, tax after discounts, what the ledger, the outbox and the receipt keep, and bad input that
 * changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { buildReceipt, receiptText } from '../../../src/shared/receipt.ts';
import {
  codes,
  count,
  errorOf,
  freshApp,
  ledgerSnapshot,
  managerApproval,
  outboxEvents,
  pins,
  supervisorApproval,
} from './returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const percent = (basisPoints: number) => ({ kind: 'percent' as const, basisPoints });
const amount = (amountMinor: number) => ({ kind: 'amount' as const, amountMinor });

describe('line and cart discounts', () => {
  it('takes a discount within the cashier’s limit off before tax, without approval', () => {
    app = freshApp();
    const { lines } = app.services.sales.scan({ code: codes.cake }); // €4.99 at 13.5 %
    const sale = app.services.sales.discountLine({
      lineId: lines[0]!.lineId,
      discount: percent(1000),
      reason: 'dented box',
    });
    expect(sale.lines[0]).toMatchObject({
      amountMinor: 499,
      discount: { discount: percent(1000), reason: 'dented box', amountMinor: 50 },
      totalMinor: 449,
      taxMinor: 53, // 449 × 13.5/113.5 = 53.4
    });
    expect(sale.totals).toMatchObject({ subtotalMinor: 499, discountMinor: 50, totalMinor: 449 });
    expect(count(app, 'audit_log')).toBe(0);
  });

  it('asks for approval beyond the limit, changes nothing until given, then logs who approved', () => {
    app = freshApp();
    const { lines } = app.services.sales.scan({ code: codes.cake });
    const before = ledgerSnapshot(app);
    const cart = app.services.sales.current();

    const refused = errorOf(() =>
      app.services.sales.discountLine({
        lineId: lines[0]!.lineId,
        discount: percent(2000),
        reason: 'loyal customer',
      }),
    );
    expect(refused.code).toBe('APPROVAL_REQUIRED');
    expect(refused.details).toEqual(['discount.overLimit']);
    // A supervisor may give 25 % but may not approve beyond a cashier's limit: only a manager may.
    const forbidden = errorOf(() =>
      app.services.sales.discountLine({
        lineId: lines[0]!.lineId,
        discount: percent(2000),
        reason: 'loyal customer',
        approval: supervisorApproval,
      }),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(
      errorOf(() =>
        app.services.sales.discountLine({
          lineId: lines[0]!.lineId,
          discount: percent(2000),
          reason: 'x',
          approval: { pin: '0000' },
        }),
      ).code,
    ).toBe('WRONG_PIN');
    expect(ledgerSnapshot(app)).toEqual(before);
    expect(app.services.sales.current()).toEqual(cart);

    const sale = app.services.sales.discountLine({
      lineId: lines[0]!.lineId,
      discount: percent(2000),
      reason: 'loyal customer',
      approval: managerApproval,
    });
    expect(sale.totals.totalMinor).toBe(399);
    const [entry] = app.services.audit.list({ limit: 10, approval: managerApproval });
    expect(entry).toMatchObject({
      action: 'discount.overLimit',
      user: { name: 'Alex' },
      approver: { name: 'Morgan' },
      details: { target: 'line', sku: 'T-CAKE', reason: 'loyal customer', limitPercent: 10 },
    });
    expect(outboxEvents(app, 'audit.recorded')).toHaveLength(1);
  });

  it('shares a cart discount over the lines, and the sale, its outbox event and its receipt keep it', () => {
    app = freshApp();
    app.services.sales.scan({ code: codes.cake }); // €4.99 RED
    app.services.sales.scan({ code: codes.cola }); // €0.99 STD
    const { lines } = app.services.sales.scan({ code: codes.milk }); // €1.29 ZERO
    app.services.sales.discountLine({
      lineId: lines[2]!.lineId,
      discount: amount(12),
      reason: 'price match',
    });
    const open = app.services.sales.discountCart({ discount: amount(50), reason: 'birthday' });
    expect(open.cartDiscount).toEqual({ discount: amount(50), reason: 'birthday', amountMinor: 50 });
    // €0.50 over 499 : 99 : 117 → 34.9, 6.9, 8.2 → 34, 6, 8 and the 2 cents left to the largest remainders.
    expect(open.lines.map((line) => line.cartDiscountMinor ?? 0)).toEqual([35, 7, 8]);
    expect(open.totals).toMatchObject({ subtotalMinor: 727, discountMinor: 62, totalMinor: 665 });

    app.services.sales.addTender({ kind: 'cash', amountMinor: 1000 });
    const sale = app.services.sales.complete().receipt.sale;
    expect(sale.cartDiscount).toEqual(open.cartDiscount);
    expect(app.services.sales.receipt({ saleId: sale.saleId }).sale).toEqual(sale);
    expect(app.db.prepare('SELECT discount_minor FROM sales').pluck().get()).toBe(62);
    expect(outboxEvents(app, 'sale.completed')[0]!.payload).toMatchObject({
      cartDiscount: { reason: 'birthday', amountMinor: 50 },
      totals: { discountMinor: 62 },
    });

    const text = receiptText(buildReceipt(sale, app.services.settings.store()), 42).join('\n');
    expect(text).toContain('Discount €0.12 (price match)');
    expect(text).toContain('Discount €0.50 (birthday)');
    expect(text).toMatch(/TOTAL\s+€6\.65/);
  });

  it('refuses negative, over 100 % and larger-than-the-line discounts with clear words, changing nothing', async () => {
    app = freshApp();
    const { lines } = app.services.sales.scan({ code: codes.cola });
    const lineId = lines[0]!.lineId;
    const before = ledgerSnapshot(app);
    const refuse = async (channel: 'sale.discountLine' | 'sale.discountCart', input: unknown) =>
      app.dispatch(channel, input);

    expect(await refuse('sale.discountLine', { lineId, discount: percent(-500), reason: 'x' })).toMatchObject(
      {
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringContaining('A discount cannot be negative') },
      },
    );
    expect(await refuse('sale.discountCart', { discount: percent(15_000), reason: 'x' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('A discount cannot be more than 100 %') },
    });
    expect(await refuse('sale.discountLine', { lineId, discount: percent(500) })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Give a reason for the discount') },
    });
    const tooLarge = errorOf(() =>
      app.services.sales.discountLine({
        lineId,
        discount: amount(100),
        reason: 'x',
        approval: managerApproval,
      }),
    );
    expect(tooLarge.message).toBe(
      'The discount on Test Cola 330ml is more than its price: lower the discount or clear it.',
    );
    expect(ledgerSnapshot(app)).toEqual(before);
  });

  it('needs approval again when a smaller quantity pushes an amount discount over the limit', () => {
    app = freshApp();
    app.services.people.login({ pin: pins.supervisor }); // Sam: 25 %, may void lines
    app.services.sales.scan({ code: codes.cola });
    const { lines } = app.services.sales.setQuantity({
      lineId: app.services.sales.current().lines[0]!.lineId,
      quantity: 4,
    });
    app.services.sales.discountLine({ lineId: lines[0]!.lineId, discount: amount(99), reason: 'multi-buy' }); // 99 of 396: 25 %
    const refused = errorOf(() => app.services.sales.setQuantity({ lineId: lines[0]!.lineId, quantity: 3 }));
    expect(refused.details).toEqual(['discount.overLimit']);
    expect(
      app.services.sales.setQuantity({ lineId: lines[0]!.lineId, quantity: 3, approval: managerApproval })
        .totals.totalMinor,
    ).toBe(198);
  });

  it('clears a discount without approval', () => {
    app = freshApp();
    const { lines } = app.services.sales.scan({ code: codes.cake });
    app.services.sales.discountLine({
      lineId: lines[0]!.lineId,
      discount: percent(5000),
      reason: 'display model',
      approval: managerApproval,
    });
    const cleared = app.services.sales.discountLine({ lineId: lines[0]!.lineId, discount: null });
    expect(cleared.lines[0]!.discount).toBeUndefined();
    expect(cleared.totals.totalMinor).toBe(499);
  });
});

describe('price override', () => {
  it('needs price.override, keeps the catalog price and the reason, and is audited', () => {
    app = freshApp();
    const { lines } = app.services.sales.scan({ code: codes.cake });
    expect(
      errorOf(() =>
        app.services.sales.overridePrice({
          lineId: lines[0]!.lineId,
          unitPriceMinor: 399,
          reason: 'shelf label',
        }),
      ).details,
    ).toEqual(['price.override']);
    // A supervisor may not change a price either: only a manager.
    expect(
      errorOf(() =>
        app.services.sales.overridePrice({
          lineId: lines[0]!.lineId,
          unitPriceMinor: 399,
          reason: 'shelf label',
          approval: supervisorApproval,
        }),
      ).code,
    ).toBe('FORBIDDEN');
    const sale = app.services.sales.overridePrice({
      lineId: lines[0]!.lineId,
      unitPriceMinor: 399,
      reason: 'shelf label',
      approval: managerApproval,
    });
    expect(sale.lines[0]).toMatchObject({
      unitPriceMinor: 399,
      totalMinor: 399,
      priceOverride: { catalogPriceMinor: 499, reason: 'shelf label' },
    });
    expect(app.services.audit.list({ limit: 1, approval: managerApproval })[0]).toMatchObject({
      action: 'price.override',
      approver: { name: 'Morgan' },
      details: { fromMinor: 499, toMinor: 399, catalogPriceMinor: 499 },
    });
    app.services.sales.addTender({ kind: 'card', amountMinor: 399 });
    const completed = app.services.sales.complete().receipt.sale;
    expect(app.services.sales.receipt({ saleId: completed.saleId }).sale.lines[0]!.priceOverride).toEqual({
      catalogPriceMinor: 499,
      reason: 'shelf label',
    });
  });
});

describe('cash rounding to 0.05', () => {
  function roundingStore(): RegisterApp {
    const opened = freshApp();
    opened.services.settings.saveStore({ ...opened.services.settings.store(), cashRoundingMinor: 5 });
    return opened;
  }

  it('rounds what is due in cash, records the difference on the sale and prints it', () => {
    app = roundingStore();
    app.services.sales.scan({ code: codes.cake });
    const open = app.services.sales.scan({ code: codes.cola }); // €5.98
    expect(open).toMatchObject({ dueMinor: 598, cashDueMinor: 600, roundingMinor: 0 });
    const paid = app.services.sales.addTender({ kind: 'cash', amountMinor: 1000 });
    expect(paid).toMatchObject({ dueMinor: 0, roundingMinor: 2, changeMinor: 400 });
    const sale = app.services.sales.complete().receipt.sale;
    expect(sale).toMatchObject({ roundingMinor: 2, changeMinor: 400, totals: { totalMinor: 598 } });
    expect(app.db.prepare('SELECT rounding_minor FROM sales').pluck().get()).toBe(2);
    expect(app.services.sales.receipt({ saleId: sale.saleId }).sale).toEqual(sale);
    const text = receiptText(buildReceipt(sale, app.services.settings.store()), 42).join('\n');
    expect(text).toMatch(/Rounding\s+€0\.02/);
    expect(text).toMatch(/To pay\s+€6\.00/);
  });

  it('never rounds a card payment', () => {
    app = roundingStore();
    app.services.sales.scan({ code: codes.cake });
    app.services.sales.addTender({ kind: 'card', amountMinor: 499 });
    const sale = app.services.sales.complete().receipt.sale;
    expect(sale.roundingMinor).toBeUndefined();
    expect(app.db.prepare('SELECT rounding_minor FROM sales').pluck().get()).toBe(0);
  });
});
