/**
 * The socket.io endpoint registers connect to (src/shared/sync/protocol.ts describes every message).
 *
 * - WebSocket transport only: no long-polling, so several nodes behind a load balancer need no sticky sessions.
 * - The protocol version, then the token, is checked at every connect; the register's store comes from the
 *   token, never from a message.
 * - Every message is validated; a malformed or unknown one is answered 'invalid' and changes nothing.
 *   maxHttpBufferSize is a little above the batch limit, so a batch slightly too large gets a reason back instead
 *   of a closed socket.
 * - Pokes go to a room per store and one room for every register; with an adapter (PostgreSQL or Redis) they
 *   reach registers connected to other nodes too. Correctness never depends on them: they are only hints.
 */
import type { Server as HttpServer } from 'node:http';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import type pg from 'pg';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import {
  customerPurchasesRequestSchema,
  findCustomersRequestSchema,
  handshakeAuthSchema,
  lookupReceiptRequestSchema,
  MAX_MESSAGE_BYTES,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  pullRequestSchema,
  pushRequestSchema,
  snapshotRequestSchema,
  type ClientToServerEvents,
  type ConnectRefusal,
  type ConnectRefusalData,
  type ServerToClientEvents,
  type StreamName,
} from '../shared/sync/protocol.ts';
import type { HeadOffice, PokeTarget } from './context.ts';
import { findCustomers, purchasesForRegister } from './customers.ts';
import { quietPool } from './db/connect.ts';
import { isTransientDbError, RETRY_AFTER_MS } from './db/transient.ts';
import { pull, snapshot } from './downstream.ts';
import { lookupReceipt } from './receipts.ts';
import { authenticate } from './registers.ts';
import { applyPush } from './upstream.ts';
import { describeIssues } from './validation.ts';

export interface SocketData {
  registerId: string;
  storeId: string;
  protocolVersion: number;
}

type SyncServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type SyncSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export type AdapterOptions =
  | { kind: 'none' }
  | { kind: 'postgres'; pgConfig: pg.PoolConfig; channel: string }
  | { kind: 'redis'; url: string; channel: string };

export interface SyncSockets {
  io: SyncServer;
  /** Queues pokes; they go out together a moment later (a burst of sales makes one poke, not hundreds). */
  poke: (targets: PokeTarget[]) => void;
  /** Drops every connection of a register, on every node (after it was revoked). */
  disconnectRegister: (registerId: string) => void;
  close: () => Promise<void>;
}

/** The messages a register sends (ClientToServerEvents). */
const messageNames = [
  'push',
  'lookupReceipt',
  'findCustomers',
  'customerPurchases',
  'pull',
  'snapshot',
] as const satisfies (keyof ClientToServerEvents)[];

const ALL_REGISTERS = 'registers';
const storeRoom = (storeId: string): string => `store:${storeId}`;
const registerRoom = (registerId: string): string => `register:${registerId}`;
/**
 * How long a stream's pokes gather before they go out. Stock changes with every sale in every store and reaches
 * every register, so its pokes go out at most once a second (a register shows other stores' figures "as of" a
 * time anyway); a price or tax change goes out at once.
 */
const POKE_DELAY_MS: Record<StreamName, number> = {
  catalog: 50,
  tax: 50,
  stock: 1_000,
  transfers: 50,
  customers: 50,
  purchaseOrders: 50,
  suppliers: 50,
  reorder: 50,
};
/** After an error head office did not expect, registers wait longer before trying again. */
const UNEXPECTED_RETRY_MS = 30_000;

export async function attachSockets(
  httpServer: HttpServer,
  ho: HeadOffice,
  adapter: AdapterOptions,
  log: (line: string) => void,
): Promise<SyncSockets> {
  const io: SyncServer = new Server(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
  });
  const closeAdapter = await useAdapter(io, adapter, log);

  // admit answers with the refusal, or nothing to let the register in; it catches its own failures.
  io.use((socket, next) => {
    admit(ho, socket, log).then(next, next);
  });

  io.on('connection', (socket: SyncSocket) => {
    const { registerId, storeId } = socket.data;
    // Joining is asynchronous with some adapters; a failed join only costs this register its pokes (hints).
    Promise.resolve(socket.join([ALL_REGISTERS, storeRoom(storeId), registerRoom(registerId)])).catch(
      (error: unknown) => log(`register ${registerId} could not join its rooms: ${String(error)}`),
    );
    socket.on(
      'push',
      handler(pushRequestSchema, (request) => applyPush(ho, registerId, request.events), log),
    );
    socket.on(
      'lookupReceipt',
      handler(lookupReceiptRequestSchema, (request) => lookupReceipt(ho, socket.data, request), log),
    );
    socket.on(
      'findCustomers',
      handler(
        findCustomersRequestSchema,
        async ({ query }) => ({ status: 'found', customers: await findCustomers(ho, query) }) as const,
        log,
      ),
    );
    socket.on(
      'customerPurchases',
      handler(
        customerPurchasesRequestSchema,
        async ({ customerId }) =>
          ({ status: 'found', purchases: await purchasesForRegister(ho, customerId) }) as const,
        log,
      ),
    );
    socket.on(
      'pull',
      handler(pullRequestSchema, (request) => pull(ho, storeId, request), log),
    );
    socket.on(
      'snapshot',
      handler(snapshotRequestSchema, (request) => snapshot(ho, storeId, request), log),
    );
    // socket.io drops a message nobody listens for; one that asks for an answer gets one.
    socket.onAny((message: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (!(messageNames as readonly unknown[]).includes(message) && typeof ack === 'function') {
        const name = String(message).slice(0, 60);
        const reply = {
          status: 'invalid',
          reason: `Head office does not know the message "${name}".`,
        } as const;
        (ack as (answer: { status: 'invalid'; reason: string }) => void)(reply);
      }
    });
  });

  /** Per stream, the rooms to poke when its timer fires. */
  const pending = new Map<StreamName, Set<string>>();
  const timers = new Map<StreamName, NodeJS.Timeout>();
  const flushPokes = (stream: StreamName) => {
    for (const room of pending.get(stream) ?? []) io.to(room).emit('poke', { streams: [stream] });
    pending.delete(stream);
    timers.delete(stream);
  };

  return {
    io,
    poke(targets) {
      for (const { stream, storeId } of targets) {
        const room = storeId === null ? ALL_REGISTERS : storeRoom(storeId);
        pending.set(stream, (pending.get(stream) ?? new Set()).add(room));
        if (!timers.has(stream))
          timers.set(
            stream,
            setTimeout(() => flushPokes(stream), POKE_DELAY_MS[stream]),
          );
      }
    },
    disconnectRegister(registerId) {
      io.in(registerRoom(registerId)).disconnectSockets(true);
    },
    async close() {
      for (const timer of timers.values()) clearTimeout(timer);
      await io.close();
      await closeAdapter();
    },
  };
}

/** Checks a connecting register's handshake and token: a refusal to send back, or undefined with socket.data set. */
async function admit(
  ho: HeadOffice,
  socket: SyncSocket,
  log: (line: string) => void,
): Promise<Error | undefined> {
  // The version first: a register of another version is told to update, whatever else it sent.
  const refused = versionRefusal(
    (socket.handshake.auth as { protocolVersion?: unknown } | null)?.protocolVersion,
  );
  if (refused) return refused;
  const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success) {
    return refusal(
      'unknown_token',
      'This register sent no device token: enrol it with a pairing code from head office.',
    );
  }
  const { token, protocolVersion } = auth.data;
  try {
    const result = await authenticate(ho, token);
    if (!result.ok) return refusal(result.refusal, result.reason);
    socket.data = { registerId: result.register.id, storeId: result.register.store_id, protocolVersion };
    return undefined;
  } catch (error) {
    if (!isTransientDbError(error)) log(`register authentication failed: ${String(error)}`);
    return refusal(
      'unavailable',
      'Head office cannot reach its database right now; try again shortly.',
      RETRY_AFTER_MS,
    );
  }
}

/** 'upgrade_required' for a protocol version head office does not speak (or no version at all); else null. */
function versionRefusal(version: unknown): ReturnType<typeof refusal> | null {
  if (!Number.isInteger(version)) {
    return refusal(
      'upgrade_required',
      `This register sent ${JSON.stringify(version)?.slice(0, 40) ?? 'nothing'} as its sync protocol version, which is no version number; head office speaks ${MIN_PROTOCOL_VERSION} to ${PROTOCOL_VERSION}. Update the register: its sales are kept.`,
    );
  }
  const speaks = version as number;
  if (speaks < MIN_PROTOCOL_VERSION) {
    return refusal(
      'upgrade_required',
      `This register speaks sync protocol ${speaks}; head office needs ${MIN_PROTOCOL_VERSION} or newer. Update the register: its sales are kept.`,
    );
  }
  if (speaks > PROTOCOL_VERSION) {
    return refusal(
      'upgrade_required',
      `This register speaks sync protocol ${speaks}, newer than head office's ${PROTOCOL_VERSION}. Head office must be updated first; the register's sales are kept.`,
    );
  }
  return null;
}

/** A connect refusal as the register sees it: `err.message` is the code, `err.data.reason` the words. */
function refusal(
  code: ConnectRefusal,
  reason: string,
  retryAfterMs?: number,
): Error & { data: ConnectRefusalData } {
  return Object.assign(new Error(code), {
    data: retryAfterMs === undefined ? { reason } : { reason, retryAfterMs },
  });
}

/**
 * Validates a request and answers through its ack. Without an ack function a request cannot be answered, so it
 * is ignored (the register's emitWithAck times out and it resends, which is safe).
 */
function handler<S extends z.ZodType, R>(
  schema: S,
  run: (request: z.output<S>) => Promise<R>,
  log: (line: string) => void,
) {
  return async (raw: unknown, ackArgument: unknown) => {
    if (typeof ackArgument !== 'function') return;
    const ack = ackArgument as (reply: unknown) => void;
    const request = schema.safeParse(raw);
    if (!request.success) {
      ack({ status: 'invalid', reason: describeIssues(request.error) });
      return;
    }
    try {
      ack(await run(request.data));
    } catch (error) {
      const transient = isTransientDbError(error);
      if (!transient)
        log(
          `sync request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      ack({
        status: 'retry',
        retryAfterMs: transient ? RETRY_AFTER_MS : UNEXPECTED_RETRY_MS,
        reason: transient
          ? 'Head office cannot reach its database right now; nothing was lost, it will be sent again.'
          : 'Head office hit an unexpected error; nothing was lost, it will be sent again later.',
      });
    }
  };
}

async function useAdapter(
  io: SyncServer,
  options: AdapterOptions,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  if (options.kind === 'postgres') {
    const pool = quietPool({ ...options.pgConfig, max: 3 });
    // Table the adapter uses for payloads too large for NOTIFY (schema from the adapter's README).
    await pool.query(
      'CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)',
    );
    io.adapter(
      createPostgresAdapter(pool, {
        channelPrefix: options.channel,
        errorHandler: (error: Error) => log(`socket.io postgres adapter: ${error.message}`),
      }),
    );
    return () => pool.end();
  }
  if (options.kind === 'redis') {
    const publisher = createClient({ url: options.url });
    const subscriber = publisher.duplicate();
    publisher.on('error', (error: Error) => log(`redis: ${error.message}`));
    subscriber.on('error', (error: Error) => log(`redis: ${error.message}`));
    await Promise.all([publisher.connect(), subscriber.connect()]);
    io.adapter(createRedisAdapter(publisher, subscriber, { key: options.channel }));
    return async () => {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    };
  }
  return () => Promise.resolve();
}
