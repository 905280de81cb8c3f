/**
 * Layer 3: peripherals, end to end. The built renderer runs in Chromium, bridged to the real register
 * (test/harness/bridge-server.ts), with the fake network printer of test/harness/fake-printer.ts as its receipt
 * printer: set it up on the Devices screen, sell for cash in the UI and read what the printer received, switch
 * the printer off and on again around a sale. A serial scanner on a socat pty pair feeds the live scanner test.
 * Screenshots land in test-results/screenshots.
 */
import type { Locator, Page } from 'playwright-core';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Input, Output } from '../../src/shared/contract.ts';
import type { AppInfo } from '../../src/shared/domain.ts';
import { formatMoney } from '../../src/shared/money.ts';
import { buildReceipt, receiptText } from '../../src/shared/receipt.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import { formatTranscript, printedLines } from '../harness/escpos-transcript.ts';
import { FakeNetworkPrinter } from '../harness/fake-printer.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';
import { hasSocat, PtyPair, tempDir } from '../integration/devices/device-fixture.ts';

/** An 80 mm printer of 48 characters a line. */
const model = 'epson-tm-t20iii';
const columns = 48;
const drawerPulse = 'DRAWER_PULSE pin 2 on 100ms off 500ms';

let printer: FakeNetworkPrinter;
let bridge: Bridge;
let session: BrowserSession;
let page: Page;
let info: AppInfo;
/** EAN-13s of ordinary demo products with stock, whose names fit on one receipt line. */
let codes: string[];

/** A call straight to the register, for setup and for what the screen is expected to show. */
async function call<C extends Channel>(channel: C, input?: Input<C>): Promise<Output<C>> {
  const envelope = await bridge.app.dispatch(channel, input);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.message}`);
  return envelope.value as Output<C>;
}

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();
const money = (minor: number) => formatMoney(minor, info.settings.currency, info.settings.locale);
const transcript = () => formatTranscript(printer.transcript(model)).filter((line) => line !== 'TEXT ""');
const printed = () => printedLines(printer.transcript(model));

beforeAll(async () => {
  printer = await FakeNetworkPrinter.start();
  // A quick status poll, so the printer coming back is noticed within the test's patience.
  bridge = await startBridge({ devices: { pollIntervalMs: 100, timeZone: 'UTC' } });
  info = await call('app.info');
  codes = bridge.app.db
    .prepare(
      `SELECT min(b.code) FROM products p
       JOIN barcodes b ON b.product_id = p.id
       JOIN stock_balances s ON s.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND length(p.name) <= 30 AND length(b.code) = 13
         AND b.code NOT LIKE '2%' AND s.on_hand >= 10
       GROUP BY p.id ORDER BY p.id LIMIT 2`,
    )
    .pluck()
    .all() as string[];
  if (codes.length < 2) throw new Error('The demo catalog has fewer than 2 short-named products with stock.');
  session = await openBrowser(bridge.url);
  page = session.page;
  // The manager: selling needs an open shift, and opening the drawer without a sale needs the permission.
  await openSaleScreen(session, demoUsers.manager);
});

afterAll(async () => {
  await session?.close();
  await bridge?.close();
  await printer?.stop();
});

afterEach(() => expectNoNewProblems(session));

async function openDevices(): Promise<Locator> {
  await page.getByTestId('devices-open').click();
  const screen = page.getByTestId('devices-screen');
  await screen.waitFor();
  return screen;
}

async function closeDevices(): Promise<void> {
  await page.getByRole('button', { name: 'Close Devices' }).click();
  await page.getByTestId('devices-screen').waitFor({ state: 'hidden' });
}

/** Scans the codes, pays in cash with the next 10 up, completes: returns the receipt number on screen. */
async function cashSaleInTheUi(scan: string[]): Promise<string> {
  for (const code of scan) await session.scan(code);
  await eventually(async () => (await call('sale.current')).lines.length).toBeGreaterThan(0);
  await eventually(() => page.getByTestId('cart-line').count()).toBe(
    (await call('sale.current')).lines.length,
  );
  const { dueMinor } = await call('sale.current');
  const majorUnit = 10 ** info.currencyDigits;
  const received = (Math.floor(dueMinor / (10 * majorUnit)) + 1) * 10 * majorUnit;
  await page.getByTestId('pay-cash').click();
  await page.getByTestId('cash-amount').fill(String(received / majorUnit));
  await page.getByTestId('cash-confirm').click();
  await eventually(text(page.getByTestId('due'))).toBe(money(0));
  await page.getByTestId('complete-sale').click();
  await page.getByTestId('receipt').waitFor();
  return (await page.getByTestId('receipt-number').innerText()).trim();
}

function saleByReceipt(receiptNumber: string): Output<'sale.receipt'> {
  const saleId = bridge.app.db
    .prepare('SELECT sale_id FROM sales WHERE receipt_number = ?')
    .pluck()
    .get(receiptNumber) as string | undefined;
  if (!saleId) throw new Error(`No sale with receipt number ${receiptNumber} in the ledger`);
  return bridge.app.services.sales.receipt({ saleId });
}

describe('peripherals in Chromium against the real register', () => {
  it('sets up the network printer and drawer on the Devices screen, refusing a bad port first', async () => {
    const screen = await openDevices();
    await screen.getByTestId('printer-kind').locator('[data-value="network"]').click();
    await screen.getByTestId('printer-host').fill('127.0.0.1');
    await screen.getByTestId('printer-port').fill('70000');
    await screen.getByTestId('drawer-kind').locator('[data-value="printer"]').click();
    await screen.getByTestId('devices-save').click();

    await eventually(text(screen.getByTestId('printer-port-error'))).toBe('Enter 65535 or less.');
    await expect.poll(text(page.getByTestId('devices-save-error'))).toContain('Nothing was saved');
    expect(await screen.getByTestId('printer-port').getAttribute('aria-invalid')).toBe('true');
    expect((await call('devices.getConfig')).receiptPrinter).toBeNull();

    await screen.getByTestId('printer-port').fill(String(printer.port));
    await screen.getByTestId('printer-model').selectOption(model);
    await screen.getByTestId('devices-save').click();
    await page.getByTestId('devices-saved').waitFor();
    expect(await call('devices.getConfig')).toMatchObject({
      receiptPrinter: { connection: { kind: 'network', host: '127.0.0.1', port: printer.port }, model },
      drawer: { connection: { kind: 'printer' }, pin: 2, polarity: 'open-when-high' },
    });
    await eventually(text(screen.getByTestId('printer-state'))).toContain('Printer ready');
    await eventually(text(page.getByTestId('status-printer'))).toBe('Printer ready');
  });

  it('prints a test page and opens the drawer as a recorded no-sale', async () => {
    const screen = page.getByTestId('devices-screen');
    printer.clear();
    await screen.getByTestId('test-print').click();
    await eventually(text(screen.getByTestId('printer-message'))).toContain('Test page sent');
    expect(printed()).toContain('Counter test print');
    expect(transcript().at(-1)).toBe('CUT partial');

    printer.clear();
    await screen.getByTestId('open-drawer').click();
    await eventually(text(screen.getByTestId('drawer-message'))).toContain('The drawer opened');
    expect(transcript()).toEqual([drawerPulse]);
    expect(
      bridge.app.db.prepare(`SELECT count(*) FROM drawer_events WHERE reason = 'no-sale'`).pluck().get(),
    ).toBe(1);
    // From the top: the printer's connection and model first.
    await page.locator('dialog.devices-dialog').evaluate((dialog) => dialog.scrollTo(0, 0));
    await session.screenshot('devices');
  });

  it('shows what a keyboard-mode scan means in the scanner test, and refuses a bad check digit', async () => {
    const screen = page.getByTestId('devices-screen');
    await screen.getByTestId('scanner-test-toggle').click();
    await eventually(text(screen.getByTestId('scanner-test-message'))).toContain('Scan a code');

    await session.scan(codes[0]!);
    await eventually(text(screen.getByTestId('scanner-reading-code'))).toBe(codes[0]);
    expect(await screen.getByTestId('scanner-reading-meaning').innerText()).toContain(`0${codes[0]}`);

    const badCheckDigit = codes[0]!.slice(0, 12) + String((Number(codes[0]!.slice(12)) + 1) % 10);
    await session.scan(badCheckDigit);
    await eventually(text(screen.getByTestId('scanner-reading-outcome'))).toContain('failed its check digit');
    expect((await call('sale.current')).lines).toEqual([]);

    await screen.getByTestId('scanner-test-toggle').click();
    await eventually(text(screen.getByTestId('scanner-test-message'))).toContain(
      'Scans go to the sale again',
    );
    await closeDevices();
  });

  it.skipIf(!hasSocat)(
    'reads a serial scanner on a pty: GS1 meaning in the scanner test, then into the cart (needs socat)',
    async () => {
      const pair = new PtyPair(tempDir());
      await pair.plug();
      const screen = await openDevices();
      await screen.getByTestId('scanner-path').fill(pair.a);
      await screen.getByTestId('scanner-add').click();
      await screen.getByTestId('scanner-encoding').selectOption('utf-8');
      await screen.getByTestId('devices-save').click();
      await page.getByTestId('devices-saved').waitFor();
      await eventually(text(screen.getByTestId('configured-scanner'))).toContain('Ready.');
      expect((await call('devices.getConfig')).scanners).toEqual([
        { kind: 'serial', path: pair.a, baudRate: 9600, encoding: 'utf-8' },
      ]);
      await eventually(text(page.getByTestId('status-scanners'))).toBe('1 scanner connected');

      await screen.getByTestId('scanner-test-toggle').click();
      await eventually(text(screen.getByTestId('scanner-test-message'))).toContain('Scan a code');
      const device = new SerialPort({ path: pair.b, baudRate: 9600 });
      // GS1-128 from the GS1 General Specifications: GTIN, expiry, then batch and serial (variable, GS between).
      device.write(']C1010950110102091717190508' + '10ABCD1234\u001d2112345\r\n');
      await eventually(text(screen.getByTestId('scanner-reading-code'))).toBe(
        '010950110102091717190508' + '10ABCD1234GS2112345',
      );
      const meaning = await screen.getByTestId('scanner-reading-meaning').innerText();
      for (const part of ['GS1-128', '(01) GTIN', '09501101020917', '2019-05-08', 'ABCD1234', '12345']) {
        expect(meaning).toContain(part);
      }
      expect(await text(screen.getByTestId('scanner-reading-outcome'))()).toContain('not added to the sale');
      expect((await call('sale.current')).lines).toEqual([]);
      await screen.getByTestId('scanner-reading').scrollIntoViewIfNeeded();
      await session.screenshot('devices-scanner-test');
      // Text with an accent, in UTF-8 as the scanner is set to send it.
      device.write(']C0CAFÉ-01\r\n', 'utf8');
      await eventually(text(screen.getByTestId('scanner-reading-code'))).toBe('CAFÉ-01');

      // The test ends with the screen: the next scan is sold.
      await closeDevices();
      device.write(`]E0${codes[1]}\r\n`);
      await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
      await new Promise((resolve) => device.close(resolve));

      // Unplugged, the status bar says so; removed from the settings, it says nothing.
      await pair.unplug();
      await eventually(text(page.getByTestId('status-scanners'))).toBe('Scanner missing');
      await call('devices.setConfig', { ...(await call('devices.getConfig')), scanners: [] });
      await page.getByTestId('status-scanners').waitFor({ state: 'detached' });
    },
  );

  it('prints the receipt of a cash sale made in the UI, then opens the drawer', async () => {
    printer.clear();
    const receiptNumber = await cashSaleInTheUi(codes);
    await eventually(() => transcript().at(-1)).toBe(drawerPulse);

    const receipt = saleByReceipt(receiptNumber);
    const { sale } = receipt;
    expect(printed()).toEqual(
      expect.arrayContaining([
        `Receipt ${receiptNumber}`,
        'Register R1, cashier Morgan',
        `TOTAL ${money(sale.totals.totalMinor)}`,
        `Cash ${money(sale.tenders[0]!.amountMinor)}`,
        `Change ${money(sale.changeMinor)}`,
        ...sale.lines.map((line) => `${line.name} ${money(line.amountMinor)}`),
      ]),
    );
    // Every line of the receipt, in order, as laid out for this paper width.
    const doc = buildReceipt(sale, receipt.settings, { cashier: 'Morgan', timeZone: 'UTC' });
    const expected = receiptText(doc, columns)
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => line !== '' && line !== `[${receiptNumber}]`);
    expect(printed().filter((line) => line !== '')).toEqual(expected);
    expect(transcript()).toContain(`QR "${receiptNumber}"`);
    expect(transcript().slice(-2)).toEqual(['CUT partial', drawerPulse]);
    await eventually(text(page.getByTestId('receipt-print-state'))).toBe('Receipt printed.');

    printer.clear();
    await page.getByTestId('reprint').click();
    await eventually(text(page.getByTestId('reprint-message'))).toBe('Duplicate printed.');
    expect(printed()).toContain('*** DUPLICATE ***');
    expect(printed()).toContain(`Receipt ${receiptNumber}`);
    expect(transcript()).not.toContain(drawerPulse);
    await session.screenshot('receipt-reprinted');
    await page.getByTestId('new-sale').click();
    await page.getByTestId('receipt').waitFor({ state: 'hidden' });
  });

  it('completes a sale with the printer off, says so in the status bar, and prints when it is back', async () => {
    await printer.goOffline();
    await eventually(text(page.getByTestId('status-printer'))).toBe('Printer offline');
    expect(await page.getByTestId('status-printer').getAttribute('data-tone')).toBe('bad');

    printer.clear();
    const receiptNumber = await cashSaleInTheUi([codes[0]!]);
    expect(saleByReceipt(receiptNumber).sale.receiptNumber).toBe(receiptNumber);
    await eventually(text(page.getByTestId('receipt-print-state'))).toContain('Not printed yet');
    await eventually(text(page.getByTestId('status-print-queue'))).toBe('1 receipt waiting');
    // The drawer hangs off the printer, so it did not open for the cash either: the cashier uses the key.
    await eventually(text(page.getByTestId('status-drawer'))).toBe('Drawer did not open');
    await page.getByTestId('new-sale').click();
    await page.getByTestId('receipt').waitFor({ state: 'hidden' });
    expect(printer.received).toEqual([]);
    await session.screenshot('status-bar-printer-offline');

    await printer.comeBack();
    await eventually(() => printed()).toContain(`Receipt ${receiptNumber}`);
    await eventually(text(page.getByTestId('status-printer'))).toBe('Printer ready');
    await page.getByTestId('status-print-queue').waitFor({ state: 'detached' });
    // The drawer failed with the printer; it is not left marked as failing once the printer is back.
    await page.getByTestId('status-drawer').waitFor({ state: 'detached' });
    expect(transcript()).not.toContain(drawerPulse);
  });
});
