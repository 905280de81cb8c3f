import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import type { EventMessage } from '../../../src/shared/contract.ts';
import type { CompletedSale } from '../../../src/shared/domain.ts';
import { demoStore } from '../../../src/main/services/demo-seed.ts';
import { codes, count, freshApp, product } from './ledger-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

/** Everything complete() writes, so a test can tell that nothing was. */
function ledgerSnapshot(app: RegisterApp): Record<string, unknown[]> {
  const all = (sql: string): unknown[] => app.db.prepare(sql).all();
  return {
    sales: all('SELECT * FROM sales'),
    lines: all('SELECT * FROM sale_lines'),
    tenders: all('SELECT * FROM sale_tenders'),
    movements: all('SELECT * FROM stock_movements'),
    balances: all('SELECT * FROM stock_balances ORDER BY product_id'),
    outbox: all('SELECT * FROM outbox'),
    counters: all('SELECT * FROM counters ORDER BY name'),
    drafts: all('SELECT * FROM open_sales'),
  };
}

function ringUpAndPay(app: RegisterApp): void {
  app.services.sales.scan({ code: codes.milk });
  app.services.sales.scan({ code: codes.cola });
  app.services.sales.addTender({ kind: 'cash', amountMinor: 1000 });
}

const failOutboxInserts = `CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox
  BEGIN SELECT RAISE(ABORT, 'injected failure'); END`;

describe('completing a sale', () => {
  it('says on the open sale whether it can be completed, and answers with the receipt and the next sale', () => {
    app = freshApp();
    const { sales } = app.services;
    expect(sales.current().canComplete).toMatchObject({ code: 'EMPTY_SALE' });
    sales.scan({ code: codes.milk });
    expect(sales.current().canComplete).toMatchObject({ code: 'UNDERPAID' });
    const paid = sales.addTender({ kind: 'cash', amountMinor: 1000 });
    expect(paid.canComplete).toBe(true);

    const { receipt, next } = sales.complete();
    // What the screen shows is what the ledger recorded: no second read needed.
    expect(receipt).toEqual(sales.receipt({ saleId: receipt.sale.saleId }));
    expect(receipt.cashier).toBe('Alex');
    expect(next).toEqual(sales.current());
    expect(next.lines).toEqual([]);
  });

  it('cannot be completed with nobody logged in, and says why', () => {
    app = freshApp();
    const { sales } = app.services;
    sales.scan({ code: codes.milk });
    sales.addTender({ kind: 'cash', amountMinor: 1000 });
    app.services.people.logout();
    expect(sales.current().canComplete).toMatchObject({ code: 'NOT_LOGGED_IN' });
    expect(() => sales.complete()).toThrow('Nobody is logged in');
  });

  it('writes nothing at all when the transaction fails half-way, and keeps the open sale', () => {
    app = freshApp();
    ringUpAndPay(app);
    app.services.sales.complete(); // a first sale, so counters and balances already exist
    ringUpAndPay(app);
    const cart = app.services.sales.current();
    const before = ledgerSnapshot(app);

    app.db.exec(failOutboxInserts);
    expect(() => app.services.sales.complete()).toThrow('injected failure');

    expect(ledgerSnapshot(app)).toEqual(before);
    expect(app.services.sales.current()).toEqual(cart);
    app.db.exec('DROP TRIGGER fail_outbox');
    expect(app.services.sales.complete().receipt.sale.receiptNumber).toBe('R1-000002');
  });

  it('numbers receipts and outbox events without gaps, even around a failed sale', () => {
    app = freshApp();
    const completed: CompletedSale[] = [];
    for (let i = 1; i <= 12; i++) {
      ringUpAndPay(app);
      if (i === 5) {
        app.db.exec(failOutboxInserts);
        expect(() => app.services.sales.complete().receipt.sale).toThrow();
        app.db.exec('DROP TRIGGER fail_outbox');
      }
      completed.push(app.services.sales.complete().receipt.sale);
    }
    expect(completed.map((sale) => sale.receiptNumber)).toEqual(
      completed.map((_sale, i) => `R1-${String(i + 1).padStart(6, '0')}`),
    );
    expect(app.db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all()).toEqual(
      completed.map((_sale, i) => i + 1),
    );
    expect(app.db.prepare('SELECT outbox_seq FROM sales ORDER BY outbox_seq').pluck().all()).toEqual(
      completed.map((sale) => sale.outboxSeq),
    );
  });

  it('queues the completed sale for head office in the SYNC.md outbox format', () => {
    app = freshApp();
    ringUpAndPay(app);
    const sale = app.services.sales.complete().receipt.sale;
    const row = app.db.prepare('SELECT * FROM outbox WHERE seq = ?').get(sale.outboxSeq) as Record<
      string,
      unknown
    >;

    expect(row).toMatchObject({ type: 'sale.completed', schema_version: 2, occurred_at: sale.completedAt });
    // UUIDs of version 7, which start with the time they were made (indexes on them grow at one end).
    const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(row['event_id']).toMatch(uuidV7);
    expect(sale.saleId).toMatch(uuidV7);
    // The seq is the event's own, not part of the sale it carries.
    const { outboxSeq: _seq, ...payload } = sale;
    expect(JSON.parse(row['payload'] as string)).toEqual(payload);
    expect(row['payload_hash']).toBe(
      createHash('sha256')
        .update(row['payload'] as string)
        .digest('hex'),
    );
    expect(app.services.sales.receipt({ saleId: sale.saleId })).toEqual({
      sale,
      settings: demoStore,
      cashier: 'Alex',
      // No customer on it: no name to print.
      customer: null,
    });
  });

  it('moves stock by the quantities sold, so balances always equal the sum of movements', () => {
    app = freshApp();
    const milk = product(app, 'T-MILK');
    const cola = product(app, 'T-COLA');
    for (let i = 0; i < 15; i++) {
      app.services.sales.scan({ code: codes.milk });
      app.services.sales.addProduct({ productId: cola.id, quantity: 2 });
      app.services.sales.addTender({ kind: 'card', amountMinor: app.services.sales.current().dueMinor });
      app.services.sales.complete();
    }
    expect(app.services.stock.availability(milk.id).onHandHere).toBe(10 - 15);
    expect(app.services.stock.availability(cola.id).onHandHere).toBe(24 - 30);
    const sums = app.db
      .prepare(
        'SELECT product_id, sum(delta) AS total FROM stock_movements GROUP BY product_id ORDER BY product_id',
      )
      .all();
    const balances = app.db
      .prepare('SELECT product_id, on_hand AS total FROM stock_balances ORDER BY product_id')
      .all();
    expect(balances).toEqual(sums);
    expect(app.services.stock.check().differences).toEqual([]);
  });

  it('starts a clean sale, tells the screen about stock, and lets a failing listener not matter', () => {
    app = freshApp();
    const messages: EventMessage[] = [];
    app.events.subscribe((message) => {
      if (message.name === 'sale.changed' || message.name === 'stock.changed') messages.push(message);
    });
    const heard: string[] = [];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    app.services.sales.onCompleted(() => {
      throw new Error('printer on fire');
    });
    app.services.sales.onCompleted(({ sale }) => heard.push(sale.receiptNumber));
    ringUpAndPay(app);
    messages.length = 0;

    const sale = app.services.sales.complete().receipt.sale;

    expect(heard).toEqual([sale.receiptNumber]);
    expect(logged).toHaveBeenCalledWith('A completed-sale listener failed', new Error('printer on fire'));
    logged.mockRestore();
    expect(count(app, 'sales')).toBe(1);
    expect(count(app, 'open_sales')).toBe(0);
    expect(app.services.sales.current()).toMatchObject({ lines: [], tenders: [], dueMinor: 0 });
    expect(app.services.sales.current().saleId).not.toBe(sale.saleId);
    expect(messages.map((message) => message.name)).toEqual(['sale.changed', 'stock.changed']);
    expect(messages[1]?.payload).toEqual({
      productIds: [product(app, 'T-MILK').id, product(app, 'T-COLA').id],
    });
  });
});

describe('tax in the ledger', () => {
  /** 3 × 0.99 at 23 %, 4.99 at 13.5 %, 1.29 at 0 %. */
  function sellMixedBasket(pricesIncludeTax: boolean): CompletedSale {
    app = freshApp();
    app.services.settings.saveStore({ ...demoStore, pricesIncludeTax });
    app.services.sales.addProduct({ productId: product(app, 'T-COLA').id, quantity: 3 });
    app.services.sales.scan({ code: codes.cake });
    app.services.sales.scan({ code: codes.milk });
    app.services.sales.addTender({ kind: 'cash', amountMinor: 2000 });
    return app.services.sales.complete().receipt.sale;
  }

  function storedTotals(saleId: string): Record<string, number> {
    return app.db
      .prepare(
        `SELECT s.subtotal_minor, s.tax_minor, s.total_minor,
           sum(l.amount_minor) AS line_amounts, sum(l.tax_minor) AS line_taxes, sum(l.total_minor) AS line_totals
         FROM sales s JOIN sale_lines l USING (sale_id) WHERE s.sale_id = ?`,
      )
      .get(saleId) as Record<string, number>;
  }

  it('adds tax on top when prices exclude it, and the lines add up to the sale to the cent', () => {
    const sale = sellMixedBasket(false);
    // 2.97 + 0.68 (23 % of 2.97) + 4.99 + 0.67 (13.5 % of 4.99) + 1.29
    expect(sale.totals).toMatchObject({ subtotalMinor: 925, taxMinor: 135, totalMinor: 1060 });
    expect(storedTotals(sale.saleId)).toEqual({
      subtotal_minor: 925,
      tax_minor: 135,
      total_minor: 1060,
      line_amounts: 925,
      line_taxes: 135,
      line_totals: 1060,
    });
    expect(sale.changeMinor).toBe(940);
  });

  it('takes tax out of the shelf price when prices include it, and the lines add up to the cent', () => {
    const sale = sellMixedBasket(true);
    // 2.97 × 23/123 = 0.555… → 0.56; 4.99 × 13.5/113.5 = 0.593… → 0.59
    expect(sale.totals).toMatchObject({ subtotalMinor: 925, taxMinor: 115, totalMinor: 925 });
    expect(storedTotals(sale.saleId)).toEqual({
      subtotal_minor: 925,
      tax_minor: 115,
      total_minor: 925,
      line_amounts: 925,
      line_taxes: 115,
      line_totals: 925,
    });
    const receipt = app.services.sales.receipt({ saleId: sale.saleId });
    expect(receipt.sale.totals.taxes.map((tax) => [tax.code, tax.netMinor, tax.taxMinor])).toEqual([
      ['RED', 440, 59],
      ['STD', 241, 56],
      ['ZERO', 129, 0],
    ]);
  });
});
