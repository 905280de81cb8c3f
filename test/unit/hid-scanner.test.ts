/**
 * The HID scanner reading loop and hot-plug, against a fake node-hid module: no virtual HID device can be
 * created here (that needs uhid and root), so reports come from the recorded fixtures.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  openHidScanner,
  type HidApi,
  type HidDeviceInfo,
} from '../../src/main/devices/scanners/hid-scanner.ts';
import { nextEvent, startDevices, tempDir, ledger, until } from '../integration/devices/device-fixture.ts';

const fixture = (name: string): Buffer[] =>
  (
    JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/hid', name), 'utf8')) as {
      reports: string[];
    }
  ).reports.map((hex) => Buffer.from(hex.replaceAll(' ', ''), 'hex'));

class FakeHidDevice extends EventEmitter {
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
  /** What node-hid does when the device is pulled out mid-read. */
  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }
}

/** The part of node-hid Counter uses: list devices, open one by path. */
class FakeHid implements HidApi {
  attached: HidDeviceInfo[] = [];
  readonly opened: { path: string; device: FakeHidDevice }[] = [];
  readonly HIDAsync = {
    open: async (path: string): Promise<FakeHidDevice> => {
      if (!this.attached.some((device) => device.path === path))
        throw new Error(`cannot open device with path ${path}`);
      const device = new FakeHidDevice();
      this.opened.push({ path, device });
      return device;
    },
  };
  async devicesAsync(): Promise<HidDeviceInfo[]> {
    return this.attached;
  }
  get current(): FakeHidDevice {
    return this.opened.at(-1)!.device;
  }
}

/** A Honeywell scanner as Linux lists it: a keyboard interface and a HID POS interface. */
const honeywell: HidDeviceInfo[] = [
  {
    vendorId: 0x0c2e,
    productId: 0x0b8f,
    path: '/dev/hidraw3',
    usagePage: 0x01,
    usage: 6,
    release: 1,
    interface: 0,
    product: 'Voyager 1450g',
  },
  {
    vendorId: 0x0c2e,
    productId: 0x0b8f,
    path: '/dev/hidraw4',
    usagePage: 0x8c,
    usage: 2,
    release: 1,
    interface: 1,
    product: 'Voyager 1450g',
  },
];

describe('the HID scanner reading loop', () => {
  it('turns reports into codes, and says so when the scanner is pulled out', async () => {
    const hid = new FakeHid();
    hid.attached = honeywell;
    const codes: unknown[] = [];
    const lost: string[] = [];
    const scanner = await openHidScanner(hid, '/dev/hidraw4', 'Scanner 0c2e:0b8f', {
      onCode: (code) => codes.push(code),
      onLost: (reason) => lost.push(reason),
    });
    for (const report of [...fixture('qr-multi-report.json'), ...fixture('ean13.json')])
      hid.current.emit('data', report);
    expect(codes).toHaveLength(2);
    expect(codes[1]).toEqual({ aim: ']E0', data: '4006381333931' });
    hid.current.unplug();
    expect(lost).toEqual(['Scanner 0c2e:0b8f was unplugged: plug it in again and it reconnects by itself.']);
    expect(hid.current.closed).toBe(true);
    await scanner.close();
  });
});

describe('a HID scanner in the device manager', () => {
  const config = {
    scanners: [{ kind: 'hid' as const, vendorId: 0x0c2e, productId: 0x0b8f, serialNumber: null }],
  };

  async function start(hid: FakeHid): ReturnType<typeof startDevices> {
    return startDevices({ db: ledger(tempDir()), loadHid: async () => hid, config });
  }

  it('opens the HID POS interface and puts what it reads into the sale, AIM identifier included', async () => {
    const hid = new FakeHid();
    hid.attached = honeywell;
    const { devices, sales, events } = await start(hid);
    expect(hid.opened.map((open) => open.path)).toEqual(['/dev/hidraw4']);
    expect(devices.status().scanners).toEqual([
      {
        id: 'hid:0c2e:0b8f',
        kind: 'hid',
        label: 'Scanner 0c2e:0b8f',
        connection: 'online',
        message: 'Ready.',
      },
    ]);
    const reading = nextEvent(events, 'scanner.test');
    for (const report of fixture('ean13.json')) hid.current.emit('data', report);
    expect(sales.scanned).toEqual([']E04006381333931']);
    expect(await reading).toMatchObject({
      scannerId: 'hid:0c2e:0b8f',
      code: ']E04006381333931',
      aim: ']E0',
      parsed: { kind: 'gtin', gtin: '04006381333931' },
      addedToSale: true,
    });
  });

  it('reports a refused code the way the screen shows wedge scan errors', async () => {
    const hid = new FakeHid();
    hid.attached = honeywell;
    const { sales, events } = await start(hid);
    sales.unknown.add(']E04006381333931');
    const rejected = nextEvent(events, 'scan.rejected');
    for (const report of fixture('ean13.json')) hid.current.emit('data', report);
    expect(await rejected).toEqual({
      code: ']E04006381333931',
      error: {
        code: 'UNKNOWN_BARCODE',
        message: 'No product has the code ]E04006381333931: check the barcode.',
      },
    });
  });

  it('refuses a code with a control character other than GS before it reaches the sale or a screen', async () => {
    const hid = new FakeHid();
    hid.attached = honeywell;
    const { devices, sales, events } = await start(hid);
    const read: string[] = [];
    events.subscribe((message) => {
      if (message.name === 'scan.read') read.push((message.payload as { code: string }).code);
    });
    /** One scanned-data report: id, length, AIM identifier, data. */
    const report = (aim: string, data: string): Buffer =>
      Buffer.from([0x02, data.length, ...Buffer.from(aim + data, 'latin1')]);

    for (const route of ['sale', 'screen'] as const) {
      devices.setScanRoute(route);
      const rejected = nextEvent(events, 'scan.rejected');
      hid.current.emit('data', report(']C0', 'SKU\u0000-1'));
      expect(await rejected).toEqual({
        code: ']C0SKU\u0000-1',
        error: {
          code: 'INVALID_BARCODE',
          message:
            'The scan contains a control character that no barcode holds: scan it again or type the SKU.',
        },
      });
    }
    expect(sales.scanned).toEqual([]);
    expect(read).toEqual([]);

    // GS separates GS1 elements: that code still goes through.
    devices.setScanRoute('sale');
    hid.current.emit('data', report(']C1', '0109501101020917\u001d10ABC123'));
    expect(sales.scanned).toEqual([']C10109501101020917\u001d10ABC123']);
  });

  it('keeps scans out of the sale during the scanner test, and still shows what they mean', async () => {
    const hid = new FakeHid();
    hid.attached = honeywell;
    const { devices, sales, events } = await start(hid);
    devices.setScannerTest(true);
    const reading = nextEvent(events, 'scanner.test');
    for (const report of fixture('gs1-128.json')) hid.current.emit('data', report);
    expect(await reading).toMatchObject({
      aim: ']C1',
      parsed: { kind: 'gs1', gtin: '09501101020917', batch: 'ABC123', expiry: '2026-05-31' },
      addedToSale: false,
    });
    expect(sales.scanned).toEqual([]);
  });

  it('shows the scanner missing when unplugged, and reconnects by itself when it is back', async () => {
    const hid = new FakeHid();
    hid.attached = honeywell;
    const { devices, sales, events } = await start(hid);
    const scanner = (): { connection: string; message: string } => devices.status().scanners[0]!;

    hid.attached = [];
    hid.current.unplug();
    expect(scanner()).toMatchObject({
      connection: 'offline',
      message: expect.stringContaining('was unplugged'),
    });
    await until(events, () => scanner().message.includes('missing'));
    expect(scanner()).toEqual(
      expect.objectContaining({
        connection: 'offline',
        message: 'Scanner 0c2e:0b8f is missing: plug it in.',
      }),
    );

    hid.attached = honeywell;
    await until(events, () => scanner().connection === 'online');
    for (const report of fixture('ean13.json')) hid.current.emit('data', report);
    expect(sales.scanned).toEqual([']E04006381333931']);
    expect(hid.opened).toHaveLength(2);
  });

  it('lists HID devices once per interface path and marks HID POS scanners', async () => {
    const hid = new FakeHid();
    hid.attached = [...honeywell, honeywell[1]!];
    const { devices } = await startDevices({
      db: ledger(tempDir()),
      loadHid: async () => hid,
      listSerialPorts: async () => [],
    });
    const found = await devices.list();
    expect(found.hid.map((device) => [device.path, device.posScanner])).toEqual([
      ['/dev/hidraw3', false],
      ['/dev/hidraw4', true],
    ]);
    expect(found.problems).toEqual([]);
    expect(hid.opened).toEqual([]);
  });

  it('lists the rest when the HID library cannot load, and says why', async () => {
    const { devices } = await startDevices({
      db: ledger(tempDir()),
      loadHid: async () => {
        throw new Error('libusb-1.0.so.0: cannot open shared object file');
      },
      listSerialPorts: async () => [
        { path: '/dev/ttyACM0', manufacturer: 'Datalogic', vendorId: '05f9', productId: '4204' },
      ],
    });
    const found = await devices.list();
    expect(found.hid).toEqual([]);
    expect(found.serialPorts.map((port) => port.path)).toEqual(['/dev/ttyACM0']);
    expect(found.problems).toEqual([
      'HID devices could not be listed (libusb-1.0.so.0: cannot open shared object file). On Linux, check the udev rule for hidraw.',
    ]);
  });
});
