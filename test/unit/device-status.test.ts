/**
 * What the status bar says for each printer, drawer, scanner and print-queue state: the words a cashier reads
 * without opening the Devices screen. Printer states come from real DLE EOT status bytes.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceStatus, PrinterStatusReport } from '../../src/shared/domain.ts';
import { canPrint, decodePrinterStatus, describePrinterStatus } from '../../src/shared/escpos/status.ts';
import type { RawPrinterStatus } from '../../src/shared/escpos/status.ts';
import { statusItems } from '../../src/shared/device-status.ts';
import { statusAllClear, statusPaperOut } from '../harness/fake-printer.ts';

function answering(raw: RawPrinterStatus): PrinterStatusReport {
  const status = decodePrinterStatus(raw, 'open-when-high');
  return {
    connection: 'online',
    label: 'Printer at 192.168.1.50:9100',
    status,
    ready: canPrint(status),
    message: describePrinterStatus(status),
  };
}

const offline: PrinterStatusReport = {
  connection: 'offline',
  label: 'Printer at 192.168.1.50:9100',
  status: null,
  ready: false,
  message: 'Printer at 192.168.1.50:9100 refused the connection.',
};

function deviceStatus(change: Partial<DeviceStatus> = {}): DeviceStatus {
  return {
    printer: answering(statusAllClear),
    drawer: { connection: 'online', open: false, message: 'Drawer closed.' },
    scanners: [],
    queue: { queued: 0, failed: 0, lastError: null },
    ...change,
  };
}

const shown = (status: DeviceStatus) =>
  statusItems(status).map(({ id, tone, text }) => `${id} ${tone}: ${text}`);

describe('device status in the status bar', () => {
  it.each([
    ['all clear', answering(statusAllClear), 'printer ok: Printer ready'],
    [
      'paper near end (n=4 bits 2-3)',
      answering({ ...statusAllClear, paperSensor: 0x1e }),
      'printer warn: Printer paper low',
    ],
    ['paper out', answering(statusPaperOut), 'printer bad: Printer out of paper'],
    [
      'cover open (n=2 bit 2)',
      answering({ printer: 0x1a, offlineCause: 0x16, paperSensor: 0x12 }),
      'printer bad: Printer cover open',
    ],
    ['not answering', offline, 'printer bad: Printer offline'],
    [
      'answering with a byte that breaks the fixed bits',
      {
        ...offline,
        connection: 'online' as const,
        message:
          'Printer at 192.168.1.50:9100 answered something we do not understand (bytes 00 to a status request).',
      },
      'printer bad: Printer answer not understood',
    ],
  ])('printer %s', (_state, printer, expected) => {
    expect(shown(deviceStatus({ printer }))).toEqual([expected]);
  });

  it('says nothing about devices that are not set up', () => {
    const none = deviceStatus({
      printer: {
        connection: 'not-configured',
        label: null,
        status: null,
        ready: false,
        message: 'Not set up.',
      },
      drawer: { connection: 'not-configured', open: null, message: 'Not set up.' },
    });
    expect(statusItems(none)).toEqual([]);
  });

  it('shows an open drawer, and a drawer that did not open while its printer is fine', () => {
    expect(
      shown(deviceStatus({ drawer: { connection: 'online', open: true, message: 'Drawer open.' } })),
    ).toContain('drawer warn: Drawer open');
    const failed = {
      connection: 'offline',
      open: null,
      message: 'Cash drawer on /dev/ttyS0 failed.',
    } as const;
    expect(shown(deviceStatus({ drawer: failed }))).toContain('drawer bad: Drawer did not open');
    // A drawer on a printer that is off has the printer's message: the printer item says it once.
    const withPrinter = { connection: 'offline', open: null, message: offline.message } as const;
    expect(shown(deviceStatus({ printer: offline, drawer: withPrinter }))).toEqual([
      'printer bad: Printer offline',
    ]);
  });

  it('counts connected scanners and names a missing one', () => {
    const ready = {
      id: 'serial:/dev/ttyACM0',
      kind: 'serial',
      label: 'Scanner on /dev/ttyACM0',
      connection: 'online',
      message: 'Ready.',
    } as const;
    const missing = {
      ...ready,
      id: 'hid:0c2e:0b8f',
      kind: 'hid',
      label: 'Scanner 0c2e:0b8f',
      connection: 'offline',
      message: 'Scanner 0c2e:0b8f is missing: plug it in.',
    } as const;
    expect(shown(deviceStatus({ scanners: [ready, { ...ready, id: 'x' }] }))).toContain(
      'scanners ok: 2 scanners connected',
    );
    expect(shown(deviceStatus({ scanners: [missing] }))).toContain('scanners bad: Scanner missing');
    const items = statusItems(deviceStatus({ scanners: [ready, missing] }));
    expect(items.find((item) => item.id === 'scanners')).toMatchObject({
      text: '1 of 2 scanners missing',
      detail: 'Scanner 0c2e:0b8f: Scanner 0c2e:0b8f is missing: plug it in.',
    });
  });

  it('shows receipts waiting for the printer, with why in the detail', () => {
    const queue = { queued: 1, failed: 1, lastError: 'Printer at 192.168.1.50:9100 refused the connection.' };
    expect(
      statusItems(deviceStatus({ printer: offline, queue })).find((item) => item.id === 'print-queue'),
    ).toMatchObject({
      tone: 'warn',
      text: '2 receipts waiting',
      detail: expect.stringContaining('refused the connection'),
    });
    expect(shown(deviceStatus({ queue: { queued: 1, failed: 0, lastError: null } }))).toContain(
      'print-queue busy: Printing 1 receipt…',
    );
  });
});
