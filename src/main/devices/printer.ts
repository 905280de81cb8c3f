/**
 * The configured receipt printer: a transport plus what we last learned from its status bytes. Everything that
 * talks to it (status polls, receipts, drawer kicks) goes through `exclusive`, so a receipt and the drawer
 * pulse after it arrive in that order and a status answer is never mixed into a print.
 */
import { EventEmitter } from 'node:events';
import type { PrinterStatusReport } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import {
  canPrint,
  decodePrinterStatus,
  describePrinterStatus,
  statusRequests,
  type DrawerPolarity,
} from '../../shared/escpos/status.ts';
import type { PrinterTransport } from './transports/index.ts';
import { UnreadableStatusError } from './transports/transport.ts';

export class ReceiptPrinter extends EventEmitter<{ status: [PrinterStatusReport] }> {
  readonly transport: PrinterTransport;
  private readonly polarity: DrawerPolarity;
  private current: PrinterStatusReport;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(transport: PrinterTransport, polarity: DrawerPolarity) {
    super();
    this.transport = transport;
    this.polarity = polarity;
    this.current = {
      connection: 'connecting',
      label: transport.label,
      status: null,
      ready: false,
      message: 'Connecting…',
    };
    transport.on('connection', (connected, reason) => {
      if (!connected && reason)
        this.update({ connection: 'offline', status: null, ready: false, message: reason });
    });
  }

  get report(): PrinterStatusReport {
    return this.current;
  }

  /** Asks the printer for its status (DLE EOT 1, 2, 4) and records the answer, or that there was none. */
  poll(): Promise<PrinterStatusReport> {
    return this.exclusive(() => this.readStatus());
  }

  /** Checks the printer can print, then sends the bytes. Throws DEVICE_UNAVAILABLE with the reason if not. */
  print(bytes: Uint8Array): Promise<void> {
    return this.exclusive(async () => {
      const report = await this.readStatus();
      if (!report.ready)
        throw new CounterError('DEVICE_UNAVAILABLE', `${this.transport.label}: ${report.message}`);
      await this.write(bytes);
    });
  }

  /** Sends bytes without a status check: a drawer kick works even when the printer is out of paper. */
  send(bytes: Uint8Array): Promise<void> {
    return this.exclusive(() => this.write(bytes));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.exclusive(() => this.transport.close());
  }

  /**
   * Sends the bytes, then asks for the status once more: a connection that died without anyone noticing still
   * takes a write, and only an answer proves the printer got everything before it.
   */
  private async write(bytes: Uint8Array): Promise<void> {
    try {
      await this.transport.write(bytes);
      await this.transport.readStatus(statusRequests.printer);
    } catch (error) {
      this.failed(error);
      throw error;
    }
  }

  private async readStatus(): Promise<PrinterStatusReport> {
    try {
      const printer = await this.transport.readStatus(statusRequests.printer);
      const offlineCause = await this.transport.readStatus(statusRequests.offlineCause);
      const paperSensor = await this.transport.readStatus(statusRequests.paperSensor);
      const status = decodePrinterStatus({ printer, offlineCause, paperSensor }, this.polarity);
      this.update({
        connection: 'online',
        status,
        ready: canPrint(status),
        message: describePrinterStatus(status),
      });
    } catch (error) {
      this.failed(error);
    }
    return this.current;
  }

  private failed(error: unknown): void {
    if (error instanceof UnreadableStatusError) {
      // It answered, so it is there: what it said is the problem, not the connection.
      this.update({ connection: 'online', status: null, ready: false, message: error.message });
      return;
    }
    const message =
      error instanceof CounterError ? error.message : `${this.transport.label} failed: ${String(error)}`;
    this.update({ connection: 'offline', status: null, ready: false, message });
  }

  private update(change: Omit<PrinterStatusReport, 'label'>): void {
    if (this.closed) return;
    const next = { ...change, label: this.transport.label };
    const same = JSON.stringify(next) === JSON.stringify(this.current);
    this.current = next;
    if (!same) this.emit('status', next);
  }

  private exclusive<T>(call: () => Promise<T>): Promise<T> {
    const result = this.queue.then(call, call);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
