/**
 * Layer 3: a cashier's sale, end to end. The built renderer and the built preload run in Debian Chromium,
 * bridged to the real register (test/harness/bridge-server.ts); the test types and clicks like a cashier and
 * checks both what the screen shows and what the ledger holds. Screenshots land in test-results/screenshots.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, OpenSale } from '../../src/shared/domain.ts';
import { gtinCheckDigit } from '../../src/shared/gtin.ts';
import { formatMoney } from '../../src/shared/money.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';

interface DemoProduct {
  id: number;
  sku: string;
  code: string;
  onHand: number;
}

let bridge: Bridge;
let session: BrowserSession;
let page: Page;
let info: AppInfo;
let products: DemoProduct[];
let receiptNumber: string;

/** A read-only call straight to the register, for the state the screen is expected to show. */
async function read<T>(channel: 'app.info' | 'sale.current'): Promise<T> {
  const envelope = await bridge.app.dispatch(channel, undefined);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.message}`);
  return envelope.value as T;
}

/** Polls until the screen shows what is expected (the UI updates after the register answers). */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();

const money = (minor: number) => formatMoney(minor, info.settings.currency, info.settings.locale);
const onHandInLedger = (productId: number) =>
  (
    bridge.app.db.prepare('SELECT on_hand FROM stock_balances WHERE product_id = ?').get(productId) as
      { on_hand: number } | undefined
  )?.on_hand ?? 0;

beforeAll(async () => {
  bridge = await startBridge({});
  info = await read<AppInfo>('app.info');
  // Three ordinary products from the demo catalog: sold by the piece, with an EAN-13 that is not an in-store
  // (prefix 2) code, enough on hand that selling three leaves no stock warning in the screenshots, and each
  // from a different tax rate where the catalog has them, so the totals mix rates.
  products = bridge.app.db
    .prepare(
      `SELECT id, sku, code, onHand FROM (
         SELECT p.id, p.sku, min(b.code) AS code, coalesce(s.on_hand, 0) AS onHand,
                row_number() OVER (PARTITION BY p.tax_code ORDER BY p.id) AS nthOfRate
         FROM products p
         JOIN barcodes b ON b.product_id = p.id
         LEFT JOIN stock_balances s ON s.product_id = p.id
         WHERE p.active = 1 AND p.unit = 'each' AND length(b.code) = 13 AND b.code NOT LIKE '2%'
           AND coalesce(s.on_hand, 0) >= 10
         GROUP BY p.id)
       ORDER BY nthOfRate, id LIMIT 3`,
    )
    .all() as DemoProduct[];
  if (products.length < 3)
    throw new Error('The demo catalog has fewer than 3 products with an EAN-13 and stock on hand.');
  session = await openBrowser(bridge.url);
  page = session.page;
  await openSaleScreen(session, demoUsers.cashier);
});

afterAll(async () => {
  await session?.close();
  await bridge?.close();
});

afterEach(() => expectNoNewProblems(session));

describe('checkout in Chromium against the real register', () => {
  const quantities = [1, 3, 1];

  it('adds a line for each of three scanner bursts, in the search field or with nothing focused', async () => {
    const lines = page.getByTestId('cart-line');
    const search = page.getByTestId('search-input');
    for (const [index, product] of products.entries()) {
      // The checkout screen opens with the search field focused; from the second scan on, nothing is.
      if (index === 1) await search.blur();
      expect(await page.evaluate('document.activeElement?.dataset.testid ?? null')).toBe(
        index === 0 ? 'search-input' : null,
      );
      await session.scan(product.code);
      await eventually(() => lines.count()).toBe(index + 1);
    }
    expect(await lines.evaluateAll((items) => items.map((item) => item.getAttribute('data-sku')))).toEqual(
      products.map((product) => product.sku),
    );
    expect(await search.inputValue()).toBe('');
  });

  it('changes the quantity of a line by typing it', async () => {
    const line = page.locator(`[data-testid="cart-line"][data-sku="${products[1]!.sku}"]`);
    await line.getByTestId('line-qty').fill('3');
    await line.getByTestId('line-qty').press('Enter');
    await eventually(() => line.getByTestId('line-qty').inputValue()).toBe('3');
    const sale = await read<OpenSale>('sale.current');
    expect(sale.lines.map((saleLine) => saleLine.quantity)).toEqual(quantities);
    await eventually(text(page.getByTestId('total'))).toBe(money(sale.totals.totalMinor));
    await session.screenshot('checkout');
  });

  it('takes cash above the total and shows the change due', async () => {
    const { dueMinor } = await read<OpenSale>('sale.current');
    const majorUnit = 10 ** info.currencyDigits;
    const received = (Math.floor(dueMinor / (10 * majorUnit)) + 1) * 10 * majorUnit; // the next 10 note up
    await page.getByTestId('pay-cash').click();
    await page.getByTestId('cash-amount').fill(String(received / majorUnit));
    await page.getByTestId('cash-confirm').click();
    await eventually(() => page.getByTestId('tender-line').count()).toBe(1);
    await eventually(text(page.getByTestId('due'))).toBe(money(0));
    await eventually(text(page.getByTestId('change-due'))).toBe(money(received - dueMinor));
  });

  it('completes the sale, shows the receipt number and writes the sale to the ledger', async () => {
    const { totals, changeMinor } = await read<OpenSale>('sale.current');
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('receipt').waitFor();
    receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
    expect(receiptNumber).not.toBe('');
    await session.screenshot('receipt');

    const sale = bridge.app.db
      .prepare('SELECT sale_id, total_minor, change_minor FROM sales WHERE receipt_number = ?')
      .get(receiptNumber) as { sale_id: string; total_minor: number; change_minor: number } | undefined;
    expect(sale, `a sale with receipt number ${receiptNumber} in the ledger`).toMatchObject({
      total_minor: totals.totalMinor,
      change_minor: changeMinor,
    });
    const lines = bridge.app.db
      .prepare('SELECT sku, quantity FROM sale_lines WHERE sale_id = ? ORDER BY line_no')
      .all(sale!.sale_id);
    expect(lines).toEqual(
      products.map((product, index) => ({ sku: product.sku, quantity: quantities[index] })),
    );
  });

  it('starts the next sale with an empty cart', async () => {
    await page.getByTestId('new-sale').click();
    await page.getByTestId('receipt').waitFor({ state: 'hidden' });
    await eventually(() => page.getByTestId('cart-line').count()).toBe(0);
  });

  it('shows the stock on hand reduced by what was sold in the availability panel', async () => {
    const product = products[1]!;
    const expected = product.onHand - quantities[1]!;
    expect(onHandInLedger(product.id)).toBe(expected);
    await page.getByTestId('availability-open').click();
    await page.getByTestId('availability-search').fill(product.sku);
    await page.locator(`[data-testid="availability-result"][data-sku="${product.sku}"]`).click();
    await eventually(text(page.getByTestId('availability-on-hand'))).toBe(
      new Intl.NumberFormat(info.settings.locale).format(expected),
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('availability-on-hand').waitFor({ state: 'hidden' });
  });

  it('refuses an unknown barcode with a message on screen and adds nothing', async () => {
    const unknown = unknownEan13();
    await session.scan(unknown);
    await eventually(text(page.getByTestId('error-banner'))).toContain(unknown);
    await eventually(() => page.getByTestId('cart-line').count()).toBe(0);
    expect((await read<OpenSale>('sale.current')).lines).toEqual([]);
  });
});

/** An EAN-13 with a correct check digit that no product in the ledger carries. */
function unknownEan13(): string {
  const known = bridge.app.db.prepare('SELECT 1 FROM barcodes WHERE code = ?');
  for (let body = 400_000_000_000; ; body += 1) {
    const code = `${body}${gtinCheckDigit(String(body))}`;
    if (!known.get(code)) return code;
  }
}
