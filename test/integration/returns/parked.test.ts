/**
 * Parked sales on a real SQLite ledger: put aside, listed, resumed (the open sale taking its place), several at
 * once, and still there after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { codes, count, errorOf, freshApp, ledgerSnapshot, startApp } from './returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

describe('parking sales', () => {
  it('puts the open sale aside, starts an empty one, and lists it with who parked it', () => {
    app = freshApp();
    app.services.sales.scan({ code: codes.milk });
    app.services.sales.scan({ code: codes.milk });
    const first = app.services.sales.scan({ code: codes.cake });

    const next = app.services.sales.park();
    expect(next.lines).toEqual([]);
    expect(next.saleId).not.toBe(first.saleId);
    expect(app.services.sales.parked()).toEqual([
      {
        saleId: first.saleId,
        name: null,
        parkedAt: expect.any(String),
        parkedBy: { userId: expect.any(String), name: 'Alex' },
        itemCount: 3,
        totalMinor: 757,
        preview: ['Test Whole Milk 1L', 'Test Chocolate Cake'],
      },
    ]);
    expect(count(app, 'open_sales')).toBe(0);
  });

  it('keeps the name a cashier gives a parked sale, also when it is resumed and parked again', async () => {
    app = freshApp();
    const coat = app.services.sales.scan({ code: codes.milk });
    app.services.sales.park();
    expect(
      app.services.sales
        .nameParked({ saleId: coat.saleId, name: '  Blue coat, back in 5  ' })
        .map((p) => p.name),
    ).toEqual(['Blue coat, back in 5']);

    app.services.sales.resume({ saleId: coat.saleId });
    app.services.sales.park();
    expect(app.services.sales.parked().map((p) => p.name)).toEqual(['Blue coat, back in 5']);
    expect(app.services.sales.nameParked({ saleId: coat.saleId, name: ' ' }).map((p) => p.name)).toEqual([
      null,
    ]);

    // Through IPC the name is checked like any other text, and a sale no longer parked is said so.
    expect(await app.dispatch('sale.nameParked', { saleId: coat.saleId, name: 'Blue\u0007coat' })).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message:
          'The name contains a control character (such as NUL or an escape code): remove it and try again.',
      },
    });
    app.services.sales.resume({ saleId: coat.saleId });
    expect(errorOf(() => app.services.sales.nameParked({ saleId: coat.saleId, name: 'Gone' })).code).toBe(
      'NOT_FOUND',
    );
  });

  it('resumes one of several, parking the sale in progress in its place', () => {
    app = freshApp();
    const milk = app.services.sales.scan({ code: codes.milk });
    app.services.sales.park();
    const cola = app.services.sales.scan({ code: codes.cola });
    app.services.sales.park();
    const cake = app.services.sales.scan({ code: codes.cake });

    const resumed = app.services.sales.resume({ saleId: milk.saleId });
    expect(resumed.saleId).toBe(milk.saleId);
    expect(resumed.lines.map((line) => line.sku)).toEqual(['T-MILK']);
    expect(app.services.sales.current()).toEqual(resumed);
    expect(app.services.sales.parked().map((p) => p.saleId)).toEqual([cola.saleId, cake.saleId]);

    // The resumed sale completes like any other.
    app.services.sales.addTender({ kind: 'cash', amountMinor: 200 });
    expect(app.services.sales.complete().receipt.sale.saleId).toBe(milk.saleId);
    expect(errorOf(() => app.services.sales.resume({ saleId: milk.saleId })).code).toBe('NOT_FOUND');
  });

  it('refuses to park an empty sale or one with payments, and to leave a paid-into sale for another', () => {
    app = freshApp();
    expect(errorOf(() => app.services.sales.park()).code).toBe('EMPTY_SALE');
    const waiting = app.services.sales.scan({ code: codes.milk });
    app.services.sales.park();
    app.services.sales.scan({ code: codes.cake });
    app.services.sales.addTender({ kind: 'cash', amountMinor: 200 });
    const before = ledgerSnapshot(app);

    const parkRefused = errorOf(() => app.services.sales.park());
    expect(parkRefused.code).toBe('NOT_ALLOWED');
    expect(parkRefused.message).toBe(
      'The open sale has payments on it: complete it, or remove its payments, before parking it.',
    );
    expect(errorOf(() => app.services.sales.resume({ saleId: waiting.saleId })).code).toBe('NOT_ALLOWED');
    expect(ledgerSnapshot(app)).toEqual(before);
  });

  it('keeps parked sales and the open sale across a restart, discounts and all', () => {
    const first = freshApp();
    app = first;
    const { lines } = app.services.sales.scan({ code: codes.cake });
    app.services.sales.discountLine({
      lineId: lines[0]!.lineId,
      discount: { kind: 'percent', basisPoints: 500 },
      reason: 'scuffed',
    });
    const parkedSale = app.services.sales.current();
    app.services.sales.park();
    const open = app.services.sales.scan({ code: codes.cola });
    const parked = app.services.sales.parked();
    app.close();

    app = startApp(first.dataDir);
    expect(app.services.sales.parked()).toEqual(parked);
    expect(app.services.sales.current()).toEqual(open);
    const resumed = app.services.sales.resume({ saleId: parkedSale.saleId });
    expect(resumed).toEqual({ ...parkedSale, stockWarnings: resumed.stockWarnings });
    expect(resumed.totals.totalMinor).toBe(474);
    expect(app.services.sales.parked().map((p) => p.saleId)).toEqual([open.saleId]);
  });
});
