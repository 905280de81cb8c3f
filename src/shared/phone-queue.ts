/**
 * The phone page's queue: the scans a phone has not yet got an answer for, kept in the page's storage so that neither a register out of
 * reach nor a reloaded page loses one. They go to the register one at a time, in the order they were scanned;
 * each carries an id made on the phone, so sending one again after a lost answer does not count it twice.
 */
import type { PhoneScanAnswer } from './phone.ts';

/** The page's localStorage, as far as the queue uses it. */
export interface KeptText {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface QueuedScan {
  clientId: string;
  code: string;
  scannedAt: string;
}

/** What became of one attempt to send a scan. */
export type Sent =
  /** The register answered (it took the scan, or said why not). */
  | { kind: 'answered'; answer: PhoneScanAnswer }
  /** The register refused the request itself (400): sending it again would not help, so it is dropped. */
  | { kind: 'refused'; message: string }
  /** The pairing is gone (401): nothing more is sent until the phone is paired again. */
  | { kind: 'unpaired'; message: string }
  /** No answer, or "later" (429, 5xx): kept, and tried again after `retryAfterMs`. */
  | { kind: 'unreachable'; retryAfterMs: number };

export type Send = (scan: QueuedScan) => Promise<Sent>;

const storageKey = 'counter.phone.queue';

export class ScanQueue {
  private readonly storage: KeptText;
  private readonly makeId: () => string;
  private sending: Promise<Sent | null> | null = null;

  constructor(storage: KeptText, makeId: () => string) {
    this.storage = storage;
    this.makeId = makeId;
  }

  add(code: string, at: Date): QueuedScan {
    const scan = { clientId: this.makeId(), code, scannedAt: at.toISOString() };
    this.save([...this.pending(), scan]);
    return scan;
  }

  pending(): QueuedScan[] {
    try {
      const stored: unknown = JSON.parse(this.storage.getItem(storageKey) ?? '[]');
      return Array.isArray(stored) ? (stored as QueuedScan[]) : [];
    } catch {
      return [];
    }
  }

  /**
   * Sends what is waiting, oldest first, telling `onSent` about each; stops at the first scan that could not be
   * sent and resolves to why (null once all went). Calls while one runs share it.
   */
  flush(send: Send, onSent: (scan: QueuedScan, sent: Sent) => void): Promise<Sent | null> {
    this.sending ??= this.sendAll(send, onSent).finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async sendAll(send: Send, onSent: (scan: QueuedScan, sent: Sent) => void): Promise<Sent | null> {
    for (let scan = this.pending()[0]; scan; scan = this.pending()[0]) {
      const sent = await send(scan);
      if (sent.kind === 'answered' || sent.kind === 'refused') this.remove(scan.clientId);
      onSent(scan, sent);
      if (sent.kind === 'unpaired' || sent.kind === 'unreachable') return sent;
    }
    return null;
  }

  private remove(clientId: string): void {
    this.save(this.pending().filter((scan) => scan.clientId !== clientId));
  }

  private save(scans: QueuedScan[]): void {
    this.storage.setItem(storageKey, JSON.stringify(scans));
  }
}
