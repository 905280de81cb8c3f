/**
 * Purchasing at the register in Chromium, as the manager (Morgan): an open purchase order head office sent shows
 * as incoming; receive part of it by scanning its number and the goods, save the receipt and resume it, then the
 * rest later; incoming drops and on hand rises. Then the low-stock badge and list, and a draft order filled
 * with what is low. Screenshots land in test-results/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { missingBuild } from '../harness/built-app.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { openBrowser, type BrowserSession } from '../harness/browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';
import { purchaseOrderItem, supplierItem } from '../integration/inventory/purchase-order-fixture.ts';

let dataDir: string;
let bridge: Bridge;
let session: BrowserSession;
let page: Page;
/** A product of the demo catalog sold by the piece. */
let mug: { id: number; sku: string; name: string };

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const onHand = (productId: number) =>
  (bridge.app.db.prepare('SELECT on_hand FROM stock_balances WHERE product_id = ?').pluck().get(productId) as
    number | undefined) ?? 0;

async function scan(testId: string, code: string): Promise<void> {
  const field = page.getByTestId(testId);
  await field.fill(code);
  await field.press('Enter');
}

/** Head office's reorder levels of one SKU at this store, as the 'reorder' stream brings them. */
function setLevels(sku: string, reorderPoint: number, desiredLevel: number): void {
  bridge.app.services.lowStock.saveLevels(
    `DEMO-01:sku:${sku}`,
    { kind: 'sku', storeId: 'DEMO-01', sku, levels: { reorderPoint, desiredLevel, safetyStock: 0 } },
    new Date().toISOString(),
  );
}

async function openFromMenu(entry: string): Promise<void> {
  await page.getByTestId('inventory-menu').click();
  await page.getByTestId(`${entry}-open`).click();
}

/** Incoming of the mug as the Stock levels screen shows it. */
async function incomingShown(): Promise<string | null> {
  await openFromMenu('stock');
  await page.getByTestId('stock-search').fill(mug.sku);
  await page.locator(`[data-testid="stock-row"][data-sku="${mug.sku}"]`).click();
  const shown = await page.getByTestId('stock-here-incoming').textContent();
  await page.getByRole('button', { name: 'Close Stock levels' }).click();
  return shown;
}

beforeAll(async () => {
  const missing = missingBuild();
  if (missing) throw new Error(missing);
  dataDir = mkdtempSync(join(tmpdir(), 'counter-e2e-purchasing-'));
  bridge = await startBridge({ dataDir });
  mug = bridge.app.db
    .prepare(
      `SELECT p.id, p.sku, p.name FROM products p JOIN stock_balances b ON b.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND b.on_hand >= 10 ORDER BY p.id LIMIT 1`,
    )
    .get() as typeof mug;
  // Head office sent an open order of 5 and a supplier (the 'purchaseOrders' and 'suppliers' streams).
  bridge.app.services.purchaseOrders.saveFromHeadOffice(
    purchaseOrderItem({
      number: 'PO-000042',
      supplierName: 'Nordic Ceramics',
      lines: [{ sku: mug.sku, name: mug.name, quantity: 5, unitCostMinor: 350 }],
    }),
    new Date().toISOString(),
  );
  bridge.app.services.purchaseDrafting.saveSupplier(
    supplierItem('sup-nordic', 'Nordic Ceramics'),
    new Date().toISOString(),
  );
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

describe('receiving against a purchase order', () => {
  it('receives part by scanning, saves and resumes it, then the rest later: incoming drops, on hand rises', async () => {
    const before = onHand(mug.id);
    expect(await incomingShown()).toBe('5');

    await openFromMenu('receiving');
    await scan('receive-scan', 'PO-000042');
    await eventually(() => page.getByTestId('receive-order').textContent()).toContain('PO-000042');
    expect(await page.getByTestId('receive-supplier').inputValue()).toBe('Nordic Ceramics');
    expect(await page.getByTestId(`receive-ordered-${mug.sku}`).textContent()).toBe('5');
    expect(await page.getByTestId(`receive-cost-${mug.sku}`).inputValue()).toBe('3.50');
    await scan('receive-scan', mug.sku);
    await scan('receive-scan', mug.sku);
    await eventually(() => page.getByTestId(`receive-qty-${mug.sku}`).inputValue()).toBe('2');
    await page.getByTestId('receive-save').click();
    await eventually(() => page.getByTestId('receive-done').textContent()).toContain('Saved');
    await page.getByRole('button', { name: 'Close Receive goods' }).click();

    // Back later: picking the order brings the saved receipt back; one more scan and Receive.
    await openFromMenu('receiving');
    // The order's delivery day as the store writes days, not a US date at midnight.
    expect(
      await page.getByTestId('receive-order-pick').locator('option[value="po-1"]').textContent(),
    ).toContain('expected 8 Dec 2026');
    await page.getByTestId('receive-order-pick').selectOption('po-1');
    await eventually(() => page.getByTestId(`receive-qty-${mug.sku}`).inputValue()).toBe('2');
    await page.getByTestId('receive-resumed').waitFor();
    await scan('receive-scan', mug.sku);
    await eventually(() => page.getByTestId(`receive-qty-${mug.sku}`).inputValue()).toBe('3');
    expect(await page.getByTestId('receive-totals').textContent()).toBe('3 units on 1 line');
    await session.screenshot('receiving-purchase-order');
    await page.getByTestId('receive-complete').click();
    await eventually(() => page.getByTestId('receive-done').textContent()).toContain('3 units');
    expect(onHand(mug.id)).toBe(before + 3);
    await page.getByRole('button', { name: 'Close Receive goods' }).click();
    expect(await incomingShown()).toBe('2');

    // The rest a day later: received so far shows the first delivery.
    await openFromMenu('receiving');
    await page.getByTestId('receive-order-pick').selectOption('po-1');
    await eventually(() => page.getByTestId(`receive-so-far-${mug.sku}`).textContent()).toBe('3');
    await scan('receive-scan', mug.sku);
    await scan('receive-scan', mug.sku);
    await eventually(() => page.getByTestId(`receive-qty-${mug.sku}`).inputValue()).toBe('2');
    await page.getByTestId('receive-complete').click();
    await eventually(() => page.getByTestId('receive-done').textContent()).toContain('2 units');
    await page.getByRole('button', { name: 'Close Receive goods' }).click();
    expect(onHand(mug.id)).toBe(before + 5);
    expect(await incomingShown()).toBe('0');
  });
});

describe('low stock and a draft order', () => {
  it('shows the badge and the list to a manager, and drafts an order with what is low', async () => {
    // Head office's reorder levels for this store (the 'reorder' stream): the mug is low, even counting what is
    // still on order.
    const available = onHand(mug.id);
    const incoming = bridge.app.services.purchaseOrders.incoming(mug.sku);
    const headerHeight = (await page.locator('.app-header').boundingBox())?.height;
    setLevels(mug.sku, available + 10, available + 20);
    // The badge counts again on the next stock change (a page of the 'reorder' stream announces one).
    bridge.app.events.emit('stock.changed', { productIds: [mug.id] });
    await eventually(() => page.getByTestId('inventory-badge').textContent()).toBe('1');
    // The badge sits on the button's corner: the header does not grow under it.
    expect((await page.locator('.app-header').boundingBox())?.height).toBe(headerHeight);
    await openFromMenu('lowStock');
    await page.getByTestId(`low-stock-${mug.sku}`).waitFor();
    expect(await page.getByTestId('low-stock-total').textContent()).toBe(
      '1 product at or below the reorder point',
    );
    await session.screenshot('low-stock');
    await page.getByTestId('low-stock-order').click();

    await page.getByTestId('po-supplier').selectOption('sup-nordic');
    await page.getByTestId('po-add-low').click();
    const toOrder = 20 - incoming;
    await eventually(() => page.getByTestId(`po-qty-${mug.sku}`).inputValue()).toBe(String(toOrder));
    // Potatoes are sold by kg: typed by SKU, their line waits for the kilograms, its field ready to type them.
    const potatoes = 'FRV-000041';
    await page.getByTestId('po-scan').fill(potatoes);
    await page.getByTestId('po-scan').press('Enter');
    await eventually(() => page.getByTestId(`po-qty-${potatoes}`).inputValue()).toBe('0.000');
    await page.keyboard.type('25');
    await session.screenshot('purchase-order-draft');
    await page.getByTestId('po-send').click();
    await eventually(() => page.getByTestId('po-done').textContent()).toContain(
      `${toOrder} units and 25.000 kg on 2 lines`,
    );
    const [drafted] = (
      bridge.app.db
        .prepare("SELECT payload FROM outbox WHERE type = 'purchase-order.drafted'")
        .pluck()
        .all() as string[]
    ).map((payload) => JSON.parse(payload) as Record<string, unknown>);
    expect(drafted).toMatchObject({
      supplierId: 'sup-nordic',
      lines: [
        { sku: mug.sku, quantity: toOrder },
        { sku: potatoes, quantity: 25_000 },
      ],
    });
  });

  it('shows the figures of goods sold by weight in kg', async () => {
    const potatoes = bridge.app.services.catalog.lookupCode('FRV-000041')!;
    const grams = onHand(potatoes.id);
    setLevels(potatoes.sku, grams + 10_000, grams + 30_000);
    await page.getByRole('button', { name: 'Close New purchase order' }).click();
    await openFromMenu('lowStock');
    const row = page.getByTestId(`low-stock-${potatoes.sku}`);
    const figures = await row.locator('td.amount').allTextContents();
    expect(figures[3]).toBe(`${((grams + 10_000) / 1000).toFixed(3)} kg`);
    expect(figures[0]).toMatch(/ kg$/);
  });
});
