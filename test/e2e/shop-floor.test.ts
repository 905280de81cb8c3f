/**
 * Layer 3: what a shop worker trips over on the register's screens (issue 14), in Chromium against the real
 * register: the lock screen taking the PIN of whoever types it, Enter and empty reasons in forms, receipt
 * numbers typed without their prefix, return receipts under Receipts, messages in shop words, parked sales.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src/shared/domain.ts';
import { formatMoney } from '../../src/shared/money.ts';
import type { BrowserSession } from '../harness/browser.ts';
import { registerInBrowser } from '../harness/register-in-browser.ts';
import { defaultFloat, demoUsers, enterCount, logIn, payAndComplete } from '../harness/register-session.ts';

const register = registerInBrowser();
const { call } = register;
let session: BrowserSession;
let page: Page;
let info: AppInfo;
/** EAN-13 codes of products sold by the piece, with stock. */
let codes: string[];
let saleReceipt: string;

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
const money = (minor: number) => formatMoney(minor, info.settings.currency, info.settings.locale);

beforeAll(async () => {
  ({ session, page } = register);
  info = await call('app.info');
  codes = (
    register.bridge.app.db
      .prepare(
        `SELECT min(b.code) AS code FROM products p
         JOIN barcodes b ON b.product_id = p.id JOIN stock_balances s ON s.product_id = p.id
         WHERE p.active = 1 AND p.unit = 'each' AND length(b.code) = 13 AND b.code NOT LIKE '2%'
           AND s.on_hand >= 10
         GROUP BY p.id ORDER BY p.id LIMIT 3`,
      )
      .all() as { code: string }[]
  ).map((row) => row.code);
});

describe('opening the shift', () => {
  it('opens it with Enter on the last count', async () => {
    await logIn(page, demoUsers.cashier);
    await page.getByTestId('open-shift-screen').waitFor();
    await enterCount(page, defaultFloat);
    await page.getByTestId('count-input').last().press('Enter');
    await page.getByTestId('search-input').waitFor();
    expect((await call('shift.current')).shift?.floatMinor).toBe(10_000);
  });
});

describe('the lock screen', () => {
  const tile = (name: string) => page.locator(`[data-testid="login-user"][data-name="${name}"]`);

  it('logs in whoever the PIN belongs to, though another person is chosen', async () => {
    await page.keyboard.press('F9');
    await page.getByTestId('lock-screen').waitFor();
    // Alex locked the register, so Alex is chosen; the manager types their own PIN.
    expect(await tile(demoUsers.cashier.name).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type(demoUsers.manager.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('search-input').waitFor();
    await eventually(text(page.getByTestId('current-user'))).toBe(demoUsers.manager.name);
    expect((await call('auth.current')).user?.name).toBe(demoUsers.manager.name);
  });

  it('takes the digits typed after a name is clicked as the PIN', async () => {
    await page.keyboard.press('F9');
    await page.getByTestId('lock-screen').waitFor();
    await tile(demoUsers.supervisor.name).click();
    await page.keyboard.type(demoUsers.supervisor.pin);
    await eventually(() => page.getByTestId('pin-input').inputValue()).toBe(demoUsers.supervisor.pin);
    await page.keyboard.press('Enter');
    await eventually(text(page.getByTestId('current-user'))).toBe(demoUsers.supervisor.name);
  });
});

describe('forms that need a reason', () => {
  it('a discount asks for the reason when Enter is pressed without one, and applies with Enter once given', async () => {
    await session.scan(codes[0]!);
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId('cart-discount').click();
    await page.getByTestId('discount-value').fill('10');
    await page.getByTestId('discount-value').press('Enter');
    await eventually(text(page.getByTestId('adjust-error'))).toBe('Give a reason for the discount.');
    expect((await call('sale.current')).cartDiscount).toBeNull();

    await page.getByTestId('adjust-reason').fill('Price match');
    await page.getByTestId('adjust-reason').press('Enter');
    await page.getByTestId('discount-form').waitFor({ state: 'hidden' });
    expect((await call('sale.current')).cartDiscount).toMatchObject({ reason: 'Price match' });
    saleReceipt = await payAndComplete(page, 'cash', money(0));
  });

  it('cash taken out of the drawer says so when the reason is missing', async () => {
    await page.getByTestId('shift-open').click();
    await page.getByTestId('cash-out').click();
    await page.getByTestId('cash-movement-amount').fill('5');
    await page.getByTestId('cash-movement-amount').press('Enter');
    await eventually(text(page.getByTestId('cash-movement-form').getByRole('alert'))).toBe(
      'Give a reason for taking cash out.',
    );
    expect((await call('shift.current')).cashMovements).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('cash-movement-form').waitFor({ state: 'hidden' });
  });
});

describe('returns', () => {
  it('says a receipt number typed without its prefix is not one, and how one looks', async () => {
    await page.keyboard.press('F7');
    const digits = saleReceipt.slice(saleReceipt.lastIndexOf('-') + 1);
    await page.getByTestId('receipt-lookup-input').fill(digits);
    await page.getByTestId('receipt-lookup-input').press('Enter');
    const missed = page.getByTestId('return-missed');
    await eventually(text(missed)).toContain(`No sale has receipt number ${digits}.`);
    expect(await missed.textContent()).toContain('Receipt numbers look like R1-000123');
    expect(await missed.textContent()).not.toContain('head office');
  });

  it('finds a return receipt again under Receipts, from the list or by its number', async () => {
    await page.getByTestId('receipt-lookup-input').fill(saleReceipt);
    await page.getByTestId('receipt-lookup-input').press('Enter');
    await page.getByTestId('return-qty-plus').first().click();
    await eventually(async () => page.getByTestId('return-complete').isEnabled()).toBe(true);
    await page.getByTestId('return-complete').click();
    const returnReceipt = (await page.getByTestId('return-done-number').innerText()).trim();
    await page.getByTestId('return-next').click();
    await page.keyboard.press('F7');
    await page.getByTestId('search-input').waitFor();

    await page.getByTestId('receipts-open').click();
    const listed = page.locator(`[data-testid="recent-return"][data-receipt="${returnReceipt}"]`);
    await listed.click();
    const shown = page.getByTestId('return-receipt');
    await eventually(text(shown.getByTestId('receipt-number'))).toBe(returnReceipt);
    expect(await shown.getByTestId('receipt-notes').textContent()).toContain(`For receipt ${saleReceipt}`);
    await session.screenshot('receipts-return');

    // Typed: the return's own receipt, not a refusal to return a return.
    await page.getByTestId('recent-sale').first().click();
    await page.getByTestId('receipt').waitFor();
    await page.getByTestId('receipt-lookup-input').fill(returnReceipt);
    await page.getByTestId('receipt-lookup-input').press('Enter');
    await eventually(text(page.getByTestId('return-receipt').getByTestId('receipt-number'))).toBe(
      returnReceipt,
    );
    expect(await page.getByTestId('receipts-error').count()).toBe(0);
    await page.keyboard.press('Escape');
  });
});

describe('parked sales', () => {
  it('can be named, and show how many wait during another sale', async () => {
    await session.scan(codes[1]!);
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.keyboard.press('F3');
    await page.getByTestId('parked-sale').waitFor();
    await page.getByTestId('name-parked').click();
    await page.getByTestId('parked-name-input').fill('Blue coat, back in 5');
    await page.getByTestId('parked-name-input').press('Enter');
    await eventually(text(page.getByTestId('parked-sale-name'))).toBe('Blue coat, back in 5');
    expect((await call('sale.parked')).map((parked) => parked.name)).toEqual(['Blue coat, back in 5']);

    // The next customer: the parked sale is out of sight, its badge is not.
    await session.scan(codes[2]!);
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    await eventually(text(page.getByTestId('parked-badge'))).toBe('1 parked');
    await session.screenshot('parked-badge');
    await page.getByTestId('parked-badge').click();
    await eventually(text(page.getByTestId('parked-sale-name'))).toBe('Blue coat, back in 5');
    await page.getByTestId('resume-sale').click();
    await page.getByTestId('parked-sales').waitFor({ state: 'hidden' });
    // The sale that was on screen is parked in its place.
    await eventually(async () => (await call('sale.current')).lines.length).toBe(1);
    await eventually(text(page.getByTestId('parked-badge'))).toBe('1 parked');
  });
});
