/**
 * Appending an event for head office (SYNC.md "Upstream"). Call it inside the business transaction that the
 * event reports: the seq comes from the gapless 'outbox' counter, so a rolled-back action leaves no gap.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from './database.ts';

export type AppendOutbox = (type: string, occurredAt: string, payload: unknown) => number;

export function createOutboxAppender(db: Db, schemaVersion = 1): AppendOutbox {
  const nextSeq = db.prepare<[], { value: number }>(
    `INSERT INTO counters (name, value) VALUES ('outbox', 1)
     ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const insert = db.prepare<[number, string, string, number, string, string, string]>(
    `INSERT INTO outbox (seq, event_id, type, schema_version, occurred_at, payload, payload_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return (type, occurredAt, payload) => {
    if (!db.inTransaction)
      throw new Error(`An outbox event (${type}) must be written in its action's transaction`);
    const seq = nextSeq.get()!.value;
    const text = JSON.stringify(payload);
    const hash = createHash('sha256').update(text).digest('hex');
    insert.run(seq, randomUUID(), type, schemaVersion, occurredAt, text, hash);
    return seq;
  };
}
