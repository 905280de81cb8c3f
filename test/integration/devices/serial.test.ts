/**
 * Serial devices through socat pty pairs: the register opens one end (`a`), the test plays the device on the
 * other (`b`). Killing socat removes both ends, which is what unplugging a USB serial device looks like.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { SerialTransport } from '../../../src/main/devices/transports/serial.ts';
import { UsbFileTransport } from '../../../src/main/devices/transports/usb-file.ts';
import { statusRequests } from '../../../src/shared/escpos/status.ts';
import { formatTranscript, printedLines } from '../../harness/escpos-transcript.ts';
import { FakePrinterDevice } from '../../harness/fake-printer.ts';
import { hasSocat, ledger, nextEvent, PtyPair, startDevices, tempDir, until } from './device-fixture.ts';
import { cashSale } from './sample-sale.ts';

const model = 'epson-tm-t20iii';
const ports: SerialPort[] = [];
afterEach(async () => {
  for (const port of ports.splice(0)) if (port.isOpen) await new Promise((resolve) => port.close(resolve));
});

/** Opens the device end of the pair, as the test's stand-in for the scanner or printer. */
async function deviceEnd(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  port.on('error', () => undefined);
  ports.push(port);
  return port;
}

async function pluggedPair(): Promise<PtyPair> {
  const pair = new PtyPair(tempDir());
  await pair.plug();
  return pair;
}

describe.skipIf(!hasSocat)('serial devices (socat pty pairs; skipped when socat is not installed)', () => {
  it('prints a receipt and kicks the drawer on a serial printer', async () => {
    const pair = await pluggedPair();
    const printer = new FakePrinterDevice();
    printer.attach(await deviceEnd(pair.b));
    const h = await startDevices({
      db: ledger(tempDir()),
      config: {
        receiptPrinter: {
          connection: { kind: 'serial', path: pair.a, baudRate: 38_400 },
          model,
          columns: null,
          returnCode: 'code128',
          cut: 'full',
          timeoutMs: 1000,
        },
        drawer: {
          connection: { kind: 'printer' },
          pin: 5,
          pulseOnMs: 50,
          pulseOffMs: 500,
          polarity: 'open-when-low',
        },
      },
    });
    expect(h.devices.status().printer).toMatchObject({
      connection: 'online',
      label: `Printer on ${pair.a}`,
      ready: true,
    });

    h.sales.complete(cashSale());
    await h.devices.settled();
    expect(printedLines(printer.transcript(model))).toEqual(
      expect.arrayContaining(['TOTAL €5.02', 'Receipt S1R1-000042']),
    );
    const lines = formatTranscript(printer.transcript(model)).filter((line) => line !== 'TEXT ""');
    expect(lines).toContain('BARCODE code128 "S1R1-000042"');
    expect(lines.slice(-2)).toEqual(['CUT full', 'DRAWER_PULSE pin 5 on 50ms off 500ms']);
  });

  it('says a serial printer is gone when it is unplugged, and prints again once it is back', async () => {
    const pair = await pluggedPair();
    const transport = new SerialTransport({ path: pair.a, baudRate: 38_400, timeoutMs: 1000 });
    const printer = new FakePrinterDevice();
    printer.attach(await deviceEnd(pair.b));
    expect(await transport.readStatus(statusRequests.printer)).toBe(0x12);

    await pair.unplug();
    // The port may or may not have noticed by itself (ptys often do not); either way the next calls fail in words.
    await expect(transport.readStatus(statusRequests.printer)).rejects.toThrow(`Printer on ${pair.a} `);
    expect(transport.connected).toBe(false);
    await expect(transport.readStatus(statusRequests.printer)).rejects.toThrow(
      `Printer on ${pair.a} is not there (${pair.a}): check that it is plugged in and switched on.`,
    );

    await pair.plug();
    const again = new FakePrinterDevice();
    again.attach(await deviceEnd(pair.b));
    await transport.write(Uint8Array.of(0x1b, 0x40));
    expect(await transport.readStatus(statusRequests.paperSensor)).toBe(0x12);
    expect(formatTranscript(again.transcript())).toEqual(['INIT']);
    await transport.close();
  });

  it('writes to and reads status from a Linux USB printer file (a pty standing in for /dev/usb/lp0)', async () => {
    const pair = await pluggedPair();
    const printer = new FakePrinterDevice();
    printer.attach(await deviceEnd(pair.b));
    printer.status = { printer: 0x1a, offlineCause: 0x32, paperSensor: 0x72 };
    const transport = new UsbFileTransport({ path: pair.a, timeoutMs: 1000 });
    await transport.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a));
    expect(await transport.readStatus(statusRequests.offlineCause)).toBe(0x32);
    expect(formatTranscript(printer.transcript())).toEqual(['INIT', 'TEXT "A"']);
    await transport.close();

    const missing = new UsbFileTransport({ path: `${pair.a}-gone`, timeoutMs: 1000 });
    await expect(missing.write(Uint8Array.of(0x0a))).rejects.toThrow(
      `Printer on ${pair.a}-gone is not there: check that the printer is plugged in and switched on.`,
    );
  });

  it('puts what a serial scanner reads into the sale, whatever its line ending', async () => {
    const pair = await pluggedPair();
    const h = await startDevices({
      db: ledger(tempDir()),
      config: { scanners: [{ kind: 'serial', path: pair.a, baudRate: 9600 }] },
    });
    expect(h.devices.status().scanners[0]).toMatchObject({ id: `serial:${pair.a}`, connection: 'online' });
    const scanner = await deviceEnd(pair.b);
    const third = nextEvent(
      h.events,
      'scanner.test',
      (reading) => reading.code === ']C10109501101020917\u001d10AB-12',
    );
    scanner.write('4006381333931\r');
    scanner.write('96385074\r\n');
    scanner.write(']C10109501101020917\u001d10AB-12\n');
    expect(await third).toMatchObject({
      aim: ']C1',
      parsed: { kind: 'gs1', gtin: '09501101020917', batch: 'AB-12' },
      addedToSale: true,
    });
    expect(h.sales.scanned).toEqual(['4006381333931', '96385074', ']C10109501101020917\u001d10AB-12']);
  });

  it("decodes a serial scanner's bytes in the encoding it is set to", async () => {
    const latin1 = await pluggedPair();
    const utf8 = await pluggedPair();
    const h = await startDevices({
      db: ledger(tempDir()),
      config: {
        scanners: [
          { kind: 'serial', path: latin1.a, baudRate: 9600 },
          { kind: 'serial', path: utf8.a, baudRate: 9600, encoding: 'utf-8' },
        ],
      },
    });
    h.devices.setScannerTest(true);
    const latin1Scanner = await deviceEnd(latin1.b);
    const utf8Scanner = await deviceEnd(utf8.b);
    const reading = (scannerId: string) =>
      nextEvent(h.events, 'scanner.test', (event) => event.scannerId === scannerId);

    // Latin-1, as scanners ship: É is the one byte 0xC9.
    const fromLatin1 = reading(`serial:${latin1.a}`);
    latin1Scanner.write(Buffer.from('CAFÉ-01\r', 'latin1'));
    expect(await fromLatin1).toMatchObject({ code: 'CAFÉ-01', parsed: { kind: 'text', text: 'CAFÉ-01' } });

    // UTF-8: É is two bytes, here split across two writes.
    const fromUtf8 = reading(`serial:${utf8.a}`);
    const bytes = Buffer.from('CAFÉ-02\r', 'utf8');
    await new Promise((resolve) => utf8Scanner.write(bytes.subarray(0, 4), resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    utf8Scanner.write(bytes.subarray(4));
    expect(await fromUtf8).toMatchObject({ code: 'CAFÉ-02' });

    // A Latin-1 byte on a scanner set to UTF-8 is refused, naming the setting to change.
    const mismatched = reading(`serial:${utf8.a}`);
    utf8Scanner.write(Buffer.from('CAFÉ-03\r', 'latin1'));
    expect(await mismatched).toMatchObject({
      parsed: null,
      outcome: expect.stringContaining("set the scanner's encoding on the Devices screen"),
    });
  });

  it('shows a serial scanner missing when unplugged, and reconnects by itself', async () => {
    const pair = await pluggedPair();
    const h = await startDevices({
      db: ledger(tempDir()),
      config: { scanners: [{ kind: 'serial', path: pair.a, baudRate: 9600 }] },
    });
    const scanner = (): { connection: string; message: string } => h.devices.status().scanners[0]!;
    await pair.unplug();
    await until(h.events, () => scanner().connection === 'offline');
    expect(scanner().message).toMatch(new RegExp(`^Scanner on ${pair.a} (was unplugged|is not there)`));

    await pair.plug();
    await until(h.events, () => scanner().connection === 'online');
    const device = await deviceEnd(pair.b);
    const reading = nextEvent(h.events, 'scanner.test');
    device.write('4006381333931\r');
    expect(await reading).toMatchObject({ code: '4006381333931', addedToSale: true });
  });

  it('opens a serial cash drawer on a cash sale and on "No sale", with no printer at all', async () => {
    const pair = await pluggedPair();
    const drawer = await deviceEnd(pair.b);
    const received: number[] = [];
    drawer.on('data', (chunk: Buffer) => received.push(...chunk));
    const h = await startDevices({
      db: ledger(tempDir()),
      config: {
        drawer: {
          connection: { kind: 'serial', path: pair.a, baudRate: 9600 },
          pin: 2,
          pulseOnMs: 100,
          pulseOffMs: 500,
          polarity: 'open-when-high',
        },
      },
    });
    h.sales.complete(cashSale());
    await h.devices.settled();
    await h.devices.noSale();
    await new Promise<void>((resolve) => {
      const check = (): void => void (received.length >= 10 && resolve());
      drawer.on('data', check);
      check();
    });
    expect(Buffer.from(received).toString('hex')).toBe('1b700032fa1b700032fa');
    expect(h.db.prepare('SELECT reason, opened FROM drawer_events ORDER BY id').all()).toEqual([
      { reason: 'sale', opened: 1 },
      { reason: 'no-sale', opened: 1 },
    ]);
  });

  it('says in words why a serial port cannot be opened', async () => {
    const transport = new SerialTransport({ path: '/dev/ttyCOUNTER-none', baudRate: 9600, timeoutMs: 1000 });
    await expect(transport.open()).rejects.toThrow(
      'Printer on /dev/ttyCOUNTER-none is not there (/dev/ttyCOUNTER-none): check that it is plugged in and switched on.',
    );
  });
});
