import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { channels } from '../../../src/shared/contract.ts';
import { demoRegister, demoStore } from '../../../src/main/services/demo-seed.ts';
import { codes, count, freshApp, startApp, tempDir } from './ledger-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

function totalChanges(app: RegisterApp): number {
  return app.db.prepare('SELECT total_changes()').pluck().get() as number;
}

describe('the handler table behind IPC', () => {
  it('has one handler for every contract channel', () => {
    app = freshApp();
    expect(Object.keys(app.handlers).sort()).toEqual([...channels].sort());
  });

  it.each([
    ['sale.addProduct', { productId: -1 }],
    ['sale.addProduct', { productId: 1, quantity: 0 }],
    ['sale.addProduct', { productId: 1, quantity: 1.5 }],
    ['sale.scan', { code: '' }],
    ['sale.scan', { code: codes.milk, extra: true }],
    ['sale.addTender', { kind: 'cheque', amountMinor: 100 }],
    ['sale.addTender', { kind: 'cash', amountMinor: 12.5 }],
    ['sale.setQuantity', { lineId: 'x' }],
    ['catalog.importCsv', { csv: 42 }],
    ['stock.check', { repair: 'yes' }],
    ['sale.complete', { now: true }],
  ])('refuses %s with %j as INVALID_INPUT and writes nothing', async (channel, payload) => {
    app = freshApp();
    await app.dispatch('sale.scan', { code: codes.milk });
    const draft = app.db.prepare('SELECT draft FROM open_sales').pluck().get();
    const changes = totalChanges(app);

    const result = await app.dispatch(channel, payload);

    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(totalChanges(app)).toBe(changes);
    expect(app.db.prepare('SELECT draft FROM open_sales').pluck().get()).toBe(draft);
  });

  it.each([
    ['sale.addTender', { kind: 'cash', amountMinor: Number.NaN }, 'The amount is not a number.'],
    ['sale.addTender', { kind: 'cash' }, 'The amount is missing.'],
    ['sale.addTender', { kind: 'cheque', amountMinor: 100 }, 'The kind must be one of: cash, card.'],
    ['sale.addProduct', { productId: 1, quantity: 1.5 }, 'Quantity must be a whole number.'],
    ['sale.scan', { code: 'x'.repeat(201) }, 'The code is too long: at most 200 characters.'],
    [
      'sale.complete',
      { now: true },
      'The screen sent something the register does not take (now): restart Counter, and if it happens again, call support.',
    ],
  ])('says what is wrong with %s %j in words, not the validator’s', async (channel, payload, message) => {
    app = freshApp();
    expect(await app.dispatch(channel, payload)).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message },
    });
  });

  it('lists each problem when several fields are wrong', async () => {
    app = freshApp();
    expect(await app.dispatch('sale.addTender', { kind: 'cheque', amountMinor: -1 })).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'Some of what was entered is not right:',
        details: ['The kind must be one of: cash, card.', 'Amount must be more than zero.'],
      },
    });
  });

  it('answers a refused business rule with its typed error, and a good call with its value', async () => {
    app = freshApp();
    expect(await app.dispatch('sale.complete', undefined)).toMatchObject({
      ok: false,
      error: { code: 'EMPTY_SALE' },
    });
    expect(await app.dispatch('sale.scan', { code: codes.cola })).toMatchObject({
      ok: true,
      value: { lines: [{ sku: 'T-COLA' }] },
    });
    expect(await app.dispatch('app.info', undefined)).toEqual({
      ok: true,
      value: { version: 'test', settings: demoStore, register: demoRegister, currencyDigits: 2 },
    });
  });
});

describe('first start', () => {
  it('seeds the demo store and catalog once, and a restart changes nothing', () => {
    const dataDir = tempDir();
    app = startApp(dataDir);
    const products = count(app, 'products');
    const movements = count(app, 'stock_movements');
    expect(products).toBe(300);
    expect(movements).toBeGreaterThan(250);
    expect(app.services.catalog.search('milk').length).toBeGreaterThan(0);
    app.close();

    app = startApp(dataDir);
    expect(count(app, 'products')).toBe(products);
    expect(count(app, 'stock_movements')).toBe(movements);
    expect(app.services.settings.register()).toEqual(demoRegister);
  });
});
