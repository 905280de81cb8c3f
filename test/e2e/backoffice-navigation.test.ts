/**
 * Layer 3: going to another page right after typing in a list's search box, in Chromium against a real head
 * office (SQLite). The search box sends its text a quarter of a second after the last key. On a busy shop PC a
 * click on another page can change the address before that page has drawn, while the list is still on screen;
 * the search landing then used to put the list's address back, and the person was sent back to the list.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { makeFirstOwner, startBackOffice, type BackOfficeServer } from '../harness/back-office.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import { createStore, putProducts } from '../integration/headoffice/helpers.ts';

let server: BackOfficeServer;
let session: BrowserSession;
let page: Page;

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const address = () => new URL(page.url());

beforeAll(async () => {
  server = await startBackOffice('sqlite');
  await createStore(server.ho.admin, 'S1', 'Dublin Harbour');
  await putProducts(server.ho.admin, [
    { sku: 'MUG', priceMinor: 250, category: 'Kitchen', name: 'Enamel mug' },
  ]);
  session = await openBrowser(server.setupUrl);
  page = session.page;
  await makeFirstOwner(page, {
    name: 'Ana Byrne',
    email: 'ana@example.com',
    password: 'a long enough password',
  });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});
afterEach(() => expectNoNewProblems(session));

it('keeps the page the person went to when the search they just changed lands after they left', async () => {
  await page.getByTestId('nav-products').click();
  const search = page.getByTestId('products-search');
  await search.fill('mug');
  await eventually(() => address().searchParams.get('q')).toBe('mug');

  await search.fill('');
  // The moment between the click and the new page drawing, held open: the address says Your account while the
  // products list is still on screen with its search on its way.
  await page.evaluate("history.pushState(null, '', '/account')");
  // Waited for with the page's own clock: its timer fires after the search box's quarter second, however busy.
  await page.evaluate('new Promise((done) => setTimeout(done, 600))');
  expect(address().pathname).toBe('/account');

  // A search typed and left on the page itself still goes into the address.
  await page.getByTestId('nav-products').click();
  await search.fill('pen');
  await eventually(() => address().search).toBe('?q=pen');
});
