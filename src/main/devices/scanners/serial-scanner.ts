/** Serial and USB CDC scanners: one code per line, whatever the suffix (CR, LF or CR LF). */
import { SerialPort } from 'serialport';
import { defaultScannerEncoding, type ScannerEncoding } from '../../../shared/settings.ts';
import { describeSerialError } from '../transports/serial.ts';
import type { OpenScanner, ScannerHandlers } from './hid-scanner.ts';

/** An AIM symbology identifier at the start of a line, if the scanner is set to send one. */
const aimPrefix = /^\][A-Za-z][0-9A-Za-z]/;

const CR = 0x0d;
const LF = 0x0a;

/**
 * A line's bytes as text. Lines are cut from bytes before decoding, so a character split across two reads stays
 * whole; bytes that are not UTF-8 become U+FFFD, which the barcode parser refuses naming the encoding setting.
 */
function decodeLine(bytes: Buffer, encoding: ScannerEncoding): string {
  return encoding === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : bytes.toString('latin1');
}

export async function openSerialScanner(
  options: { path: string; baudRate: number; encoding?: ScannerEncoding; label: string },
  handlers: ScannerHandlers,
): Promise<OpenScanner> {
  const port = new SerialPort({ path: options.path, baudRate: options.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    port.open((error) =>
      error ? reject(describeSerialError(options.label, options.path, error)) : resolve(),
    );
  });
  let open = true;
  const encoding = options.encoding ?? defaultScannerEncoding;
  /** Bytes of a line whose end has not come yet. */
  let pending = Buffer.alloc(0);
  const lineEnd = (): number => pending.findIndex((byte) => byte === CR || byte === LF);
  port.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (let end = lineEnd(); end !== -1; end = lineEnd()) {
      const line = decodeLine(pending.subarray(0, end), encoding);
      pending = pending.subarray(end + 1);
      if (!open || line.length === 0) continue;
      const aim = aimPrefix.exec(line)?.[0] ?? null;
      handlers.onCode({ aim, data: aim ? line.slice(aim.length) : line });
    }
  });
  port.on('close', () => {
    if (!open) return;
    open = false;
    handlers.onLost(`${options.label} was unplugged: plug it in again and it reconnects by itself.`);
  });
  port.on('error', () => undefined);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        open = false;
        if (port.isOpen) port.close(() => resolve());
        else resolve();
      }),
  };
}
