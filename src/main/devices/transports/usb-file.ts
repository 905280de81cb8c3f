/**
 * Linux USB printers through the kernel's usblp driver: /dev/usb/lpN is a file we write the bytes to and read
 * status answers from. Opened non-blocking, so a printer that stops taking data (out of paper) or never answers
 * cannot hold one of Node's worker threads forever: we retry for the timeout and then give up.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BaseTransport, unavailable } from './transport.ts';
import type { CounterError } from '../../../shared/errors.ts';

const retryDelayMs = 20;
/** Codes that mean the printer is gone (unplugged, switched off) rather than busy. */
const goneCodes = new Set(['ENODEV', 'EIO', 'ENXIO', 'EBADF']);

export class UsbFileTransport extends BaseTransport {
  readonly label: string;
  private readonly path: string;
  private file: FileHandle | null = null;

  constructor(options: { path: string; timeoutMs: number }) {
    super(options.timeoutMs);
    this.path = options.path;
    this.label = `Printer on ${options.path}`;
  }

  protected async connect(): Promise<void> {
    if (this.file) return;
    try {
      this.file = await open(this.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (error) {
      throw this.describe(error as NodeJS.ErrnoException);
    }
    this.setConnected(true);
    // The loop ends by itself once the file is closed; should it fail otherwise, the printer is dropped and the next
    // call opens it again.
    this.readLoop(this.file).catch((error: unknown) =>
      this.drop(`${this.label} stopped answering: ${String(error)}`),
    );
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    let offset = 0;
    while (offset < bytes.length) {
      const file = this.file;
      if (!file) throw unavailable(`${this.label} is not open.`);
      try {
        const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
        continue;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
          await this.drop();
          throw this.describe(error as NodeJS.ErrnoException);
        }
      }
      if (Date.now() > deadline) throw this.stoppedTakingData();
      await sleep(retryDelayMs);
    }
  }

  protected async disconnect(): Promise<void> {
    await this.drop();
  }

  /** Picks up whatever the printer sends (status answers) until the file is closed. */
  private async readLoop(file: FileHandle): Promise<void> {
    const buffer = Buffer.alloc(64);
    while (this.file === file) {
      try {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
        if (bytesRead > 0) this.bytesReceived(buffer.subarray(0, bytesRead));
        else await sleep(retryDelayMs);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code === 'EAGAIN') {
          await sleep(retryDelayMs);
          continue;
        }
        if (this.file === file && goneCodes.has(code)) {
          await this.drop(`${this.label} was unplugged or switched off.`);
          this.reportError(this.describe(error as NodeJS.ErrnoException));
        }
        return;
      }
    }
  }

  private async drop(reason: string | null = null): Promise<void> {
    const file = this.file;
    this.file = null;
    this.setConnected(false, reason);
    await file?.close().catch(() => undefined);
  }

  private describe(error: NodeJS.ErrnoException): CounterError {
    switch (error.code) {
      case 'ENOENT':
      case 'ENODEV':
      case 'ENXIO':
        return unavailable(
          `${this.label} is not there: check that the printer is plugged in and switched on.`,
        );
      case 'EACCES':
      case 'EPERM':
        return unavailable(
          `Counter may not open ${this.path}: on Linux, add this user to the "lp" group and log in again.`,
        );
      case 'EBUSY':
        return unavailable(
          `${this.path} is in use by another program (a print spooler?): stop it and try again.`,
        );
      default:
        return unavailable(`${this.label} failed: ${error.message}.`);
    }
  }
}
