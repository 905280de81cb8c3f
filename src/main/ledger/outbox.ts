/**
 * Appending an event for head office (SYNC.md "Upstream"). Call it inside the business transaction that the
 * event reports: the seq comes from the gapless 'outbox' counter, so a rolled-back action leaves no gap.
 *
 * Every document goes through `append`, typed by its kind (src/shared/documents/registry.ts): the payload is the
 * kind's current version, written under that version. The seq is the event's and never inside the payload:
 * `append` returns it, and the document keeps it in its own row.
 *
 * Because every event goes through here, this is also the one place that tells the sync pump an event is
 * waiting: `onAppended` listeners run once the action's transaction is over, whatever kind of event it queued.
 * And the one place that makes sure every committed event can be sent: one too large for a push on its own
 * (MAX_EVENT_BYTES) is refused, which rolls the action back.
 */
import { createHash } from 'node:crypto';
import type { Counters } from './counters.ts';
import type { Db } from './database.ts';
import { kindOf, type DocumentType, type PayloadOf } from '../../shared/documents/registry.ts';
import { CounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { eventBytes, MAX_EVENT_BYTES } from '../../shared/sync/protocol.ts';

/** Writes the event under the next seq and returns that seq. */
export type AppendOutbox = <T extends DocumentType>(
  type: T,
  occurredAt: string,
  payload: PayloadOf<T>,
) => number;

export interface Outbox {
  append: AppendOutbox;
  /**
   * `listener` runs after the transaction that appended one or more events, once (a rolled-back one calls it
   * too: waking a pump for nothing is harmless). A throwing listener is only logged.
   */
  onAppended(listener: () => void): () => void;
}

/** What a person is told when an action would make an event head office cannot take in one message. */
function tooLarge(type: DocumentType, bytes: number): CounterError {
  const what = kindOf(type).label.toLowerCase();
  const kb = (n: number): string => `${Math.ceil(n / 1024)} KB`;
  return new CounterError(
    'NOT_ALLOWED',
    `This ${what} is too large to send to head office (${kb(bytes)}; at most ${kb(MAX_EVENT_BYTES)}), so nothing was saved. Split it: complete part of it now and the rest as another ${what}.`,
  );
}

export function createOutbox(db: Db, counters: Counters): Outbox {
  const insert = db.prepare<[number, string, string, number, string, string, string]>(
    `INSERT INTO outbox (seq, event_id, type, schema_version, occurred_at, payload, payload_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const listeners = new Set<() => void>();
  let notifying = false;

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

  return {
    append: (type, occurredAt, payload) => {
      if (!db.inTransaction)
        throw new Error(`An outbox event (${type}) must be written in its action's transaction`);
      const seq = counters.next('outbox');
      const text = JSON.stringify(payload);
      const event = {
        seq,
        eventId: newId(),
        type,
        schemaVersion: kindOf(type).current,
        occurredAt,
        payload: text,
        payloadHash: createHash('sha256').update(text).digest('hex'),
      };
      // Throwing rolls the action back: an event committed here must always be sendable.
      const bytes = eventBytes(event);
      if (bytes > MAX_EVENT_BYTES) throw tooLarge(type, bytes);
      insert.run(seq, event.eventId, type, event.schemaVersion, occurredAt, text, event.payloadHash);
      notifyAfterTransaction();
      return seq;
    },
    onAppended: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
