/**
 * Reads a HID POS scanner through node-hid. The node-hid module comes in as an argument (`HidApi`), so the loop
 * runs against a fake in tests: no virtual HID device can be made without root.
 */
import type { Device as HidDeviceInfo } from 'node-hid';
import type { FoundHidDevice } from '../../../shared/domain.ts';
import { HidPosDecoder, posScannerUsagePage, type ScannedCode } from './hid-report.ts';

export type { HidDeviceInfo };

export interface HidDeviceHandle {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): Promise<void>;
}

/** The part of node-hid we use. */
export interface HidApi {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidDeviceHandle> };
}

export interface ScannerHandlers {
  onCode(code: ScannedCode): void;
  /** The device went away (unplugged) or failed; `reason` is for the screen. */
  onLost(reason: string): void;
}

export interface OpenScanner {
  close(): Promise<void>;
}

export function toFoundHidDevice(device: HidDeviceInfo): FoundHidDevice | null {
  if (!device.path) return null;
  return {
    path: device.path,
    vendorId: device.vendorId,
    productId: device.productId,
    product: device.product ?? null,
    manufacturer: device.manufacturer ?? null,
    serialNumber: device.serialNumber || null,
    posScanner: device.usagePage === posScannerUsagePage,
  };
}

/** Opens the scanner at `path` and decodes its reports until it is closed or goes away. */
export async function openHidScanner(
  hid: HidApi,
  path: string,
  label: string,
  handlers: ScannerHandlers,
): Promise<OpenScanner> {
  const device = await hid.HIDAsync.open(path);
  const decoder = new HidPosDecoder();
  let open = true;
  let closed = Promise.resolve();
  /** Stops reading and closes the device, once. A device that failed or went away may fail to close: no matter. */
  const release = (): void => {
    if (!open) return;
    open = false;
    closed = device.close().catch(() => undefined);
  };
  device.on('data', (report) => {
    const code = decoder.push(report);
    if (code && open) handlers.onCode(code);
  });
  device.on('error', () => {
    if (!open) return;
    release();
    handlers.onLost(`${label} was unplugged: plug it in again and it reconnects by itself.`);
  });
  return {
    close: () => {
      release();
      return closed;
    },
  };
}
