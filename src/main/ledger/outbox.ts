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
 */
import { createHash } from 'node:crypto';
import type { Db } from './database.ts';
import { kindOf, type DocumentType, type PayloadOf } from '../../shared/documents/registry.ts';
import { newId } from '../../shared/ids.ts';

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

export function createOutbox(db: Db): Outbox {
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
      const seq = nextSeq.get()!.value;
      const text = JSON.stringify(payload);
      const hash = createHash('sha256').update(text).digest('hex');
      insert.run(seq, newId(), type, kindOf(type).current, occurredAt, text, hash);
      notifyAfterTransaction();
      return seq;
    },
    onAppended: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
