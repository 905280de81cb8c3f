/**
 * The register's sync bookkeeping in the ledger (migration 002-sync): enrolment, how far head office has
 * acknowledged the outbox, the last problem, and the outbox rows still to send. Every read is a short indexed
 * query, so the pump can call it between sales without holding anything up.
 */
import type { UpstreamEvent } from '../../shared/sync/protocol.ts';
import type { WaitingEvent } from '../../shared/sync/status.ts';
import type { Db } from '../ledger/database.ts';
import { isSealed, plainBox, type SecretBox } from './secrets.ts';

/**
 * Outbox events as WaitingEvent rows, with what names each to a person (its receipt number or audit action):
 * the sync status and the shift close list them, each with its own WHERE on `o.seq`.
 */
export const selectWaitingEvents = `SELECT o.seq, o.type, o.occurred_at AS occurredAt,
    coalesce(s.receipt_number, r.receipt_number, v.receipt_number) AS receiptNumber, a.action
  FROM outbox o
    LEFT JOIN sales s ON s.outbox_seq = o.seq
    LEFT JOIN returns r ON r.outbox_seq = o.seq
    LEFT JOIN sale_voids v ON v.outbox_seq = o.seq
    LEFT JOIN audit_log a ON a.outbox_seq = o.seq`;

export interface Enrollment {
  headOfficeUrl: string;
  /** null: sealed by a keychain this computer or user cannot open (the ledger was copied here). */
  deviceToken: string | null;
  storeId: string;
  storeName: string;
  registerId: string;
}

export interface SyncState {
  enrollment: Enrollment | null;
  lastAckedSeq: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  blockedReason: string | null;
}

export interface SyncStore {
  read(): SyncState;
  enroll(enrollment: Enrollment & { deviceToken: string }, at: string): void;
  /** Records head office's acknowledgement up to `seq`; never moves backwards. */
  acknowledge(seq: number, at: string): void;
  /** A successful exchange that acknowledged nothing new (a downstream page, say). */
  succeeded(at: string): void;
  setError(message: string | null): void;
  setBlocked(reason: string | null): void;
  /** Highest outbox seq; 0 when nothing was ever sold. */
  lastSeq(): number;
  /** Outbox rows from `fromSeq` on, in seq order, shaped for 'push'. */
  eventsFrom(fromSeq: number, limit: number): UpstreamEvent[];
  /** Waiting events (after the last acknowledged), with the sale's receipt number where there is one. */
  waiting(limit: number): WaitingEvent[];
  oldestWaitingAt(): string | null;
}

interface StateRow {
  head_office_url: string | null;
  device_token: string | null;
  store_id: string | null;
  store_name: string | null;
  register_id: string | null;
  last_acked_seq: number;
  last_success_at: string | null;
  last_error: string | null;
  blocked_reason: string | null;
}

/** Whether this register is enrolled with a head office, read fresh each call (one indexed row). */
export function enrollmentCheck(db: Db): () => boolean {
  const enrolled = db
    .prepare<[], number>('SELECT head_office_url IS NOT NULL FROM sync_state WHERE id = 1')
    .pluck();
  return () => enrolled.get() === 1;
}

/** `secrets` seals the device token in the ledger (secrets.ts); one stored before sealing is sealed now. */
export function createSyncStore(db: Db, secrets: SecretBox = plainBox): SyncStore {
  const readRow = db.prepare<[], StateRow>('SELECT * FROM sync_state WHERE id = 1');
  const writeEnrollment = db.prepare<[string, string, string, string, string, string]>(
    `UPDATE sync_state SET head_office_url = ?, device_token = ?, store_id = ?, store_name = ?, register_id = ?,
       enrolled_at = ?, last_error = NULL, blocked_reason = NULL WHERE id = 1`,
  );
  const writeAck = db.prepare<[number, string]>(
    `UPDATE sync_state SET last_acked_seq = max(last_acked_seq, ?), last_success_at = ?, last_error = NULL,
       blocked_reason = NULL WHERE id = 1`,
  );
  const writeSuccess = db.prepare<[string]>(
    'UPDATE sync_state SET last_success_at = ?, last_error = NULL WHERE id = 1',
  );
  const writeError = db.prepare<[string | null]>('UPDATE sync_state SET last_error = ? WHERE id = 1');
  const writeBlocked = db.prepare<[string | null]>('UPDATE sync_state SET blocked_reason = ? WHERE id = 1');
  const maxSeq = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM outbox');
  const outboxFrom = db.prepare<[number, number], UpstreamEvent>(
    `SELECT seq, event_id AS eventId, type, schema_version AS schemaVersion, occurred_at AS occurredAt, payload,
       payload_hash AS payloadHash
     FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?`,
  );
  const waitingRows = db.prepare<[number, number], WaitingEvent>(
    `${selectWaitingEvents} WHERE o.seq > ? ORDER BY o.seq LIMIT ?`,
  );
  const firstWaiting = db.prepare<[number], { occurred_at: string }>(
    'SELECT occurred_at FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1',
  );

  const writeToken = db.prepare<[string]>('UPDATE sync_state SET device_token = ? WHERE id = 1');
  const stored = readRow.get()!.device_token;
  if (stored !== null && !isSealed(stored)) {
    const sealed = secrets.seal(stored);
    if (sealed !== stored) writeToken.run(sealed);
  }

  const read = (): SyncState => {
    const row = readRow.get()!;
    const enrolled =
      row.head_office_url !== null &&
      row.device_token !== null &&
      row.store_id !== null &&
      row.register_id !== null;
    return {
      enrollment: enrolled
        ? {
            headOfficeUrl: row.head_office_url!,
            deviceToken: secrets.open(row.device_token!),
            storeId: row.store_id!,
            storeName: row.store_name ?? row.store_id!,
            registerId: row.register_id!,
          }
        : null,
      lastAckedSeq: row.last_acked_seq,
      lastSuccessAt: row.last_success_at,
      lastError: row.last_error,
      blockedReason: row.blocked_reason,
    };
  };
  const lastAcked = (): number => readRow.get()!.last_acked_seq;

  return {
    read,
    enroll: (e, at) => {
      writeEnrollment.run(
        e.headOfficeUrl,
        secrets.seal(e.deviceToken),
        e.storeId,
        e.storeName,
        e.registerId,
        at,
      );
    },
    acknowledge: (seq, at) => {
      writeAck.run(seq, at);
    },
    succeeded: (at) => {
      writeSuccess.run(at);
    },
    setError: (message) => {
      writeError.run(message);
    },
    setBlocked: (reason) => {
      writeBlocked.run(reason);
    },
    lastSeq: () => maxSeq.get()?.seq ?? 0,
    eventsFrom: (fromSeq, limit) => outboxFrom.all(fromSeq, limit),
    waiting: (limit) => waitingRows.all(lastAcked(), limit),
    oldestWaitingAt: () => firstWaiting.get(lastAcked())?.occurred_at ?? null,
  };
}
