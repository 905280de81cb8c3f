/**
 * The peripherals wired into the real register (ledger, sales service, handler table), driven through the IPC
 * dispatcher as the renderer would: set up a printer, sell, and check what comes out of the fake printer.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { createRegisterApp, type RegisterApp } from '../../../src/main/app.ts';
import type { Channel, Input, Output } from '../../../src/shared/contract.ts';
import type { CompletedSale } from '../../../src/shared/domain.ts';
import { CounterError } from '../../../src/shared/errors.ts';
import { formatTranscript, printedLines } from '../../harness/escpos-transcript.ts';
import { FakeNetworkPrinter } from '../../harness/fake-printer.ts';
import { hasSocat, nextEvent, PtyPair, tempDir, until } from './device-fixture.ts';

const model = 'epson-tm-t20iii';
/** From the demo catalog the first start seeds. */
const spaghetti = { code: '8001014000002', name: 'Riverside Mill Spaghetti 1kg' };

const open: { app: RegisterApp; printer: FakeNetworkPrinter | null }[] = [];
afterEach(async () => {
  for (const { app, printer } of open.splice(0)) {
    await app.devices.close();
    app.close();
    await printer?.stop();
  }
});

async function register(
  withPrinter = true,
): Promise<{ app: RegisterApp; printer: FakeNetworkPrinter; call: Call }> {
  const app = createRegisterApp({
    dataDir: tempDir(),
    resourcesDir: join(import.meta.dirname, '../../../resources'),
    version: 'test',
    devices: { pollIntervalMs: 25, timeZone: 'UTC' },
  });
  const printer = await FakeNetworkPrinter.start();
  open.push({ app, printer });
  const call: Call = async (channel, ...input) => {
    const envelope = await app.dispatch(channel, input[0]);
    if (!envelope.ok) throw CounterError.from(envelope.error);
    return envelope.value as never;
  };
  // Selling needs someone logged in and an open shift; the manager may also open the drawer without a sale.
  await call('auth.login', { pin: '9999' });
  await call('shift.open', { count: [] });
  if (withPrinter) {
    await call('devices.setConfig', {
      receiptPrinter: {
        connection: { kind: 'network', host: '127.0.0.1', port: printer.port },
        model,
        timeoutMs: 1000,
      },
      drawer: { connection: { kind: 'printer' } },
    });
  }
  return { app, printer, call };
}

type Call = <C extends Channel>(
  channel: C,
  ...input: undefined extends Input<C> ? [Input<C>?] : [Input<C>]
) => Promise<Output<C>>;

async function cashSale(call: Call): Promise<CompletedSale> {
  await call('sale.scan', { code: spaghetti.code });
  await call('sale.addTender', { kind: 'cash', amountMinor: 500 });
  return (await call('sale.complete')).receipt.sale;
}

describe('peripherals in the register', () => {
  it('prints the receipt of a cash sale made through the IPC calls, then opens the drawer', async () => {
    const { app, printer, call } = await register();
    expect((await call('devices.status')).printer).toMatchObject({ connection: 'online', ready: true });
    const sale = await cashSale(call);
    await app.devices.settled();

    const printed = printedLines(printer.transcript(model));
    expect(printed).toEqual(
      expect.arrayContaining([
        'Corner Shop Demo',
        `Receipt ${sale.receiptNumber}`,
        'Register R1, cashier Morgan',
        `${spaghetti.name} €2.39`,
        'TOTAL €2.39',
        'Cash €5.00',
        'Change €2.61',
      ]),
    );
    const lines = formatTranscript(printer.transcript(model)).filter((line) => line !== 'TEXT ""');
    expect(lines).toContain(`QR "${sale.receiptNumber}"`);
    expect(lines.slice(-2)).toEqual(['CUT partial', 'DRAWER_PULSE pin 2 on 100ms off 500ms']);
  });

  it('completes the sale with the printer off, says so, and prints when it is back', async () => {
    const { app, printer, call } = await register();
    const offline = nextEvent(app.events, 'devices.status', (status) =>
      status.printer.message.includes('refused'),
    );
    await printer.goOffline();
    expect((await offline).printer).toMatchObject({ connection: 'offline', ready: false });

    const sale = await cashSale(call);
    await app.devices.settled();
    expect((await call('devices.status')).queue).toMatchObject({ failed: 1 });
    expect(app.db.prepare('SELECT count(*) FROM sales WHERE sale_id = ?').pluck().get(sale.saleId)).toBe(1);

    await printer.comeBack();
    await until(
      app.events,
      () => app.devices.status().queue.failed + app.devices.status().queue.queued === 0,
    );
    expect(printedLines(printer.transcript(model))).toContain(`Receipt ${sale.receiptNumber}`);
  });

  it('reprints a receipt marked DUPLICATE, and opens the drawer for "No sale"', async () => {
    const { app, printer, call } = await register();
    const sale = await cashSale(call);
    await app.devices.settled();
    printer.clear();

    const job = await call('receipt.reprint', { saleId: sale.saleId });
    expect(job).toMatchObject({ status: 'done', saleId: sale.saleId });
    expect(printedLines(printer.transcript(model))).toContain('*** DUPLICATE ***');
    printer.clear();

    const event = await call('drawer.noSale');
    expect(event).toMatchObject({ reason: 'no-sale', registerId: 'R1', opened: true });
    expect(formatTranscript(printer.transcript())).toEqual(['DRAWER_PULSE pin 2 on 100ms off 500ms']);
  });

  it('validates device settings at the IPC boundary', async () => {
    const { call } = await register(false);
    await expect(
      call('devices.setConfig', {
        receiptPrinter: { connection: { kind: 'network', host: '', port: 9100 }, model },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Enter the printer address'),
    });
    expect(await call('devices.getConfig')).toEqual({ receiptPrinter: null, drawer: null, scanners: [] });
  });

  it('lets a cashier change device settings only with a manager approval, and audits it', async () => {
    const { app, call } = await register(false);
    await call('auth.login', { pin: '1111' }); // Alex, cashier
    const scanners = [{ kind: 'serial' as const, path: '/dev/ttyACM7' }];
    await expect(call('devices.setConfig', { scanners })).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
      details: ['settings.edit'],
    });
    expect((await call('devices.getConfig')).scanners).toEqual([]);

    await call('devices.setConfig', { scanners, approval: { pin: '9999' } });
    expect((await call('devices.getConfig')).scanners).toMatchObject(scanners);
    const audited = app.db
      .prepare(`SELECT action, user_id, approver_id FROM audit_log WHERE action = 'settings.edit'`)
      .all() as { action: string; user_id: string; approver_id: string | null }[];
    expect(audited).toHaveLength(1);
    expect(audited[0]!.approver_id).not.toBeNull();
    expect(audited[0]!.approver_id).not.toBe(audited[0]!.user_id);
  });

  it.skipIf(!hasSocat)('adds what a serial scanner reads to the open sale (needs socat)', async () => {
    const { app, call } = await register(false);
    const pair = new PtyPair(tempDir());
    await pair.plug();
    await call('devices.setConfig', { scanners: [{ kind: 'serial', path: pair.a }] });
    await until(app.events, () => app.devices.status().scanners[0]?.connection === 'online');

    const device = new SerialPort({ path: pair.b, baudRate: 9600 });
    const changed = nextEvent(app.events, 'sale.changed');
    device.write(`]E0${spaghetti.code}\r\n`);
    expect((await changed).lines.map((line) => line.name)).toEqual([spaghetti.name]);
    expect((await call('sale.current')).lines).toHaveLength(1);
    await new Promise((resolve) => device.close(resolve));
  });

  it.skipIf(!hasSocat)(
    'sends serial scans to the screen instead of the sale while the returns screen takes them (needs socat)',
    async () => {
      const { app, call } = await register(false);
      const pair = new PtyPair(tempDir());
      await pair.plug();
      await call('devices.setConfig', { scanners: [{ kind: 'serial', path: pair.a }] });
      await until(app.events, () => app.devices.status().scanners[0]?.connection === 'online');
      const device = new SerialPort({ path: pair.b, baudRate: 9600 });

      expect(await call('devices.scanRoute', { to: 'screen' })).toEqual({ to: 'screen' });
      const read = nextEvent(app.events, 'scan.read');
      device.write('R1-000042\r\n');
      expect(await read).toEqual({ code: 'R1-000042', by: { scannerId: `serial:${pair.a}`, user: null } });
      expect((await call('sale.current')).lines).toEqual([]);

      // Back at the checkout, scans go into the sale again.
      await call('devices.scanRoute', { to: 'sale' });
      const changed = nextEvent(app.events, 'sale.changed');
      device.write(`${spaghetti.code}\r\n`);
      expect((await changed).lines.map((line) => line.name)).toEqual([spaghetti.name]);
      await new Promise((resolve) => device.close(resolve));
    },
  );
});

describe('printing beyond sales receipts', () => {
  const returnAll = (sale: CompletedSale, reason?: string): Input<'return.complete'> => ({
    from: {
      kind: 'receipt',
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      lines: sale.lines.map((line) => ({ lineId: line.lineId, quantity: 1, disposition: 'sellable' })),
    },
    reason,
    exchange: false,
    refundTo: 'original',
    payments: [],
  });

  it('prints a return’s receipt once it commits: what came back, the refund, the reason, the sale', async () => {
    const { app, printer, call } = await register();
    const sale = await cashSale(call);
    await app.devices.settled();
    printer.clear();

    const { return: done } = await call('return.complete', returnAll(sale, 'Wrong size'));
    await app.devices.settled();
    const printed = printedLines(printer.transcript(model));
    expect(printed).toEqual(
      expect.arrayContaining([
        'RETURN',
        `Receipt ${done.receiptNumber}`,
        'Register R1, cashier Morgan',
        expect.stringMatching(new RegExp(`^For receipt ${sale.receiptNumber} of `)),
        'Reason: Wrong size',
        `${spaghetti.name} -€2.39`,
        'TOTAL -€2.39',
        'Cash back €2.39',
      ]),
    );
    // No code to scan: a later return is made with the sale's own receipt.
    expect(formatTranscript(printer.transcript(model)).some((line) => line.startsWith('QR'))).toBe(false);
  });

  it('prints a slip once a manager records a stock adjustment: reason, who, where the units went, value', async () => {
    const { app, printer, call } = await register();
    const productId = app.services.catalog.lookupCode(spaghetti.code)!.id;
    await call('stock.adjust', {
      reason: 'damaged',
      note: 'Dropped a crate',
      lines: [{ productId, quantity: 2 }],
    });
    await app.devices.settled();

    const printed = printedLines(printer.transcript(model));
    expect(printed).toEqual(
      expect.arrayContaining([
        'STOCK ADJUSTMENT',
        'Reason Damaged',
        'By Morgan',
        'Dropped a crate',
        `${spaghetti.name} (PAN-000001) €4.78`,
        'on hand -2, damaged +2',
        'Value €4.78',
      ]),
    );
    // No drawer kick: no money moved.
    expect(formatTranscript(printer.transcript(model)).some((line) => line.startsWith('PULSE'))).toBe(false);
  });

  it('opens the drawer after the receipt of a cash refund, and records why', async () => {
    const { app, printer, call } = await register();
    const sale = await cashSale(call);
    await app.devices.settled();
    printer.clear();

    const { return: done } = await call('return.complete', returnAll(sale));
    await app.devices.settled();
    const transcript = formatTranscript(printer.transcript(model));
    expect(transcript.at(-1)).toMatch(/^DRAWER_PULSE/);
    const cut = transcript.findIndex((line) => line.startsWith('CUT'));
    expect(cut).toBeGreaterThan(-1); // the return receipt printed, then the drawer opened
    expect(cut).toBeLessThan(transcript.length - 1);
    expect(
      app.db.prepare(`SELECT reason, sale_id AS documentId, opened FROM drawer_events ORDER BY id`).all(),
    ).toEqual([
      { reason: 'sale', documentId: sale.saleId, opened: 1 },
      { reason: 'refund', documentId: done.returnId, opened: 1 },
    ]);
  });

  it('prints a post-void’s receipt: the sale cancelled and its money going back', async () => {
    const { app, printer, call } = await register();
    const sale = await cashSale(call);
    await app.devices.settled();
    printer.clear();

    const voided = await call('sale.postVoid', { saleId: sale.saleId, reason: 'Rang up twice' });
    await app.devices.settled();
    expect(printedLines(printer.transcript(model))).toEqual(
      expect.arrayContaining([
        'VOID',
        `Receipt ${voided.receiptNumber}`,
        expect.stringMatching(new RegExp(`^Voids sale ${sale.receiptNumber} of `)),
        'Reason: Rang up twice',
        'TOTAL -€2.39',
        'Cash back €2.39',
      ]),
    );
  });

  it('prints the X report, and the Z report after the close, as the screen lays them out', async () => {
    const { app, printer, call } = await register();
    await cashSale(call);
    await app.devices.settled();
    printer.clear();

    expect(await call('shift.printReport', { kind: 'x' })).toMatchObject({ status: 'done', saleId: null });
    const x = printedLines(printer.transcript(model));
    expect(x).toEqual(expect.arrayContaining(['X REPORT (shift still open)', 'Sales (1) €2.39']));
    expect(x.some((line) => line.startsWith('Expected in drawer'))).toBe(true);
    printer.clear();

    // A cashier's X report prints blind, as it shows.
    await call('auth.login', { pin: '1111' });
    await call('shift.printReport', { kind: 'x' });
    const blind = printedLines(printer.transcript(model));
    expect(blind).toEqual(
      expect.arrayContaining(['Sales (1) €2.39', 'Takings and cash: counted blind at close']),
    );
    expect(blind.filter((line) => /^(Expected|Float|Cash|Card)/.test(line))).toEqual([]);
    await call('auth.login', { pin: '9999' });
    printer.clear();

    const expected = (await call('shift.xReport')).totals.cash!.expectedMinor;
    const { report } = await call('shift.close', { count: [{ valueMinor: 1, count: expected }] });
    expect(await call('shift.printReport', { kind: 'z', number: report.number })).toMatchObject({
      status: 'done',
    });
    expect(printedLines(printer.transcript(model))).toEqual(
      expect.arrayContaining([`Z REPORT ${report.number}`, 'Expected in drawer €2.39', 'Counted €2.39']),
    );
  });

  it('says when no receipt printer is set up to print a report on', async () => {
    const { call } = await register(false);
    await expect(call('shift.printReport', { kind: 'x' })).rejects.toMatchObject({
      code: 'DEVICE_UNAVAILABLE',
    });
  });
});
