/**
 * Appending an event for head office (SYNC.md "Upstream"). Call it inside the business transaction that the
 * event reports: the seq comes from the gapless 'outbox' counter, so a rolled-back action leaves no gap.
 *
 * Every event goes through here (sales, returns, voids, audit entries, Z reports), so this is also the one
 * place that tells the sync pump an event is waiting: `onAppended` listeners run once the action's transaction
 * is over, whatever kind of event it queued. And the one place that makes sure every committed event can be
 * sent: one too large for a push on its own (MAX_EVENT_BYTES) is refused, which rolls the action back.
 */
import { createHash } from 'node:crypto';
import type { Db } from './database.ts';
import { CounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { eventBytes, MAX_EVENT_BYTES, RETURN_COMPLETED, SALE_COMPLETED } from '../../shared/sync/protocol.ts';

export type AppendOutbox = (type: string, occurredAt: string, payload: unknown) => number;

export interface Outbox {
  /** Takes the next seq and writes the event under it; returns the seq. */
  append: AppendOutbox;
  /** For an event whose payload carries its own seq (a sale's does): take the seq first, then `write`. */
  reserveSeq(): number;
  write(seq: number, type: string, occurredAt: string, payload: unknown): void;
  /**
   * `listener` runs after the transaction that appended one or more events, once (a rolled-back one calls it
   * too: waking a pump for nothing is harmless). A throwing listener is only logged.
   */
  onAppended(listener: () => void): () => void;
}

/** What a person is told when an action would make an event head office cannot take in one message. */
function tooLarge(type: string, bytes: number): CounterError {
  const what = type === SALE_COMPLETED ? 'sale' : type === RETURN_COMPLETED ? 'return' : null;
  const kb = (n: number): string => `${Math.ceil(n / 1024)} KB`;
  const todo = what ? `Split it: complete part of it now and the rest as another ${what}.` : 'Call support.';
  return new CounterError(
    'NOT_ALLOWED',
    `This ${what ?? `record (${type})`} is too large to send to head office (${kb(bytes)}; at most ${kb(MAX_EVENT_BYTES)}), so nothing was saved. ${todo}`,
  );
}

export function createOutbox(db: Db, schemaVersion = 1): Outbox {
  const nextSeq = db.prepare<[], { value: number }>(
    `INSERT INTO counters (name, value) VALUES ('outbox', 1)
     ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const insert = db.prepare<[number, string, string, number, string, string, string]>(
    `INSERT INTO outbox (seq, event_id, type, schema_version, occurred_at, payload, payload_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const listeners = new Set<() => void>();
  let notifying = false;

  const inTransaction = (type: string): void => {
    if (!db.inTransaction)
      throw new Error(`An outbox event (${type}) must be written in its action's transaction`);
  };
  // better-sqlite3 transactions are synchronous: a microtask runs after the commit (or rollback).
  const notifyAfterTransaction = (): void => {
    if (notifying) return;
    notifying = true;
    queueMicrotask(() => {
      notifying = false;
      for (const listener of listeners) {
        try {
          listener();
        } catch (error) {
          console.error('An outbox listener failed', error);
        }
      }
    });
  };

  const reserveSeq = (): number => {
    inTransaction('reserving a seq');
    return nextSeq.get()!.value;
  };
  const write = (seq: number, type: string, occurredAt: string, payload: unknown): void => {
    inTransaction(type);
    const text = JSON.stringify(payload);
    const event = {
      seq,
      eventId: newId(),
      type,
      schemaVersion,
      occurredAt,
      payload: text,
      payloadHash: createHash('sha256').update(text).digest('hex'),
    };
    // Throwing rolls the action back: an event committed here must always be sendable.
    const bytes = eventBytes(event);
    if (bytes > MAX_EVENT_BYTES) throw tooLarge(type, bytes);
    insert.run(seq, event.eventId, type, schemaVersion, occurredAt, text, event.payloadHash);
    notifyAfterTransaction();
  };

  return {
    append: (type, occurredAt, payload) => {
      const seq = reserveSeq();
      write(seq, type, occurredAt, payload);
      return seq;
    },
    reserveSeq,
    write,
    onAppended: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
