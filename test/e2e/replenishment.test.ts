/**
 * Replenishment in the back office (issue 17), built app against the real head office on SQLite and
 * PostgreSQL, in Chromium: the owner opens Replenishment, sees the store's low SKUs with their formula, and in
 * two clicks (Select all, Create purchase orders) gets two draft purchase orders, one per supplier. Screenshots:
 * test-results/screenshots/replenishment-<database>-<view>.png.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBackOffice, type BackOfficeServer } from '../harness/back-office.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import { createStore, dialects } from '../integration/headoffice/helpers.ts';
import { givenHistory, givenSupplier, putCatalog } from '../integration/headoffice/replenishment-helpers.ts';

const owner = { name: 'Ana Byrne', email: 'ana@example.com', password: 'a long enough password' };

describe.each(dialects)('replenishment in the back office on %s, in Chromium', (dialect) => {
  let server: BackOfficeServer;
  let session: BrowserSession;
  let page: Page;

  const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
  const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
  const screenshot = (name: string) => session.screenshot(`replenishment-${dialect}-${name}`);

  beforeAll(async () => {
    server = await startBackOffice(dialect);
    const { ho } = server;
    await createStore(ho.admin, 'DUBLIN-1', 'Dublin Harbour');
    await createStore(ho.admin, 'CORK-1', 'Cork City');
    await putCatalog(ho.admin, [
      { sku: 'PASTA-1KG', category: 'Dry goods' },
      { sku: 'RICE-2KG', category: 'Dry goods' },
      { sku: 'OLIVE-OIL', category: null },
      { sku: 'SEA-SALT', category: null },
    ]);
    await givenSupplier(ho.db, { id: 'acme', name: 'Acme Foods', leadTimeDays: 3 }, [
      { sku: 'PASTA-1KG', packSize: 12, minimumQuantity: 0, unitCostMinor: 90 },
      { sku: 'OLIVE-OIL', packSize: 6, minimumQuantity: 12, unitCostMinor: 540 },
    ]);
    await givenSupplier(ho.db, { id: 'bolt', name: 'Bolt Wholesale', leadTimeDays: 5 }, [
      { sku: 'RICE-2KG', packSize: 10, minimumQuantity: 0, unitCostMinor: 210 },
    ]);
    await ho.admin('PUT', '/api/stores/DUBLIN-1/reorder-levels', {
      skus: [
        { sku: 'OLIVE-OIL', reorderPoint: 6, desiredLevel: 18, safetyStock: 2 },
        { sku: 'SEA-SALT', reorderPoint: 4, desiredLevel: 12, safetyStock: 0 },
      ],
      categories: [{ category: 'Dry goods', reorderPoint: 20, desiredLevel: 60, safetyStock: 5 }],
    });
    await givenHistory(ho.db, 'DUBLIN-1', 'PASTA-1KG', 8, [
      { daysAgo: 70, reason: 'RECEIVE', quantity: 60 },
      { daysAgo: 40, reason: 'SALE', quantity: -30 },
      { daysAgo: 12, reason: 'SALE', quantity: -22 },
    ]);
    await givenHistory(ho.db, 'DUBLIN-1', 'RICE-2KG', 3, [
      { daysAgo: 50, reason: 'RECEIVE', quantity: 20 },
      { daysAgo: 20, reason: 'SALE', quantity: -17 },
    ]);
    // Cork sets no levels for rice: all 80 of its bags are spare.
    await givenHistory(ho.db, 'CORK-1', 'RICE-2KG', 80, [{ daysAgo: 30, reason: 'RECEIVE', quantity: 80 }]);
    await givenHistory(ho.db, 'DUBLIN-1', 'OLIVE-OIL', 2, [{ daysAgo: 15, reason: 'RECEIVE', quantity: 2 }]);
    await givenHistory(ho.db, 'DUBLIN-1', 'SEA-SALT', 30, [{ daysAgo: 15, reason: 'RECEIVE', quantity: 30 }]);

    session = await openBrowser(server.setupUrl);
    page = session.page;
    await page.getByTestId('setup-name').fill(owner.name);
    await page.getByTestId('setup-email').fill(owner.email);
    await page.getByTestId('password').fill(owner.password);
    await page.getByTestId('password-again').fill(owner.password);
    await page.getByTestId('setup-submit').click();
    await page.locator('h1', { hasText: 'Today' }).waitFor();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  afterEach(() => expectNoNewProblems(session));

  it('lists the low SKUs with their formula, cover and sales', async () => {
    await page.getByTestId('nav-replenishment').click();
    await eventually(text(page.locator('h1'))).toBe('Replenishment');
    await page.getByTestId('suggestions-store').selectOption('DUBLIN-1');
    const rows = page.getByTestId('suggestions-table').getByTestId('row');
    await eventually(() => rows.count()).toBe(3);
    const pasta = page.locator('[data-testid="row"][data-key="PASTA-1KG"]');
    // The formula under the quantity it ends in, and the days of cover under the sales.
    await eventually(text(pasta.locator('[data-column="quantity"] .cell-under'))).toBe(
      '60 − (8 + 0 + 0) = 52 → 5 × 12 = 60',
    );
    await eventually(text(pasta.locator('[data-column="sold"] .cell-line').first())).toBe('22 / 52');
    await eventually(text(pasta.locator('[data-column="sold"] .cell-under'))).toBe('10 d cover');
    const rice = page.locator('[data-testid="row"][data-key="RICE-2KG"]');
    await eventually(text(rice.getByTestId('suggestion-transfer'))).toBe('57 from Cork City');
    await screenshot('suggestions');
  });

  it('drafts one purchase order per supplier in two clicks', async () => {
    await page.getByTestId('suggestions-select-all').click();
    await page.getByTestId('suggestions-create').click();
    await eventually(text(page.getByTestId('suggestions-created'))).toMatch(
      /^Drafted PO-\d+ for Acme Foods \(2 lines\), PO-\d+ for Bolt Wholesale \(1 line\)/,
    );
    const drafts = await server.ho.db
      .selectFrom('purchase_orders')
      .select(['supplier_id', 'state', 'store_id'])
      .orderBy('supplier_id')
      .execute();
    expect(drafts).toEqual([
      { supplier_id: 'acme', state: 'draft', store_id: 'DUBLIN-1' },
      { supplier_id: 'bolt', state: 'draft', store_id: 'DUBLIN-1' },
    ]);
    await screenshot('drafted');
  });

  it('shows the reorder levels with the category defaults', async () => {
    await page.getByTestId('reorder-levels-open').click();
    await eventually(text(page.getByTestId('reorder-levels-count'))).toContain('2 SKUs have levels');
    await eventually(() => page.getByTestId('category-levels').getByTestId('row').count()).toBe(1);
    await screenshot('levels');
  });
});
