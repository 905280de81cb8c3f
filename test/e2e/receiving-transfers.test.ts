/**
 * Receiving and transfers in Chromium against the real register, as the manager (Morgan): receive a delivery
 * with a damaged unit and an unknown barcode, receive a transfer from another store with one line short, and
 * send a transfer by scanning; count and receive goods sold by kg in kilograms, by scale label and typed weight,
 * with quantity fields that take only a quantity and name the line that is wrong. What head office makes of
 * them (the exceptions, the other store's figures) is in test/integration/headoffice/receiving-transfers.test.ts. Screenshots land in test-results/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../src/shared/domain.ts';
import type { TransferView } from '../../src/shared/transfers.ts';
import { missingBuild } from '../harness/built-app.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { openBrowser, type BrowserSession } from '../harness/browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';

let dataDir: string;
let bridge: Bridge;
let session: BrowserSession;
let page: Page;
let info: AppInfo;
/** Two products of the demo catalog sold by the piece, with stock. */
let mugs: { id: number; sku: string; name: string }[];

/** Organic Granny Smith Apples, €2.79/kg; their produce-scale labels start 28 00001. */
const apples = { sku: 'FRV-000055', plainCode: '2800001000003', label1234g: '2800001012341' };
/** Irish Grown Rooster Potatoes, sold by kg, with no barcode: typed by SKU. */
const potatoes = 'FRV-000041';
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const balance = (productId: number) =>
  bridge.app.db
    .prepare('SELECT on_hand, damaged, in_transit FROM stock_balances WHERE product_id = ?')
    .get(productId) as { on_hand: number; damaged: number; in_transit: number };
const outbox = (type: string) =>
  (
    bridge.app.db
      .prepare('SELECT payload FROM outbox WHERE type = ? ORDER BY seq')
      .pluck()
      .all(type) as string[]
  ).map((payload) => JSON.parse(payload) as Record<string, unknown>);

async function scan(testId: string, code: string): Promise<void> {
  const field = page.getByTestId(testId);
  await field.fill(code);
  await field.press('Enter');
}

beforeAll(async () => {
  const missing = missingBuild();
  if (missing) throw new Error(missing);
  dataDir = mkdtempSync(join(tmpdir(), 'counter-e2e-goods-'));
  bridge = await startBridge({ dataDir });
  const reply = await bridge.app.dispatch('app.info', undefined);
  if (!reply.ok) throw new Error(reply.error.message);
  info = reply.value as AppInfo;
  mugs = bridge.app.db
    .prepare(
      `SELECT p.id, p.sku, p.name FROM products p JOIN stock_balances b ON b.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND b.on_hand >= 10 ORDER BY p.id LIMIT 2`,
    )
    .all() as typeof mugs;
  // Head office has sent another store's figures: the register knows store B.
  bridge.app.db
    .prepare(
      `INSERT INTO head_office_stock (key, store_id, store_name, sku, on_hand, as_of, applied_seq)
       VALUES (?, 'B', 'Harbour Street', ?, 7, ?, NULL)`,
    )
    .run(`B:${mugs[0]!.sku}`, mugs[0]!.sku, new Date().toISOString());
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

describe('receiving a delivery', () => {
  it('scans a running list, keeps an unknown barcode, puts the damaged unit aside', async () => {
    const [mug] = mugs;
    const before = balance(mug!.id);
    await page.getByTestId('inventory-menu').click();
    await page.getByTestId('receiving-open').click();
    await page.getByTestId('receive-supplier').fill('Nordic Ceramics');
    await scan('receive-scan', mug!.sku);
    await scan('receive-scan', mug!.sku);
    await scan('receive-scan', mug!.sku);
    await scan('receive-scan', '4006381333931');
    await eventually(() => page.getByTestId(`receive-qty-${mug!.sku}`).inputValue()).toBe('3');
    await page.getByTestId(`receive-damaged-${mug!.sku}`).fill('1');
    await page.getByTestId('receive-unknown-4006381333931').waitFor();
    await session.screenshot('receiving');
    await page.getByTestId('receive-complete').click();

    await eventually(async () => page.getByTestId('receive-done').textContent()).toContain('3 units');
    expect(await page.getByTestId('receive-done').textContent()).toContain('1 unknown barcode');
    expect(balance(mug!.id)).toMatchObject({ on_hand: before.on_hand + 2, damaged: before.damaged + 1 });
    const [receipt] = outbox('receipt.completed');
    expect(receipt).toMatchObject({
      supplier: 'Nordic Ceramics',
      unknownLines: [{ code: '4006381333931', quantity: 1 }],
      lines: [{ sku: mug!.sku, quantity: 3, damaged: 1 }],
    });
    await session.screenshot('receiving-done');
    await page.getByRole('button', { name: 'Close Receive goods' }).click();
  });
});

/** A transfer store B sent here, saved as head office sends it down the 'transfers' stream. */
function inboundFromB(n: number, lines: TransferView['lines']): TransferView {
  const inbound: TransferView = {
    transferId: `01900000-0000-7000-8000-00000000b00${n}`,
    number: `B1-TR-00001${n + 1}`,
    fromStoreId: 'B',
    fromStoreName: 'Harbour Street',
    toStoreId: info.register.storeId,
    toStoreName: info.settings.storeName,
    status: 'sent',
    note: null,
    requestedAt: null,
    sentAt: new Date().toISOString(),
    receivedAt: null,
    lines,
  };
  bridge.app.services.transfers.saveFromHeadOffice(inbound, new Date().toISOString());
  return inbound;
}

describe('transfers', () => {
  it('opens an inbound transfer by scanning its packing list and receives it with one line short', async () => {
    const [first, second] = mugs;
    const inbound = inboundFromB(1, [
      { sku: first!.sku, name: first!.name, requested: 0, sent: 2, received: 0, damaged: 0 },
      { sku: second!.sku, name: second!.name, requested: 0, sent: 3, received: 0, damaged: 0 },
    ]);
    const before = [balance(first!.id), balance(second!.id)];

    await page.getByTestId('inventory-menu').click();
    await page.getByTestId('transfers-open').click();
    await page.getByTestId(`transfer-${inbound.number}`).waitFor();
    await scan('transfer-open', inbound.transferId);
    await page.getByTestId('transfer-detail').waitFor();
    // The field the transfer was opened from is gone: the receiving scan field has the keys.
    expect(await page.evaluate('document.activeElement?.dataset.testid ?? null')).toBe(
      'transfer-receive-scan',
    );
    // Two of the first from a hardware scanner at once: both count, though the screen had no time to redraw.
    for (let i = 0; i < 2; i += 1)
      bridge.app.events.emit('scan.read', {
        code: first!.sku,
        by: { scannerId: 'serial:/dev/ttyACM0', user: null },
      });
    await eventually(() => page.getByTestId(`transfer-received-${first!.sku}`).inputValue()).toBe('2');
    await scan('transfer-receive-scan', second!.sku);
    await scan('transfer-receive-scan', second!.sku);
    await eventually(() => page.getByTestId(`transfer-received-${second!.sku}`).inputValue()).toBe('2');
    await session.screenshot('transfer-receiving');
    await page.getByTestId('transfer-receive').click();

    await eventually(async () => page.getByTestId('transfer-detail').textContent()).toContain('Received');
    // Sent unasked: no column of asked zeros.
    expect(await page.getByTestId('transfer-detail').locator('th').allTextContents()).toEqual([
      'Product',
      'Sent',
      'Received',
      'Damaged',
    ]);
    expect(balance(first!.id).on_hand).toBe(before[0]!.on_hand + 2);
    expect(balance(second!.id).on_hand).toBe(before[1]!.on_hand + 2);
    const [received] = outbox('transfer.received');
    expect(received!.lines).toEqual([
      { sku: first!.sku, name: first!.name, sent: 2, received: 2, damaged: 0 },
      { sku: second!.sku, name: second!.name, sent: 3, received: 2, damaged: 0 },
    ]);
    await session.screenshot('transfer-received');
  });

  it('receives weighed goods of an inbound transfer in kilograms: a scale label adds its weight, a plain code asks for it', async () => {
    const [mug] = mugs;
    const applesId = bridge.app.services.catalog.lookupCode(apples.sku)!.id;
    const before = balance(applesId);
    const inbound = inboundFromB(2, [
      { sku: apples.sku, name: 'Apples', unit: 'kg', requested: 0, sent: 1500, received: 0, damaged: 0 },
      { sku: potatoes, name: 'Potatoes', unit: 'kg', requested: 0, sent: 2000, received: 0, damaged: 0 },
      // As a view written before lines carried their unit: counted in pieces.
      { sku: mug!.sku, name: mug!.name, requested: 0, sent: 1, received: 0, damaged: 0 },
    ]);
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await scan('transfer-open', inbound.number!);
    await page.getByTestId('transfer-detail').waitFor();
    expect(await page.getByTestId(`transfer-line-${apples.sku}`).textContent()).toContain('1.500 kg');

    await scan('transfer-receive-scan', apples.label1234g);
    await eventually(() => page.getByTestId(`transfer-received-${apples.sku}`).inputValue()).toBe('1.234');
    // The plain code carries no weight: nothing is added, and the line's field is ready for the kilograms.
    await scan('transfer-receive-scan', potatoes);
    await eventually(() => page.evaluate('document.activeElement?.dataset.testid ?? null')).toBe(
      `transfer-received-${potatoes}`,
    );
    expect(await page.getByTestId(`transfer-received-${potatoes}`).inputValue()).toBe('0.000');
    await page.keyboard.type('1.9');
    await page.getByTestId(`transfer-damaged-${potatoes}`).fill('0.1');
    await scan('transfer-receive-scan', mug!.sku);
    await eventually(() => page.getByTestId(`transfer-received-${mug!.sku}`).inputValue()).toBe('1');
    await session.screenshot('transfer-receiving-weighed');
    await page.getByTestId('transfer-receive').click();

    await eventually(async () => page.getByTestId('transfer-detail').textContent()).toContain('Received');
    // Sent, received and damaged, in kg.
    expect(
      (await page.getByTestId(`transfer-line-${potatoes}`).locator('td').allTextContents()).slice(1),
    ).toEqual(['2.000 kg', '1.900 kg', '0.100 kg']);
    expect(outbox('transfer.received').at(-1)!.lines).toEqual([
      { sku: apples.sku, name: 'Apples', sent: 1500, received: 1234, damaged: 0 },
      { sku: potatoes, name: 'Potatoes', sent: 2000, received: 1900, damaged: 100 },
      { sku: mug!.sku, name: mug!.name, sent: 1, received: 1, damaged: 0 },
    ]);
    expect(balance(applesId).on_hand).toBe(before.on_hand + 1234);
    // The list adds up pieces and weight apart.
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await eventually(() => page.getByTestId(`transfer-${inbound.number}`).textContent()).toContain(
      '1 unit and 3.500 kg',
    );
  });

  it('sends a transfer to another store by scanning: on hand leaves into in transit', async () => {
    const [mug] = mugs;
    const before = balance(mug!.id);
    await page.getByTestId('transfers-new').click();
    await page.getByTestId('transfer-to').selectOption('B');
    await scan('transfer-scan', mug!.sku);
    await scan('transfer-scan', mug!.sku);
    await eventually(() => page.getByTestId(`transfer-qty-${mug!.sku}`).inputValue()).toBe('2');
    // Goods sold by kg go by weight: a scale label's, or kilograms typed for a plain code (potatoes, by SKU).
    await scan('transfer-scan', apples.label1234g);
    await eventually(() => page.getByTestId(`transfer-qty-${apples.sku}`).inputValue()).toBe('1.234');
    await scan('transfer-scan', potatoes);
    await eventually(() => page.getByTestId(`transfer-qty-${potatoes}`).inputValue()).toBe('0.000');
    await page.getByTestId('transfer-send').click();
    await eventually(() => page.getByTestId('error-banner').textContent()).toContain(
      'Quantity of Irish Grown Rooster Potatoes: type how much to move.',
    );
    await page.getByTestId(`transfer-qty-${potatoes}`).fill('0.5');
    await session.screenshot('transfer-new');
    await page.getByTestId('transfer-send').click();

    await page.getByTestId('transfer-detail').waitFor();
    expect(await page.getByTestId('transfer-detail').textContent()).toContain('Harbour Street');
    // The register's own view of what it sent knows the weighed lines: kg, not grams.
    expect(await page.getByTestId(`transfer-line-${apples.sku}`).locator('td').nth(1).textContent()).toBe(
      '1.234 kg',
    );
    expect(balance(mug!.id)).toMatchObject({
      on_hand: before.on_hand - 2,
      in_transit: before.in_transit + 2,
    });
    expect(outbox('transfer.sent')).toEqual([
      expect.objectContaining({
        toStoreId: 'B',
        lines: [
          { sku: mug!.sku, name: mug!.name, quantity: 2 },
          expect.objectContaining({ sku: apples.sku, quantity: 1234 }),
          expect.objectContaining({ sku: potatoes, quantity: 500 }),
        ],
      }),
    ]);
    await session.screenshot('transfer-sent');
  });
});

/** A product sold by the piece, counted and received beside the weighed ones. */
const piece = () => mugs[1]!;
const dispatch = async (channel: string, payload?: unknown): Promise<unknown> => {
  const reply = await bridge.app.dispatch(channel, payload);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
};
const countedLines = async () => {
  const count = (await dispatch('count.current')) as { lines: { sku: string; quantity: number }[] };
  return count.lines.map((line) => [line.sku, line.quantity]);
};

describe('weighed goods and typed quantities in a stock count', () => {
  it('counts weighed goods in kilograms: a scale label adds its weight, a plain code asks for it', async () => {
    // The screen the transfers left open.
    await page.getByRole('button', { name: 'Close Transfers' }).click();
    await dispatch('count.open', { scope: { kind: 'skus', skus: [apples.sku, piece().sku] }, blind: false });
    await page.getByTestId('inventory-menu').click();
    await page.getByTestId('counts-open').click();
    const quantities = page.getByTestId('count-quantity');

    await scan('count-code', apples.label1234g);
    await eventually(() => quantities.nth(0).inputValue()).toBe('1.234');
    // What is on hand here (the transfer above sent some away), in kilograms.
    const applesId = bridge.app.services.catalog.lookupCode(apples.sku)!.id;
    const kg = (balance(applesId).on_hand / 1000).toFixed(3);
    expect(await page.getByTestId('count-expected').nth(0).textContent()).toBe(`${kg} kg`);

    // The plain code carries no weight: nothing is counted until the kilograms are typed.
    await scan('count-code', apples.plainCode);
    await page.getByTestId('count-weight').fill('0.75');
    await page.getByTestId('count-weight').press('Enter');
    await eventually(() => quantities.nth(1).inputValue()).toBe('0.750');
    // Weighed and counted, the code field takes the next item.
    await eventually(() => page.evaluate('document.activeElement?.dataset.testid ?? null')).toBe(
      'count-code',
    );

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
    await scan('count-code', piece().sku);
    await eventually(() => quantities.nth(2).inputValue()).toBe('1');
    for (const typed of ['0x10', '1e3', '12abc', '2.5']) {
      await quantities.nth(2).fill(typed);
      await quantities.nth(2).press('Enter');
      expect(await page.getByTestId('count-unreadable').textContent()).toContain(
        `Line 3 (${piece().name}): “${typed}” is not a quantity`,
      );
    }
    await quantities.nth(2).fill('');
    expect(await page.getByTestId('count-unreadable').textContent()).toContain(
      `Line 3 (${piece().name}) is empty`,
    );
    expect(await quantities.nth(2).inputValue()).toBe('');

    await page.getByTestId('count-submit').click();
    await eventually(() => page.getByTestId('error-banner').textContent()).toContain('Line 3');
    expect(await countedLines()).toEqual([
      [apples.sku, 1234],
      [apples.sku, 3000],
      [piece().sku, 1],
    ]);

    await quantities.nth(2).fill('5');
    await quantities.nth(2).press('Enter');
    await eventually(countedLines).toEqual([
      [apples.sku, 1234],
      [apples.sku, 3000],
      [piece().sku, 5],
    ]);
    expect(await page.getByTestId('count-unreadable').count()).toBe(0);
    await page.getByRole('button', { name: 'Close Stock count' }).click();
  });
});

describe('weighed goods and typed quantities in a delivery', () => {
  it('receives weighed goods in kilograms and refuses a quantity that does not read, naming its line', async () => {
    await page.getByTestId('inventory-menu').click();
    await page.getByTestId('receiving-open').click();
    await scan('receive-scan', apples.label1234g);
    await eventually(() => page.getByTestId(`receive-qty-${apples.sku}`).inputValue()).toBe('1.234');
    // The plain code carries no weight: the line waits for its kilograms, its field ready to type them.
    await scan('receive-scan', potatoes);
    await eventually(() => page.getByTestId(`receive-qty-${potatoes}`).inputValue()).toBe('0.000');
    await page.keyboard.type('2.5');
    expect(await page.getByTestId(`receive-qty-${potatoes}`).inputValue()).toBe('2.5');

    await scan('receive-scan', piece().sku);
    const pieces = page.getByTestId(`receive-qty-${piece().sku}`);
    await eventually(() => pieces.inputValue()).toBe('1');
    // Emptied while typing, the field stays empty (it put the 1 back, and then 5 made 15).
    await pieces.click();
    await pieces.press('End');
    await pieces.press('Backspace');
    expect(await pieces.inputValue()).toBe('');
    await page.getByTestId('receive-complete').click();
    await eventually(() => page.getByTestId('error-banner').textContent()).toContain(
      `Received of ${piece().name} is empty`,
    );
    await pieces.type('5');
    expect(await pieces.inputValue()).toBe('5');
    await pieces.fill('1e3');
    await page.getByTestId('receive-complete').click();
    await eventually(() => page.getByTestId('error-banner').textContent()).toContain(
      `Received of ${piece().name}: “1e3” is not a quantity`,
    );
    await pieces.fill('2');
    // More damaged than received is refused, not cut down to what was received.
    await page.getByTestId(`receive-damaged-${piece().sku}`).fill('3');
    await page.getByTestId('receive-complete').click();
    await eventually(() => page.getByTestId('error-banner').textContent()).toContain(
      `Damaged of ${piece().name}: at most the 2 received`,
    );
    await page.getByTestId(`receive-damaged-${piece().sku}`).fill('1');
    expect(await page.getByTestId('receive-totals').textContent()).toBe('2 units and 3.734 kg on 3 lines');
    await session.screenshot('receiving-weighed');

    await page.getByTestId('receive-complete').click();
    await eventually(() => page.getByTestId('receive-done').textContent()).toContain(
      '2 units and 3.734 kg on 3 lines',
    );
    expect(outbox('receipt.completed').at(-1)!.lines).toMatchObject([
      { sku: apples.sku, quantity: 1234 },
      { sku: potatoes, quantity: 2500 },
      { sku: piece().sku, quantity: 2, damaged: 1 },
    ]);
    await page.getByRole('button', { name: 'Close Receive goods' }).click();
  });
});
