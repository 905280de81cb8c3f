/**
 * Layer 3 for the back office: the built app (out/backoffice) served by the real head office, on SQLite and on
 * PostgreSQL, driven in Debian Chromium as its first owner would: open the setup link head office printed, make
 * the first owner, create a store and a product, make a pairing code (shown with its QR code), and a real
 * register (src/main, in this process) enrols with that code and sells; the sale shows on Today and its receipt
 * on Sales, the exception it raised is resolved with a note. Every page is visited and saved as a screenshot
 * (test-results/screenshots/backoffice-<database>-<page>.png); no page logs an error or breaks its CSP.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoStore, demoUsers } from '../../src/main/services/demo-seed.ts';
import { gtinCheckDigit } from '../../src/shared/gtin.ts';
import { formatMoney } from '../../src/shared/money.ts';
import { startBackOffice, type BackOfficeServer } from '../harness/back-office.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import {
  drained,
  openRegister,
  sell,
  spaghetti,
  waitForStatus,
  waitUntil,
  type TestRegister,
} from '../harness/sync-register.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
} from '../integration/headoffice/helpers.ts';
import { transferReceived } from '../../src/shared/documents/transfer.ts';

const owner = { name: 'Ana Byrne', email: 'ana@example.com', password: 'a long enough password' };
/** What the owner changes her password to on Your account, and signs in with after. */
const newOwnerPassword = 'my own new passphrase';
const store = { id: 'DUBLIN-1', name: 'Dublin Harbour' };
/** The demo catalog's spaghetti, as the register sells it (resources/demo-catalog.csv). */
const product = { sku: 'PAN-000001', name: 'Riverside Mill Spaghetti 1kg', price: '2.39', taxCode: 'ZERO' };
/** The spaghetti the demo register has on hand when it enrols, sent to head office as its opening count. */
const openingSpaghetti = 23;
/** One more than the register arrived with: the shelf held a box the register never knew of. */
const soldSpaghetti = openingSpaghetti + 1;
/** The barcode the owner gives the Tee in red, size M. */
const teeBarcode = `590300000001${gtinCheckDigit('590300000001')}`;
const euro = (minor: number) => formatMoney(minor, 'EUR', 'en-IE');
/** The demo register's manager, whose PIN approves a stock adjustment. */
const registerManagerPin = demoUsers.find((user) => user.role === 'manager')!.pin;

describe.each(dialects)('the back office on %s, in Chromium', (dialect) => {
  let server: BackOfficeServer;
  let session: BrowserSession;
  let page: Page;
  let register: TestRegister | undefined;
  let receiptNumber: string;

  const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
  const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
  const screenshot = (name: string) => session.screenshot(`backoffice-${dialect}-${name}`);
  const go = async (nav: string) => {
    await page.getByTestId(`nav-${nav}`).click();
    await page.locator('h1').waitFor();
  };

  beforeAll(async () => {
    server = await startBackOffice(dialect);
    session = await openBrowser(server.setupUrl);
    page = session.page;
  });
  afterAll(async () => {
    register?.destroy();
    await session?.close();
    await server?.close();
  });
  afterEach(() => expectNoNewProblems(session));

  it('makes the first owner from the link head office printed, who lands on an empty Today', async () => {
    await page.getByTestId('setup-name').fill(owner.name);
    await page.getByTestId('setup-email').fill(owner.email);
    await page.getByTestId('password').fill(owner.password);
    await page.getByTestId('password-again').fill('not the same');
    await eventually(text(page.locator('.field-error'))).toBe('The two passwords differ.');
    await screenshot('setup');
    await page.getByTestId('password-again').fill(owner.password);
    await page.getByTestId('setup-submit').click();

    await eventually(text(page.locator('h1'))).toBe('Today');
    await eventually(text(page.getByTestId('who'))).toContain(`${owner.name} Owner`);
    await eventually(text(page.getByTestId('empty-state'))).toContain('No stores yet');
    await screenshot('today-empty');
  });

  it('creates a store with its locale, time zone, tax rates and over/short limit', async () => {
    await go('stores');
    await page.getByTestId('store-new').click();
    const form = page.getByTestId('store-form');
    await form.getByTestId('store-id').fill(store.id);
    await form.getByTestId('store-name').fill(store.name);
    await form.getByTestId('store-locale').fill('en-IE');
    await form.getByTestId('store-time-zone').fill('Europe/Dublin');
    // The demo register's rates, so what it sells is taxed the same at head office.
    const [first, ...others] = demoStore.taxRates;
    await form.getByTestId('tax-code').fill(first!.code);
    await form.getByTestId('tax-name').fill(first!.name);
    await form.getByTestId('tax-percent').fill(String(first!.rateBasisPoints / 100));
    for (const rate of others) {
      await form.getByRole('button', { name: 'Add a tax rate' }).click();
      await form.getByTestId('tax-code').last().fill(rate.code);
      await form.getByTestId('tax-name').last().fill(rate.name);
      await form
        .getByTestId('tax-percent')
        .last()
        .fill(String(rate.rateBasisPoints / 100));
    }
    const limit = form.getByTestId('store-over-short-limit');
    await limit.fill('two euro');
    await form.getByTestId('store-save').click();
    await eventually(text(form.locator('.field-error'))).toBe('Write the limit as an amount such as 5.00.');
    await limit.fill('2.00');
    await screenshot('store-form');
    await form.getByTestId('store-save').click();
    await form.waitFor({ state: 'hidden' });
    const panel = page.locator(`[data-testid="store-panel"][data-store="${store.id}"]`);
    await eventually(text(panel.locator('h2'))).toBe(store.name);
    await eventually(text(panel.locator('.secondary').first())).toContain('EUR · en-IE · Europe/Dublin');
  });

  it('adds a product, refusing a price that is not an amount, and finds it by name, SKU or barcode', async () => {
    await go('products');
    await eventually(text(page.getByTestId('empty-state'))).toContain('The catalog is empty');
    await page.getByTestId('product-new').click();
    const editor = page.getByTestId('product-editor');
    await editor.getByTestId('product-sku').fill(product.sku);
    await editor.getByTestId('product-name').fill(product.name);
    await editor.getByTestId('product-price').fill('2,3,9');
    await editor.getByTestId('product-tax').selectOption(product.taxCode);
    await editor.getByTestId('product-category').fill('Pantry');
    await editor.getByTestId('product-barcodes').fill(spaghetti);
    await editor.getByTestId('product-save').click();
    await eventually(text(editor.locator('.field-error'))).toContain('Write the price as an amount');
    await editor.getByTestId('product-price').fill(product.price);
    await screenshot('product-editor');
    await editor.getByTestId('product-save').click();
    await editor.waitFor({ state: 'hidden' });

    const rows = page.getByTestId('products-table').getByTestId('row');
    await eventually(() => rows.count()).toBe(1);
    for (const search of ['spaghetti', 'pan-0000', spaghetti]) {
      await page.getByTestId('products-search').fill(search);
      await eventually(() => page.url()).toContain(`q=${search}`);
      await eventually(text(rows.first().getByTestId('product-open'))).toBe(product.sku);
    }
    await page.getByTestId('products-search').fill('nothing like it');
    await eventually(text(page.getByTestId('empty-state'))).toContain('No product matches');
    // A name is found whatever the accents typed: "SPÁGHETTI" finds "Spaghetti".
    await page.getByTestId('products-search').fill('SPÁGHETTI');
    await eventually(text(rows.first().getByTestId('product-open'))).toBe(product.sku);
    await page.getByTestId('products-search').fill('');
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.first().locator('[data-column="price"]').innerText()).toBe(euro(239));
    await screenshot('products');
  });

  it('makes a pairing code with a QR code, and a register enrols with it', async () => {
    await go('stores');
    await page.getByTestId('pair-register').click();
    const dialog = page.getByTestId('pairing-dialog');
    const code = (await dialog.getByTestId('pairing-code').innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect.poll(() => dialog.locator('svg path').count()).toBeGreaterThan(0);
    await screenshot('pairing-code');
    await dialog.getByRole('button', { name: 'Close Pairing code' }).click();

    register = openRegister();
    await register.app.sync.enrollUnattended({
      headOfficeUrl: server.ho.url,
      pairingCode: code,
      registerName: 'Till 1',
    });
    await waitForStatus(register.app, drained);
    // The store's over/short limit came down with its settings.
    const { settings } = register.app.services;
    await eventually(async () => settings.store().overShortThresholdMinor).toBe(200);
    await page.reload();
    const row = page.getByTestId('register-row');
    await eventually(text(row.locator('th'))).toBe('Till 1');
    await eventually(text(row.locator('td').first())).toBe('Syncing');
    await screenshot('stores');
  });

  it("shows the register's sale on Today, in the store's currency, and the register in touch", async () => {
    const sale = sell(register!.app, Array<string>(soldSpaghetti).fill(spaghetti));
    receiptNumber = sale.receiptNumber;
    await waitForStatus(register!.app, drained);
    await go('today');
    const row = page.locator(`[data-testid="today-store"][data-store="${store.id}"]`);
    await eventually(text(row.getByTestId('today-sales'))).toBe(euro(sale.totals.totalMinor));
    await eventually(text(page.getByTestId('today-register').locator('td').nth(1))).toBe('In touch');
    // Head office knew of the register's opening 23; selling 24 took it below zero.
    await eventually(text(row.getByTestId('today-low-stock'))).toBe('1 SKU');
    await eventually(text(row.getByTestId('today-exceptions'))).not.toBe('0');
    await screenshot('today');
  });

  it('finds the sale on Sales, and shows its receipt as the customer got it', async () => {
    await page
      .locator(`[data-testid="today-store"][data-store="${store.id}"]`)
      .getByTestId('today-sales')
      .click();
    await eventually(text(page.locator('h1'))).toBe('Sales and returns');
    const rows = page.getByTestId('sales-table').getByTestId('row');
    await eventually(() => rows.count()).toBe(1);
    await rows.first().getByTestId('receipt-open').click();
    const receipt = page.getByTestId('receipt');
    await eventually(text(receipt)).toContain(store.name);
    const printed = await receipt.innerText();
    expect(printed).toContain(receiptNumber);
    expect(printed).toContain('Register Till 1');
    expect(printed).toContain(product.name);
    expect(printed).toMatch(new RegExp(`TOTAL\\s+${euro(239 * soldSpaghetti).replace('.', '\\.')}`));
    await screenshot('sale-receipt');
    await page.getByRole('button', { name: /^Close Receipt/ }).click();
    await page.getByTestId('show-returns').click();
    await eventually(text(page.getByTestId('empty-state'))).toContain('No return matches');
  });

  it('explains the exception in words and resolves it with a note that names who', async () => {
    await go('exceptions');
    const rows = page.getByTestId('exceptions-table').getByTestId('row');
    const negative = rows.filter({ hasText: 'Stock below zero' });
    await eventually(() => negative.count()).toBe(1);
    await screenshot('exceptions');
    await negative.getByTestId('exception-open').click();
    const dialog = page.getByTestId('exception-dialog');
    await eventually(text(dialog)).toContain('more was sold than head office knew was there');
    await dialog.getByTestId('resolution-note').fill('Counted the shelf: 22 left');
    await screenshot('exception-resolve');
    await dialog.getByTestId('resolve').click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => negative.count()).toBe(0);

    await page.getByTestId('exceptions-status').selectOption('resolved');
    const resolved = page
      .getByTestId('exceptions-table')
      .getByTestId('row')
      .filter({ hasText: 'Stock below zero' });
    await eventually(text(resolved.locator('[data-column="resolvedAt"]'))).toBe(
      `${owner.name} <${owner.email}>: Counted the shelf: 22 left`,
    );
  });

  it('lists the stock, the people, the tokens and the audit of every change made', async () => {
    await go('stock');
    const stock = page.getByTestId('stock-table').getByTestId('row');
    // The register's opening count gave head office a figure for every SKU it had loaded.
    await eventually(() => stock.count()).toBeGreaterThan(1);
    // Counted and sold, never delivered at a known cost: valued at nothing, and the page says why.
    await eventually(text(page.getByTestId('stock-value'))).toContain("The store's stock at cost: €0.00");
    expect(await page.getByTestId('stock-value').innerText()).toContain('never received at a known cost');
    // Only the spaghetti, sold past what the register arrived with, has nothing on hand.
    await page.getByTestId('stock-low').click();
    await eventually(() => page.url()).toContain('low=true');
    await eventually(() => stock.count()).toBe(1);
    expect(await stock.first().innerText()).toContain(product.sku);
    await eventually(text(stock.first().locator('[data-column="onHand"]'))).toBe('-1');
    await screenshot('stock');

    // A box damaged at the store: the register's adjustment reaches head office, every state of every store.
    const { adjustments, catalog } = register!.app.services;
    const adjustment = adjustments.complete({
      reason: 'damaged',
      note: 'Crushed box',
      lines: [{ productId: catalog.lookupCode(spaghetti)!.id, quantity: 1 }],
      approval: { pin: registerManagerPin },
    });
    await waitForStatus(register!.app, drained);
    await page.getByTestId('stock-low').click();
    await page.getByTestId('stock-search').fill(product.sku);
    await eventually(() => stock.count()).toBe(1);
    await eventually(text(stock.first().locator('[data-column="damaged"]'))).toBe('1');
    await stock.first().getByTestId('stock-sku-open').click();
    const detail = page.getByTestId('sku-detail');
    const here = detail.locator(`[data-testid="sku-store"][data-store="${store.id}"]`);
    await eventually(text(here.locator('td').nth(1))).toBe('1');
    expect(await here.locator('td').first().innerText()).toBe('-2');
    const moved = detail.getByTestId('sku-movements').getByTestId('row');
    await eventually(text(moved.first())).toContain('Adjustment');
    expect(await moved.first().innerText()).toContain('Damaged');
    expect(await detail.innerText()).toContain(adjustment.adjustmentId.slice(0, 8));
    await screenshot('stock-sku');
    await page.getByRole('button', { name: /^Close / }).click();

    await go('users');
    await page.getByTestId('user-new').click();
    const form = page.getByTestId('user-form');
    await form.getByTestId('user-email').fill('sam@example.com');
    await form.getByTestId('user-name').fill('Sam Rowe');
    await form.getByTestId('user-role').selectOption('store_manager');
    await form.getByLabel(store.name).check();
    await form.getByTestId('user-save').click();
    await eventually(text(page.getByTestId('password-link'))).toMatch(/\/set-password\?token=/);
    await page.getByRole('button', { name: 'Close Give them this link' }).click();
    await eventually(text(page.locator('[data-testid="user-row"][data-email="sam@example.com"]'))).toContain(
      'Invited',
    );
    await screenshot('users');

    await go('tokens');
    await eventually(() => page.getByTestId('token-row').count()).toBe(1);
    await screenshot('tokens');

    await go('audit');
    const audit = page.getByTestId('audit-table').getByTestId('row');
    await eventually(() => audit.filter({ hasText: 'POST /api/exceptions/:id/resolve' }).count()).toBe(1);
    await screenshot('audit');
  });

  it('imports a CSV after a dry run that lists a bad row by its line, and exports the filtered catalog', async () => {
    await go('products');
    const rows = page.getByTestId('products-table').getByTestId('row');
    await eventually(() => rows.count()).toBe(1);
    const header = 'sku,name,price,tax_code,category,barcodes';
    const unchanged = `${product.sku},${product.name},${product.price},${product.taxCode},Pantry,${spaghetti}`;
    const jam = 'E2E-JAM,Strawberry Jam 340g,3.49,RED,Preserves,';
    const file = (lines: string[]) => ({
      name: 'products.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });

    await page.getByTestId('products-import').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog
      .getByTestId('import-file')
      .setInputFiles(file([header, unchanged, jam, 'E2E-BAD,Bad,3.4x,STD,,']));
    await eventually(text(dialog.getByTestId('import-errors'))).toContain(
      'Line 4: price: "3.4x" is not a price like 3.49',
    );
    expect(await dialog.getByTestId('import-apply').count()).toBe(0);
    await screenshot('products-import-errors');

    await dialog.getByTestId('import-file').setInputFiles(file([header, unchanged, jam]));
    await eventually(text(dialog.getByTestId('import-report'))).toContain('1 new, 0 changed, 1 unchanged');
    expect(await rows.count()).toBe(1);
    await screenshot('products-import-dry-run');
    await dialog.getByTestId('import-apply').click();
    await eventually(text(dialog.getByTestId('import-report'))).toContain('Imported 2 products');
    await screenshot('products-import-done');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await eventually(() => rows.count()).toBe(2);

    await page.getByTestId('products-category').selectOption('Preserves');
    await eventually(() => rows.count()).toBe(1);
    const href = await page.getByTestId('products-export').getAttribute('href');
    expect(href).toBe('/api/products.csv?category=Preserves');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(csv).toBe(
      'sku,name,price,tax_code,category,unit,barcodes,active,style,options\n' +
        'E2E-JAM,Strawberry Jam 340g,3.49,RED,Preserves,each,,yes,,\n',
    );
    await page.getByTestId('products-category').selectOption('');
  });

  it('finds two records of one person made at the register as duplicates, and merges them as a person decides', async () => {
    const { customers } = register!.app.services;
    const noPhone = { phone: null, nameOnReceipt: false };
    customers.create({ name: 'Grace Hopper', email: 'grace@example.com', ...noPhone });
    const second = customers.create({ name: 'G. Hopper', email: 'GRACE@example.com', ...noPhone });
    customers.attach({ customerId: second.customerId });
    const sold = sell(register!.app, [spaghetti]);
    await waitForStatus(register!.app, drained);

    await go('customers');
    const group = page.getByTestId('duplicate-group');
    await eventually(() => group.count()).toBe(1);
    await eventually(() => page.getByTestId('customers-table').getByTestId('row').count()).toBe(2);
    await screenshot('customers-duplicates');
    // A search is only a search, whatever is typed: the duplicates stay.
    await page.getByTestId('customers-search').fill('duplicates');
    await eventually(text(page.getByTestId('empty-state'))).toContain('Nobody matches');
    expect(await group.count()).toBe(1);
    await page.getByTestId('customers-search').fill('');
    await eventually(() => page.getByTestId('customers-table').getByTestId('row').count()).toBe(2);
    // The oldest record is kept unless the person picks another.
    await group.getByTestId('duplicate-merge').click();
    await eventually(() => group.count()).toBe(0);
    const rows = page.getByTestId('customers-table').getByTestId('row');
    await eventually(() => rows.count()).toBe(1);
    await rows.first().getByTestId('customer-open').click();
    const dialog = page.getByTestId('customer-dialog');
    await eventually(text(dialog.getByTestId('customer-merged'))).toContain('G. Hopper');
    // When she was made, as her store writes a time (Irish English, 24-hour), as her purchases are.
    expect(await dialog.getByTestId('customer-made').innerText()).toMatch(
      /^Dublin Harbour, \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/,
    );
    // The sale rung up for the merged record is the kept one's now.
    await eventually(text(dialog.getByTestId('customer-purchases'))).toContain(sold.receiptNumber);
    await screenshot('customer');
    await page.getByRole('button', { name: 'Close Grace Hopper' }).click();
  });

  it("shows the register's goods receipt and adjustment, and a transfer planned on the page and sent by the register", async () => {
    const { receiving, transfers, catalog } = register!.app.services;
    const productId = catalog.lookupCode(spaghetti)!.id;
    const received = receiving.complete({
      supplier: 'Riverside Mill',
      deliveryNote: 'DN-778',
      lines: [{ productId, quantity: 6, damaged: 1, unitCostMinor: 120 }],
      unknownLines: [{ code: '5099999000017', quantity: 2 }],
      approval: { pin: registerManagerPin },
    });
    await waitForStatus(register!.app, drained);

    await go('receipts');
    const receipts = page.getByTestId('receipts-table').getByTestId('row');
    await eventually(() => receipts.count()).toBe(1);
    expect(await receipts.first().locator('[data-column="unknownLines"]').innerText()).toBe('1');
    await receipts.first().getByTestId('receipt-open').click();
    const document = page.getByTestId('receipt-document');
    await eventually(text(document.getByTestId('receipt-supplier'))).toBe('Riverside Mill');
    // The lines come with the document's table, a moment after its header.
    await eventually(text(document)).toContain(euro(120));
    const shown = await document.innerText();
    expect(shown).toContain(received.number);
    expect(shown).toContain('DN-778');
    expect(shown).toContain(euro(120));
    expect(await document.getByTestId('receipt-unknown').innerText()).toContain('5099999000017: 2');
    await screenshot('goods-receipt');
    await document.getByRole('link', { name: /unknown barcodes/ }).click();
    await eventually(() => page.url()).toContain('kind=unknown_barcode');
    await eventually(() => page.getByTestId('exceptions-table').getByTestId('row').count()).toBe(1);

    // The delivery's cost values the store's stock: 6 spaghetti at €1.20 onto two sold short (the sale of the
    // first test and the customer's) leaves 4 held, at the delivery's cost. The rest of what the register arrived
    // with (its opening count) has no cost yet, and the line says so.
    await go('stock');
    await eventually(text(page.getByTestId('stock-value'))).toContain(
      `The store's stock at cost: ${euro(480)} · `,
    );
    expect(await page.getByTestId('stock-value').innerText()).toMatch(
      /· \d+ SKUs were never received at a known cost \(valued at zero\)$/,
    );
    await screenshot('stock-value');

    // The adjustment the register made while the stock was listed.
    await go('adjustments');
    const adjustments = page.getByTestId('adjustments-table').getByTestId('row');
    await eventually(() => adjustments.count()).toBe(1);
    await adjustments.first().getByTestId('adjustment-open').click();
    const adjustment = page.getByTestId('adjustment-detail');
    await eventually(text(adjustment.getByTestId('adjustment-reason'))).toBe('Damaged');
    expect(await adjustment.innerText()).toContain('Crushed box');
    await eventually(text(adjustment.getByTestId('adjustment-lines'))).toMatch(/On hand -1, Damaged \+1/);
    await page.getByRole('button', { name: /^Close / }).click();

    // Head office plans a transfer to a second store; the register gets it and sends two of the three.
    await createStore(server.ho.admin, 'CORK-1', 'Cork Quay', demoStore.taxRates);
    await page.reload();
    await go('transfers');
    await eventually(text(page.getByTestId('empty-state'))).toContain('No transfers yet');
    await page.getByTestId('transfer-plan').click();
    const plan = page.getByTestId('transfer-plan-form');
    await plan.getByTestId('plan-from').selectOption(store.id);
    await plan.getByTestId('plan-to').selectOption('CORK-1');
    await plan.getByTestId('plan-sku').fill(product.sku);
    await plan.getByTestId('plan-quantity').fill('3');
    await screenshot('transfer-plan');
    await plan.getByTestId('plan-submit').click();
    const detail = page.getByTestId('transfer-detail');
    await eventually(text(detail.getByTestId('transfer-status'))).toBe('Planned by head office');
    const transferId = new URL(page.url()).searchParams.get('transfer')!;
    await waitUntil(register!.app, () => transfers.list().some((each) => each.transferId === transferId));
    const sent = transfers.send({
      transferId,
      toStoreId: 'CORK-1',
      lines: [{ productId, quantity: 2 }],
      approval: { pin: registerManagerPin },
    });
    await waitForStatus(register!.app, drained);
    await page.reload();
    await eventually(text(detail.getByTestId('transfer-status'))).toBe('On its way');
    const line = detail.getByTestId('transfer-lines').getByTestId('row').first();
    expect(await line.locator('[data-column="requested"]').innerText()).toBe('3');
    expect(await line.locator('[data-column="sent"]').innerText()).toBe('2');
    expect(await detail.innerText()).toContain(sent.number!);
    await screenshot('transfer');
    await page.getByRole('button', { name: /^Close / }).click();
    const rows = page.getByTestId('transfers-table').getByTestId('row');
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('Cork Quay');
    await page.getByTestId('transfers-status').selectOption('received');
    await eventually(() => rows.count()).toBe(0);

    // Cork's till scans in one of the two: the line is marked short.
    const cork = await enrollRegister(server.ho.admin, 'CORK-1');
    const socket = await connectRegister(server.ho.url, cork.token);
    const reply: unknown = await socket.emitWithAck('push', {
      events: [
        outboxEvent(
          1,
          {
            transferId,
            storeId: 'CORK-1',
            registerId: cork.registerId,
            fromStoreId: store.id,
            userId: 'user-3',
            receivedAt: new Date().toISOString(),
            note: null,
            lines: [{ sku: product.sku, name: product.name, sent: 2, received: 1, damaged: 0 }],
          },
          transferReceived.type,
        ),
      ],
    });
    socket.close();
    expect(reply).toMatchObject({ status: 'ok' });
    await page.reload();
    await eventually(() => rows.count()).toBe(1);
    await rows.first().getByTestId('transfer-open').click();
    await eventually(text(detail.getByTestId('transfer-discrepancy'))).toContain(
      '1 line did not arrive as sent',
    );
    expect(await detail.locator('.discrepancy').innerText()).toBe('1 short');
    await screenshot('transfer-discrepancy');
    await page.getByRole('button', { name: /^Close / }).click();
  });

  it('creates a product with variants: its options make a grid of SKUs the register receives and sells', async () => {
    await go('products');
    await page.getByTestId('product-new').click();
    const editor = page.getByTestId('product-editor');
    await editor.getByTestId('product-sku').fill('TEE');
    await editor.getByTestId('product-name').fill('Harbour Tee');
    await editor.getByTestId('product-price').fill('15.00');
    // The standard rate: every store has it (Cork, made above, has no zero rate).
    await editor.getByTestId('product-tax').selectOption('STD');
    await editor.getByTestId('product-category').fill('Clothing');
    await editor.getByTestId('product-add-variants').click();
    await editor.getByTestId('variant-add-axis').click();
    const names = editor.getByTestId('variant-axis-name');
    const values = editor.getByTestId('variant-axis-values');
    await names.nth(0).fill('Colour');
    await values.nth(0).fill('Red, Blue');
    await names.nth(1).fill('Size');
    await values.nth(1).fill('S, M, L');
    const variantRows = editor.getByTestId('variant-row');
    await eventually(() => variantRows.count()).toBe(6);
    const redM = variantRows.nth(1);
    expect(await redM.locator('td').first().innerText()).toBe('TEE-RED-M');
    await redM.getByTestId('variant-price').fill('17.00');
    await redM.getByTestId('variant-barcodes').fill(teeBarcode);
    await screenshot('product-variants');
    await editor.getByTestId('product-save').click();
    await editor.waitFor({ state: 'hidden' });

    const rows = page.getByTestId('products-table').getByTestId('row');
    await page.getByTestId('products-search').fill('tee-');
    await eventually(() => rows.count()).toBe(6);
    await eventually(text(rows.nth(4).getByTestId('product-open'))).toBe('TEE-RED-M');
    expect(await rows.nth(4).locator('[data-column="price"]').innerText()).toBe(euro(1700));

    // Opening a variant opens its style, options and grid as saved.
    await rows.nth(4).getByTestId('product-open').click();
    await eventually(() => editor.getByTestId('variant-row').count()).toBe(6);
    expect(await editor.getByTestId('variant-price').nth(1).inputValue()).toBe('17.00');
    await page.getByRole('button', { name: /^Close / }).click();
    await page.getByTestId('products-search').fill('');

    // The register has the style as a grid, and a scan of the variant's barcode sells that variant.
    const { catalog, sales } = register!.app.services;
    await eventually(() => catalog.styleGrid('TEE')?.variants.length).toBe(6);
    const line = sales.scan({ code: teeBarcode }).lines.at(-1);
    expect(line).toMatchObject({ sku: 'TEE-RED-M', name: 'Harbour Tee Red / M', unitPriceMinor: 1700 });
    sales.cancel({ approval: { pin: registerManagerPin } });
  });

  it('changes the owner’s own password, saying at the field when the current one is wrong', async () => {
    await page.getByRole('link', { name: 'Your account' }).click();
    await eventually(text(page.locator('h1'))).toBe('Your account');
    const form = page.getByRole('form', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password').fill(newOwnerPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await eventually(text(form.locator('.field-error'))).toBe('That is not your current password.');
    await screenshot('account-wrong-password');
    // The refusal answered 400: expected here, not a fault of the page.
    session.problems.splice(0);
    await form.getByLabel('Current password').fill(owner.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await eventually(text(form.getByRole('status'))).toBe('Your password is changed.');
  });

  it('signs out, and sends a signed-out visitor to signing in, then back to the page they asked for', async () => {
    await page.getByTestId('sign-out').click();
    await eventually(text(page.locator('h1'))).toBe('Sign in to the back office');
    await page.goto(`${server.ho.url}/products?q=spaghetti`);
    await page.getByTestId('sign-in-email').fill(owner.email);
    await page.getByTestId('sign-in-password').fill('wrong password');
    await page.getByTestId('sign-in-submit').click();
    await eventually(text(page.getByTestId('error'))).toContain('email or password');
    // The refused sign-in answered 401: expected here, not a fault of the page.
    session.problems.splice(0);
    await screenshot('sign-in');
    await page.getByTestId('sign-in-password').fill(newOwnerPassword);
    await page.getByTestId('sign-in-submit').click();
    await eventually(text(page.locator('h1'))).toBe('Products');
    expect(new URL(page.url()).search).toBe('?q=spaghetti');
  });
});
