/** Network receipt printers: raw TCP on port 9100 ("JetDirect"), the way almost every ESC/POS LAN printer talks. */
import { connect as connectTcp, type Socket } from 'node:net';
import type { CounterError } from '../../../shared/errors.ts';
import { BaseTransport, seconds, unavailable, withTimeout } from './transport.ts';

/** Keep-alive probes find a printer that vanished (power cut, cable pulled) while the connection sat idle. */
const keepAliveDelayMs = 10_000;

export class NetworkTransport extends BaseTransport {
  readonly label: string;
  private readonly host: string;
  private readonly port: number;
  private socket: Socket | null = null;

  constructor(options: { host: string; port: number; timeoutMs: number }) {
    super(options.timeoutMs);
    this.host = options.host;
    this.port = options.port;
    this.label = `Printer at ${options.host}:${options.port}`;
  }

  protected async connect(): Promise<void> {
    if (this.socket) return;
    const socket = connectTcp({ host: this.host, port: this.port });
    const connected = new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (error) => reject(this.describe(error)));
    });
    await withTimeout(
      connected,
      this.timeoutMs,
      () =>
        unavailable(
          `${this.label} did not answer within ${seconds(this.timeoutMs)}. Check that it is switched on and on the network.`,
        ),
      () => socket.destroy(),
    );
    socket.removeAllListeners('error');
    socket.setNoDelay(true);
    socket.setKeepAlive(true, keepAliveDelayMs);
    socket.on('data', (chunk: Buffer) => this.bytesReceived(chunk));
    socket.on('error', (error) => this.reportError(this.describe(error)));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setConnected(false, `${this.label} dropped the connection. Check that it is switched on.`);
    });
    this.socket = socket;
    this.setConnected(true);
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket) throw unavailable(`${this.label} is not connected.`);
    const written = new Promise<void>((resolve, reject) => {
      socket.write(bytes, (error) => (error ? reject(this.describe(error)) : resolve()));
    });
    await this.untilWritten(written);
  }

  protected disconnect(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    this.setConnected(false, null);
    return Promise.resolve();
  }

  private describe(error: Error & { code?: string }): CounterError {
    switch (error.code) {
      case 'ECONNREFUSED':
        return unavailable(
          `${this.label} refused the connection. Check that it is switched on and that the address is right.`,
        );
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return unavailable(
          `${this.label} cannot be reached. Check the network cable and the printer's address.`,
        );
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return unavailable(
          `${this.label}: the name "${this.host}" is not known on this network. Use the printer's IP address.`,
        );
      case 'ECONNRESET':
      case 'EPIPE':
        return unavailable(`${this.label} dropped the connection. Check that it is switched on.`);
      default:
        return unavailable(`${this.label} failed: ${error.message}.`);
    }
  }
}
