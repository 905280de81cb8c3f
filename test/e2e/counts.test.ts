/**
 * Layer 3: a stock count end to end. Two registers of one store enrolled with a real head office (SQLite, in
 * this process): on Till 1, in Debian Chromium against the real register, a manager counts a category by
 * scanning on the Counts screen while a cashier sells one of its products on Till 2; the count is submitted,
 * approved at head office, and both registers show on hand as counted less the sale made after it was counted.
 * Screenshots land in test-results/screenshots.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProductHit } from '../../src/shared/domain.ts';
import type { Page as ListPage } from '../../src/shared/sync/admin-api.ts';
import type { CountDetail, CountView } from '../../src/shared/sync/counts-api.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import { demoUsers, logInAndOpenShift } from '../harness/register-session.ts';
import { homeStore, startHeadOfficeFor, type HeadOfficeForRegisters } from '../harness/sync-head-office.ts';
import {
  drained,
  fastSync,
  openRegister,
  sell,
  waitForStatus,
  type TestRegister,
} from '../harness/sync-register.ts';

interface Counted {
  sku: string;
  code: string;
  category: string;
}

let bridge: Bridge;
let tillOne: TestRegister;
let tillTwo: TestRegister;
let hq: HeadOfficeForRegisters;
let session: BrowserSession;
let page: Page;
let mugs: Counted;
let plates: Counted;

const received = 20;
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const reply = await hq.ho.admin<T>(method, path, body);
  if (reply.status >= 300)
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** On hand as the register shows it at the counter: head office's figure and its own movements since. */
const onHandAt = (till: TestRegister, sku: string): number => {
  const { id } = till.app.services.catalog.lookupCode(sku) as ProductHit;
  return till.app.services.stock.availability(id).onHandHere;
};

beforeAll(async () => {
  bridge = await startBridge({ sync: fastSync });
  tillOne = { app: bridge.app, dataDir: bridge.dataDir, close: () => undefined, destroy: () => undefined };
  // Two products of one category, each sold by the piece with a barcode a scanner reads.
  const products = bridge.app.db
    .prepare(
      `SELECT p.sku, min(b.code) AS code, c.name AS category
       FROM products p JOIN categories c ON c.id = p.category_id JOIN barcodes b ON b.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND length(b.code) = 13 AND b.code NOT LIKE '2%'
         AND c.id = (SELECT p2.category_id FROM products p2 WHERE p2.unit = 'each' AND p2.active = 1
                     GROUP BY p2.category_id HAVING count(*) >= 2 ORDER BY p2.category_id LIMIT 1)
       GROUP BY p.id ORDER BY p.id LIMIT 2`,
    )
    .all() as Counted[];
  if (products.length < 2) throw new Error('The demo catalog has no category with two products to count.');
  [mugs, plates] = products as [Counted, Counted];

  hq = await startHeadOfficeFor(tillOne);
  for (const { sku } of products) {
    await admin('POST', `/api/stores/${homeStore}/stock-movements`, {
      sku,
      kind: 'receive',
      quantity: received,
    });
  }
  await hq.enrol(tillOne, 'Till 1');
  tillTwo = openRegister();
  await hq.enrol(tillTwo, 'Till 2');
  for (const till of [tillOne, tillTwo]) await waitForStatus(till.app, drained);

  session = await openBrowser(bridge.url);
  page = session.page;
});

afterAll(async () => {
  await session?.close();
  await bridge?.close();
  tillTwo?.destroy();
  await hq?.close();
});

afterEach(() => expectNoNewProblems(session));

describe('a stock count while the store sells', () => {
  it('a manager counts a category by scanning while a cashier sells on another register', async () => {
    for (const till of [tillOne, tillTwo]) await eventually(() => onHandAt(till, mugs.sku)).toBe(received);
    await logInAndOpenShift(page, demoUsers.manager);
    await page.getByTestId('inventory-menu').click();
    await page.getByTestId('counts-open').click();
    await page.getByTestId('count-form').waitFor();
    await page.getByTestId(`count-category-${mugs.category}`).check();
    await page.getByTestId('count-blind').uncheck();
    await session.screenshot('count-open-form');
    await page.getByTestId('count-open-button').click();
    await eventually(async () => page.getByTestId('count-scope').textContent()).toBe(
      `Categories: ${mugs.category}`,
    );

    for (let i = 0; i < 3; i += 1) await session.scan(mugs.code);
    const mugLine = page.locator(`[data-testid="count-line"][data-sku="${mugs.sku}"]`);
    await eventually(() => mugLine.getByTestId('count-quantity').inputValue()).toBe('3');
    await session.scan(plates.code);
    await eventually(() => page.getByTestId('count-line').count()).toBe(2);
    // Not blind: the line shows what the register expected when it was counted.
    await eventually(async () => (await mugLine.textContent())?.includes(String(received))).toBe(true);
    await session.screenshot('count-scanning');

    // A mug sold on Till 2 after the mugs were counted.
    sell(tillTwo.app, [mugs.code]);
    await waitForStatus(tillTwo.app, drained);

    await page.getByTestId('count-submit').click();
    await eventually(async () => page.getByTestId('count-sent').textContent()).toContain('Sent 2 lines');
    await session.screenshot('count-submitted');
    await waitForStatus(tillOne.app, drained);
  });

  it('head office approves the variance, and both registers show on hand as counted less the later sale', async () => {
    const counts = await admin<ListPage<CountView>>('GET', `/api/counts?storeId=${homeStore}`);
    // Besides the shelf count, each register's opening count from its enrolment: head office had figures for
    // some of its SKUs already (the stock it received), so each is left open for a manager.
    expect(counts.items.filter((count) => count.opening)).toHaveLength(2);
    const shelf = counts.items.filter((count) => !count.opening);
    expect(shelf).toHaveLength(1);
    const { countId } = shelf[0]!;
    const review = await admin<CountDetail>('GET', `/api/counts/${countId}`);
    // The category's other SKUs have figures at head office (the opening counts): listed as nobody counted them.
    const counted = review.items.filter((item) => item.counted !== null);
    expect(review.items.length).toBeGreaterThan(counted.length);
    expect(counted.map((item) => [item.sku, item.expected, item.counted, item.variance])).toEqual(
      [
        [mugs.sku, received, 3, 3 - received],
        [plates.sku, received, 1, 1 - received],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    await admin('POST', `/api/counts/${countId}/approve`, { uncounted: 'leave' });

    for (const till of [tillOne, tillTwo]) {
      await eventually(() => onHandAt(till, mugs.sku)).toBe(2);
      await eventually(() => onHandAt(till, plates.sku)).toBe(1);
    }
  });
});
