/**
 * Socket fuzz: a real head office (SQLite and PostgreSQL) and a raw socket.io client sending every message type
 * (push, pull, snapshot, lookupReceipt, and ones head office does not know) broken in random ways, plus broken
 * handshakes, while a real register is enrolled. Asserted:
 * - every message the protocol's schema refuses is answered 'invalid' (a handshake: a typed connect_error), and
 *   no table of head office gains or loses a row from it; nor from a gap, a duplicate or a lookup;
 * - a push of a well-formed event whose payload makes no sense is not refused (a sale is a fact): head office
 *   keeps it and its cursor moves on, so no register's queue stops;
 * - afterwards head office is still up, the fuzzing register still syncs, and the real register's queue drains
 *   with SYNC.md's invariants intact.
 * Seeded and bounded: SOCKET_FUZZ_SEED=<seed> replays a run.
 */
import { sql, type Kysely } from 'kysely';
import { demoStore } from '../../../src/main/services/demo-seed.ts';
import { documentKinds } from '../../../src/shared/documents/registry.ts';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import {
  connectRefusals,
  handshakeAuthSchema,
  lookupReceiptReplySchema,
  lookupReceiptRequestSchema,
  pullReplySchema,
  pullRequestSchema,
  pushReplySchema,
  pushRequestSchema,
  PROTOCOL_VERSION,
  snapshotReplySchema,
  snapshotRequestSchema,
  type UpstreamEvent,
} from '../../../src/shared/sync/protocol.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import {
  controlCharacters,
  describeInput,
  junk,
  mutate,
  pick,
  validSample,
  type Random,
} from '../../harness/schema-fuzz.ts';
import { seededRandom, seedFrom } from '../../harness/seeded-random.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  allAcknowledged,
  drained,
  openRegister,
  sellMany,
  waitForStatus,
} from '../../harness/sync-register.ts';
import {
  completedSale,
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  putProducts,
  startTestHeadOffice,
  type RegisterSocket,
} from './helpers.ts';

const afterTest = cleanUpAfterEachTest();
const seed = seedFrom('SOCKET_FUZZ_SEED');
const messages = 250;

/** Head office's tables (on PostgreSQL, those of its own schema), listed once. */
async function tablesOf(db: Kysely<unknown>): Promise<string[]> {
  return (await db.introspection.getTables()).filter((table) => !table.isView).map((table) => table.name);
}

/** Rows per table of head office's database. */
async function rowCounts(db: Kysely<unknown>, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of tables) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(
      db,
    );
    counts[name] = Number(rows[0]!.n);
  }
  return counts;
}

const NO_ANSWER = 'no answer within 10 s';

/** The answer to a message, or NO_ANSWER. */
async function ask(socket: RegisterSocket, message: string, payload: unknown): Promise<unknown> {
  const raw = socket as unknown as {
    timeout(ms: number): { emitWithAck(...args: unknown[]): Promise<unknown> };
  };
  return raw
    .timeout(10_000)
    .emitWithAck(message, payload)
    .catch(() => NO_ANSWER);
}

/** A message's payload as head office receives it: socket.io sends JSON (NaN and Infinity arrive as null). */
const asSent = (value: unknown): unknown => (JSON.parse(JSON.stringify([value])) as unknown[])[0];

/** A sale's payload that head office cannot make sense of, in one of many ways. */
function nonsensePayload(random: Random, sale: () => ReturnType<typeof completedSale>): string {
  const ways: (() => string)[] = [
    () => 'not json at all',
    () => '{"truncated": ',
    () => JSON.stringify(junk(random) ?? null).padEnd(2), // a payload is at least two characters
    () => JSON.stringify({ ...sale(), storeId: 'OTHER' }),
    () => JSON.stringify({ ...sale(), registerId: 'someone-else' }),
    () => JSON.stringify({ ...sale(), lines: [] }),
    () => JSON.stringify({ ...sale(), totals: 'none' }),
    () => JSON.stringify({ ...sale(), currency: 'XX' }),
    () => JSON.stringify({ ...sale(), completedAt: 'yesterday' }),
    () => {
      const bad = sale();
      bad.lines[0]!.quantity = pick(random, [1e308, -(2 ** 53), 0.5, 2 ** 31]);
      return JSON.stringify(bad);
    },
    () => JSON.stringify({ ...sale(), lines: [{ ...sale().lines[0], sku: 'NO-SUCH-SKU' }] }),
    () => JSON.stringify({ nested: JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown }),
  ];
  return pick(random, ways)();
}

/** Every message is followed by a row count of every table: on PostgreSQL on a busy box that takes a while. */
const fuzzing = { timeout: 120_000 };

describe.each(dialects)('the sync socket on %s, fuzzed', fuzzing, (dialect) => {
  it(`refuses what is malformed with a typed answer, writes nothing for it, and no queue stops (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const reg = openRegister();
    afterTest(() => reg.destroy());
    const hq = await startHeadOfficeFor(reg, dialect);
    afterTest(() => hq.close());
    const registerId = await hq.enrol(reg);
    sellMany(reg.app, 5);
    await waitForStatus(reg.app, drained);

    const { ho } = hq;
    await createStore(ho.admin, 'OTHER', 'Other', demoStore.taxRates);
    const fuzzer = await enrollRegister(ho.admin, homeStore, 'Fuzz');
    const who = { storeId: homeStore, registerId: fuzzer.registerId };
    let socket = await connectRegister(ho.url, fuzzer.token);
    afterTest(() => socket.close());
    const db = ho.db as unknown as Kysely<unknown>;
    const tables = await tablesOf(db);
    let counts = await rowCounts(db, tables);
    let cursor = 0;
    let lastApplied: UpstreamEvent | null = null;
    const problems: string[] = [];
    const sale = () => completedSale(cursor + 1, who, [{ sku: 'PAN-000001', unitPriceMinor: 239 }]);
    const event = (seq: number, payload: string, type = 'sale.completed'): UpstreamEvent => ({
      ...outboxEvent(seq, payload),
      type,
    });

    /** After a message that must change nothing: every table has as many rows as before. */
    const unchanged = async (what: string): Promise<void> => {
      const now = await rowCounts(db, tables);
      const changed = Object.keys(now).filter((table) => now[table] !== counts[table]);
      if (changed.length > 0) problems.push(`${what}: rows changed in ${changed.join(', ')}`);
      counts = now;
    };
    const expectInvalid = (what: string, answer: unknown): void => {
      const reply = answer as { status?: unknown; reason?: unknown } | undefined;
      if (reply?.status !== 'invalid' || typeof reply.reason !== 'string')
        problems.push(`${what}: answered ${describeInput(answer)} instead of invalid`);
    };

    const requests = [
      { message: 'pull', schema: pullRequestSchema, reply: pullReplySchema },
      { message: 'snapshot', schema: snapshotRequestSchema, reply: snapshotReplySchema },
      { message: 'lookupReceipt', schema: lookupReceiptRequestSchema, reply: lookupReceiptReplySchema },
    ];
    const kinds = [
      'push broken',
      'push broken',
      'push hash',
      'request',
      'request',
      'request',
      'unknown message',
      'no answer asked',
      'gap',
      'duplicate',
      'handshake',
      'fact',
      'fact',
    ] as const;

    for (let i = 0; i < messages; i += 1) {
      const kind = pick(random, kinds);
      switch (kind) {
        case 'push broken': {
          const mutation = mutate({ events: [event(cursor + 1, JSON.stringify(sale()))] }, random);
          const what = `push (${mutation.kind} at ${mutation.path.join('.')}): ${describeInput(mutation.value)}`;
          if (pushRequestSchema.safeParse(asSent(mutation.value)).success) {
            // JSON text may hold DEL and C1 controls inside its strings: a payload is checked by its own schema.
            if (mutation.kind === 'control' && mutation.path.at(-1) !== 'payload')
              problems.push(`${what}: a control character got past the schema`);
            break;
          }
          expectInvalid(what, await ask(socket, 'push', mutation.value));
          await unchanged(what);
          break;
        }
        case 'push hash': {
          const forged = { ...event(cursor + 1, JSON.stringify(sale())), payloadHash: 'ab'.repeat(32) };
          expectInvalid(
            'push with a payloadHash of other content',
            await ask(socket, 'push', { events: [forged] }),
          );
          await unchanged('push with a payloadHash of other content');
          break;
        }
        case 'request': {
          const { message, schema, reply } = pick(random, requests);
          const base = validSample(schema, random)!.value;
          const mutation = random() < 0.75 ? mutate(base, random) : null;
          const input = mutation ? mutation.value : base;
          const what = `${message} ${describeInput(input)}`;
          const valid = schema.safeParse(asSent(input)).success;
          if (valid && mutation?.kind === 'control')
            problems.push(`${what}: a control character got past the schema`);
          const answer = await ask(socket, message, input);
          if (!valid) expectInvalid(what, answer);
          else if (!reply.safeParse(answer).success || (answer as { status: string }).status === 'retry')
            problems.push(`${what}: answered ${describeInput(answer)}`);
          await unchanged(what);
          break;
        }
        case 'unknown message': {
          const name = pick(random, [
            'pushes',
            'PUSH',
            'poke',
            'sync',
            '',
            `x${pick(random, controlCharacters)}`,
          ]);
          const what = `message "${name}"`;
          expectInvalid(what, await ask(socket, name, junk(random)));
          await unchanged(what);
          break;
        }
        case 'no answer asked': {
          // Without an ack nothing can be answered: head office must ignore it, whatever it holds.
          const name = pick(random, ['push', 'pull', 'snapshot', 'lookupReceipt', 'other']);
          (socket as unknown as { emit(...args: unknown[]): void }).emit(name, {
            events: [event(cursor + 1, JSON.stringify(sale()))],
          });
          await ask(socket, 'pull', { stream: 'tax', cursor: 0, limit: 1 }); // the socket's messages keep order
          await unchanged(`${name} without an ack`);
          break;
        }
        case 'gap': {
          const seq = cursor + 2 + Math.floor(random() * 100);
          const answer = await ask(socket, 'push', { events: [event(seq, JSON.stringify(sale()))] });
          if ((answer as { status?: string; expectedSeq?: number }).expectedSeq !== cursor + 1)
            problems.push(`push of seq ${seq} after ${cursor}: answered ${describeInput(answer)}, not a gap`);
          await unchanged(`push of seq ${seq} after ${cursor}`);
          break;
        }
        case 'duplicate': {
          if (!lastApplied) break;
          const answer = await ask(socket, 'push', { events: [lastApplied] });
          const outcome = (answer as { outcomes?: { outcome: string }[] }).outcomes?.[0]?.outcome;
          if (outcome !== 'duplicate') problems.push(`a resent event: answered ${describeInput(answer)}`);
          await unchanged('a resent event');
          break;
        }
        case 'handshake': {
          const base = { token: fuzzer.token, protocolVersion: PROTOCOL_VERSION };
          const auth = asSent(mutate(base, random).value);
          const accepted =
            handshakeAuthSchema.safeParse(auth).success &&
            (auth as typeof base).token === fuzzer.token &&
            [PROTOCOL_VERSION, PROTOCOL_VERSION - 1].includes((auth as typeof base).protocolVersion);
          const attempt = io(ho.url, {
            transports: ['websocket'],
            auth: auth as object,
            reconnection: false,
            forceNew: true,
          });
          const outcome = await new Promise<string>((resolve) => {
            attempt.once('connect', () => resolve('connected'));
            attempt.once('connect_error', (error) => resolve(`refused ${error.message}`));
            attempt.io.on('close', (reason) => {
              // A refusal closes the manager first ('forced close'); the transport closes only when dropped.
              if (reason === 'transport close') resolve('closed');
            });
            setTimeout(() => resolve('no answer'), 10_000);
          });
          attempt.close();
          const refusals = connectRefusals.map((refusal) => `refused ${refusal}`);
          // socket.io itself drops a connect whose auth is no object, before head office sees it.
          const dropped = Object.prototype.toString.call(auth) === '[object Object]' ? [] : ['closed'];
          const expected = accepted ? ['connected'] : [...refusals, ...dropped];
          if (!expected.includes(outcome)) problems.push(`handshake ${describeInput(auth)}: ${outcome}`);
          await unchanged(`handshake ${describeInput(auth)}`);
          break;
        }
        case 'fact': {
          // Well formed, makes no sense: kept with an exception, and the cursor moves on.
          // Every kind the registry knows, and one it does not.
          const type = pick(random, [...documentKinds.map((kind) => kind.type), 'no.such.type']);
          const applied = event(cursor + 1, nonsensePayload(random, sale), type);
          const answer = await ask(socket, 'push', { events: [applied] });
          const reply = pushReplySchema.safeParse(answer);
          if (!reply.success || reply.data.status !== 'ok' || reply.data.lastAppliedSeq !== cursor + 1) {
            problems.push(
              `${type} #${cursor + 1} ${applied.payload.slice(0, 200)}: answered ${describeInput(answer)}`,
            );
            break;
          }
          cursor += 1;
          lastApplied = applied;
          counts = await rowCounts(db, tables);
          break;
        }
      }
      // One message left unanswered is enough to know; waiting for more would only make the test time out.
      if (problems.some((problem) => problem.includes(NO_ANSWER))) break;
      if (!socket.connected) {
        problems.push(`after a ${kind} message the socket was closed`);
        socket = await connectRegister(ho.url, fuzzer.token);
      }
    }

    expect(problems).toEqual([]);
    // Head office is still up: the fuzzing register's next sale applies, and the real register's queue drains.
    const next = await ask(socket, 'push', { events: [event(cursor + 1, JSON.stringify(sale()))] });
    expect(next).toMatchObject({ status: 'ok', lastAppliedSeq: cursor + 1 });
    sellMany(reg.app, 10);
    await waitForStatus(reg.app, allAcknowledged(reg.app));
    expect(await hq.invariants.check([{ registerId, storeId: homeStore, db: reg.app.db }])).toEqual([]);
  });

  /**
   * JSON escapes a control character inside a string, so the push is well formed; what the payload says is for
   * head office's document schemas. Registers no longer make such sales (their text refuses control
   * characters), but one queued before that, or a forged one, must not stop the queue. PostgreSQL cannot store
   * NUL: head office's payload schemas refuse it, so the sale is kept with an exception and the cursor moves on.
   */
  it('keeps a sale whose payload escapes a control character, with an exception, and moves on', async () => {
    const ho = await startTestHeadOffice(dialect);
    afterTest(async () => {
      await ho.close();
      await ho.database.cleanup();
    });
    await createStore(ho.admin, 'A');
    await putProducts(ho.admin, [{ sku: 'APPLE', priceMinor: 250 }]);
    const { token, registerId } = await enrollRegister(ho.admin, 'A');
    const socket = await connectRegister(ho.url, token);
    afterTest(() => socket.close());
    const who = { storeId: 'A', registerId };
    const sales = [
      completedSale(1, who, [{ sku: 'AP\u0000PLE' }]),
      completedSale(2, who, [{ sku: 'APPLE' }], { receiptNumber: 'R\u0000-2' }),
      { ...completedSale(3, who, [{ sku: 'APPLE' }]), userId: 'user\u001b[1m' },
    ];
    for (const [i, payload] of sales.entries()) {
      const reply = await ask(socket, 'push', { events: [outboxEvent(i + 1, payload)] });
      expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: i + 1 });
    }
  });
});
