/**
 * A stand-in for an ESC/POS receipt printer: it records every byte it is sent and answers real-time status
 * requests (DLE EOT n) with configurable status bytes, as a real printer does even while it is stopped.
 *
 * On the network it listens on 127.0.0.1:0 like a printer on port 9100, and can go offline (connections
 * refused and cut) and come back on the same port. It can also serve any byte stream, e.g. one end of a socat
 * pty pair opened with serialport, to play a serial printer.
 */
import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RawPrinterStatus } from '../../src/shared/escpos/status.ts';
import { decodeEscPos, type TranscriptEntry } from './escpos-transcript.ts';

/** All clear: every status byte 0x12. */
export const statusAllClear: RawPrinterStatus = { printer: 0x12, offlineCause: 0x12, paperSensor: 0x12 };
/** Out of paper: offline (n=1 bit 3), stopped on paper end (n=2 bit 5), paper end sensor (n=4 bits 5-6). */
export const statusPaperOut: RawPrinterStatus = { printer: 0x1a, offlineCause: 0x32, paperSensor: 0x72 };

export class FakePrinterDevice extends EventEmitter<{ data: [] }> {
  status: RawPrinterStatus = { ...statusAllClear };
  /** Everything sent except the status requests, which a real printer does not print either. */
  readonly received: number[] = [];
  statusRequests = 0;
  /** While true, bytes are taken in but status requests get no answer, like a hung printer. */
  silent = false;
  private pending: number[] = [];

  /** Feeds bytes as they arrive; `reply` sends the status answers back. */
  accept(chunk: Uint8Array, reply: (bytes: Uint8Array) => void): void {
    for (const byte of chunk) {
      this.pending.push(byte);
      const [dle, eot, n] = this.pending;
      if (dle !== 0x10 || (this.pending.length >= 2 && eot !== 0x04)) {
        this.received.push(...this.pending);
        this.pending = [];
      } else if (n !== undefined) {
        this.pending = [];
        this.answer(n, reply);
      }
    }
    this.emit('data');
  }

  /** Serves a byte stream, e.g. the printer end of a pty pair. */
  attach(stream: Duplex): void {
    stream.on('data', (chunk: Buffer) => this.accept(chunk, (bytes) => stream.write(bytes)));
  }

  transcript(printerModel?: string): TranscriptEntry[] {
    return decodeEscPos(this.received, printerModel ? { printerModel } : {});
  }

  /** Resolves once what has been received satisfies `test` (checked on every arrival). */
  waitFor(test: (received: number[]) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!test(this.received)) return;
        this.off('data', check);
        resolve();
      };
      this.on('data', check);
      check();
    });
  }

  clear(): void {
    this.received.length = 0;
  }

  private answer(n: number, reply: (bytes: Uint8Array) => void): void {
    this.statusRequests += 1;
    if (this.silent) return;
    const byte =
      n === 1
        ? this.status.printer
        : n === 2
          ? this.status.offlineCause
          : n === 4
            ? this.status.paperSensor
            : 0x12;
    reply(Uint8Array.of(byte));
  }
}

export class FakeNetworkPrinter extends FakePrinterDevice {
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  static async start(): Promise<FakeNetworkPrinter> {
    const printer = new FakeNetworkPrinter();
    await printer.listen(0);
    return printer;
  }

  get online(): boolean {
    return this.server !== null;
  }

  /** Switched off: open connections are cut and new ones refused. */
  async goOffline(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Switched on again, on the same port. */
  async comeBack(): Promise<void> {
    if (!this.server) await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.goOffline();
  }

  private listen(port: number): Promise<void> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('data', (chunk: Buffer) => this.accept(chunk, (bytes) => socket.write(bytes)));
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        this.server = server;
        resolve();
      });
    });
  }
}
