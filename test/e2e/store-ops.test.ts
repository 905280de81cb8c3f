/**
 * Layer 3: a trading day's store operations, end to end, as a cashier (Alex) and a manager (Morgan): log in with
 * a PIN, open the shift with a counted float, sell, park and resume a sale, a partial return with receipt to
 * cash, an exchange, a return without receipt that needs a manager's PIN, a switch of user and a post-void,
 * and the shift close with an over/short and its Z report. The built renderer and preload run in Debian
 * Chromium against the real register (test/harness/bridge-server.ts); each step checks what the screen shows
 * and what the ledger holds. Screenshots land in test-results/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Output } from '../../src/shared/contract.ts';
import type { AppInfo, Denomination } from '../../src/shared/domain.ts';
import { formatMoney } from '../../src/shared/money.ts';
import { missingBuild } from '../harness/built-app.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { openBrowser, type BrowserSession } from '../harness/browser.ts';
import {
  defaultFloat,
  demoUsers,
  enterCount,
  logIn,
  payAndComplete,
  type FloatCount,
} from '../harness/register-session.ts';

interface DemoProduct {
  id: number;
  sku: string;
  code: string;
  priceMinor: number;
}

let dataDir: string;
let bridge: Bridge;
let session: BrowserSession;
let page: Page;
let info: AppInfo;
let products: DemoProduct[];
/** Receipt numbers of the sales made along the way. */
const receipts: { cash?: string; card?: string; toVoid?: string } = {};

/** A call straight to the register, for state the screen is expected to show. */
async function call<C extends Channel>(channel: C, input?: unknown): Promise<Output<C>> {
  const envelope = await bridge.app.dispatch(channel, input);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.message}`);
  return envelope.value as Output<C>;
}

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
const money = (minor: number) => formatMoney(minor, info.settings.currency, info.settings.locale);
const row = <T>(sql: string, ...params: unknown[]) => bridge.app.db.prepare(sql).get(...params) as T;
const rows = <T>(sql: string, ...params: unknown[]) => bridge.app.db.prepare(sql).all(...params) as T[];
const onHand = (productId: number) =>
  row<{ on_hand: number } | undefined>('SELECT on_hand FROM stock_balances WHERE product_id = ?', productId)
    ?.on_hand ?? 0;
const userId = (name: string) =>
  row<{ user_id: string }>('SELECT user_id FROM users WHERE name = ?', name).user_id;
const count = (table: string) => row<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).n;

const cartLines = () => page.getByTestId('cart-line');
const line = (sku: string) => page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`);

/** Scans products that are not in the sale yet and waits until the cart shows each one. */
async function ring(...items: DemoProduct[]): Promise<void> {
  const before = await cartLines().count();
  for (const [index, item] of items.entries()) {
    await session.scan(item.code);
    await eventually(() => cartLines().count()).toBe(before + index + 1);
  }
}

/** The approval dialog: checks what it asks for, then types the PIN and approves. */
async function approve(what: string, pin: string): Promise<void> {
  const dialog = page.getByTestId('approval-dialog');
  await dialog.waitFor();
  await eventually(text(page.getByTestId('approval-what'))).toBe(`Manager approval needed: ${what}.`);
  await dialog.getByTestId('pin-input').fill(pin);
  await dialog.getByTestId('pin-input').press('Enter');
}

/** A count of the drawer that adds up to exactly `totalMinor`, largest denominations first. */
function countFor(totalMinor: number, denominations: Denomination[]): FloatCount {
  const counted: FloatCount = {};
  let left = totalMinor;
  for (const { valueMinor } of [...denominations].sort((a, b) => b.valueMinor - a.valueMinor)) {
    const howMany = Math.floor(left / valueMinor);
    if (howMany > 0) counted[valueMinor] = howMany;
    left -= howMany * valueMinor;
  }
  if (left !== 0) throw new Error(`${totalMinor} cannot be counted in these denominations`);
  return counted;
}

beforeAll(async () => {
  const missing = missingBuild();
  if (missing) throw new Error(missing);
  dataDir = mkdtempSync(join(tmpdir(), 'counter-e2e-ops-'));
  bridge = await startBridge({ dataDir });
  info = await call('app.info');
  // Products sold by the piece with an EAN-13 that is not an in-store (prefix 2) code, enough stock that no
  // step runs out, and each from a different tax rate where the catalog has them, so the reports mix rates.
  products = rows<DemoProduct>(
    `SELECT id, sku, code, priceMinor FROM (
       SELECT p.id, p.sku, min(b.code) AS code, p.price_minor AS priceMinor,
              row_number() OVER (PARTITION BY p.tax_code ORDER BY p.id) AS nthOfRate
       FROM products p
       JOIN barcodes b ON b.product_id = p.id
       LEFT JOIN stock_balances s ON s.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND length(b.code) = 13 AND b.code NOT LIKE '2%'
         AND coalesce(s.on_hand, 0) >= 10 AND p.price_minor BETWEEN 150 AND 2000
       GROUP BY p.id)
     ORDER BY nthOfRate, id LIMIT 4`,
  );
  if (products.length < 4) throw new Error('The demo catalog has fewer than 4 products to sell here.');
  session = await openBrowser(bridge.url);
  page = session.page;
});

afterAll(async () => {
  await session?.close();
  await bridge?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  // Taken out, so each problem fails the step it happened in and not every step after it.
  const problems = session?.problems.splice(0) ?? [];
  expect(problems, 'console errors, CSP violations or failed requests in the page').toEqual([]);
});

describe('store operations in Chromium against the real register', () => {
  // Read when a step runs: the products are chosen in beforeAll.
  const product = (index: number) => () => products[index]!;
  const [p1, p2, p3, p4] = [product(0), product(1), product(2), product(3)];

  it('refuses a wrong PIN on the login screen, then logs the cashier in', async () => {
    await page.getByTestId('login-screen').waitFor();
    await eventually(() => page.getByTestId('login-user').count()).toBe(3);
    await session.screenshot('login');
    await page.locator('[data-testid="login-user"][data-name="Alex"]').click();
    // Tapped on the pad, as on a touch screen: a wrong PIN first.
    for (const digit of '1234') await page.locator('.pin-keys button', { hasText: digit }).click();
    await page.getByTestId('pin-submit').click();
    await eventually(text(page.getByTestId('pin-message'))).toContain('That PIN is not right');
    expect(await page.getByTestId('pin-input').inputValue()).toBe('');

    await logIn(page, demoUsers.cashier);
    await page.getByTestId('open-shift-screen').waitFor();
    expect((await call('auth.current')).user?.name).toBe('Alex');
  });

  it('opens the shift with the float counted by denomination', async () => {
    await enterCount(page, defaultFloat);
    await eventually(text(page.getByTestId('count-total'))).toBe(money(10_000));
    await session.screenshot('open-shift');
    await page.getByTestId('open-shift').click();
    await page.getByTestId('search-input').waitFor();
    await eventually(text(page.getByTestId('current-user'))).toBe('Alex');

    const shift = row<{ float_minor: number; opened_by: string; float_count: string }>(
      'SELECT float_minor, opened_by, float_count FROM shifts',
    );
    expect(shift).toMatchObject({ float_minor: 10_000, opened_by: userId('Alex') });
    expect(JSON.parse(shift.float_count)).toEqual(
      expect.arrayContaining(
        Object.entries(defaultFloat).map(([value, n]) => ({ valueMinor: Number(value), count: n })),
      ),
    );
  });

  it('sells as the cashier: the sale records who sold it and in which shift', async () => {
    await ring(p1(), p2());
    await line(p1().sku).getByTestId('line-qty').fill('3');
    await line(p1().sku).getByTestId('line-qty').press('Enter');
    await eventually(() => line(p1().sku).getByTestId('line-qty').inputValue()).toBe('3');
    receipts.cash = await payAndComplete(page, 'cash', money(0));

    const sale = row<{ user_id: string; shift_id: string; total_minor: number }>(
      'SELECT user_id, shift_id, total_minor FROM sales WHERE receipt_number = ?',
      receipts.cash,
    );
    expect(sale).toMatchObject({
      user_id: userId('Alex'),
      shift_id: row<{ shift_id: string }>('SELECT shift_id FROM shifts').shift_id,
      total_minor: 3 * p1().priceMinor + p2().priceMinor,
    });
  });

  it('lets a manager import a catalog file only after a dry run, and the audit records it', async () => {
    // A cashier's header has no catalog import (no Inventory menu at all): the catalog is a manager's.
    expect(await page.getByTestId('inventory-menu').count()).toBe(0);
    await page.getByTestId('lock').click();
    await logIn(page, demoUsers.manager);
    await page.getByTestId('inventory-menu').click();
    await page.getByTestId('import-open').click();
    const csv = 'sku,name,price,tax_code\nE2E-OAT,E2E Oat Bar,0.79,STD\n';
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'oat-bar.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await eventually(text(page.getByTestId('import-report'))).toContain(
      'oat-bar.csv has 1 product: 1 new, 0 changed, 0 unchanged. Nothing is imported until you confirm.',
    );
    expect(row<{ n: number }>("SELECT count(*) AS n FROM products WHERE sku = 'E2E-OAT'").n).toBe(0);
    await session.screenshot('import-dry-run');
    await page.getByTestId('import-confirm').click();
    await eventually(text(page.getByTestId('import-report'))).toContain(
      'Imported 1 product from oat-bar.csv',
    );
    await session.screenshot('import-done');
    expect(row('SELECT user_id, approver_id FROM audit_log WHERE action = ?', 'catalog.import')).toEqual({
      user_id: userId('Morgan'),
      approver_id: null,
    });
    await page.keyboard.press('Escape');
    await page.getByTestId('import-report').waitFor({ state: 'hidden' });
    await page.getByTestId('lock').click();
    await logIn(page, demoUsers.cashier);
  });

  it('parks a sale, serves the next customer, and resumes the parked one', async () => {
    await ring(p3());
    await page.keyboard.press('F3');
    await eventually(() => cartLines().count()).toBe(0);
    await eventually(() => page.getByTestId('parked-sale').count()).toBe(1);
    expect(count('parked_sales')).toBe(1);
    await session.screenshot('parked');

    await page.getByTestId('resume-sale').click();
    await eventually(() => cartLines().count()).toBe(1);
    expect(await line(p3().sku).count()).toBe(1);
    expect(count('parked_sales')).toBe(0);
    await ring(p4());
    receipts.card = await payAndComplete(page, 'card', money(0));
    expect(
      rows(
        'SELECT kind FROM sale_tenders t JOIN sales s USING (sale_id) WHERE s.receipt_number = ?',
        receipts.card,
      ),
    ).toEqual([{ kind: 'card' }]);
  });

  it('returns one of three with the receipt, to cash, back to stock', async () => {
    const before = onHand(p1().id);
    await page.keyboard.press('F7');
    await page.getByTestId('receipt-lookup-input').fill(receipts.cash!);
    await page.getByTestId('receipt-lookup-input').press('Enter');
    const returnLine = page.locator(`[data-testid="return-line"][data-sku="${p1().sku}"]`);
    await eventually(text(returnLine.getByTestId('return-line-status'))).toBe('Sold 3 · 3 returnable');
    await returnLine.getByTestId('return-qty-plus').click();
    await eventually(text(page.getByTestId('return-amount'))).toBe(money(p1().priceMinor));
    await eventually(text(page.locator('[data-testid="refund-line"][data-kind="cash"] .tender-amount'))).toBe(
      money(p1().priceMinor),
    );
    await session.screenshot('return');
    await page.getByTestId('return-complete').click();
    await eventually(text(page.getByTestId('refund-cash'))).toContain(money(p1().priceMinor));
    // The return's own receipt: what came back, the cash going back, the sale it is for, who took it.
    const returnReceipt = page.getByTestId('return-receipt');
    await eventually(text(returnReceipt.getByTestId('receipt-notes'))).toContain(
      `For receipt ${receipts.cash}`,
    );
    await eventually(text(returnReceipt)).toContain(`Cash back${money(p1().priceMinor)}`);
    await eventually(text(returnReceipt.getByTestId('receipt-cashier'))).toBe('Alex');
    await session.screenshot('return-done');

    const done = row<{ return_id: string; user_id: string; approver_id: string | null }>(
      'SELECT return_id, user_id, approver_id FROM returns WHERE original_receipt_number = ?',
      receipts.cash,
    );
    expect(done).toMatchObject({ user_id: userId('Alex'), approver_id: null });
    expect(
      rows('SELECT sku, quantity, disposition FROM return_lines WHERE return_id = ?', done.return_id),
    ).toEqual([{ sku: p1().sku, quantity: 1, disposition: 'sellable' }]);
    expect(rows('SELECT kind, amount_minor FROM refunds WHERE document_id = ?', done.return_id)).toEqual([
      { kind: 'cash', amount_minor: p1().priceMinor },
    ]);
    expect(onHand(p1().id)).toBe(before + 1);

    // The same receipt again: what was returned is no longer returnable.
    await page.getByTestId('return-next').click();
    await page.getByTestId('receipt-lookup-input').fill(receipts.cash!);
    await page.getByTestId('receipt-lookup-input').press('Enter');
    await eventually(text(returnLine.getByTestId('return-line-status'))).toBe(
      'Sold 3 · returned 1 · 2 returnable',
    );
  });

  it('exchanges an item of the card sale for another, showing the balance due', async () => {
    await page.getByTestId('return-cancel').click();
    // The card sale's receipt read by a hardware scanner: main hands it to the open Returns screen.
    bridge.app.events.emit('scan.read', {
      code: receipts.card!,
      by: { scannerId: 'serial:/dev/ttyACM0', user: null },
    });
    const returnLine = page.locator(`[data-testid="return-line"][data-sku="${p3().sku}"]`);
    await returnLine.getByTestId('return-qty-plus').click();
    await returnLine.getByTestId('disposition-damaged').click();
    await page.getByTestId('exchange-toggle').check();
    // The new item, scanned: in an exchange, item scans go onto the new side.
    await session.scan(p2().code);
    await eventually(() => page.getByTestId('exchange-line').count()).toBe(1);
    await session.scan(p2().code);
    await eventually(text(page.getByTestId('exchange-total'))).toBe(money(2 * p2().priceMinor));
    const balance = 2 * p2().priceMinor - p3().priceMinor;
    await eventually(text(page.getByTestId('return-amount'))).toBe(money(Math.abs(balance)));
    await session.screenshot('exchange');
    await page.getByTestId('return-complete').click();
    await page.getByTestId('return-done').waitFor();
    await eventually(text(page.getByTestId('return-done'))).toContain('Exchange complete');

    const done = row<{ return_id: string }>(
      'SELECT return_id FROM returns WHERE original_receipt_number = ?',
      receipts.card,
    );
    expect(rows('SELECT sku, disposition FROM return_lines WHERE return_id = ?', done.return_id)).toEqual([
      { sku: p3().sku, disposition: 'damaged' },
    ]);
    expect(
      row<{ damaged: number }>('SELECT damaged FROM stock_balances WHERE product_id = ?', p3().id).damaged,
    ).toBe(1);
    const exchangeSale = row<{ total_minor: number }>(
      'SELECT total_minor FROM sales WHERE sale_id = (SELECT exchange_sale_id FROM returns WHERE return_id = ?)',
      done.return_id,
    );
    expect(exchangeSale.total_minor).toBe(2 * p2().priceMinor);
    expect((await call('sale.current')).lines).toEqual([]);
  });

  it('cannot verify another register’s receipt offline, and offers the return without receipt', async () => {
    await page.getByTestId('return-next').click();
    // Not enrolled with head office, so a receipt from another register cannot be checked.
    await page.getByTestId('receipt-lookup-input').fill('R9-000123');
    await page.getByTestId('receipt-lookup-input').press('Enter');
    await eventually(text(page.getByTestId('return-missed'))).toContain(
      'Cannot verify this receipt (offline). Cannot verify receipt R9-000123',
    );
    await session.screenshot('return-offline');
    await page.getByTestId('no-receipt-instead').click();
    await page.getByTestId('no-receipt-items').waitFor();
  });

  it('takes a return without receipt only with a manager PIN; cancelling changes nothing', async () => {
    await page.getByTestId('no-receipt-search').fill(p4().sku);
    await page.locator('[data-testid="search-result"]').first().waitFor();
    await page.getByTestId('no-receipt-search').press('Enter');
    await eventually(() => page.getByTestId('return-line').count()).toBe(1);
    await page.getByTestId('return-reason').fill('Faulty, no receipt');
    await eventually(text(page.getByTestId('approvals-needed'))).toContain('take a return without a receipt');
    const returnsBefore = count('returns');

    await page.getByTestId('return-complete').click();
    await page.getByTestId('approval-dialog').waitFor();
    await page.getByTestId('approval-cancel').click();
    await page.getByTestId('approval-dialog').waitFor({ state: 'hidden' });
    expect(count('returns')).toBe(returnsBefore);
    expect(await page.getByTestId('error-banner').count()).toBe(0);

    await page.getByTestId('return-complete').click();
    // Alex is a cashier: his own PIN cannot approve.
    await approve('take a return without a receipt', demoUsers.cashier.pin);
    await eventually(text(page.getByTestId('approval-dialog').getByTestId('pin-message'))).toContain(
      'may not approve',
    );
    await session.screenshot('approval');
    await approve('take a return without a receipt', demoUsers.manager.pin);
    await eventually(text(page.getByTestId('refund-cash'))).toContain(money(p4().priceMinor));

    const done = row<{ return_id: string; reason: string; user_id: string; approver_id: string }>(
      'SELECT return_id, reason, user_id, approver_id FROM returns WHERE original_sale_id IS NULL',
    );
    expect(done).toMatchObject({
      reason: 'Faulty, no receipt',
      user_id: userId('Alex'),
      approver_id: userId('Morgan'),
    });
    expect(row('SELECT user_id, approver_id FROM audit_log WHERE action = ?', 'return.noReceipt')).toEqual({
      user_id: userId('Alex'),
      approver_id: userId('Morgan'),
    });
    await page.getByTestId('return-next').click();
    await page.keyboard.press('F7');
    await page.getByTestId('search-input').waitFor();
  });

  it('gives a discount within the limit, and asks a manager to approve more, a price change and a cancel', async () => {
    await ring(p4());
    await page.getByTestId('cart-discount').click();
    await page.getByTestId('discount-value').fill('5');
    await page.getByRole('button', { name: 'Price match' }).click();
    await page.getByTestId('discount-apply').click();
    await page.getByTestId('discount-form').waitFor({ state: 'hidden' });
    await eventually(async () => (await call('sale.current')).cartDiscount?.reason).toBe('Price match');

    await line(p4().sku).getByTestId('line-adjust').click();
    await page.getByTestId('discount-value').fill('20');
    await page.getByRole('button', { name: 'Damaged packaging' }).click();
    await page.getByTestId('discount-apply').click();
    await approve('give a discount above your limit', demoUsers.manager.pin);
    await eventually(text(line(p4().sku).getByTestId('line-discount'))).toContain(
      '20 % off: Damaged packaging',
    );

    await line(p4().sku).getByTestId('line-adjust').click();
    await page.getByTestId('adjust-tab-price').click();
    await page.getByTestId('price-value').fill('1');
    await page.getByTestId('adjust-reason').fill('Shelf label showed 1.00');
    await page.getByTestId('price-apply').click();
    await approve('change a price', demoUsers.manager.pin);
    await eventually(text(line(p4().sku).getByTestId('line-override'))).toBe(
      `Price changed from ${money(p4().priceMinor)}: Shelf label showed 1.00`,
    );
    const sale = await call('sale.current');
    expect(sale.lines[0]).toMatchObject({
      unitPriceMinor: 100,
      priceOverride: { catalogPriceMinor: p4().priceMinor },
    });
    await eventually(text(page.getByTestId('total'))).toBe(money(sale.totals.totalMinor));
    await eventually(text(page.getByTestId('discount-total'))).toBe(`−${money(sale.totals.discountMinor)}`);
    await session.screenshot('discounts');
    for (const action of ['discount.overLimit', 'price.override']) {
      expect(row('SELECT user_id, approver_id FROM audit_log WHERE action = ?', action), action).toEqual({
        user_id: userId('Alex'),
        approver_id: userId('Morgan'),
      });
    }

    // Cancelling a sale takes two taps, and a cashier needs approval for it.
    await page.getByTestId('cancel-sale').click();
    await page.getByTestId('cancel-sale').click();
    await approve('cancel the sale', demoUsers.manager.pin);
    await eventually(() => cartLines().count()).toBe(0);
    expect(row('SELECT approver_id FROM audit_log WHERE action = ?', 'sale.cancel')).toEqual({
      approver_id: userId('Morgan'),
    });
  });

  it('locks with the sale open, switches to the manager, who removes the line without approval', async () => {
    await ring(p1());
    await page.keyboard.press('F9');
    await page.getByTestId('lock-screen').waitFor();
    await eventually(text(page.getByTestId('lock-note'))).toContain('The open sale (1 line');
    await session.screenshot('lock');
    expect((await call('auth.current')).locked).toBe(true);
    await logIn(page, demoUsers.manager);
    await page.getByTestId('search-input').waitFor();
    await eventually(text(page.getByTestId('current-user'))).toBe('Morgan');
    await eventually(() => cartLines().count()).toBe(1);

    await line(p1().sku).getByTestId('line-remove').click();
    await eventually(() => cartLines().count()).toBe(0);
    expect(await page.getByTestId('approval-dialog').count()).toBe(0);
    expect(row('SELECT user_id, approver_id FROM audit_log WHERE action = ?', 'line.void')).toEqual({
      user_id: userId('Morgan'),
      approver_id: null,
    });
  });

  it('post-voids a completed sale from the receipt lookup: stock and money go back', async () => {
    await ring(p2());
    receipts.toVoid = await payAndComplete(page, 'cash', money(0));
    const before = onHand(p2().id);
    await page.getByTestId('receipts-open').click();
    // Picked from the register's latest sales, newest first: the one just made heads the list.
    const recent = page.getByTestId('recent-sale');
    await eventually(() => recent.first().getAttribute('data-receipt')).toBe(receipts.toVoid);
    await eventually(
      text(page.locator(`[data-testid="recent-sale"][data-receipt="${receipts.cash}"]`)),
    ).toContain('Returned');
    await recent.first().click();
    await page.getByTestId('post-void-open').click();
    await page.getByTestId('post-void-reason').fill('Rang up by mistake');
    await page.getByTestId('post-void-confirm').click();
    await eventually(text(page.getByTestId('void-result'))).toContain(`${money(p2().priceMinor)} in cash`);
    await eventually(text(page.getByTestId('sale-voided'))).toBe('This sale was voided.');
    await eventually(text(page.getByTestId('void-receipt'))).toContain(`Voids sale ${receipts.toVoid}`);
    await eventually(text(recent.first())).toContain('Voided');
    await session.screenshot('post-void');

    const voided = row<{ void_id: string; user_id: string; reason: string }>(
      'SELECT v.void_id, v.user_id, v.reason FROM sale_voids v JOIN sales s USING (sale_id) WHERE s.receipt_number = ?',
      receipts.toVoid,
    );
    expect(voided).toMatchObject({ user_id: userId('Morgan'), reason: 'Rang up by mistake' });
    expect(onHand(p2().id)).toBe(before + 1);
    await page.keyboard.press('Escape');
  });

  it('closes the shift blind as the cashier with a €2.09 short: recount, reason, approval and the Z report', async () => {
    // Head office set this store's over/short limit at €2.00.
    const { settings } = bridge.app.services;
    settings.saveStore({ ...settings.store(), overShortThresholdMinor: 200 });
    await page.getByTestId('lock').click();
    await logIn(page, demoUsers.cashier);
    await page.getByTestId('search-input').waitFor();
    const shiftState = await call('shift.current');
    const short = 209;

    await page.getByTestId('shift-open').click();
    await page.getByTestId('cash-out').click();
    await page.getByTestId('cash-movement-amount').fill('20');
    await page.getByTestId('cash-movement-reason').fill('Banking');
    await page.getByTestId('cash-movement-confirm').click();
    await approve('put cash into or take cash out of the drawer', demoUsers.manager.pin);
    await eventually(text(page.getByTestId('cash-movement'))).toContain('Cash out: Banking');
    expect(row('SELECT kind, amount_minor, user_id, approver_id FROM shift_cash_movements')).toEqual({
      kind: 'out',
      amount_minor: 2000,
      user_id: userId('Alex'),
      approver_id: userId('Morgan'),
    });
    // The drawer should hold the float, plus cash taken, less cash refunded and the cash taken out.
    const cashIn = row<{ n: number }>(
      "SELECT coalesce(sum(t.amount_minor), 0) - (SELECT coalesce(sum(change_minor), 0) FROM sales) AS n FROM sale_tenders t WHERE t.kind = 'cash'",
    ).n;
    const cashOut = row<{ n: number }>(
      "SELECT coalesce(sum(amount_minor), 0) AS n FROM refunds WHERE kind = 'cash'",
    ).n;
    const expected = 10_000 + cashIn - cashOut - 2000;

    // The cashier's X report, on screen and printed alike, has nothing the expected cash follows from.
    await page.getByTestId('x-report-open').click();
    await eventually(text(page.getByTestId('x-report'))).toContain(
      'Takings and cash: counted blind at close',
    );
    const xText = (await page.getByTestId('x-report').textContent()) ?? '';
    expect(xText).not.toContain('Expected in drawer');
    expect(xText).not.toContain(money(expected).replace(/\u00a0/g, ' '));
    await session.screenshot('x-report-blind');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByTestId('close-shift-open').click();
    await page.getByTestId('close-shift-screen').waitFor();

    // A first count €3.00 short: count again, from an empty count, told nothing of the drawer's figure.
    await enterCount(page, countFor(expected - 300, shiftState.denominations));
    await page.getByTestId('close-shift').click();
    await eventually(text(page.getByTestId('close-shift-error'))).toMatch(
      /^Count again: the count is further/,
    );
    const recountText = (await page.getByTestId('close-shift-screen').textContent()) ?? '';
    expect(recountText).not.toContain(money(expected));
    expect(recountText).not.toContain(money(300));
    await eventually(text(page.getByTestId('count-total'))).toBe(money(0));
    await session.screenshot('close-shift-recount');

    // The recount, €2.09 short: a reason, then the manager's PIN.
    await enterCount(page, countFor(expected - short, shiftState.denominations));
    await eventually(text(page.getByTestId('count-total'))).toBe(money(expected - short));
    await page.getByTestId('close-shift').click();
    await eventually(text(page.getByTestId('close-shift-error'))).toMatch(
      /^The recount was further .* Say why/,
    );
    await page.getByTestId('close-shift').click();
    await eventually(text(page.getByTestId('close-shift-error'))).toBe(
      'Give a reason for the over or short.',
    );
    await page.getByTestId('over-short-reason').fill('Change given twice');
    await session.screenshot('close-shift-reason');
    await page.getByTestId('over-short-reason').press('Enter');
    await approve("accept an over/short above the store's limit", demoUsers.manager.pin);

    await page.getByTestId('z-report-screen').waitFor();
    await eventually(text(page.getByTestId('over-short-amount'))).toBe(money(short));
    expect(await page.getByTestId('over-short').getAttribute('data-state')).toBe('short');
    await eventually(text(page.getByTestId('z-over-short-reason'))).toBe(
      `First count ${money(expected - 300)}, recount ${money(expected - short)}. Reason: Change given twice`,
    );
    await eventually(text(page.getByTestId('z-approved-by'))).toBe('Over/short approved by Morgan.');
    await eventually(text(page.getByTestId('z-report'))).toContain('Reason: Change given twice');
    await eventually(text(page.getByTestId('z-head-office'))).toContain('head office');
    await eventually(text(page.getByTestId('z-report'))).toContain('Z REPORT 1');
    await session.screenshot('z-report');

    const z = row<{
      number: number;
      expected_cash_minor: number;
      counted_minor: number;
      over_short_minor: number;
      closed_by: string;
      approver_id: string;
    }>(
      'SELECT number, expected_cash_minor, counted_minor, over_short_minor, closed_by, approver_id FROM z_reports',
    );
    expect(z).toEqual({
      number: 1,
      expected_cash_minor: expected,
      counted_minor: expected - short,
      over_short_minor: -short,
      closed_by: userId('Alex'),
      approver_id: userId('Morgan'),
    });

    await page.getByTestId('z-done').click();
    await page.getByTestId('open-shift-screen').waitFor();
    // The Z report stays as it was printed, to show and print again.
    await page.getByTestId('last-z-report').click();
    await eventually(text(page.getByTestId('z-report'))).toContain('Short');
    await page.getByTestId('z-done').click();
    await page.getByTestId('open-shift-screen').waitFor();
  });

  it('counts and reports a shift in the currency it opened in after head office changed the store’s', async () => {
    await enterCount(page, defaultFloat);
    await page.getByTestId('open-shift').click();
    await page.getByTestId('search-input').waitFor();
    // What the downstream sync does when head office's store sells in another currency.
    const { settings } = bridge.app.services;
    settings.saveStore({ ...settings.store(), currency: 'USD' });
    bridge.app.events.emit('settings.changed', settings.appInfo());
    const dollars = (minor: number) => formatMoney(minor, 'USD', info.settings.locale);
    await eventually(text(page.getByTestId('due'))).toBe(dollars(0));

    await page.getByTestId('shift-open').click();
    await page.getByTestId('close-shift-open').click();
    await page.getByTestId('close-shift-screen').waitFor();
    await enterCount(page, defaultFloat);
    await eventually(text(page.getByTestId('count-total'))).toBe(money(10_000));
    // 2 × 20 in the float: shown in euros, as the shift opened.
    expect(await page.locator('[data-testid="count-row"][data-value="2000"]').innerText()).toContain(
      money(2 * 2000),
    );
    await page.getByTestId('close-shift').click();
    await page.getByTestId('z-report-screen').waitFor();
    await eventually(text(page.getByTestId('over-short-amount'))).toBe(money(0));
    await page.getByTestId('z-done').click();
    await page.getByTestId('open-shift-screen').waitFor();
    settings.saveStore({ ...settings.store(), currency: info.settings.currency });
    bridge.app.events.emit('settings.changed', settings.appInfo());
  });
});
