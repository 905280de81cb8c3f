/**
 * Applying a register's pushed events, exactly once (SYNC.md, "Upstream"). A batch is applied in one
 * transaction that locks the register row, compares each event's seq with the register's cursor, applies the
 * effects, records business exceptions and moves the cursor: effects and cursor commit together or not at all.
 *
 * SYNC.md asks for one transaction per event; one per batch keeps that guarantee (the cursor still moves in the
 * same transaction as the effects) and commits, that is waits for the disk, once per batch instead of once per
 * event, which on an ordinary disk is the difference between ~250 and thousands of events a second.
 *
 * A completed sale is a fact: it is never rejected. What head office disagrees with (unknown SKU, another
 * price, stock below zero, a payload it cannot read or that claims another store) becomes an exception for a
 * person to review, and the cursor moves on (documents.ts says what each event type does). If a batch fails for any other lasting reason it is retried event
 * by event, and an event that still fails on its own is kept with an exception: a poison event cannot wedge
 * the queue.
 */
import { createHash } from 'node:crypto';
import {
  eventSchemaVersions,
  type PushOutcome,
  type PushReply,
  type UpstreamEvent,
} from '../shared/sync/protocol.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { forUpdate, nowIso, type HeadOffice, type Tx } from './context.ts';
import { insertRows } from './db/bulk.ts';
import type { Register } from './db/schema.ts';
import { isTransientDbError, RETRY_AFTER_MS } from './db/transient.ts';
import { applyDocuments, readEvent, recordFindings, type Document, type Finding } from './documents.ts';
import { blockedReason } from './registers.ts';
import { checkClosedShifts } from './shifts.ts';
import { logStockChanges } from './stock.ts';

/** Device time this far ahead of head office's clock is flagged (never refused: it is still business time). */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60_000;

/** The reply to one 'push' from an authenticated register (its store comes from its token). */
export async function applyPush(
  ho: HeadOffice,
  registerId: string,
  events: UpstreamEvent[],
): Promise<PushReply> {
  const refused = refuseBatch(events);
  if (refused) return refused;
  try {
    try {
      return await applyBatch(ho, registerId, events, null);
    } catch (error) {
      if (isTransientDbError(error) || events.length === 1) throw error;
      return await applyOneByOne(ho, registerId, events);
    }
  } catch (error) {
    if (!isTransientDbError(error)) throw error;
    return {
      status: 'retry',
      retryAfterMs: RETRY_AFTER_MS,
      reason: `Head office cannot reach its database right now (${describe(error)}); the same events will be accepted later.`,
    };
  }
}

/** Checks that change nothing: a batch failing them is refused whole. */
function refuseBatch(events: UpstreamEvent[]): PushReply | null {
  for (const event of events) {
    if (createHash('sha256').update(event.payload).digest('hex') !== event.payloadHash) {
      return {
        status: 'invalid',
        reason: `Event seq ${event.seq}: payloadHash is not the sha256 of its payload.`,
      };
    }
    const versions = eventSchemaVersions[event.type];
    if (versions && event.schemaVersion < versions.oldest) {
      return {
        status: 'upgrade_required',
        reason: `Event seq ${event.seq} is ${event.type} v${event.schemaVersion}; head office accepts v${versions.oldest} or newer. Update this register: its queued sales are kept.`,
      };
    }
  }
  return null;
}

/** After a batch failed for good: each event in its own transaction; one that fails alone is only recorded. */
async function applyOneByOne(
  ho: HeadOffice,
  registerId: string,
  events: UpstreamEvent[],
): Promise<PushReply> {
  const outcomes: { seq: number; outcome: PushOutcome }[] = [];
  let lastAppliedSeq = 0;
  for (const event of events) {
    let reply: PushReply;
    try {
      reply = await applyBatch(ho, registerId, [event], null);
    } catch (error) {
      if (isTransientDbError(error)) throw error;
      reply = await applyBatch(ho, registerId, [event], error);
    }
    if (reply.status !== 'ok') return reply;
    outcomes.push(...reply.outcomes);
    lastAppliedSeq = reply.lastAppliedSeq;
  }
  return { status: 'ok', lastAppliedSeq, outcomes };
}

/**
 * One transaction. `failure` set (single event only): applying it failed for good, so it is recorded, with an
 * exception saying why, and nothing else.
 */
function applyBatch(
  ho: HeadOffice,
  registerId: string,
  events: UpstreamEvent[],
  failure: unknown,
): Promise<PushReply> {
  return writeTransaction(ho, async (tx, changes) => {
    const register = await forUpdate(
      ho,
      tx.selectFrom('registers').selectAll().where('id', '=', registerId),
    ).executeTakeFirstOrThrow();
    const blocked = blockedReason(register);
    if (blocked) return { status: blocked.refusal, reason: blocked.reason };

    // Seqs are consecutive (checked by the schema): already applied ones first, then new ones.
    const last = register.last_applied_seq;
    const seen = events.filter((event) => event.seq <= last);
    const fresh = events.filter((event) => event.seq > last);
    const storedHashes =
      seen.length === 0
        ? []
        : await tx
            .selectFrom('received_events')
            .select(['seq', 'payload_hash'])
            .where('register_id', '=', registerId)
            .where(
              'seq',
              'in',
              seen.map((event) => event.seq),
            )
            .execute();
    const hashes = new Map(storedHashes.map((row) => [row.seq, row.payload_hash]));
    const clash = seen.find((event) => hashes.get(event.seq) !== event.payloadHash);
    if (clash) return quarantine(ho, tx, register, clash);
    if (fresh.length > 0 && fresh[0]!.seq !== last + 1)
      return { status: 'gap', expectedSeq: last + 1, lastAppliedSeq: last };

    if (fresh.length > 0) await applyFresh(ho, tx, changes, register, fresh, failure);
    return {
      status: 'ok',
      lastAppliedSeq: fresh.at(-1)?.seq ?? last,
      outcomes: [
        ...seen.map((event) => ({ seq: event.seq, outcome: 'duplicate' as const })),
        ...fresh.map((event) => ({ seq: event.seq, outcome: 'applied' as const })),
      ],
    };
  });
}

async function quarantine(
  ho: HeadOffice,
  tx: Tx,
  register: Register,
  event: UpstreamEvent,
): Promise<PushReply> {
  const reason =
    `seq ${event.seq} arrived with different content than head office applied before. Two installs may share ` +
    'this token (a cloned register) or an old backup was restored';
  await tx
    .updateTable('registers')
    .set({ quarantined_at: nowIso(ho), quarantine_reason: reason })
    .where('id', '=', register.id)
    .execute();
  await recordFindings(ho, tx, register, [
    { seq: event.seq, kind: 'conflict', details: `Register "${register.name}" quarantined: ${reason}.` },
  ]);
  return {
    status: 'conflict',
    reason: `Head office stopped sync for this register: ${reason}. Sales stay on this register.`,
  };
}

/** Events seq last+1…: kept verbatim, applied, findings recorded, cursor moved, stock changes logged. */
async function applyFresh(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  register: Register,
  events: UpstreamEvent[],
  failure: unknown,
): Promise<void> {
  const receivedAt = nowIso(ho);
  await insertRows(
    ho.dialect,
    tx,
    'received_events',
    events.map((event) => ({
      register_id: register.id,
      seq: event.seq,
      event_id: event.eventId,
      type: event.type,
      schema_version: event.schemaVersion,
      payload_hash: event.payloadHash,
      payload: event.payload,
      occurred_at: event.occurredAt,
      received_at: receivedAt,
    })),
  ).execute();

  const findings: Finding[] = events
    .filter((event) => Date.parse(event.occurredAt) - ho.now().getTime() > CLOCK_SKEW_LIMIT_MS)
    .map((event) => ({
      seq: event.seq,
      kind: 'clock_skew',
      details: `The register's clock is ahead of head office: event seq ${event.seq} says ${event.occurredAt}, received ${receivedAt}. Check the register's time setting.`,
    }));

  let touchedSkus: string[] = [];
  if (failure !== null) {
    findings.push(
      ...events.map((event): Finding => ({
        seq: event.seq,
        kind: 'invalid_payload',
        details: `Event seq ${event.seq} (${event.type}) could not be applied and was kept as received: ${describe(failure)}`,
      })),
    );
  } else {
    const documents: Document[] = [];
    for (const event of events) {
      const read = readEvent(event, register.store_id);
      if (read !== null && 'details' in read) findings.push(read);
      else if (read !== null) documents.push(read);
    }
    const effect = await applyDocuments(ho, tx, register, documents);
    findings.push(...effect.findings);
    touchedSkus = effect.touchedSkus;
    // After the documents: a Z report is checked against the shift's documents, this batch's included.
    findings.push(...(await checkClosedShifts(tx, register, events)));
  }

  await recordFindings(ho, tx, register, findings);
  await tx
    .updateTable('registers')
    .set({ last_applied_seq: events.at(-1)!.seq, last_seen_at: receivedAt })
    .where('id', '=', register.id)
    .execute();
  // After the cursor moved, so the figures say they include these events.
  await logStockChanges(ho, tx, changes, register.store_id, touchedSkus);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
