/**
 * Receipts and the cash drawer through a fake network printer (TCP on 127.0.0.1): what the customer's receipt
 * says, what happens when the printer is offline or out of paper, reprints, and restarts with jobs waiting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../src/shared/domain.ts';
import type { DeviceConfig } from '../../../src/shared/settings.ts';
import { formatTranscript, printedLines } from '../../harness/escpos-transcript.ts';
import { FakeNetworkPrinter, statusAllClear, statusPaperOut } from '../../harness/fake-printer.ts';
import { FakeSales, ledger, startDevices, tempDir, until, type Harness } from './device-fixture.ts';
import { cardSale, cashSale } from './sample-sale.ts';

const model = 'epson-tm-t20iii';
const printers: FakeNetworkPrinter[] = [];
afterEach(async () => {
  for (const printer of printers.splice(0)) await printer.stop();
});

async function fakePrinter(): Promise<FakeNetworkPrinter> {
  const printer = await FakeNetworkPrinter.start();
  printers.push(printer);
  return printer;
}

function configFor(printer: FakeNetworkPrinter, withDrawer = true): Partial<DeviceConfig> {
  return {
    receiptPrinter: {
      connection: { kind: 'network', host: '127.0.0.1', port: printer.port },
      model,
      columns: null,
      returnCode: 'qr',
      cut: 'partial',
      timeoutMs: 1000,
    },
    drawer: withDrawer
      ? {
          connection: { kind: 'printer' },
          pin: 2,
          pulseOnMs: 100,
          pulseOffMs: 500,
          polarity: 'open-when-high',
        }
      : null,
  };
}

/** Counts the cuts: one per receipt. */
const cuts = (printer: FakeNetworkPrinter): number =>
  printer.transcript().filter((entry) => entry.op === 'CUT').length;
const transcript = (printer: FakeNetworkPrinter): string[] =>
  formatTranscript(printer.transcript(model)).filter((line) => line !== 'TEXT ""');
const jobs = (h: Harness): { status: string; kind: string; attempts: number; last_error: string | null }[] =>
  h.db.prepare('SELECT status, kind, attempts, last_error FROM print_jobs ORDER BY id').all() as never;
const drawerEvents = (h: Harness): unknown[] =>
  h.db.prepare('SELECT register_id, reason, sale_id, opened, error FROM drawer_events ORDER BY id').all();
const printerIs = (h: Harness, test: (status: DeviceStatus['printer']) => boolean): Promise<void> =>
  until(h.events, () => test(h.devices.status().printer));

describe('printing receipts', () => {
  it('prints a completed cash sale, then kicks the drawer', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer) });
    expect(h.devices.status().printer).toMatchObject({
      connection: 'online',
      ready: true,
      message: 'Ready.',
    });

    h.sales.complete(cashSale());
    await h.devices.settled();

    const lines = transcript(printer);
    const printed = printedLines(printer.transcript(model));
    expect(printed).toEqual(
      expect.arrayContaining([
        'Corner Shop',
        'Receipt S1R1-000042',
        'Apples €2.98',
        '2 × €1.49',
        'Bananas €2.04',
        '0.512 kg × €3.99/kg',
        'TOTAL €5.02',
        'Cash €10.00',
        'Change €4.98',
        'VAT 20% incl. €0.84',
      ]),
    );
    expect(lines).toContain('QR "S1R1-000042"');
    // The drawer opens as the receipt comes out: the pulse follows the cut.
    expect(lines.slice(-2)).toEqual(['CUT partial', 'DRAWER_PULSE pin 2 on 100ms off 500ms']);
    expect(jobs(h)).toEqual([{ status: 'done', kind: 'receipt', attempts: 1, last_error: null }]);
    expect(drawerEvents(h)).toEqual([
      { register_id: 'R1', reason: 'sale', sale_id: 'sale-0001', opened: 1, error: null },
    ]);
  });

  it('does not open the drawer for a card sale', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer) });
    h.sales.complete(cardSale());
    await until(h.events, () => jobs(h)[0]?.status === 'done');
    expect(cuts(printer)).toBe(1);
    expect(transcript(printer).some((line) => line.startsWith('DRAWER_PULSE'))).toBe(false);
    expect(drawerEvents(h)).toEqual([]);
  });

  it('keeps the sale when the printer is offline, says so, and prints when the printer is back', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer) });
    await printer.goOffline();
    await printerIs(h, (status) => status.message.includes('refused'));
    expect(h.devices.status().printer).toMatchObject({ connection: 'offline', ready: false });
    expect(h.devices.status().printer.message).toBe(
      `Printer at 127.0.0.1:${printer.port} refused the connection. Check that it is switched on and that the address is right.`,
    );

    expect(() => h.sales.complete(cashSale())).not.toThrow();
    await until(h.events, () => jobs(h)[0]?.status === 'failed');
    expect(h.devices.status().queue).toEqual({
      queued: 0,
      failed: 1,
      lastError: expect.stringContaining('refused the connection'),
    });
    // The drawer could not open either; that is on record too.
    await until(h.events, () => drawerEvents(h).length === 1);
    expect(drawerEvents(h)).toEqual([
      {
        register_id: 'R1',
        reason: 'sale',
        sale_id: 'sale-0001',
        opened: 0,
        error: expect.stringContaining('refused'),
      },
    ]);

    await printer.comeBack();
    await until(h.events, () => jobs(h)[0]?.status === 'done');
    expect(printedLines(printer.transcript(model))).toContain('TOTAL €5.02');
    expect(cuts(printer)).toBe(1);
    // No drawer kick arrives late, minutes after the sale.
    expect(transcript(printer).some((line) => line.startsWith('DRAWER_PULSE'))).toBe(false);
    expect(h.devices.status().queue).toEqual({ queued: 0, failed: 0, lastError: null });
  });

  it('holds receipts while the paper is out, and prints them in order once a roll is in', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer, false) });
    printer.status = { ...statusPaperOut };
    await printerIs(h, (status) => status.status?.paperOut === true);
    expect(h.devices.status().printer).toMatchObject({
      connection: 'online',
      ready: false,
      message: 'Out of paper: load a new roll and close the cover.',
    });

    h.sales.complete(cashSale());
    h.sales.complete(cardSale());
    await until(h.events, () => jobs(h).length === 2 && jobs(h).every((job) => job.status !== 'printing'));
    expect(printer.received).toEqual([]);

    printer.status = { ...statusAllClear };
    await until(h.events, () => jobs(h).every((job) => job.status === 'done'));
    const receipts = printedLines(printer.transcript(model)).filter((line) => line.startsWith('Receipt'));
    expect(receipts).toEqual(['Receipt S1R1-000042', 'Receipt S1R1-000043']);
  });

  it('reprints a receipt marked DUPLICATE', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer, false) });
    h.sales.complete(cardSale());
    await until(h.events, () => jobs(h)[0]?.status === 'done');
    expect(printedLines(printer.transcript(model))).not.toContain('*** DUPLICATE ***');
    printer.clear();

    const job = await h.devices.reprint('sale-0002');
    expect(job).toMatchObject({ saleId: 'sale-0002', status: 'done', attempts: 1, lastError: null });
    const printed = printedLines(printer.transcript(model));
    expect(printed.filter((line) => line === '*** DUPLICATE ***')).toHaveLength(2);
    expect(printed).toContain('Receipt S1R1-000043');
  });

  it('refuses to reprint a sale that does not exist', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer, false) });
    await expect(h.devices.reprint('no-such-sale')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('prints, after a restart, the receipts that were waiting', async () => {
    const printer = await fakePrinter();
    const dir = tempDir();
    await printer.goOffline();
    const sales = new FakeSales();
    const first = await startDevices({ db: ledger(dir), sales, config: configFor(printer, false) });
    first.sales.complete(cashSale());
    await until(first.events, () => jobs(first)[0]?.status === 'failed');
    await first.devices.close();
    first.db.close();

    await printer.comeBack();
    // The same ledger, a new register process: the saved device settings and the waiting job are picked up.
    const second = await startDevices({ db: ledger(dir), sales });
    await until(second.events, () => jobs(second)[0]?.status === 'done');
    expect(printedLines(printer.transcript(model))).toContain('Receipt S1R1-000042');
  });

  it('prints again, after a crash, a receipt that was being printed', async () => {
    const printer = await fakePrinter();
    const dir = tempDir();
    const db = ledger(dir);
    db.prepare(
      `INSERT INTO print_jobs (kind, sale_id, document, status, attempts, created_at, updated_at)
       VALUES ('receipt', 'sale-0001', ?, 'printing', 1, '2026-03-14T09:27:00Z', '2026-03-14T09:27:00Z')`,
    ).run(
      JSON.stringify(
        (await import('../../../src/shared/receipt.ts')).buildReceipt(
          cashSale(),
          (await import('./sample-sale.ts')).storeSettings,
        ),
      ),
    );
    const h = await startDevices({ db, config: configFor(printer, false) });
    await until(h.events, () => jobs(h)[0]?.status === 'done');
    expect(jobs(h)[0]).toMatchObject({ status: 'done', attempts: 2 });
    expect(cuts(printer)).toBe(1);
  });

  it('retries failed receipts on request', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({
      db: ledger(tempDir()),
      config: configFor(printer, false),
      pollIntervalMs: 60_000,
    });
    await printer.goOffline();
    h.sales.complete(cardSale());
    await until(h.events, () => jobs(h)[0]?.status === 'failed');
    await printer.comeBack();
    const status = await h.devices.retryPrinting();
    expect(status.queue).toEqual({ queued: 0, failed: 0, lastError: null });
    expect(cuts(printer)).toBe(1);
  });

  it('queues nothing when no printer is set up', async () => {
    const h = await startDevices({ db: ledger(tempDir()) });
    h.sales.complete(cashSale());
    expect(jobs(h)).toEqual([]);
    expect(h.devices.status()).toEqual({
      printer: {
        connection: 'not-configured',
        label: null,
        status: null,
        ready: false,
        message: 'Not set up.',
      },
      drawer: { connection: 'not-configured', open: null, message: 'Not set up.' },
      scanners: [],
      queue: { queued: 0, failed: 0, lastError: null },
    });
  });
});

describe('the printer status', () => {
  it('says when the printer does not answer its status requests', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer, false) });
    printer.silent = true;
    await printerIs(h, (status) => status.connection === 'offline');
    expect(h.devices.status().printer.message).toBe(
      `Printer at 127.0.0.1:${printer.port} did not answer a status request within 1 s. Check that it is switched on.`,
    );
    printer.silent = false;
    await printerIs(h, (status) => status.ready);
  });

  it('says the printer answered something we do not understand when its status byte breaks the fixed bits', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer) });
    // 0x00 has bits 1 and 4 clear: no DLE EOT answer looks like that.
    printer.status = { ...statusAllClear, printer: 0x00 };
    await printerIs(h, (status) => status.message !== 'Ready.');
    expect(h.devices.status().printer).toEqual({
      connection: 'online',
      label: `Printer at 127.0.0.1:${printer.port}`,
      status: null,
      ready: false,
      message: `Printer at 127.0.0.1:${printer.port} answered something we do not understand (bytes 00 to a status request): check that it is an ESC/POS printer and, on a serial port, that its speed matches the setting.`,
    });
    expect(h.devices.status().drawer).toMatchObject({
      open: null,
      message: h.devices.status().printer.message,
    });
    printer.status = statusAllClear;
    await printerIs(h, (status) => status.ready);
  });

  it('shows the drawer open or closed as the drawer sensor reads, by its polarity', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer) });
    expect(h.devices.status().drawer).toEqual({
      connection: 'online',
      open: false,
      message: 'Drawer closed.',
    });
    printer.status = { ...statusAllClear, printer: 0x16 };
    await until(h.events, () => h.devices.status().drawer.open === true);
    expect(h.devices.status().drawer.message).toBe('Drawer open.');
  });

  it('announces each change as a devices.status event', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer, false) });
    const seen: string[] = [];
    h.events.subscribe((message) => {
      if (message.name === 'devices.status') seen.push((message.payload as DeviceStatus).printer.message);
    });
    printer.status = { ...statusAllClear, paperSensor: 0x1e };
    await printerIs(h, (status) => status.status?.paperNearEnd === true);
    expect(seen).toEqual(['Ready; paper is running low, have a new roll at hand.']);
  });
});

describe('the cash drawer', () => {
  it('opens on "No sale" and records it', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer) });
    const event = await h.devices.noSale();
    expect(event).toEqual({
      occurredAt: '2026-03-14T09:30:00.000Z',
      registerId: 'R1',
      reason: 'no-sale',
      saleId: null,
      opened: true,
    });
    expect(transcript(printer)).toEqual(['DRAWER_PULSE pin 2 on 100ms off 500ms']);
    expect(drawerEvents(h)).toEqual([
      { register_id: 'R1', reason: 'no-sale', sale_id: null, opened: 1, error: null },
    ]);
  });

  it('asks for the "No sale" permission first', async () => {
    const printer = await fakePrinter();
    const asked: string[] = [];
    const h = await startDevices({
      db: ledger(tempDir()),
      config: configFor(printer),
      authorize: (permission) => {
        if (permission === 'settings.edit') return; // saving the test's device settings
        asked.push(permission);
        throw Object.assign(new Error('Only a supervisor may open the drawer without a sale.'), {
          code: 'FORBIDDEN',
        });
      },
    });
    await expect(h.devices.noSale()).rejects.toThrow('Only a supervisor');
    expect(asked).toEqual(['drawer.noSale']);
    expect(printer.received).toEqual([]);
  });

  it('says the drawer did not open when the printer is off, and records the attempt', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer) });
    await printer.goOffline();
    await expect(h.devices.noSale()).rejects.toMatchObject({
      code: 'DEVICE_UNAVAILABLE',
      message: expect.stringMatching(
        /^The cash drawer did not open\. Printer at 127\.0\.0\.1:\d+ .* Open it with the key\.$/,
      ),
    });
    expect(drawerEvents(h)).toEqual([
      {
        register_id: 'R1',
        reason: 'no-sale',
        sale_id: null,
        opened: 0,
        error: expect.stringContaining('Printer at'),
      },
    ]);
  });

  it('refuses "No sale" with no drawer set up', async () => {
    const h = await startDevices({ db: ledger(tempDir()) });
    await expect(h.devices.noSale()).rejects.toMatchObject({
      code: 'DEVICE_UNAVAILABLE',
      message: 'No cash drawer is set up: open it with the key.',
    });
  });
});

describe('device settings', () => {
  it('are saved in the ledger and used again on the next start', async () => {
    const printer = await fakePrinter();
    const dir = tempDir();
    const first = await startDevices({ db: ledger(dir), config: configFor(printer) });
    const saved = first.devices.config();
    await first.devices.close();
    first.db.close();
    const second = await startDevices({ db: ledger(dir) });
    expect(second.devices.config()).toEqual(saved);
    expect(second.devices.status().printer.connection).toBe('online');
  });

  it('refuses a printer model the encoder does not know, and a printer drawer without a printer', async () => {
    const h = await startDevices({ db: ledger(tempDir()) });
    const printer = configFor(await fakePrinter());
    await expect(
      h.devices.setConfig({
        drawer: null,
        scanners: [],
        receiptPrinter: { ...printer.receiptPrinter!, model: 'acme-9000' },
      }),
    ).rejects.toThrow('"acme-9000" is not a printer model Counter knows');
    await expect(
      h.devices.setConfig({ receiptPrinter: null, scanners: [], drawer: printer.drawer! }),
    ).rejects.toThrow('set up the printer too');
    expect(h.devices.config()).toEqual({ receiptPrinter: null, drawer: null, scanners: [] });
  });

  it('runs a test print', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({ db: ledger(tempDir()), config: configFor(printer, false) });
    await h.devices.testPrint();
    expect(printedLines(printer.transcript(model))).toEqual(
      expect.arrayContaining(['Counter test print', 'Epson TM-T20III']),
    );
  });

  it('lists the configured network printer and the printer models', async () => {
    const printer = await fakePrinter();
    const h = await startDevices({
      db: ledger(tempDir()),
      config: configFor(printer, false),
      loadHid: async () => ({
        devicesAsync: async () => [],
        HIDAsync: { open: async () => Promise.reject(new Error('none')) },
      }),
      listSerialPorts: async () => [],
    });
    const found = await h.devices.list();
    expect(found.networkPrinters).toEqual([{ host: '127.0.0.1', port: printer.port }]);
    expect(found.printerModels.find((entry) => entry.id === model)).toEqual({
      id: model,
      name: 'Epson TM-T20III',
      columns: 48,
      qrCode: true,
    });
  });
});
