/**
 * Receiving and transfers in Chromium against the real register, as the manager (Morgan): receive a delivery
 * with a damaged unit and an unknown barcode, receive a transfer from another store with one line short, and
 * send a transfer by scanning. What head office makes of them (the exceptions, the other store's figures) is in
 * test/integration/headoffice/receiving-transfers.test.ts. Screenshots land in test-results/screenshots.
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

describe('transfers', () => {
  it('opens an inbound transfer by scanning its packing list and receives it with one line short', async () => {
    const [first, second] = mugs;
    const inbound: TransferView = {
      transferId: '01900000-0000-7000-8000-00000000b001',
      number: 'B1-TR-000012',
      fromStoreId: 'B',
      fromStoreName: 'Harbour Street',
      toStoreId: info.register.storeId,
      toStoreName: info.settings.storeName,
      status: 'sent',
      note: null,
      requestedAt: null,
      sentAt: new Date().toISOString(),
      receivedAt: null,
      lines: [
        { sku: first!.sku, name: first!.name, requested: 0, sent: 2, received: 0, damaged: 0 },
        { sku: second!.sku, name: second!.name, requested: 0, sent: 3, received: 0, damaged: 0 },
      ],
    };
    // As head office sends it down the 'transfers' stream.
    bridge.app.services.transfers.saveFromHeadOffice(inbound, new Date().toISOString());
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

  it('sends a transfer to another store by scanning: on hand leaves into in transit', async () => {
    const [mug] = mugs;
    const before = balance(mug!.id);
    await page.getByTestId('transfers-new').click();
    await page.getByTestId('transfer-to').selectOption('B');
    await scan('transfer-scan', mug!.sku);
    await scan('transfer-scan', mug!.sku);
    await eventually(() => page.getByTestId(`transfer-qty-${mug!.sku}`).inputValue()).toBe('2');
    await session.screenshot('transfer-new');
    await page.getByTestId('transfer-send').click();

    await page.getByTestId('transfer-detail').waitFor();
    expect(await page.getByTestId('transfer-detail').textContent()).toContain('Harbour Street');
    expect(balance(mug!.id)).toMatchObject({
      on_hand: before.on_hand - 2,
      in_transit: before.in_transit + 2,
    });
    expect(outbox('transfer.sent')).toEqual([
      expect.objectContaining({ toStoreId: 'B', lines: [{ sku: mug!.sku, name: mug!.name, quantity: 2 }] }),
    ]);
    await session.screenshot('transfer-sent');
  });
});
