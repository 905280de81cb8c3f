/**
 * The Books page in Chromium against the real head office serving the built back office (`npm run build`), on
 * SQLite and PostgreSQL: a register's sale of yesterday is in yesterday's journal, the owner downloads it for
 * Xero (the file has Xero's columns and the sale), the page then says the day is exported, and an account the
 * owner maps is what the journal posts to. Screenshots: test-results/screenshots/books-<database>-<step>.png.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, startOfDay } from '../../src/shared/time-zone.ts';
import { makeFirstOwner, startBackOffice, type BackOfficeServer } from '../harness/back-office.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import {
  completedSale,
  connectRegister,
  dialects,
  enrollRegister,
  outboxEvent,
  taxRates,
} from '../integration/headoffice/helpers.ts';

const owner = { name: 'Ana Byrne', email: 'ana@example.com', password: 'a long enough password' };
const timeZone = 'Europe/Dublin';

describe.each(dialects)('the Books page on %s, in Chromium', (dialect) => {
  let server: BackOfficeServer;
  let session: BrowserSession;
  let page: Page;
  const yesterdayStart = startOfDay(new Date(), timeZone, -1);
  const yesterday = dayOf(yesterdayStart, timeZone);

  const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
  const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
  const screenshot = (name: string) => session.screenshot(`books-${dialect}-${name}`);

  beforeAll(async () => {
    server = await startBackOffice(dialect);
    const admin = server.ho.admin;
    await admin('POST', '/api/stores', {
      id: 'DUBLIN-1',
      name: 'Dublin Harbour',
      currency: 'EUR',
      pricesIncludeTax: true,
      taxRates,
      locale: 'en-IE',
      timeZone,
    });
    const till = await enrollRegister(admin, 'DUBLIN-1');
    // Sold yesterday at noon and sent today: yesterday's journal, which nobody exported yet.
    const soldAt = new Date(yesterdayStart.getTime() + 12 * 60 * 60 * 1000).toISOString();
    const who = { storeId: 'DUBLIN-1', registerId: till.registerId };
    const sale = completedSale(1, who, [{ sku: 'TEA', quantity: 3, unitPriceMinor: 400 }], {
      completedAt: soldAt,
      tenders: [{ tenderId: 'card-1', kind: 'card', amountMinor: 1_200 }],
    });
    const socket = await connectRegister(server.ho.url, till.token);
    await socket.emitWithAck('push', { events: [{ ...outboxEvent(1, sale), occurredAt: soldAt }] });
    socket.close();

    session = await openBrowser(server.setupUrl);
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  afterEach(() => expectNoNewProblems(session));

  it('makes the first owner, who may read and export the books', async () => {
    await makeFirstOwner(page, owner);
  });

  it("shows yesterday's journal and downloads it for Xero", async () => {
    await page.getByTestId('nav-books').click();
    await eventually(text(page.locator('h1'))).toBe('Books');
    await expect(page.getByTestId('books-day').inputValue()).resolves.toBe(yesterday);
    const journal = page.getByTestId('journal');
    await eventually(text(journal.locator('tbody tr').first())).toBe('1020 Card clearingCard takings€12.00');
    await eventually(text(journal.locator('tbody tr').last())).toBe('Total (balanced)€12.00€12.00');
    await screenshot('journal');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-xero').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`journal-DUBLIN-1-${yesterday}-xero.csv`);
    const file = (await readFile((await download.path())!, 'utf8')).split('\r\n');
    expect(file[0]).toBe(
      '*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2',
    );
    expect(file).toContain(
      `Counter Dublin Harbour: takings of ${yesterday},${yesterday.split('-').reverse().join('/')},Card takings,1020,Tax Exempt,12.00,,,,`,
    );
    await eventually(text(page.getByTestId('journal-state'))).toMatch(/^First exported .*no longer changes/);
    await screenshot('exported');
  });

  it('maps sales to the company’s own account, and the journal posts there', async () => {
    await page.getByTestId('show-accounts').click();
    await page.getByTestId('account-add').click();
    await page.getByTestId('account-key-0').fill('sales');
    await page.getByTestId('account-code-0').fill('200');
    await page.getByTestId('account-name-0').fill('Shop sales');
    await page.getByTestId('accounts-save').click();
    await eventually(text(page.locator('.notice').last())).toContain('Saved');
    await screenshot('accounts');

    await page.getByTestId('show-journal').click();
    await eventually(text(page.getByTestId('journal').locator('tbody tr').nth(1))).toBe(
      '200 Shop salesSales Standard 20%€10.00',
    );
  });
});
