/**
 * Quantities typed and scanned on the goods screens, in Chromium against the real register, as the manager:
 * goods sold by kg are counted and received in kilograms (kept in grams), their scale labels add the weight
 * they carry, their plain code asks for it, and a quantity field takes only what reads as a quantity, saying
 * which line is wrong instead of dropping or bending what was typed.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { missingBuild } from '../harness/built-app.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { openBrowser, type BrowserSession } from '../harness/browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';

let bridge: Bridge;
let session: BrowserSession;
let page: Page;
/** A product of the demo catalog sold by the piece. */
let mug: { id: number; sku: string; name: string };

/** Organic Granny Smith Apples, €2.79/kg, 2.5 kg on hand; their produce-scale labels start 28 00001. */
const apples = { sku: 'FRV-000055', plainCode: '2800001000003', label1234g: '2800001012341' };

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const dispatch = async (channel: string, payload?: unknown): Promise<unknown> => {
  const reply = await bridge.app.dispatch(channel, payload);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
};
const countedLines = async () => {
  const count = (await dispatch('count.current')) as { lines: { sku: string; quantity: number }[] };
  return count.lines.map((line) => [line.sku, line.quantity]);
};

async function scan(testId: string, code: string): Promise<void> {
  const field = page.getByTestId(testId);
  await field.fill(code);
  await field.press('Enter');
}

beforeAll(async () => {
  const missing = missingBuild();
  if (missing) throw new Error(missing);
  bridge = await startBridge({});
  mug = bridge.app.db
    .prepare(`SELECT id, sku, name FROM products WHERE active = 1 AND unit = 'each' ORDER BY id LIMIT 1`)
    .get() as typeof mug;
  session = await openBrowser(bridge.url);
  page = session.page;
  await openSaleScreen(session, demoUsers.manager);
});

afterAll(async () => {
  await session?.close();
  await bridge?.close();
});

afterEach(() => {
  const problems = session?.problems.splice(0) ?? [];
  expect(problems, 'console errors, CSP violations or failed requests in the page').toEqual([]);
});

describe('a stock count', () => {
  it('counts weighed goods in kilograms: a scale label adds its weight, a plain code asks for it', async () => {
    await dispatch('count.open', { scope: { kind: 'skus', skus: [apples.sku, mug.sku] }, blind: false });
    await page.getByTestId('inventory-menu').click();
    await page.getByTestId('counts-open').click();
    const quantities = page.getByTestId('count-quantity');

    await scan('count-code', apples.label1234g);
    await eventually(() => quantities.nth(0).inputValue()).toBe('1.234');
    expect(await page.getByTestId('count-expected').nth(0).textContent()).toBe('2.500 kg');

    // The plain code carries no weight: nothing is counted until the kilograms are typed.
    await scan('count-code', apples.plainCode);
    await page.getByTestId('count-weight').fill('0.75');
    await page.getByTestId('count-weight').press('Enter');
    await eventually(() => quantities.nth(1).inputValue()).toBe('0.750');

    // "3" on a weighed line means 3 kg.
    await quantities.nth(1).fill('3');
    await quantities.nth(1).press('Enter');
    await eventually(countedLines).toEqual([
      [apples.sku, 1234],
      [apples.sku, 3000],
    ]);
    await session.screenshot('count-weighed');
  });

  it('takes only a quantity in a line, says which line is wrong, and sends nothing while one is', async () => {
    const quantities = page.getByTestId('count-quantity');
    await scan('count-code', mug.sku);
    await eventually(() => quantities.nth(2).inputValue()).toBe('1');
    for (const typed of ['0x10', '1e3', '12abc', '2.5']) {
      await quantities.nth(2).fill(typed);
      await quantities.nth(2).press('Enter');
      expect(await page.getByTestId('count-unreadable').textContent()).toContain(
        `Line 3 (${mug.name}): “${typed}” is not a quantity`,
      );
    }
    await quantities.nth(2).fill('');
    expect(await page.getByTestId('count-unreadable').textContent()).toContain(
      `Line 3 (${mug.name}) is empty`,
    );
    expect(await quantities.nth(2).inputValue()).toBe('');

    await page.getByTestId('count-submit').click();
    await eventually(() => page.getByTestId('error-banner').textContent()).toContain('Line 3');
    expect(await countedLines()).toEqual([
      [apples.sku, 1234],
      [apples.sku, 3000],
      [mug.sku, 1],
    ]);

    await quantities.nth(2).fill('5');
    await quantities.nth(2).press('Enter');
    await eventually(countedLines).toEqual([
      [apples.sku, 1234],
      [apples.sku, 3000],
      [mug.sku, 5],
    ]);
    expect(await page.getByTestId('count-unreadable').count()).toBe(0);
    await page.getByRole('button', { name: 'Close Stock count' }).click();
  });
});
