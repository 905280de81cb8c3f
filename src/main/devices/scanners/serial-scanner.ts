/** Serial and USB CDC scanners: one code per line, whatever the suffix (CR, LF or CR LF). */
import { RegexParser, SerialPort } from 'serialport';
import { describeSerialError } from '../transports/serial.ts';
import type { OpenScanner, ScannerHandlers } from './hid-scanner.ts';

/** An AIM symbology identifier at the start of a line, if the scanner is set to send one. */
const aimPrefix = /^\][A-Za-z][0-9A-Za-z]/;

export async function openSerialScanner(
  options: { path: string; baudRate: number; label: string },
  handlers: ScannerHandlers,
): Promise<OpenScanner> {
  const port = new SerialPort({ path: options.path, baudRate: options.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    port.open((error) =>
      error ? reject(describeSerialError(options.label, options.path, error)) : resolve(),
    );
  });
  let open = true;
  const lines = port.pipe(new RegexParser({ regex: /[\r\n]+/, encoding: 'latin1' }));
  lines.on('data', (line: string) => {
    if (!open || line.length === 0) return;
    const aim = aimPrefix.exec(line)?.[0] ?? null;
    handlers.onCode({ aim, data: aim ? line.slice(aim.length) : line });
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
