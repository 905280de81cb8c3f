/**
 * Layer 3: the register and a real head office (src/headoffice on SQLite, started in this process on port 0,
 * behind a TCP proxy that can take the link down). The built renderer runs in Debian Chromium against the real
 * register (test/harness/bridge-server.ts). A cashier sees sync in the status bar, a manager's PIN enrols the
 * register through the setup screen, sales reach head office, a price changed at head office reaches the
 * search while the open sale keeps its price, other stores' stock shows with its "as of" time, and a revoked
 * register says why it cannot sync and keeps selling. Screenshots land in test-results/screenshots.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoStore } from '../../src/main/services/demo-seed.ts';
import type { AppInfo } from '../../src/shared/domain.ts';
import { formatMoney } from '../../src/shared/money.ts';
import { formatQuantity } from '../../src/shared/quantity.ts';
import type { SaleView } from '../../src/shared/sync/admin-api.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import {
  demoUsers,
  logInAndOpenShift,
  payAndComplete,
  payAndShowReceipt,
} from '../harness/register-session.ts';
import {
  catalogOf,
  homeStore,
  homeStoreAddress,
  startHeadOfficeFor,
  type HeadOfficeForRegisters,
} from '../harness/sync-head-office.ts';
import { fastSync } from '../harness/sync-register.ts';

interface DemoProduct {
  id: number;
  sku: string;
  code: string;
  priceMinor: number;
  onHand: number;
}

const otherStore = { id: 'CORK-1', name: 'Cork Quay', onHand: 17 };

let bridge: Bridge;
let hq: HeadOfficeForRegisters;
let session: BrowserSession;
let page: Page;
let info: AppInfo;
/** `stocked`: head office holds its stock here and at the other store; `repriced`: head office changes its price. */
let stocked: DemoProduct;
let repriced: DemoProduct;
/** What head office received of `stocked` for this store, far from the register's own ledger figure. */
let headOfficeOnHand: number;

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
const money = (minor: number) => formatMoney(minor, info.settings.currency, info.settings.locale);
const pieces = (count: number) => formatQuantity(count, 'each', info.settings.locale);

const syncItem = () => page.getByTestId('sync-status');
const syncState = () => syncItem().getAttribute('data-state');

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const reply = await hq.ho.admin<T>(method, path, body);
  if (reply.status >= 300)
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Scans the product, pays cash for exactly what is due, completes, and returns the receipt number shown. */
async function sellOne(product: DemoProduct): Promise<string> {
  await session.scan(product.code);
  await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
  return payAndComplete(page, 'cash', money(0));
}

/** The approval dialog for the enrolment: Morgan, a manager, types the PIN. */
async function approveAsManager(): Promise<void> {
  const dialog = page.getByTestId('approval-dialog');
  await dialog.waitFor();
  await eventually(text(page.getByTestId('approval-what'))).toBe(
    'Manager approval needed: change settings and users.',
  );
  await dialog.getByTestId('pin-input').fill(demoUsers.manager.pin);
  await dialog.getByTestId('pin-input').press('Enter');
  await dialog.waitFor({ state: 'hidden' });
}

async function submitSetup(url: string, code: string): Promise<void> {
  await page.getByTestId('sync-setup-headOfficeUrl').fill(url);
  await page.getByTestId('sync-setup-pairingCode').fill(code);
  await page.getByTestId('sync-setup-registerName').fill('Till 1');
  await page.getByTestId('sync-setup-submit').click();
  await approveAsManager();
}

async function closeDialog(title: string): Promise<void> {
  await page.getByRole('button', { name: `Close ${title}` }).click();
}

beforeAll(async () => {
  bridge = await startBridge({ sync: fastSync });
  const infoReply = await bridge.app.dispatch('app.info', undefined);
  if (!infoReply.ok) throw new Error(infoReply.error.message);
  info = infoReply.value as AppInfo;
  const products = bridge.app.db
    .prepare(
      `SELECT p.id, p.sku, min(b.code) AS code, p.price_minor AS priceMinor, coalesce(s.on_hand, 0) AS onHand
       FROM products p
       JOIN barcodes b ON b.product_id = p.id
       LEFT JOIN stock_balances s ON s.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND length(b.code) = 13 AND b.code NOT LIKE '2%'
         AND coalesce(s.on_hand, 0) >= 10 AND p.price_minor BETWEEN 150 AND 2000
       GROUP BY p.id ORDER BY p.id LIMIT 2`,
    )
    .all() as DemoProduct[];
  if (products.length < 2) throw new Error('The demo catalog has fewer than 2 products to sell here.');
  [stocked, repriced] = products as [DemoProduct, DemoProduct];

  // Head office with this register's store and catalog, and a second store that stocks `stocked`.
  hq = await startHeadOfficeFor({
    app: bridge.app,
    dataDir: bridge.dataDir,
    close: () => undefined,
    destroy: () => undefined,
  });
  const { currency, pricesIncludeTax, taxRates } = demoStore;
  await admin('POST', '/api/stores', {
    id: otherStore.id,
    name: otherStore.name,
    currency,
    pricesIncludeTax,
    taxRates,
  });
  await admin('POST', `/api/stores/${otherStore.id}/stock-movements`, {
    sku: stocked.sku,
    kind: 'receive',
    quantity: otherStore.onHand,
  });
  headOfficeOnHand = stocked.onHand + 200;
  await admin('POST', `/api/stores/${homeStore}/stock-movements`, {
    sku: stocked.sku,
    kind: 'receive',
    quantity: headOfficeOnHand,
  });

  session = await openBrowser(bridge.url);
  page = session.page;
});

afterAll(async () => {
  await session?.close();
  await bridge?.close();
  await hq?.close();
});

afterEach(() => expectNoNewProblems(session));

describe('sync with a real head office, in Chromium against the real register', () => {
  it('says "not set up" until a manager enrols the register on the setup screen, then "connected"', async () => {
    await logInAndOpenShift(page, demoUsers.cashier);
    await eventually(syncState).toBe('not-set-up');
    await eventually(text(page.getByTestId('sync-state'))).toBe('Head office not set up');

    await syncItem().getByRole('button').click();
    await eventually(() => page.getByTestId('sync-panel').getAttribute('data-state')).toBe('not-set-up');
    await page.getByTestId('sync-setup-open').click();

    // Mistakes are marked at their fields before anything is sent.
    await page.getByTestId('sync-setup-submit').click();
    await eventually(text(page.getByTestId('sync-setup-headOfficeUrl-error'))).toContain('a web address');
    await eventually(text(page.getByTestId('sync-setup-pairingCode-error'))).toContain('Pairing code');
    await eventually(text(page.getByTestId('sync-setup-registerName-error'))).toContain('Register name');
    expect(await page.getByTestId('approval-dialog').count()).toBe(0);

    // Nothing answers at the address.
    await submitSetup('http://127.0.0.1:1', 'PAIR-0000');
    await eventually(text(page.getByTestId('sync-setup-error'))).toContain(
      'Could not enrol with head office at http://127.0.0.1:1',
    );
    // A code head office never gave.
    await submitSetup(hq.proxy.url, 'WRONG-CODE');
    await eventually(text(page.getByTestId('sync-setup-error'))).toContain('That pairing code is not known');
    expect(await page.getByTestId('sync-setup-pairingCode').getAttribute('aria-invalid')).toBe('true');
    // A code another register used first.
    const usedCode = await hq.pairingCode();
    await admin('POST', '/api/enroll', { pairingCode: usedCode, registerName: 'Other till' });
    await submitSetup(hq.proxy.url, usedCode);
    await eventually(text(page.getByTestId('sync-setup-error'))).toContain('already been used');
    await session.screenshot('sync-setup');
    expect(bridge.app.sync.status().enrolled).toBe(false);

    await submitSetup(hq.proxy.url, await hq.pairingCode());
    await eventually(text(page.getByTestId('sync-panel-notice'))).toBe(
      'Enrolled with Dublin Harbour: sales go to head office from now on.',
    );
    await eventually(() => page.getByTestId('sync-panel').getAttribute('data-state')).toBe('connected');
    await closeDialog('Head office sync');

    await eventually(syncState).toBe('connected');
    await eventually(text(page.getByTestId('sync-state'))).toBe('Head office connected');
    await eventually(text(page.getByTestId('sync-waiting'))).toBe('0 waiting');
    // The register now goes by head office's store id and the name it was given, not by head office's id for it.
    await eventually(text(page.locator('.status-bar'))).toContain(`Store ${homeStore} · Register Till 1`);
    expect(bridge.app.services.settings.register()).toMatchObject({
      storeId: homeStore,
      registerName: 'Till 1',
    });
    // The header shows the store by head office's name for it, not the demo store's.
    await eventually(text(page.locator('.app-header .store-name'))).toBe('Dublin Harbour');
    await eventually(text(page.locator('.app-header .register-id'))).toBe('Register Till 1');
    // Who enrolled it, and who approved, is in the audit log.
    const audit = bridge.app.db
      .prepare(
        `SELECT u.name AS user, p.name AS approver, a.details FROM audit_log a
         JOIN users u ON u.user_id = a.user_id LEFT JOIN users p ON p.user_id = a.approver_id
         WHERE a.action = 'settings.edit'`,
      )
      .all() as { user: string; approver: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user: demoUsers.cashier.name, approver: demoUsers.manager.name });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ change: 'register.enrolled', storeId: homeStore });
    await session.screenshot('status-bar-connected');
  });

  it('sends a completed sale at once: nothing waits, the last sync moves on, head office has it', async () => {
    const lastBefore = await page.getByTestId('sync-last').getAttribute('datetime');
    expect(lastBefore).not.toBeNull();
    const receiptNumber = await sellOne(stocked);

    await eventually(
      async () => (await page.getByTestId('sync-last').getAttribute('datetime'))! > lastBefore!,
    ).toBe(true);
    await eventually(text(page.getByTestId('sync-waiting'))).toBe('0 waiting');
    const sales = await admin<{ items: SaleView[] }>('GET', `/api/sales?storeId=${homeStore}`);
    expect(sales.items.map((sale) => sale.receiptNumber)).toEqual([receiptNumber]);
  });

  it('shows on hand here from head office, and other stores with their "as of" time', async () => {
    await page.getByTestId('availability-open').click();
    await page.getByTestId('availability-search').fill(stocked.sku);
    await page.locator(`[data-testid="availability-result"][data-sku="${stocked.sku}"]`).click();
    // Head office's figure after the sale it has applied, not the register's own ledger (200 fewer).
    await eventually(text(page.getByTestId('availability-on-hand'))).toBe(pieces(headOfficeOnHand - 1));
    // The search list says the same.
    const listed = page.locator(`[data-testid="availability-result"][data-sku="${stocked.sku}"] .hit-stock`);
    await eventually(text(listed)).toBe(`${pieces(headOfficeOnHand - 1)} on hand`);
    const cork = page.getByTestId('availability-other-store');
    await eventually(text(cork)).toContain(otherStore.name);
    expect(await cork.getByTestId('availability-other-available').innerText()).toBe(
      pieces(otherStore.onHand),
    );
    expect(await cork.innerText()).toMatch(/as of \S/);
    await session.screenshot('availability-other-stores');
    await closeDialog('Stock availability');
  });

  it('keeps selling offline, says what waits and for how long, and the shift-end check names it', async () => {
    await eventually(text(page.getByTestId('sync-waiting'))).toBe('0 waiting');
    hq.proxy.setDown(true);
    await eventually(syncState).toBe('offline');
    const receiptNumber = await sellOne(stocked);
    await eventually(text(page.getByTestId('sync-waiting'))).toBe('1 waiting, oldest under a minute');
    await session.screenshot('status-bar-offline');

    // On hand here: head office's figure less this register's sale it has not received yet.
    await page.getByTestId('availability-open').click();
    await page.getByTestId('availability-search').fill(stocked.sku);
    await page.locator(`[data-testid="availability-result"][data-sku="${stocked.sku}"]`).click();
    await eventually(text(page.getByTestId('availability-on-hand'))).toBe(pieces(headOfficeOnHand - 2));
    await closeDialog('Stock availability');

    await syncItem().getByRole('button').click();
    await eventually(() => page.getByTestId('sync-panel').getAttribute('data-state')).toBe('offline');
    await page.getByTestId('sync-shift-end-check').click();
    const check = page.getByTestId('shift-end-check');
    await eventually(() => check.getAttribute('data-state')).toBe('waiting');
    await eventually(text(page.getByTestId('shift-end-message'))).toBe(
      '1 event still waiting for head office',
    );
    expect(await page.getByTestId('shift-end-waiting').allInnerTexts()).toEqual([
      expect.stringContaining(`Sale ${receiptNumber}`),
    ]);
    await session.screenshot('sync-panel');

    hq.proxy.setDown(false);
    await page.getByTestId('sync-now').click();
    await eventually(() => check.getAttribute('data-state')).toBe('all-acknowledged');
    await eventually(text(page.getByTestId('shift-end-message'))).toMatch(
      /^All \d+ events acknowledged by head office\.$/,
    );
    expect(await page.getByTestId('sync-panel').getAttribute('data-state')).toBe('connected');
    await closeDialog('Head office sync');
    await eventually(text(page.getByTestId('sync-waiting'))).toBe('0 waiting');
  });

  it('shows a price head office changed at the search without a restart, while the open sale keeps its price', async () => {
    await session.scan(repriced.code);
    const line = page.locator(`[data-testid="cart-line"][data-sku="${repriced.sku}"]`);
    await eventually(text(line.locator('.line-price'))).toBe(money(repriced.priceMinor));

    const newPriceMinor = repriced.priceMinor + 100;
    const item = catalogOf({
      app: bridge.app,
      dataDir: bridge.dataDir,
      close: () => undefined,
      destroy: () => undefined,
    }).find((product) => product.sku === repriced.sku)!;
    await admin('PUT', '/api/products', { products: [{ ...item, priceMinor: newPriceMinor }] });

    await page.getByTestId('search-input').fill(repriced.sku);
    const hit = page.locator(`[data-testid="search-result"][data-sku="${repriced.sku}"] .hit-price`);
    await eventually(text(hit)).toBe(money(newPriceMinor));
    expect(await line.locator('.line-price').innerText()).toBe(money(repriced.priceMinor));
    await page.getByTestId('search-input').press('Escape');

    const receiptNumber = await payAndComplete(page, 'cash', money(0));
    const sold = bridge.app.db
      .prepare(
        `SELECT l.unit_price_minor AS unitPriceMinor FROM sale_lines l JOIN sales s ON s.sale_id = l.sale_id
         WHERE s.receipt_number = ?`,
      )
      .get(receiptNumber) as { unitPriceMinor: number };
    expect(sold.unitPriceMinor).toBe(repriced.priceMinor);
  });

  it('shows the store’s new name on screen and on the next receipt once head office renames it', async () => {
    await admin('PATCH', `/api/stores/${homeStore}`, { name: 'Dublin Docklands' });
    await eventually(text(page.locator('.app-header .store-name'))).toBe('Dublin Docklands');

    await session.scan(stocked.code);
    await payAndShowReceipt(page, 'cash', money(0));
    await eventually(text(page.getByTestId('receipt').locator('.receipt-head h3'))).toBe('Dublin Docklands');
    // Under it, the address head office keeps for the store, and no more of the demo store's texts.
    expect(await page.getByTestId('receipt').locator('.receipt-head p').allInnerTexts()).toEqual(
      homeStoreAddress,
    );
    expect(await page.getByTestId('receipt').innerText()).toContain('Till 1');
    await page.getByTestId('new-sale').click();
    await admin('PATCH', `/api/stores/${homeStore}`, { name: 'Dublin Harbour' });
    await eventually(text(page.locator('.app-header .store-name'))).toBe('Dublin Harbour');
  });

  it('says why it cannot sync once head office revokes the register, and still completes a sale', async () => {
    // Everything sold so far has reached head office.
    await eventually(text(page.getByTestId('sync-waiting'))).toBe('0 waiting');
    const { registerId } = bridge.app.services.settings.register();
    await admin('POST', `/api/registers/${registerId}/revoke`, {});
    await eventually(syncState).toBe('stopped');
    await eventually(text(page.getByTestId('sync-state'))).toBe('Sync stopped');
    await eventually(text(page.getByTestId('sync-problem'))).toContain("revoked this register's access");

    const receiptNumber = await sellOne(stocked);
    expect(receiptNumber).not.toBe('');
    await eventually(text(page.getByTestId('sync-waiting'))).toMatch(/^1 waiting, oldest /);
    expect(await syncState()).toBe('stopped');
    await session.screenshot('status-bar-revoked');

    // Closing the shift shows what head office has not acknowledged, and why.
    await page.getByTestId('shift-open').click();
    await page.getByTestId('close-shift-open').click();
    await page.getByTestId('close-shift-screen').waitFor();
    await eventually(() => page.getByTestId('shift-end-check').getAttribute('data-state')).toBe('waiting');
    await eventually(text(page.getByTestId('shift-end-why'))).toContain('revoked');
    expect(await page.getByTestId('shift-end-waiting').allInnerTexts()).toEqual([
      expect.stringContaining(`Sale ${receiptNumber}`),
    ]);
    await session.screenshot('close-shift-sync-check');
    await page.getByRole('button', { name: 'Back to the register' }).click();
    await page.getByTestId('search-input').waitFor();
  });

  it('is re-paired from the sync panel with a code from head office, and sends what waited', async () => {
    const { registerId } = bridge.app.services.settings.register();
    const { code } = await admin<{ code: string }>('POST', `/api/registers/${registerId}/pairing-codes`, {});
    await syncItem().click();
    await page.getByTestId('sync-repair-open').click();
    // Only the code is new: the address and the register's name are filled in as they were.
    expect(await page.getByTestId('sync-setup-headOfficeUrl').inputValue()).toBe(hq.proxy.url);
    expect(await page.getByTestId('sync-setup-registerName').inputValue()).toBe('Till 1');
    await submitSetup(hq.proxy.url, code);
    await eventually(() => page.getByTestId('sync-panel').getAttribute('data-state')).toBe('connected');
    await closeDialog('Head office sync');

    await eventually(syncState).toBe('connected');
    await eventually(text(page.getByTestId('sync-waiting'))).toBe('0 waiting');
    // Same register, same numbering: head office now holds the sale made while it was revoked.
    expect(bridge.app.services.settings.register().registerId).toBe(registerId);
  });
});
