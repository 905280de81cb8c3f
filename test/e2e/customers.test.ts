/**
 * Layer 3: a customer on the sale at the register (issue 19), in Chromium against the real register with no head
 * office: the cashier makes a customer from the keyboard (offline), the receipt prints her name because she
 * asked for it, and her purchases lead to a return of that receipt, recorded for her. Screenshots land in
 * test-results/screenshots.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src/shared/domain.ts';
import { formatMoney } from '../../src/shared/money.ts';
import type { BrowserSession } from '../harness/browser.ts';
import { registerInBrowser } from '../harness/register-in-browser.ts';
import { demoUsers, openSaleScreen, payAndShowReceipt } from '../harness/register-session.ts';

const register = registerInBrowser();
const { call } = register;
let session: BrowserSession;
let page: Page;
let info: AppInfo;
let code: string;
let receiptNumber: string;

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();

beforeAll(async () => {
  ({ session, page } = register);
  info = await call('app.info');
  ({ code } = register.bridge.app.db
    .prepare(
      `SELECT min(b.code) AS code FROM products p
       JOIN barcodes b ON b.product_id = p.id JOIN stock_balances s ON s.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND length(b.code) = 13 AND b.code NOT LIKE '2%' AND s.on_hand >= 5
       GROUP BY p.id ORDER BY p.id LIMIT 1`,
    )
    .get() as { code: string });
  await openSaleScreen(session, demoUsers.cashier);
});

describe('a customer on the sale', () => {
  it('is made from the keyboard, offline, and named on the receipt she asked for', async () => {
    await page.keyboard.press('F5');
    await page.getByTestId('customer-query').waitFor();
    await page.getByTestId('customer-new').click();
    await page.getByTestId('customer-name').fill('Ada Lovelace');
    await page.getByTestId('customer-phone').fill('+44 20 7946 0000');
    await page.getByTestId('customer-email').fill('ada@example.com');
    await page.getByTestId('customer-name-on-receipt').check();
    await session.screenshot('customer-new');
    await page.getByTestId('customer-email').press('Enter');
    await eventually(text(page.getByTestId('customer-open'))).toContain('Ada Lovelace');
    expect(await call('customer.attached')).toMatchObject({ name: 'Ada Lovelace', nameOnReceipt: true });

    await session.scan(code);
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    receiptNumber = await payAndShowReceipt(
      page,
      'cash',
      formatMoney(0, info.settings.currency, info.settings.locale),
    );
    expect(await text(page.getByTestId('receipt-customer'))()).toBe('Ada Lovelace');
    await session.screenshot('customer-receipt');
    await page.getByTestId('new-sale').click();
    // The next sale starts without her.
    await eventually(text(page.getByTestId('customer-open'))).toContain('Customer');
  });

  it('finds her by a piece of her name, and her purchases lead to a return of that receipt, for her', async () => {
    await page.keyboard.press('F5');
    await page.getByTestId('customer-query').fill('lovel');
    await eventually(() => page.getByTestId('customer-hit').count()).toBe(1);
    await session.screenshot('customer-search');
    await page.getByTestId('customer-hit-history').click();
    await eventually(() => page.getByTestId('customer-purchase').count()).toBe(1);
    // Offline: the cashier is told this is this register's history only.
    await page.getByTestId('customer-history-local').waitFor();
    expect(await text(page.getByTestId('customer-purchase'))()).toContain(receiptNumber);
    await session.screenshot('customer-history');

    await page.getByTestId('customer-return-from').click();
    await eventually(text(page.getByTestId('return-receipt-number'))).toBe(receiptNumber);
    await eventually(text(page.getByTestId('customer-open'))).toContain('Ada Lovelace');
    await page.getByTestId('return-qty-plus').first().click();
    await page.getByTestId('return-complete').click();
    await page.getByTestId('return-done').waitFor();

    const { customerId } = register.bridge.app.db
      .prepare('SELECT customer_id AS customerId FROM customers')
      .get() as { customerId: string };
    const history = await call('customer.history', { customerId });
    expect(history.purchases.map((purchase) => purchase.kind).sort()).toEqual(['return', 'sale']);
  });
});
