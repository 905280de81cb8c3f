/**
 * Layer 3: the register's main screens at a common POS screen size (1024×768) and a full-HD one (1920×1080),
 * in Chromium against the real register. Each screen is saved under test-results/screenshots (screens-*.png) and
 * checked for what a person at the register would notice: the header shows the store, the register and the full
 * date; the status bar and the F-key legend do not overlap; no text or button is cut off or pushed off screen.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src/shared/domain.ts';
import { formatMoney } from '../../src/shared/money.ts';
import { saveScreenshot, type BrowserSession } from '../harness/browser.ts';
import { registerInBrowser } from '../harness/register-in-browser.ts';
import {
  defaultFloat,
  demoUsers,
  enterCount,
  logIn,
  payAndShowReceipt,
} from '../harness/register-session.ts';

const sizes = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** What enrolment names a register; the header shows it instead of head office's id. */
const registerName = 'Till 1';

const register = registerInBrowser(({ app }) => {
  const { settings } = app.services;
  settings.saveRegister({ ...settings.register(), registerName });
});
let session: BrowserSession;
let page: Page;
let info: AppInfo;
let receiptNumber: string;

/**
 * What is wrong with the screen as shown, in words; empty when nothing is. Runs in the page: text or buttons
 * cut off (scrollWidth beyond clientWidth) or reaching out of the window, the store and register names and the
 * date in the header not shown in full, and status items overlapping the F-key legend.
 */
function layoutProblems(expected: { storeName: string; register: string }): string[] {
  // The page's DOM, as far as this uses it: the Node tsconfig has no DOM types, and should not have them.
  const { document, window } = globalThis as unknown as {
    document: PageDocument;
    window: { innerWidth: number };
  };
  const problems: string[] = [];
  const visible = (element: PageElement) => element.getClientRects().length > 0;
  const describe = (element: PageElement) =>
    `${element.tagName.toLowerCase()}.${element.className || '-'} “${(element.innerText || element.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 40)}”`;
  const overlap = (a: Box, b: Box) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

  // Cut off: text wider than its box (an ellipsis, or clipped), or a box reaching out of the window.
  const keyElements = document.querySelectorAll(
    [
      'button',
      'kbd',
      'h1, h2, h3',
      '.store-name, .register-id, .clock-time, .clock-date, .user-chip-name',
      '.status-item, .shortcut-hints',
      '.line-name, .hit-name, .due, .totals-total, .amount-bar',
      '.receipt-meta dd, [data-testid="receipt-number"]',
    ].join(', '),
  );
  for (const element of keyElements) {
    if (!visible(element)) continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      problems.push(
        `cut off: ${describe(element)} needs ${element.scrollWidth}px, has ${element.clientWidth}px`,
      );
    }
    const box = element.getBoundingClientRect();
    if (box.left < -0.5 || box.right > window.innerWidth + 0.5) {
      problems.push(
        `out of the window: ${describe(element)} at ${Math.round(box.left)}–${Math.round(box.right)}px`,
      );
    }
  }

  // The pay buttons inside the payment column, not reaching past its edge.
  for (const column of document.querySelectorAll('.pay-column')) {
    if (!visible(column)) continue;
    const columnBox = column.getBoundingClientRect();
    for (const button of column.querySelectorAll('button')) {
      const box = button.getBoundingClientRect();
      if (visible(button) && (box.left < columnBox.left - 0.5 || box.right > columnBox.right + 0.5)) {
        problems.push(
          `out of its panel: ${describe(button)} at ${Math.round(box.left)}–${Math.round(box.right)}px, the panel ${Math.round(columnBox.left)}–${Math.round(columnBox.right)}px`,
        );
      }
    }
  }

  // The header names the store and the register, and shows the whole date.
  for (const header of document.querySelectorAll('.app-header')) {
    if (!visible(header)) continue;
    const text = (selector: string) => header.querySelector(selector)?.innerText.trim() ?? null;
    if (text('.store-name') !== expected.storeName) {
      problems.push(`header shows the store as ${JSON.stringify(text('.store-name'))}`);
    }
    if (text('.register-id') !== `Register ${expected.register}`) {
      problems.push(`header shows the register as ${JSON.stringify(text('.register-id'))}`);
    }
    const date = text('.clock-date') ?? '';
    const today = new Date();
    if (!date.includes(String(today.getFullYear())) || !date.includes(String(today.getDate()))) {
      problems.push(`header shows the date as ${JSON.stringify(date)}, not the full date`);
    }
  }

  // The status items and the F-key legend side by side, never on top of each other.
  const legend = document.querySelector('.shortcut-hints');
  if (legend && visible(legend)) {
    const legendBox = legend.getBoundingClientRect();
    for (const item of document.querySelectorAll('.status-item')) {
      if (visible(item) && overlap(item.getBoundingClientRect(), legendBox)) {
        problems.push(`the status item ${describe(item)} overlaps the F-key legend`);
      }
    }
  }

  // The rows of a list one under or beside the other, never on top of each other.
  for (const list of document.querySelectorAll('ul, ol')) {
    const rows = [...list.children].filter((row) => row.tagName === 'LI' && visible(row));
    for (let i = 1; i < rows.length; i += 1) {
      if (overlap(rows[i - 1]!.getBoundingClientRect(), rows[i]!.getBoundingClientRect())) {
        problems.push(
          `the list rows ${describe(rows[i - 1]!)} and ${describe(rows[i]!)} are on top of each other`,
        );
      }
    }
  }
  return problems;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface PageElement {
  tagName: string;
  className: string;
  innerText: string;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  getClientRects(): { length: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  children: Iterable<PageElement>;
}

interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

/** Checks the screen on display at each size and saves it as screens-<name>-<width>x<height>.png. */
async function checkScreen(name: string): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize(size);
    // The layout settles (fonts, a poll of the device status) before it is measured.
    await page.evaluate('document.fonts.ready.then(() => new Promise(requestAnimationFrame))');
    await saveScreenshot(page, `screens-${name}-${size.width}x${size.height}`);
    const problems = await page.evaluate(layoutProblems, {
      storeName: info.settings.storeName,
      register: registerName,
    });
    // Soft: the steps after it still get their screen, so one run shows every problem.
    expect.soft(problems, `${name} at ${size.width}×${size.height}`).toEqual([]);
  }
}

beforeAll(async () => {
  ({ session, page } = register);
  info = await register.call('app.info');
});

describe('the main screens at 1024×768 and 1920×1080', () => {
  it('log in', async () => {
    await page.getByTestId('login-screen').waitFor();
    await expect.poll(() => page.getByTestId('login-user').count()).toBe(3);
    await checkScreen('login');
  });

  it('open the shift', async () => {
    await logIn(page, demoUsers.cashier);
    await page.getByTestId('open-shift-screen').waitFor();
    await enterCount(page, defaultFloat);
    await checkScreen('open-shift');
    await page.getByTestId('open-shift').click();
    await page.getByTestId('search-input').waitFor();
  });

  it('a sale with lines', async () => {
    const codes = register.bridge.app.db
      .prepare(
        `SELECT min(b.code) AS code FROM products p JOIN barcodes b ON b.product_id = p.id
         JOIN stock_balances s ON s.product_id = p.id
         WHERE p.active = 1 AND p.unit = 'each' AND length(b.code) = 13 AND b.code NOT LIKE '2%'
           AND s.on_hand >= 10
         GROUP BY p.id ORDER BY length(p.name) DESC LIMIT 4`,
      )
      .pluck()
      .all() as string[];
    for (const [index, code] of codes.entries()) {
      await session.scan(code);
      await expect.poll(() => page.getByTestId('cart-line').count()).toBe(index + 1);
    }
    await checkScreen('sale');
  });

  it('payment', async () => {
    await page.keyboard.press('F4');
    await page.getByTestId('cash-confirm').waitFor();
    await checkScreen('payment');
    await page.keyboard.press('Escape');
    const nothingDue = formatMoney(0, info.settings.currency, info.settings.locale);
    receiptNumber = await payAndShowReceipt(page, 'cash', nothingDue);
    await checkScreen('receipt');
    await page.getByTestId('new-sale').click();
    await page.getByTestId('receipt').waitFor({ state: 'hidden' });
  });

  it('returns', async () => {
    await page.keyboard.press('F7');
    await page.getByTestId('receipt-lookup-input').fill(receiptNumber);
    await page.getByTestId('receipt-lookup-input').press('Enter');
    await page.getByTestId('return-qty-plus').first().click();
    await page.getByTestId('return-amount').waitFor();
    await checkScreen('returns');
    await page.getByTestId('return-cancel').click();
    await page.keyboard.press('F7');
    await page.getByTestId('search-input').waitFor();
  });

  it('receipts', async () => {
    await page.getByTestId('receipts-open').click();
    await page.locator(`[data-testid="recent-sale"][data-receipt="${receiptNumber}"]`).click();
    await page.getByTestId('receipt').waitFor();
    await checkScreen('receipts');
    await page.keyboard.press('Escape');
  });

  it('devices', async () => {
    await page.getByTestId('devices-open').click();
    await page.getByTestId('devices-screen').waitFor();
    await checkScreen('devices');
    await page.keyboard.press('Escape');
    await page.getByTestId('devices-screen').waitFor({ state: 'hidden' });
  });

  it('the lock screen', async () => {
    await page.keyboard.press('F9');
    await page.getByTestId('lock-screen').waitFor();
    await checkScreen('lock');
    await page.keyboard.type(demoUsers.cashier.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('search-input').waitFor();
  });

  it("a manager's inventory and customer screens", async () => {
    await page.keyboard.press('F9');
    await logIn(page, demoUsers.manager);
    await page.getByTestId('search-input').waitFor();
    await page.getByTestId('inventory-menu').click();
    await page.getByRole('menu', { name: 'Inventory' }).waitFor();
    await checkScreen('inventory-menu');
    for (const [panel, title] of [
      ['stock', 'Stock levels'],
      ['counts', 'Stock count'],
      ['receiving', 'Receive goods'],
      ['transfers', 'Transfers'],
      ['lowStock', 'Low stock'],
      ['purchaseOrder', 'New purchase order'],
    ] as const) {
      if (!(await page.getByRole('menu', { name: 'Inventory' }).isVisible()))
        await page.getByTestId('inventory-menu').click();
      await page.getByTestId(`${panel}-open`).click();
      const close = page.getByRole('button', { name: `Close ${title}` });
      await close.waitFor();
      await checkScreen(panel);
      // An empty list says what to do, not "0 units on 0 lines".
      if (panel === 'receiving' || panel === 'purchaseOrder')
        expect(
          await page.getByTestId(panel === 'receiving' ? 'receive-totals' : 'po-totals').textContent(),
        ).toBe('');
      await close.click();
      await close.waitFor({ state: 'hidden' });
    }
    await page.keyboard.press('F5');
    const closeCustomer = page.getByRole('button', { name: /^Close / });
    await closeCustomer.waitFor();
    await checkScreen('customer');
    await closeCustomer.click();
    await page.keyboard.press('F9');
    await logIn(page, demoUsers.cashier);
    await page.getByTestId('search-input').waitFor();
  });

  it('closing the shift', async () => {
    await page.getByTestId('shift-open').click();
    await page.getByTestId('close-shift-open').click();
    await page.getByTestId('close-shift-screen').waitFor();
    await enterCount(page, defaultFloat);
    await checkScreen('close-shift');
  });
});
