/** Serial and USB-serial receipt printers (and serial cash drawers), through `serialport`. */
import { SerialPort } from 'serialport';
import type { CounterError } from '../../../shared/errors.ts';
import { BaseTransport, seconds, unavailable, withTimeout } from './transport.ts';

/** Why a serial port could not be opened, in words a store can act on. */
export function describeSerialError(what: string, path: string, error: Error): CounterError {
  if (/no such file|ENOENT|cannot find/i.test(error.message)) {
    return unavailable(`${what} is not there (${path}): check that it is plugged in and switched on.`);
  }
  if (/permission denied|EACCES|access denied/i.test(error.message)) {
    return unavailable(
      `Counter may not open ${path}: on Linux, add this user to the "dialout" group and log in again.`,
    );
  }
  if (/EIO|ENXIO|ENODEV|i\/o error|bad file descriptor/i.test(error.message)) {
    return unavailable(`${what} (${path}) stopped answering: it was unplugged or switched off.`);
  }
  if (/busy|EBUSY|locked/i.test(error.message)) {
    return unavailable(
      `${path} is in use by another program: close it (or stop ModemManager) and try again.`,
    );
  }
  return unavailable(`${what} (${path}) failed: ${error.message}.`);
}

export class SerialTransport extends BaseTransport {
  readonly label: string;
  private readonly path: string;
  private readonly baudRate: number;
  private port: SerialPort | null = null;

  constructor(options: { path: string; baudRate: number; timeoutMs: number; label?: string }) {
    super(options.timeoutMs);
    this.path = options.path;
    this.baudRate = options.baudRate;
    this.label = options.label ?? `Printer on ${options.path}`;
  }

  protected async connect(): Promise<void> {
    if (this.port) return;
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    const opened = new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(describeSerialError(this.label, this.path, error)) : resolve()));
    });
    await withTimeout(
      opened,
      this.timeoutMs,
      () => unavailable(`${this.label} did not open within ${seconds(this.timeoutMs)}.`),
      () => port.destroy(),
    );
    port.on('data', (chunk: Buffer) => this.bytesReceived(chunk));
    port.on('error', (error) => this.reportError(describeSerialError(this.label, this.path, error)));
    port.on('close', () => {
      if (this.port !== port) return;
      this.port = null;
      this.setConnected(false, `${this.label} was unplugged or switched off.`);
    });
    this.port = port;
    this.setConnected(true);
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port) throw unavailable(`${this.label} is not open.`);
    const written = new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(describeSerialError(this.label, this.path, error));
        // drain: resolves once the bytes have left for the wire, not merely the stream buffer.
        port.drain((drainError) =>
          drainError ? reject(describeSerialError(this.label, this.path, drainError)) : resolve(),
        );
      });
    });
    await this.untilWritten(written);
  }

  protected disconnect(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) port.close(() => undefined);
    this.setConnected(false, null);
    return Promise.resolve();
  }
}
