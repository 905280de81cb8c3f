import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import type { EventMessage } from '../../../src/shared/contract.ts';
import { codes, count, ean, errorOf, freshApp, pins, product, startApp } from './ledger-fixture.ts';

/** The cashier may not void a line or cancel a sale alone: a supervisor approves. */
const approval = { pin: pins.supervisor };

let app: RegisterApp;
afterEach(() => app?.close());

describe('ringing up', () => {
  it('adds a scanned product, counts a second scan on the same line, and tells the screen', () => {
    app = freshApp();
    const changes: EventMessage[] = [];
    app.events.subscribe((message) => {
      if (message.name === 'sale.changed') changes.push(message);
    });

    app.services.sales.scan({ code: codes.milk });
    app.services.sales.scan({ code: 'T-COLA' }); // a typed SKU works like a barcode
    const sale = app.services.sales.scan({ code: codes.milk });

    expect(sale.lines.map((line) => [line.sku, line.quantity, line.totalMinor])).toEqual([
      ['T-MILK', 2, 258],
      ['T-COLA', 1, 99],
    ]);
    expect(sale.totals.totalMinor).toBe(357);
    expect(sale.dueMinor).toBe(357);
    expect(changes.map((message) => message.name)).toEqual(['sale.changed', 'sale.changed', 'sale.changed']);
    expect(changes.at(-1)?.payload).toEqual(sale);
  });

  it('changes a quantity and removes a line', () => {
    app = freshApp();
    app.services.sales.scan({ code: codes.milk });
    const { lines } = app.services.sales.scan({ code: codes.cola });
    expect(app.services.sales.setQuantity({ lineId: lines[1]!.lineId, quantity: 6 }).totals.totalMinor).toBe(
      129 + 6 * 99,
    );
    const sale = app.services.sales.removeLine({ lineId: lines[0]!.lineId, approval });
    expect(sale.lines.map((line) => [line.sku, line.quantity])).toEqual([['T-COLA', 6]]);
    expect(errorOf(() => app.services.sales.removeLine({ lineId: lines[0]!.lineId, approval })).code).toBe(
      'NOT_FOUND',
    );
  });

  it('asks for the weight of goods sold by kg, and prices the grams entered', () => {
    app = freshApp();
    const bananas = product(app, 'T-BANANA');
    const error = errorOf(() => app.services.sales.scan({ code: 'T-BANANA' }));
    expect(error.code).toBe('WEIGHT_REQUIRED');
    expect(error.message).toContain('Test Bananas is sold by weight');

    const sale = app.services.sales.addProduct({ productId: bananas.id, quantity: 1234 });
    // 1.69 per kg × 1.234 kg = 2.085… → 2.09
    expect(sale.lines[0]).toMatchObject({ unit: 'kg', quantity: 1234, totalMinor: 209 });
    expect(app.services.sales.addProduct({ productId: bananas.id, quantity: 500 }).lines).toHaveLength(2);
  });

  it('refuses an inactive product, though search still finds it', () => {
    app = freshApp();
    const error = errorOf(() => app.services.sales.scan({ code: codes.crisps }));
    expect(error.code).toBe('INACTIVE_PRODUCT');
    expect(error.message).toContain('Test Discontinued Crisps');
    expect(
      errorOf(() => app.services.sales.addProduct({ productId: product(app, 'T-CRISPS').id })).code,
    ).toBe('INACTIVE_PRODUCT');
    expect(app.services.catalog.search('discontinued')).toMatchObject([{ sku: 'T-CRISPS', active: false }]);
    expect(app.services.sales.current().lines).toEqual([]);
  });

  it('tells an unknown barcode from a misread one', () => {
    app = freshApp();
    const unknown = ean('590999999999');
    const misread = `${unknown.slice(0, -1)}${(Number(unknown.at(-1)) + 1) % 10}`;

    const notFound = errorOf(() => app.services.sales.scan({ code: unknown }));
    expect(notFound.code).toBe('UNKNOWN_BARCODE');
    expect(notFound.message).toContain(unknown);
    expect(errorOf(() => app.services.sales.scan({ code: misread })).code).toBe('INVALID_BARCODE');
    expect(errorOf(() => app.services.sales.scan({ code: 'NO-SUCH-SKU' })).code).toBe('UNKNOWN_BARCODE');
    expect(count(app, 'open_sales')).toBe(0);
  });

  it('warns when a sale takes stock below zero, and still sells', () => {
    app = freshApp();
    const cake = product(app, 'T-CAKE');
    expect(app.services.sales.addProduct({ productId: cake.id, quantity: 2 }).stockWarnings).toEqual([]);
    const sale = app.services.sales.scan({ code: codes.cake });
    expect(sale.stockWarnings).toEqual([
      { productId: cake.id, name: 'Test Chocolate Cake', onHandAfter: -1 },
    ]);

    app.services.sales.addTender({ kind: 'cash', amountMinor: sale.dueMinor });
    app.services.sales.complete();
    expect(app.services.stock.availability(cake.id).onHandHere).toBe(-1);
  });

  it('cancels the open sale without writing anything to the ledger', () => {
    app = freshApp();
    const first = app.services.sales.scan({ code: codes.milk });
    const next = app.services.sales.cancel({ approval });
    expect(next.lines).toEqual([]);
    expect(next.saleId).not.toBe(first.saleId);
    expect(count(app, 'open_sales')).toBe(0);
    expect(count(app, 'sales')).toBe(0);
  });

  it('refuses to cancel a sale the customer has paid on, until those payments are given back and removed', () => {
    app = freshApp();
    const { sales } = app.services;
    sales.scan({ code: codes.cake });
    const paid = sales.addTender({ kind: 'card', amountMinor: 300 });

    const refusal = errorOf(() => sales.cancel({ approval }));
    expect(refusal.code).toBe('NOT_ALLOWED');
    expect(refusal.message).toContain('The customer has paid €3.00');
    expect(refusal.message).toContain('remove those payments');
    expect(sales.current().tenders).toEqual(paid.tenders);

    sales.removeTender({ tenderId: paid.tenders[0]!.tenderId });
    expect(sales.cancel({ approval }).lines).toEqual([]);
  });
});

describe('paying', () => {
  it('refuses to complete an empty sale or one not paid in full, saying how much is due', () => {
    app = freshApp();
    expect(errorOf(() => app.services.sales.complete().receipt.sale).code).toBe('EMPTY_SALE');
    expect(errorOf(() => app.services.sales.addTender({ kind: 'cash', amountMinor: 100 })).code).toBe(
      'EMPTY_SALE',
    );

    app.services.sales.scan({ code: codes.cake });
    app.services.sales.addTender({ kind: 'cash', amountMinor: 470 });
    const underpaid = errorOf(() => app.services.sales.complete().receipt.sale);
    expect(underpaid.code).toBe('UNDERPAID');
    expect(underpaid.message).toContain('€0.29 is still due');
    expect(count(app, 'sales')).toBe(0);
  });

  it('never charges more on a card than is due', () => {
    app = freshApp();
    app.services.sales.scan({ code: codes.cake });
    app.services.sales.addTender({ kind: 'cash', amountMinor: 200 });
    const overpaid = errorOf(() => app.services.sales.addTender({ kind: 'card', amountMinor: 300 }));
    expect(overpaid.code).toBe('OVERPAID_CARD');
    expect(overpaid.message).toContain('€2.99 due');

    const paid = app.services.sales.addTender({ kind: 'card', amountMinor: 299 });
    expect(paid).toMatchObject({ paidMinor: 499, dueMinor: 0, changeMinor: 0 });
    expect(errorOf(() => app.services.sales.addTender({ kind: 'cash', amountMinor: 100 })).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('refuses a card payment left larger than the total after the cart shrank', () => {
    app = freshApp();
    app.services.sales.scan({ code: codes.cake });
    const { lines } = app.services.sales.scan({ code: codes.milk });
    app.services.sales.addTender({ kind: 'card', amountMinor: 628 });
    app.services.sales.removeLine({ lineId: lines[1]!.lineId, approval });
    expect(errorOf(() => app.services.sales.complete().receipt.sale).code).toBe('OVERPAID_CARD');
  });

  it('gives change from cash', () => {
    app = freshApp();
    app.services.sales.scan({ code: codes.cake });
    expect(app.services.sales.addTender({ kind: 'cash', amountMinor: 2000 })).toMatchObject({
      paidMinor: 2000,
      dueMinor: 0,
      changeMinor: 1501,
    });
    const sale = app.services.sales.complete().receipt.sale;
    expect(sale.changeMinor).toBe(1501);
    expect(sale.tenders).toMatchObject([{ kind: 'cash', amountMinor: 2000 }]);
  });

  it('splits a payment between card and cash, and a payment can be taken back', () => {
    app = freshApp();
    app.services.sales.addProduct({ productId: product(app, 'T-CAKE').id, quantity: 2 }); // 9.98
    const mistaken = app.services.sales.addTender({ kind: 'card', amountMinor: 100 }).tenders[0]!;
    app.services.sales.removeTender({ tenderId: mistaken.tenderId });
    app.services.sales.addTender({ kind: 'card', amountMinor: 500 });
    expect(app.services.sales.addTender({ kind: 'cash', amountMinor: 1000 })).toMatchObject({
      paidMinor: 1500,
      dueMinor: 0,
      changeMinor: 502,
    });

    const sale = app.services.sales.complete().receipt.sale;
    const stored = app.db
      .prepare('SELECT kind, amount_minor FROM sale_tenders WHERE sale_id = ? ORDER BY tender_no')
      .all(sale.saleId);
    expect(stored).toEqual([
      { kind: 'card', amount_minor: 500 },
      { kind: 'cash', amount_minor: 1000 },
    ]);
  });
});

describe('a restart', () => {
  it('restores the open sale exactly, at the prices it was rung up at', () => {
    app = freshApp();
    const { dataDir } = app as RegisterApp & { dataDir: string };
    app.services.sales.scan({ code: codes.milk });
    app.services.sales.addProduct({ productId: product(app, 'T-COLA').id, quantity: 3 });
    const before = app.services.sales.addTender({ kind: 'cash', amountMinor: 200 });
    app.close();

    app = startApp(dataDir);
    expect(app.services.sales.current()).toEqual(before);

    const repriced = app.services.catalog.importCsv(
      `sku,name,price,tax_code,barcodes\nT-MILK,Test Whole Milk 1L,1.99,ZERO,${codes.milk}\n`,
    );
    expect(repriced).toMatchObject({ updated: 1, errors: [] });
    const sale = app.services.sales.scan({ code: codes.milk });
    expect(sale.lines[0]).toMatchObject({ sku: 'T-MILK', quantity: 2, unitPriceMinor: 129, totalMinor: 258 });
  });
});
