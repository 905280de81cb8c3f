/**
 * A scripted head office for register-side sync tests: a real socket.io server on 127.0.0.1:0 that speaks
 * src/shared/sync/protocol.ts with an in-memory cursor (duplicate / conflict / gap per SYNC.md), and that a
 * test can make misbehave on purpose: answer late (after the register's timeout), swallow a push, answer
 * 'retry' or anything else, refuse the handshake. The real head office (src/headoffice) is tested with the
 * register in test/integration/sync/with-head-office.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import {
  MAX_MESSAGE_BYTES,
  pullRequestSchema,
  pushRequestSchema,
  snapshotRequestSchema,
  type ClientToServerEvents,
  type ConnectRefusal,
  type PullReply,
  type PushReply,
  type ServerToClientEvents,
  type SnapshotReply,
  type StreamName,
  type UpstreamEvent,
} from '../../src/shared/sync/protocol.ts';

/** What the peer does with one push: answer as head office would, or misbehave. */
export type PushAction =
  | { kind: 'answer' }
  /** Applies the batch now but answers only after `ms` (an ack that arrives after the register gave up). */
  | { kind: 'answer-late'; ms: number }
  /** Never answers and applies nothing (a batch lost on the way). */
  | { kind: 'swallow' }
  /** Answers this without applying anything. */
  | { kind: 'reply'; reply: PushReply };

export const pairingCodeAccepted = 'PAIR-1234';
/** A re-pair code for peerStore.registerId: works only for the register that sends that id. */
export const rePairCodeAccepted = 'REPAIR-1234';
/** Who the peer enrols a register as. */
export const peerStore = { storeId: 'S1', storeName: 'Harbour Street', registerId: 'S1-R1' };

export interface PeerChange {
  key: string;
  data: unknown;
}

export interface SyncPeer {
  readonly url: string;
  readonly port: number;
  /** Events applied, in order, once each. */
  readonly applied: UpstreamEvent[];
  /** Every push received, as its seq range. */
  readonly pushes: { first: number; last: number }[];
  /** How many times the peer saw a seq it already had (answered 'duplicate'). */
  readonly duplicates: number;
  readonly lastSeq: number;
  /** The register id a re-pair answers with: set it to another id to play a head office that gets it wrong. */
  rePairAs: string;
  /** Decides what to do with the nth push (0-based). Default: answer. */
  onPush: (events: UpstreamEvent[], index: number) => PushAction;
  /** Set to refuse every handshake with this code and reason. */
  refuse: { code: ConnectRefusal; reason: string; retryAfterMs?: number } | null;
  /** Appends a change to a stream's log and pokes connected registers. */
  publish(stream: StreamName, change: PeerChange): void;
  /** Forget changes at or below this cursor: pulls from older cursors get must_refetch. */
  trimBefore(stream: StreamName, cursor: number): void;
  /** Whether a register is connected right now. */
  readonly connected: number;
  /** Drops every register connection from the server side. */
  disconnectAll(): void;
  close(): Promise<void>;
}

export async function startSyncPeer(options: { token?: string } = {}): Promise<SyncPeer> {
  /** Only the latest token is good: a re-pair replaces it. */
  let token = options.token ?? 'peer-token';
  // Enrolment as head office does it: 'PAIR-1234' enrols a new register, 'REPAIR-1234' re-pairs peerStore's
  // register (a new token), anything else is refused.
  const httpServer = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/api/enroll') return;
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { pairingCode, registerId } = JSON.parse(body) as { pairingCode: string; registerId?: string };
      response.setHeader('content-type', 'application/json');
      const refuse = (status: number, code: string, message: string): void => {
        response.statusCode = status;
        response.end(JSON.stringify({ error: { code, message } }));
      };
      const rePair = pairingCode === rePairCodeAccepted;
      if (!rePair && pairingCode !== pairingCodeAccepted)
        return refuse(
          404,
          'NOT_FOUND',
          'That pairing code is unknown or used: ask head office for a new one.',
        );
      if (!rePair && registerId !== undefined)
        return refuse(
          409,
          'CONFLICT',
          'This register is already enrolled: ask head office for a re-pair code.',
        );
      if (rePair && registerId !== peerStore.registerId)
        return refuse(409, 'CONFLICT', 'That code re-pairs another register.');
      if (rePair) {
        // As head office does: the old token stops working and its connections go.
        token = `${token}-re-paired`;
        io.disconnectSockets(true);
      }
      response.statusCode = 201;
      response.end(
        JSON.stringify({
          token,
          storeId: peerStore.storeId,
          registerId: rePair ? peer.rePairAs : peerStore.registerId,
          storeName: peerStore.storeName,
        }),
      );
    });
  });
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    transports: ['websocket'],
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
  });
  const applied: UpstreamEvent[] = [];
  const pushes: { first: number; last: number }[] = [];
  const logs: Record<StreamName, { cursor: number; key: string; data: unknown }[]> = {
    catalog: [],
    tax: [],
    stock: [],
    transfers: [],
    customers: [],
    purchaseOrders: [],
    suppliers: [],
    reorder: [],
  };
  const trimmed: Record<StreamName, number> = {
    catalog: 0,
    tax: 0,
    stock: 0,
    transfers: 0,
    customers: 0,
    purchaseOrders: 0,
    suppliers: 0,
    reorder: 0,
  };
  /** The current state per key, which snapshots hand out (the log may have been trimmed). */
  const current: Record<StreamName, Map<string, unknown>> = {
    catalog: new Map(),
    tax: new Map(),
    stock: new Map(),
    transfers: new Map(),
    customers: new Map(),
    purchaseOrders: new Map(),
    suppliers: new Map(),
    reorder: new Map(),
  };
  let serverCursor = 0;
  let duplicates = 0;

  const peer: SyncPeer = {
    get url() {
      return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    },
    get port() {
      return (httpServer.address() as AddressInfo).port;
    },
    applied,
    pushes,
    get duplicates() {
      return duplicates;
    },
    get lastSeq() {
      return applied.at(-1)?.seq ?? 0;
    },
    rePairAs: peerStore.registerId,
    onPush: () => ({ kind: 'answer' }),
    refuse: null,
    publish(stream, change) {
      serverCursor += 1;
      logs[stream].push({ cursor: serverCursor, ...change });
      if (change.data === null) current[stream].delete(change.key);
      else current[stream].set(change.key, change.data);
      io.emit('poke', { streams: [stream] });
    },
    trimBefore(stream, cursor) {
      trimmed[stream] = cursor;
      logs[stream] = logs[stream].filter((change) => change.cursor > cursor);
    },
    get connected() {
      return io.of('/').sockets.size;
    },
    disconnectAll() {
      io.disconnectSockets(true);
    },
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };

  /** SYNC.md's per-event rule, in memory. */
  function apply(events: UpstreamEvent[]): PushReply {
    const outcomes: { seq: number; outcome: 'applied' | 'duplicate' }[] = [];
    for (const event of events) {
      const last = peer.lastSeq;
      if (event.seq <= last) {
        const had = applied[event.seq - 1]!;
        if (had.payloadHash !== event.payloadHash) {
          return { status: 'conflict', reason: `seq ${event.seq} already holds a different event` };
        }
        duplicates += 1;
        outcomes.push({ seq: event.seq, outcome: 'duplicate' });
        continue;
      }
      if (event.seq > last + 1) return { status: 'gap', expectedSeq: last + 1, lastAppliedSeq: last };
      applied.push(event);
      outcomes.push({ seq: event.seq, outcome: 'applied' });
    }
    return { status: 'ok', lastAppliedSeq: peer.lastSeq, outcomes };
  }

  /** The current state of every key in key order, as a snapshot hands it out. */
  function snapshotItems(stream: StreamName): { key: string; data: unknown }[] {
    return [...current[stream]].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, data]) => ({ key, data }));
  }

  io.use((socket, next) => {
    if (peer.refuse) {
      const { code, reason, retryAfterMs } = peer.refuse;
      return next(Object.assign(new Error(code), { data: { reason, retryAfterMs } }));
    }
    const auth = socket.handshake.auth as { token?: unknown };
    if (auth.token !== token)
      return next(Object.assign(new Error('unknown_token'), { data: { reason: 'not ours' } }));
    next();
  });

  io.on('connection', (socket) => {
    socket.on('push', (raw, ack) => {
      const request = pushRequestSchema.safeParse(raw);
      if (!request.success) return ack({ status: 'invalid', reason: request.error.message });
      const { events } = request.data;
      const action = peer.onPush(events, pushes.length);
      pushes.push({ first: events[0]!.seq, last: events.at(-1)!.seq });
      switch (action.kind) {
        case 'answer':
          return ack(apply(events));
        case 'answer-late': {
          const reply = apply(events);
          setTimeout(() => ack(reply), action.ms);
          return;
        }
        case 'swallow':
          return;
        case 'reply':
          return ack(action.reply);
      }
    });
    socket.on('pull', (raw, ack) => {
      const request = pullRequestSchema.parse(raw);
      if (request.cursor < trimmed[request.stream]) {
        return ack({ status: 'must_refetch', snapshotCursor: serverCursor });
      }
      const after = logs[request.stream].filter((change) => change.cursor > request.cursor);
      const page = after.slice(0, request.limit);
      // The peer's items are whatever the test published, on purpose unchecked (bad items are a test case).
      ack({
        status: 'ok',
        changes: page,
        nextCursor: page.at(-1)?.cursor ?? Math.max(request.cursor, serverCursor),
        hasMore: after.length > page.length,
      } as PullReply);
    });
    socket.on('snapshot', (raw, ack) => {
      const request = snapshotRequestSchema.parse(raw);
      const items = snapshotItems(request.stream).filter(
        (item) => request.afterKey === null || item.key > request.afterKey,
      );
      const page = items.slice(0, request.limit);
      const done = items.length === page.length;
      ack({
        status: 'ok',
        items: page,
        nextKey: done ? null : page.at(-1)!.key,
        done,
        cursor: serverCursor,
      } as SnapshotReply);
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return peer;
}
