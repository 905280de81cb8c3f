/**
 * Layer 3: what a cashier does on the sale screen between scanning and paying, in Chromium against the real
 * register: a quantity typed and not confirmed, a scan into the quantity field, a step after typing, a card
 * after cash with cash rounding, the stored code or SKU of goods sold by weight, and cash typed for one
 * customer. Each test starts from an empty sale.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src/shared/domain.ts';
import { formatMoney } from '../../src/shared/money.ts';
import type { BrowserSession } from '../harness/browser.ts';
import { registerInBrowser } from '../harness/register-in-browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';

interface DemoProduct {
  id: number;
  sku: string;
  code: string;
  priceMinor: number;
}

const register = registerInBrowser();
let session: BrowserSession;
let page: Page;
let info: AppInfo;

const current = () => register.call('sale.current');
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const money = (minor: number) => formatMoney(minor, info.settings.currency, info.settings.locale);

/** A product from the demo catalog with a barcode of its own (not a prefix-2 in-store code, unless weighed). */
function product(where: string): DemoProduct {
  const found = register.bridge.app.db
    .prepare(
      `SELECT p.id, p.sku, min(b.code) AS code, p.price_minor AS priceMinor
       FROM products p JOIN barcodes b ON b.product_id = p.id
       LEFT JOIN stock_balances s ON s.product_id = p.id
       WHERE p.active = 1 AND length(b.code) = 13 AND ${where}
       GROUP BY p.id ORDER BY p.id LIMIT 1`,
    )
    .get() as DemoProduct | undefined;
  if (!found) throw new Error(`The demo catalog has no product where ${where}.`);
  return found;
}
const piece = () => product(`p.unit = 'each' AND b.code NOT LIKE '2%' AND coalesce(s.on_hand, 0) >= 20`);

/** The only line of the sale on screen. */
const line = () => page.getByTestId('cart-line');
const quantityField = () => line().getByTestId('line-qty');

beforeAll(async () => {
  ({ session, page } = register);
  info = await register.call('app.info');
  await openSaleScreen(session, demoUsers.manager);
});

beforeEach(async () => {
  // The last test's payments go back first: a sale the customer has paid on is not cancelled.
  for (const { tenderId } of (await current()).tenders)
    await register.call('sale.removeTender', { tenderId });
  await register.call('sale.cancel');
  await page.reload();
  await page.getByTestId('search-input').waitFor();
});

/** Scans `item` and waits for its line. */
async function sell(item: DemoProduct): Promise<void> {
  await session.scan(item.code);
  await eventually(() => line().count()).toBe(1);
}

describe('the sale screen takes what the cashier typed', () => {
  it('charges the card (F8) and completes (F12) for a quantity typed without Enter', async () => {
    const item = piece();
    await sell(item);
    await quantityField().fill('3');
    await page.keyboard.press('F8');
    await eventually(async () => (await current()).tenders.map((tender) => tender.amountMinor)).toEqual([
      3 * item.priceMinor,
    ]);
    await page.keyboard.press('F12');
    await page.getByTestId('receipt').waitFor();
    const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
    const recorded = register.bridge.app.db
      .prepare(
        `SELECT l.quantity, s.total_minor AS totalMinor FROM sales s JOIN sale_lines l ON l.sale_id = s.sale_id
         WHERE s.receipt_number = ?`,
      )
      .all(receiptNumber);
    expect(recorded).toEqual([{ quantity: 3, totalMinor: 3 * item.priceMinor }]);
  });

  it('parks (F3) a quantity typed without Enter', async () => {
    const item = piece();
    const parkedBefore = (await register.call('sale.parked')).length;
    await sell(item);
    await quantityField().fill('6');
    await page.keyboard.press('F3');
    await eventually(() => line().count()).toBe(0);
    const parked = await register.call('sale.parked');
    expect(parked).toHaveLength(parkedBefore + 1);
    expect(parked.find((sale) => sale.totalMinor === 6 * item.priceMinor)?.itemCount).toBe(6);
  });

  it('counts a scan into the focused quantity field, shows it, and keeps it when the field loses focus', async () => {
    const item = piece();
    await sell(item);
    await quantityField().fill('4');
    await quantityField().press('Enter');
    await eventually(async () => (await current()).lines[0]?.quantity).toBe(4);
    await session.scan(item.code); // the field still has focus
    await eventually(async () => (await current()).lines[0]?.quantity).toBe(5);
    await eventually(() => quantityField().inputValue()).toBe('5');
    await page.getByTestId('pay-card').click();
    await eventually(async () => (await current()).dueMinor).toBe(0);
    const sale = await current();
    expect(sale.lines[0]?.quantity).toBe(5);
    expect(sale.paidMinor).toBe(5 * item.priceMinor);
  });

  it('steps from a typed quantity: 7 typed, then + makes 8', async () => {
    await sell(piece());
    await quantityField().fill('7');
    await line().getByTestId('line-qty-plus').click();
    await eventually(() => quantityField().inputValue()).toBe('8');
    expect((await current()).lines[0]?.quantity).toBe(8);
  });

  it('does not carry cash typed for a parked sale over to the next customer', async () => {
    const item = piece();
    await sell(item);
    await page.keyboard.press('F4');
    await page.getByTestId('cash-amount').fill('50');
    await page.keyboard.press('F3');
    await eventually(() => line().count()).toBe(0);
    expect(await page.getByTestId('cash-amount').count()).toBe(0);
    await sell(item);
    await page.keyboard.press('F4');
    expect(await page.getByTestId('cash-amount').inputValue()).toBe('');
    await page.getByTestId('cash-amount').press('Enter');
    await eventually(async () => (await current()).tenders.map((tender) => tender.amountMinor)).toEqual([
      item.priceMinor,
    ]);
  });

  it('reads cash as the store writes it: "1,000" is a thousand in an Irish store, not one', async () => {
    const item = piece();
    await sell(item);
    await page.keyboard.press('F4');
    await page.getByTestId('cash-amount').fill('1,000');
    await eventually(() => page.locator('.cash-hint').textContent()).toContain('Change to give:');
    await page.getByTestId('cash-amount').press('Enter');
    await eventually(async () => (await current()).tenders.map((tender) => tender.amountMinor)).toEqual([
      100_000,
    ]);
  });
});

describe('cash rounding to 0.05', () => {
  beforeAll(() => {
    const { settings } = register.bridge.app.services;
    settings.saveStore({ ...settings.store(), cashRoundingMinor: 5 });
  });
  afterAll(() => {
    const { settings } = register.bridge.app.services;
    settings.saveStore({ ...settings.store(), cashRoundingMinor: 0 });
  });

  it('charges a card the exact rest after part paid in cash, and shows that as due', async () => {
    // Its price rounds up in cash (…3, …4, …8, …9): a card must not pay that rounding.
    const item = product(
      `p.unit = 'each' AND b.code NOT LIKE '2%' AND p.price_minor > 100 AND p.price_minor % 5 >= 3`,
    );
    const cashMinor = Math.floor(item.priceMinor / 100) * 100;
    const rest = item.priceMinor - cashMinor;
    await sell(item);
    await page.keyboard.press('F4');
    await page.getByTestId('cash-amount').fill(String(cashMinor / 100));
    await page.getByTestId('cash-amount').press('Enter');
    await eventually(async () => (await current()).paidMinor).toBe(cashMinor);
    await eventually(async () => (await page.getByTestId('due').textContent())?.trim()).toBe(money(rest));
    await page.getByTestId('pay-card').click();
    await eventually(async () => (await current()).dueMinor).toBe(0);
    expect((await current()).tenders.map((tender) => [tender.kind, tender.amountMinor])).toEqual([
      ['cash', cashMinor],
      ['card', rest],
    ]);
    expect(await page.getByTestId('error-banner').count()).toBe(0);
  });
});

describe('goods sold by weight', () => {
  it.each([
    ['a keyboard-wedge scanner reads their stored code', (item: DemoProduct) => session.scan(item.code)],
    [
      'a hardware scanner reads their stored code (main refuses it and tells the screen)',
      async (item: DemoProduct) => {
        register.bridge.app.devices.receiveScan(item.code, { scannerId: 'serial:/dev/ttyACM0', user: null });
      },
    ],
    ['a scanner reads their SKU (a shelf label)', (item: DemoProduct) => session.scan(item.sku)],
  ])('asks for the weight when %s', async (_how, pick) => {
    const cheese = product(`p.unit = 'kg'`);
    await pick(cheese);
    await page.getByTestId('weight-input').fill('0.5');
    await page.getByTestId('weight-input').press('Enter');
    await eventually(() => line().count()).toBe(1);
    expect((await current()).lines.map((saleLine) => [saleLine.sku, saleLine.quantity])).toEqual([
      [cheese.sku, 500],
    ]);
    expect(await page.getByTestId('error-banner').count()).toBe(0);
  });
});
