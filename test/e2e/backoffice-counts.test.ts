/**
 * Layer 3: head office opens a count for a store from the back office (issue 15), in Chromium against a real
 * head office (SQLite): the owner opens a count of a category, sees it listed as to review and its review with
 * the category's stocked SKUs not yet counted. The registers' side is test/e2e/count-join.test.ts. Screenshots
 * land in test-results/screenshots/backoffice-counts-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/sync/admin-api.ts';
import type { CountView } from '../../src/shared/sync/counts-api.ts';
import { startBackOffice, type BackOfficeServer } from '../harness/back-office.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import { createStore, putProducts } from '../integration/headoffice/helpers.ts';

const owner = { name: 'Ana Byrne', email: 'ana@example.com', password: 'a long enough password' };

let server: BackOfficeServer;
let session: BrowserSession;
let page: Page;

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();

beforeAll(async () => {
  server = await startBackOffice('sqlite');
  const { admin } = server.ho;
  await createStore(admin, 'S1', 'Dublin Harbour');
  await putProducts(admin, [
    { sku: 'MUG', priceMinor: 250, category: 'Kitchen', name: 'Enamel mug' },
    { sku: 'PEN', priceMinor: 50, category: 'Office', name: 'Ballpoint pen' },
  ]);
  for (const sku of ['MUG', 'PEN'])
    await admin('POST', '/api/stores/S1/stock-movements', { sku, kind: 'receive', quantity: 12 });
  session = await openBrowser(server.setupUrl);
  page = session.page;
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});
afterEach(() => expectNoNewProblems(session));

describe('opening a count from the back office', () => {
  it('the owner opens a count of a category; the store’s registers get it to count', async () => {
    await page.getByTestId('setup-name').fill(owner.name);
    await page.getByTestId('setup-email').fill(owner.email);
    await page.getByTestId('password').fill(owner.password);
    await page.getByTestId('password-again').fill(owner.password);
    await page.getByTestId('setup-submit').click();
    await eventually(text(page.locator('h1'))).toBe('Today');

    await page.getByTestId('nav-counts').click();
    await eventually(text(page.locator('h1'))).toBe('Stock counts');
    await page.getByTestId('count-open-new').click();
    await page.getByTestId('count-open-form').waitFor();
    await page.getByTestId('count-open-names').fill('Kitchen');
    await session.screenshot('backoffice-counts-open');
    await page.getByTestId('count-open-submit').click();

    // The new count's review: nothing counted yet, the category's stocked SKU waiting.
    await page.getByTestId('count-review').waitFor();
    await eventually(text(page.getByTestId('count-items'))).toContain('Not counted');
    await session.screenshot('backoffice-counts-opened');

    const listed = (await server.ho.admin<ListPage<CountView>>('GET', '/api/counts?storeId=S1')).body.items;
    expect(listed).toEqual([
      expect.objectContaining({
        scope: { kind: 'categories', categories: ['Kitchen'] },
        blind: true,
        status: 'open',
        openedAtRegister: null,
      }),
    ]);
  });
});
