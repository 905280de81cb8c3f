/**
 * The Stock screen in Chromium against the real register: the manager (Morgan) finds a product, sees every
 * state, adjusts 2 units to damaged with a note, sees the movements say what, why, which document and who; the
 * availability panel at the counter shows the same. Screenshots land in test-results/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src/shared/domain.ts';
import { formatQuantity } from '../../src/shared/quantity.ts';
import { missingBuild } from '../harness/built-app.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { openBrowser, type BrowserSession } from '../harness/browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';

let dataDir: string;
let bridge: Bridge;
let session: BrowserSession;
let page: Page;
let info: AppInfo;
let stocked: { id: number; sku: string; name: string; onHand: number };

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
const pieces = (quantity: number) => formatQuantity(quantity, 'each', info.settings.locale);

beforeAll(async () => {
  const missing = missingBuild();
  if (missing) throw new Error(missing);
  dataDir = mkdtempSync(join(tmpdir(), 'counter-e2e-stock-'));
  bridge = await startBridge({ dataDir });
  const reply = await bridge.app.dispatch('app.info', undefined);
  if (!reply.ok) throw new Error(reply.error.message);
  info = reply.value as AppInfo;
  stocked = bridge.app.db
    .prepare(
      `SELECT p.id, p.sku, p.name, b.on_hand AS onHand FROM products p JOIN stock_balances b ON b.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND b.on_hand >= 10 ORDER BY p.id LIMIT 1`,
    )
    .get() as typeof stocked;
  session = await openBrowser(bridge.url);
  page = session.page;
  await openSaleScreen(session, demoUsers.manager);
});

afterAll(async () => {
  await session?.close();
  await bridge?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  const problems = session?.problems.splice(0) ?? [];
  expect(problems, 'console errors, CSP violations or failed requests in the page').toEqual([]);
});

describe('the Stock screen', () => {
  it('lists a search with every state and the chosen product’s movements', async () => {
    await page.getByTestId('inventory-menu').click();
    await page.getByTestId('stock-open').click();
    await page.getByTestId('stock-search').fill(stocked.sku);
    const row = page.locator(`[data-testid="stock-row"][data-sku="${stocked.sku}"]`);
    await row.waitFor();
    await row.click();
    await eventually(text(page.getByTestId('stock-here-on_hand'))).toBe(pieces(stocked.onHand));
    await eventually(text(page.getByTestId('stock-here-damaged'))).toBe(pieces(0));
    await eventually(text(page.getByTestId('stock-here-available'))).toBe(pieces(stocked.onHand));
  });

  it('adjusts 2 units to damaged with a note, from the keyboard', async () => {
    await page.keyboard.press('F2');
    await page.getByTestId('adjust-reason').selectOption('damaged');
    await page.getByTestId('adjust-quantity').fill('2');
    await page.getByTestId('adjust-note').fill('Box crushed in the stockroom');
    await session.screenshot('stock-adjust');
    await page.getByTestId('adjust-quantity').press('Enter');

    await eventually(text(page.getByTestId('stock-here-on_hand'))).toBe(pieces(stocked.onHand - 2));
    await eventually(text(page.getByTestId('stock-here-damaged'))).toBe(pieces(2));
    await eventually(text(page.getByTestId('stock-here-available'))).toBe(pieces(stocked.onHand - 2));
    const latest = page.getByTestId('stock-movement').first();
    await eventually(text(latest)).toContain('Adjustment');
    expect(await latest.innerText()).toContain('Damaged');
    expect(await latest.innerText()).toContain('Morgan');
    await session.screenshot('stock-screen');

    const ledger = bridge.app.db
      .prepare('SELECT on_hand, damaged FROM stock_balances WHERE product_id = ?')
      .get(stocked.id);
    expect(ledger).toEqual({ on_hand: stocked.onHand - 2, damaged: 2 });
    expect(
      bridge.app.db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'adjustment.completed'").get(),
    ).toEqual({ n: 1 });
  });

  it('shows the same at the counter’s availability panel', async () => {
    await page.getByRole('button', { name: 'Close Stock levels' }).click();
    await page.getByTestId('availability-open').click();
    await page.getByTestId('availability-search').fill(stocked.sku);
    await page.locator(`[data-testid="availability-result"][data-sku="${stocked.sku}"]`).click();
    await eventually(text(page.getByTestId('availability-here-damaged'))).toBe(pieces(2));
    await eventually(text(page.getByTestId('availability-on-hand'))).toBe(pieces(stocked.onHand - 2));
    await session.screenshot('availability-states');
  });
});
