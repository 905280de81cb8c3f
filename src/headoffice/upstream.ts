/**
 * Applying registers' pushed events, exactly once (SYNC.md, "Upstream"). A transaction locks the register row,
 * compares each event's seq with the register's cursor, applies the effects, records business exceptions and
 * moves the cursor: effects and cursor commit together or not at all.
 *
 * SYNC.md asks for one transaction per event. One per batch keeps that guarantee (the cursor still moves in the
 * same transaction as the effects) and commits, that is waits for the disk, once per batch instead of once per
 * event. Pushes are also grouped: while a transaction runs, the pushes that arrive queue up, and the next
 * transaction takes all of them, one batch per register, each register's row locked and its seqs checked on
 * their own (group commit). A store full of registers each sending a sale then costs one commit and one
 * statement per table, not one of each per register, which is what keeps acknowledgements fast under load.
 *
 * A completed sale is a fact: it is never rejected. What head office disagrees with (unknown SKU, another
 * price, stock below zero, a payload it cannot read or that claims another store) becomes an exception for a
 * person to review, and the cursor moves on (documents.ts and handlers/ say what each kind of event does). If a
 * group fails for any other lasting reason its pushes are applied again one by one, a push that fails on its own
 * is retried event by event, and an event that still fails on its own (the only one of its push too) is kept
 * with an exception: a poison event cannot wedge the queue.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { oldestVersion } from '../shared/documents/kind.ts';
import { kindOf } from '../shared/documents/registry.ts';
import {
  MAX_BATCH_EVENTS,
  type PushOutcome,
  type PushReply,
  type UpstreamEvent,
} from '../shared/sync/protocol.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { forUpdate, nowIso, type HeadOffice, type Tx } from './context.ts';
import { anyOf, insertRows, rowsOf } from './db/bulk.ts';
import type { Register } from './db/schema.ts';
import { isTransientDbError, RETRY_AFTER_MS } from './db/transient.ts';
import { applyDocuments, readEvent, recordFindings } from './documents.ts';
import { foundAt, type Received, type RegisterFinding } from './handlers/handler.ts';
import { blockedReason } from './registers.ts';

/** Device time this far ahead of head office's clock is flagged (never refused: it is still business time). */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60_000;

/** A group takes pushes until it holds this many events (one draining register's full batch fills it). */
const GROUP_EVENTS = MAX_BATCH_EVENTS;

interface Push {
  registerId: string;
  events: UpstreamEvent[];
}

interface Waiting {
  push: Push;
  resolve: (reply: PushReply) => void;
  reject: (error: unknown) => void;
}

/** Pushes waiting for the next transaction, per head office. */
interface Queue {
  waiting: Waiting[];
  /** Groups being applied now. */
  running: number;
}

/**
 * Groups applied at the same time. SQLite runs one transaction at a time anyway. On PostgreSQL a few overlap, so
 * one group's round trips to the database hide behind another's; they lock registers, then the stock
 * stream's head (which guards every balance, stock.ts), then the change log's other heads, each in a fixed
 * order, so they cannot deadlock each other.
 */
const parallelGroups = (ho: HeadOffice): number => (ho.dialect === 'postgres' ? 4 : 1);

const queues = new WeakMap<HeadOffice, Queue>();

/** The reply to one 'push' from an authenticated register (its store comes from its token). */
export function applyPush(ho: HeadOffice, registerId: string, events: UpstreamEvent[]): Promise<PushReply> {
  const refused = refuseBatch(events);
  if (refused) return Promise.resolve(refused);
  let queue = queues.get(ho);
  if (!queue) {
    queue = { waiting: [], running: 0 };
    queues.set(ho, queue);
  }
  const promise = new Promise<PushReply>((resolve, reject) => {
    queue.waiting.push({ push: { registerId, events }, resolve, reject });
  });
  if (queue.running < parallelGroups(ho)) {
    // applyGroup settles every push it takes; were the queue to fail all the same, the pushes still waiting fail
    // with it (socket.ts logs that and answers 'retry') instead of never being answered.
    runQueue(ho, queue).catch((error: unknown) => {
      for (const waiting of queue.waiting.splice(0)) waiting.reject(error);
    });
  }
  return promise;
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
    const kind = kindOf(event.type);
    if (kind && event.schemaVersion < oldestVersion(kind)) {
      return {
        status: 'upgrade_required',
        reason: `Event seq ${event.seq} is ${event.type} v${event.schemaVersion}; head office accepts v${oldestVersion(kind)} or newer. Update this register: its queued sales are kept.`,
      };
    }
  }
  return null;
}

/**
 * Applies groups until nobody waits. Each group starts on a later turn of the event loop, after the pushes that
 * arrived meanwhile were read: SQLite runs a whole transaction without returning to the event loop, so this is
 * what lets pushes gather into one.
 */
async function runQueue(ho: HeadOffice, queue: Queue): Promise<void> {
  queue.running += 1;
  try {
    while (queue.waiting.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      const group = takeGroup(queue.waiting);
      if (group.length > 0) await applyGroup(ho, group);
    }
  } finally {
    queue.running -= 1;
  }
}

/**
 * The first waiting push, and the pushes after it while the group holds fewer than GROUP_EVENTS events: one per
 * register (a register's second push goes in a later group, which sees the first one's cursor: it waits for the
 * register's row until the first one commits).
 */
function takeGroup(waiting: Waiting[]): Waiting[] {
  const group: Waiting[] = [];
  const registers = new Set<string>();
  let events = 0;
  for (let i = 0; i < waiting.length;) {
    const { push } = waiting[i]!;
    const fits = group.length === 0 || events + push.events.length <= GROUP_EVENTS;
    if (!fits || registers.has(push.registerId)) {
      i += 1;
      continue;
    }
    group.push(...waiting.splice(i, 1));
    registers.add(push.registerId);
    events += push.events.length;
  }
  return group;
}

/** Settles every push of the group; a group that fails for good is applied again push by push. */
async function applyGroup(ho: HeadOffice, group: Waiting[]): Promise<void> {
  if (group.length > 1) {
    try {
      const replies = await applyInTransaction(
        ho,
        group.map((waiting) => waiting.push),
        null,
      );
      group.forEach((waiting, i) => waiting.resolve(replies[i]!));
      return;
    } catch (error) {
      if (isTransientDbError(error)) {
        for (const waiting of group) waiting.resolve(retry(error));
        return;
      }
    }
  }
  for (const waiting of group) await applyAlone(ho, waiting.push).then(waiting.resolve, waiting.reject);
}

/**
 * One push in its own transaction; if it fails for good, its events one by one, so an event that fails alone,
 * even the only one of its push, is kept with an exception and the register's queue moves on.
 */
async function applyAlone(ho: HeadOffice, push: Push): Promise<PushReply> {
  try {
    try {
      const [reply] = await applyInTransaction(ho, [push], null);
      return reply!;
    } catch (error) {
      if (isTransientDbError(error)) throw error;
      return await applyOneByOne(ho, push);
    }
  } catch (error) {
    if (!isTransientDbError(error)) throw error;
    return retry(error);
  }
}

function retry(error: unknown): PushReply {
  return {
    status: 'retry',
    retryAfterMs: RETRY_AFTER_MS,
    reason: `Head office cannot reach its database right now (${describe(error)}); the same events will be accepted later.`,
  };
}

/** After a batch failed for good: each event in its own transaction; one that fails alone is only recorded. */
async function applyOneByOne(ho: HeadOffice, { registerId, events }: Push): Promise<PushReply> {
  const outcomes: { seq: number; outcome: PushOutcome }[] = [];
  let lastAppliedSeq = 0;
  for (const event of events) {
    const single = [{ registerId, events: [event] }];
    let reply: PushReply;
    try {
      [reply] = (await applyInTransaction(ho, single, null)) as [PushReply];
    } catch (error) {
      if (isTransientDbError(error)) throw error;
      [reply] = (await applyInTransaction(ho, single, error)) as [PushReply];
    }
    if (reply.status !== 'ok') return reply;
    outcomes.push(...reply.outcomes);
    lastAppliedSeq = reply.lastAppliedSeq;
  }
  return { status: 'ok', lastAppliedSeq, outcomes };
}

/** Events of one register that follow its cursor, to be applied. */
interface Accepted {
  register: Register;
  events: UpstreamEvent[];
}

/**
 * One transaction for pushes of different registers; a reply per push. `failure` set (a single push of a single
 * event only): applying it failed for good, so it is recorded, with an exception saying why, and nothing else.
 */
function applyInTransaction(ho: HeadOffice, pushes: Push[], failure: unknown): Promise<PushReply[]> {
  return writeTransaction(ho, async (tx, changes) => {
    // Locked in id order, the same in every transaction, so two groups cannot deadlock on them.
    const ids = pushes.map((push) => push.registerId).sort();
    const rows = await forUpdate(
      ho,
      tx.selectFrom('registers').selectAll().where('id', 'in', anyOf(ho.dialect, ids)).orderBy('id'),
    ).execute();
    const registers = new Map(rows.map((row) => [row.id, row]));
    const replies: PushReply[] = [];
    const accepted: Accepted[] = [];
    for (const { registerId, events } of pushes) {
      const register = registers.get(registerId);
      if (!register) throw new Error(`Register ${registerId} is not known to head office.`);
      const { reply, fresh } = await checkSeqs(ho, tx, register, events);
      replies.push(reply);
      if (fresh.length > 0) accepted.push({ register, events: fresh });
    }
    if (accepted.length > 0) await applyFresh(ho, tx, changes, accepted, failure);
    return replies;
  });
}

/** The register's reply, and its events that are new and follow its cursor (none unless the reply is ok). */
async function checkSeqs(
  ho: HeadOffice,
  tx: Tx,
  register: Register,
  events: UpstreamEvent[],
): Promise<{ reply: PushReply; fresh: UpstreamEvent[] }> {
  const blocked = blockedReason(register);
  if (blocked) return { reply: { status: blocked.refusal, reason: blocked.reason }, fresh: [] };

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
          .where('register_id', '=', register.id)
          .where(
            'seq',
            'in',
            seen.map((event) => event.seq),
          )
          .execute();
  const hashes = new Map(storedHashes.map((row) => [row.seq, row.payload_hash]));
  const clash = seen.find((event) => hashes.get(event.seq) !== event.payloadHash);
  if (clash) return { reply: await quarantine(ho, tx, register, clash), fresh: [] };
  if (fresh.length > 0 && fresh[0]!.seq !== last + 1)
    return { reply: { status: 'gap', expectedSeq: last + 1, lastAppliedSeq: last }, fresh: [] };
  return {
    reply: {
      status: 'ok',
      lastAppliedSeq: fresh.at(-1)?.seq ?? last,
      outcomes: [
        ...seen.map((event) => ({ seq: event.seq, outcome: 'duplicate' as const })),
        ...fresh.map((event) => ({ seq: event.seq, outcome: 'applied' as const })),
      ],
    },
    fresh,
  };
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
  await recordFindings(ho, tx, [
    foundAt(register)({
      seq: event.seq,
      kind: 'conflict',
      details: `Register "${register.name}" quarantined: ${reason}.`,
    }),
  ]);
  return {
    status: 'conflict',
    reason: `Head office stopped sync for this register: ${reason}. Sales stay on this register.`,
  };
}

/** Each register's events last+1…: kept verbatim, applied, findings recorded, cursors moved. */
async function applyFresh(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  accepted: Accepted[],
  failure: unknown,
): Promise<void> {
  const receivedAt = nowIso(ho);
  await insertRows(
    ho.dialect,
    tx,
    'received_events',
    accepted.flatMap(({ register, events }) =>
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
    ),
  ).execute();

  const findings: RegisterFinding[] = accepted.flatMap(({ register, events }) =>
    events
      .filter((event) => Date.parse(event.occurredAt) - ho.now().getTime() > CLOCK_SKEW_LIMIT_MS)
      .map((event) =>
        foundAt(register)({
          seq: event.seq,
          kind: 'clock_skew',
          details: `The register's clock is ahead of head office: event seq ${event.seq} says ${event.occurredAt}, received ${receivedAt}. Check the register's time setting.`,
        }),
      ),
  );

  if (failure !== null) {
    for (const { register, events } of accepted) {
      for (const event of events) {
        findings.push(
          foundAt(register)({
            seq: event.seq,
            kind: 'invalid_payload',
            details: `Event seq ${event.seq} (${event.type}) could not be applied and was kept as received: ${describe(failure)}`,
          }),
        );
      }
    }
  } else {
    const documents: Received[] = [];
    for (const { register, events } of accepted) {
      for (const event of events) {
        const read = readEvent(event, register);
        if ('details' in read) findings.push(foundAt(register)(read));
        else documents.push(read);
      }
    }
    findings.push(...(await applyDocuments(ho, tx, changes, documents)));
  }

  await recordFindings(ho, tx, findings);
  const moved = accepted.map(({ register, events }) => ({
    id: register.id,
    last_applied_seq: events.at(-1)!.seq,
    last_seen_at: receivedAt,
  }));
  await tx
    .updateTable('registers')
    .from(sql<(typeof moved)[number]>`(${rowsOf(ho.dialect, 'registers', moved)})`.as('moved'))
    .set((eb) => ({
      last_applied_seq: eb.ref('moved.last_applied_seq'),
      last_seen_at: eb.ref('moved.last_seen_at'),
    }))
    .whereRef('registers.id', '=', 'moved.id')
    .execute();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
