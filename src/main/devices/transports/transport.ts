/**
 * One interface for every way bytes reach a receipt printer (TCP 9100, serial, Linux /dev/usb/lpN), so the print
 * queue, the drawer and the status poller never care which it is, and tests can swap in a fake.
 *
 * Every call opens the connection when it is not open (so a printer that was switched off and on again, or
 * replugged, comes back by itself), gives up after the configured timeout, and fails with a CounterError whose
 * message names the printer and says what to check.
 */
import { EventEmitter } from 'node:events';
import { CounterError } from '../../../shared/errors.ts';
import { isStatusByte } from '../../../shared/escpos/status.ts';

export interface TransportEvents {
  /** Connected or lost; `reason` says why it was lost, in words. */
  connection: [connected: boolean, reason: string | null];
  /** A failure outside any call (the connection broke while idle). Calls report their own failures. */
  error: [error: CounterError];
}

export interface PrinterTransport {
  /** "Printer at 192.168.1.50:9100": how every message names this printer. */
  readonly label: string;
  readonly connected: boolean;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  /** Sends a real-time status request (DLE EOT n) and resolves with the status byte the printer answers. */
  readStatus(request: readonly number[]): Promise<number>;
  close(): Promise<void>;
  on<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this;
  off<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this;
}

export function unavailable(message: string): CounterError {
  return new CounterError('DEVICE_UNAVAILABLE', message);
}

/**
 * The printer answered a status request, but no answer had ESC/POS's fixed bits: it is there, and speaks
 * something else (another command set, or a serial speed that garbles every byte). Not "offline".
 */
export class UnreadableStatusError extends CounterError {
  constructor(label: string, answer: number[]) {
    const bytes = answer
      .slice(0, 8)
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join(' ');
    super(
      'DEVICE_UNAVAILABLE',
      `${label} answered something we do not understand (bytes ${bytes}${answer.length > 8 ? ' …' : ''} to a status request): check that it is an ESC/POS printer and, on a serial port, that its speed matches the setting.`,
    );
  }
}

export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Resolves or rejects like `promise`, or rejects with `onTimeout()` after `ms`; `cleanup` runs on timeout. */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
  cleanup?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup?.();
      reject(onTimeout());
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * What the three transports share: one call at a time (a status answer must not be read as part of another
 * call), the connected flag and its event, and waiting for a status byte among whatever else the printer sends.
 */
export abstract class BaseTransport extends EventEmitter<TransportEvents> implements PrinterTransport {
  abstract readonly label: string;
  protected readonly timeoutMs: number;
  private isConnected = false;
  private queue: Promise<unknown> = Promise.resolve();
  private received: number[] = [];
  private waiter: (() => void) | null = null;

  constructor(timeoutMs: number) {
    super();
    this.timeoutMs = timeoutMs;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** Opens the connection if it is not open. */
  protected abstract connect(): Promise<void>;
  protected abstract send(bytes: Uint8Array): Promise<void>;
  protected abstract disconnect(): Promise<void>;

  open(): Promise<void> {
    return this.exclusive(() => this.connect());
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.exclusive(async () => {
      await this.connect();
      await this.send(bytes);
    });
  }

  readStatus(request: readonly number[]): Promise<number> {
    return this.exclusive(async () => {
      await this.connect();
      this.received = [];
      await this.send(Uint8Array.from(request));
      return this.nextStatusByte();
    });
  }

  close(): Promise<void> {
    return this.exclusive(() => this.disconnect());
  }

  /** A failure outside any call. Only announced to listeners: nobody listening must not crash the register. */
  protected reportError(error: CounterError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  protected setConnected(connected: boolean, reason: string | null = null): void {
    if (connected === this.isConnected) return;
    this.isConnected = connected;
    this.emit('connection', connected, reason);
  }

  /** A printer that stops reading (out of paper, jammed, cover open) lets its buffer fill. */
  protected stoppedTakingData(): CounterError {
    return unavailable(
      `${this.label} stopped taking data for ${seconds(this.timeoutMs)}. Check its paper and cover.`,
    );
  }

  /** Waits for `written` to finish; gives up (and disconnects) rather than wait forever on a full buffer. */
  protected untilWritten(written: Promise<void>): Promise<void> {
    return withTimeout(
      written,
      this.timeoutMs,
      () => this.stoppedTakingData(),
      () => {
        this.disconnect().catch(() => undefined);
      },
    );
  }

  /** Bytes the printer sent; status answers are picked out of them. */
  protected bytesReceived(chunk: Uint8Array): void {
    this.received.push(...chunk);
    this.waiter?.();
  }

  /**
   * One call at a time. A call that fails drops the connection, so the next one opens it afresh: after a
   * timeout the old connection cannot be trusted, and a replugged device is a new device file or socket.
   */
  private exclusive<T>(call: () => Promise<T>): Promise<T> {
    const guarded = async (): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        await this.disconnect().catch(() => undefined);
        throw error;
      }
    };
    const result = this.queue.then(guarded, guarded);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private nextStatusByte(): Promise<number> {
    /** What came instead of a status byte: said if no status byte comes at all. */
    const skipped: number[] = [];
    const found = new Promise<number>((resolve) => {
      const check = (): void => {
        // Anything that is not a status byte (an automatic status block, noise) is skipped.
        while (this.received.length > 0) {
          const byte = this.received.shift()!;
          if (isStatusByte(byte)) {
            this.waiter = null;
            resolve(byte);
            return;
          }
          skipped.push(byte);
        }
        this.waiter = check;
      };
      check();
    });
    return withTimeout(
      found,
      this.timeoutMs,
      () =>
        skipped.length > 0
          ? new UnreadableStatusError(this.label, skipped)
          : unavailable(
              `${this.label} did not answer a status request within ${seconds(this.timeoutMs)}. Check that it is switched on.`,
            ),
      () => {
        this.waiter = null;
      },
    );
  }
}
