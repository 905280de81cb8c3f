/**
 * Sync with head office, as one service for the app: enrolment, the socket.io connection and its lifecycle, the
 * upstream pump, downstream pulls, and the status the register shows. Everything it needs is passed in (the
 * socket factory, the clock, fetch) so tests can drive it.
 */
import { io, type Socket } from 'socket.io-client';
import type { EnrollInput } from '../../shared/contract.ts';
import { countReviewReplySchema } from '../../shared/sync/counts-api.ts';
import { CounterError, errorCodes, type CounterErrorData } from '../../shared/errors.ts';
import {
  PROTOCOL_VERSION,
  connectRefusals,
  enrollResponseSchema,
  customerPurchasesReplySchema,
  findCustomersReplySchema,
  lookupReceiptReplySchema,
  pokeSchema,
  type ClientToServerEvents,
  type ConnectRefusal,
  type HandshakeAuth,
  type LookupReceiptReply,
  type ServerToClientEvents,
} from '../../shared/sync/protocol.ts';
import {
  describeShiftEnd,
  shiftEndListLimit,
  type ShiftEndCheck,
  type SyncStatus,
} from '../../shared/sync/status.ts';
import type { z } from 'zod';
import type { EventBus } from '../events.ts';
import type { CountReviewSource } from '../services/counts.ts';
import type { CustomerDirectory } from '../services/customers.ts';
import type { Db } from '../ledger/database.ts';
import type { Services } from '../services/index.ts';
import { systemClock, type Clock } from './clock.ts';
import { createDownstream, type Downstream } from './downstream.ts';
import { blockedMessage, createPump, type Pump } from './pump.ts';
import type { SecretBox } from './secrets.ts';
import { createSyncStore } from './state.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** Creates an unconnected socket.io client; `auth` is asked for the handshake on every (re)connect. */
export type SocketFactory = (
  url: string,
  auth: (send: (data: HandshakeAuth) => void) => void,
) => ClientSocket;

/** WebSocket only (no sticky sessions needed behind a load balancer); socket.io reconnects 1 s → 60 s. */
export const defaultSocketFactory: SocketFactory = (url, auth) =>
  io(url, {
    transports: ['websocket'],
    auth,
    autoConnect: false,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 60_000,
  });

export interface SyncOptions {
  connect?: SocketFactory;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Wait for head office's answer this long before treating the outcome as unknown. */
  ackTimeoutMs?: number;
  /** How long a receipt lookup waits for head office before the register says it cannot verify the receipt. */
  lookupTimeoutMs?: number;
  /** Look at the outbox and pull the streams this often even when nothing woke the register. */
  pollIntervalMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Downstream page sizes (head office caps them). */
  pullLimit?: number;
  snapshotLimit?: number;
  /** Seals the device token in the ledger; index.ts passes the OS keychain's (secrets.ts). */
  secrets?: SecretBox;
}

export interface SyncDeps extends SyncOptions {
  db: Db;
  events: EventBus;
  services: Pick<
    Services,
    | 'settings'
    | 'catalog'
    | 'sales'
    | 'people'
    | 'outbox'
    | 'transfers'
    | 'counts'
    | 'purchaseOrders'
    | 'purchaseDrafting'
    | 'lowStock'
  >;
}

export interface SyncService {
  /** Connects if this register is enrolled; otherwise waits for enroll(). */
  start(): void;
  close(): void;
  status(): SyncStatus;
  /** Clears a stop (after a person fixed its cause), reconnects if needed and sends and pulls now. */
  syncNow(): SyncStatus;
  /**
   * A person at the register enrols it: binding it to a store is a manager's setting ('settings.edit', or a
   * manager's approval), checked before head office is asked and audited in the enrolment's transaction.
   */
  enroll(input: EnrollInput): Promise<SyncStatus>;
  /** Set-up scripts and tests: enrols it with nobody at the register, so without a permission or audit entry. */
  enrollUnattended(input: Omit<EnrollInput, 'approval'>): Promise<SyncStatus>;
  shiftEndCheck(): ShiftEndCheck;
  /**
   * Asks head office about another register's receipt (for a return). null when not connected, or when no valid
   * answer came within the lookup timeout: the register cannot verify the receipt then.
   */
  lookupReceipt(receiptNumber: string): Promise<LookupReceiptReply | null>;
  /** Head office's customers and their purchases; null as for lookupReceipt (the register uses its own). */
  customerDirectory: CustomerDirectory;
  /** Head office's merged review of a count of this store; null as for lookupReceipt. */
  countReview: CountReviewSource;
}

interface Session {
  socket: ClientSocket;
  pump: Pump;
  downstream: Downstream;
  reconnectTimer: unknown;
}

/** Who sends the opening count of a register enrolled without a person at it (provisioning). */
const UNATTENDED_ENROLMENT = 'enrolment';

const enrollTimeoutMs = 15_000;

const unreadableToken =
  "This register's device token was sealed by another computer's or user's keychain (was the ledger copied here?), so it cannot connect. Selling goes on and every sale is kept on this register: ask head office for a re-pair code and enter it in the sync panel.";

export function createSync(deps: SyncDeps): SyncService {
  const { db, events, services } = deps;
  const clock = deps.clock ?? systemClock;
  const connect = deps.connect ?? defaultSocketFactory;
  const ackTimeoutMs = deps.ackTimeoutMs ?? 20_000;
  const lookupTimeoutMs = deps.lookupTimeoutMs ?? 5_000;
  const pollIntervalMs = deps.pollIntervalMs ?? 30_000;
  const backoff = deps.backoff ?? { baseMs: 1000, maxMs: 60_000 };
  const store = createSyncStore(db, deps.secrets);
  let session: Session | null = null;
  let lastEmitted = '';
  let enrolling = false;

  const status = (): SyncStatus => {
    const state = store.read();
    const eventsWaiting = Math.max(0, store.lastSeq() - state.lastAckedSeq);
    return {
      enrolled: state.enrollment !== null,
      headOfficeUrl: state.enrollment?.headOfficeUrl ?? null,
      storeName: state.enrollment?.storeName ?? null,
      connected: session?.socket.connected ?? false,
      eventsWaiting,
      oldestWaitingAt: eventsWaiting > 0 ? store.oldestWaitingAt() : null,
      lastAckedSeq: state.lastAckedSeq,
      lastSuccessAt: state.lastSuccessAt,
      lastError: state.lastError,
      blockedReason: state.enrollment?.deviceToken === null ? unreadableToken : state.blockedReason,
    };
  };

  /** Tells the screens, only when something they show changed. */
  const announce = (): void => {
    const current = status();
    const text = JSON.stringify(current);
    if (text === lastEmitted) return;
    lastEmitted = text;
    events.emit('sync.status', current);
  };

  function onRefused(
    live: Session,
    url: string,
    error: Error & { data?: { reason?: string; retryAfterMs?: number } },
  ): void {
    const reason = error.data?.reason ?? error.message;
    if (live.socket.active) {
      // A network problem: socket.io tries again by itself, with its own backoff. Its own words for it
      // ("websocket error", "xhr poll error") mean nothing at the register.
      const why =
        error.data?.reason ??
        (error.message === 'timeout'
          ? 'it did not answer in time'
          : 'no connection to it. Check that this register is online and head office is running');
      store.setError(`Cannot reach head office at ${url}: ${why}; trying again.`);
    } else if (error.message === 'unavailable') {
      store.setError(`Head office is unavailable (${reason}); trying again shortly.`);
      reconnectLater(live, error.data?.retryAfterMs ?? 5000);
    } else if ((connectRefusals as readonly string[]).includes(error.message)) {
      const kind = error.message as Exclude<ConnectRefusal, 'unavailable'>;
      store.setBlocked(blockedMessage(kind === 'quarantined' ? 'quarantined' : kind, reason));
    } else {
      store.setBlocked(
        `Head office refused the connection (${reason}). Selling goes on and every sale is kept on this register. Call head office.`,
      );
    }
    announce();
  }

  function reconnectLater(live: Session, ms: number): void {
    clock.clearTimeout(live.reconnectTimer);
    live.reconnectTimer = clock.setTimeout(() => {
      if (session === live && !live.socket.connected) live.socket.connect();
    }, ms);
  }

  function start(): void {
    const enrollment = store.read().enrollment;
    if (session || !enrollment) return;
    // status() says why: the token was sealed by a keychain this computer cannot open.
    if (enrollment.deviceToken === null) return;
    const url = enrollment.headOfficeUrl;
    // The token is read at every (re)connect, so the handshake always carries the stored one.
    const socket = connect(url, (send) =>
      send({ token: store.read().enrollment?.deviceToken ?? '', protocolVersion: PROTOCOL_VERSION }),
    );
    const pump = createPump({
      store,
      socket,
      clock,
      ackTimeoutMs,
      pollIntervalMs,
      backoff,
      onChange: announce,
    });
    const downstream = createDownstream({
      db,
      store,
      events,
      catalog: services.catalog,
      settings: services.settings,
      sales: services.sales,
      transfers: services.transfers,
      counts: services.counts,
      purchaseOrders: services.purchaseOrders,
      suppliers: services.purchaseDrafting,
      reorder: services.lowStock,
      socket,
      clock,
      ackTimeoutMs,
      pollIntervalMs,
      pullLimit: deps.pullLimit,
      snapshotLimit: deps.snapshotLimit,
      onChange: announce,
    });
    const live: Session = { socket, pump, downstream, reconnectTimer: null };
    session = live;

    socket.on('connect', () => {
      // Head office let this register in: whatever stopped sync at the handshake is resolved. A stop found
      // by a push (quarantine) comes back with the first batch.
      store.setBlocked(null);
      store.setError(null);
      pump.wake('connect');
      downstream.wake();
      announce();
    });
    socket.on('disconnect', (reason) => {
      // After a server-side disconnect socket.io does not reconnect by itself.
      if (reason === 'io server disconnect') {
        store.setError('Head office closed the connection; connecting again shortly.');
        reconnectLater(live, backoff.baseMs + Math.floor(clock.random() * Math.min(5000, backoff.maxMs)));
      }
      announce();
    });
    socket.on('connect_error', (error) => onRefused(live, url, error));
    socket.on('poke', (poke) => {
      const parsed = pokeSchema.safeParse(poke);
      if (parsed.success) downstream.wake(parsed.data.streams);
    });
    pump.start();
    downstream.start();
    socket.connect();
  }

  function stopSession(): void {
    const live = session;
    if (!live) return;
    session = null;
    live.pump.stop();
    live.downstream.stop();
    clock.clearTimeout(live.reconnectTimer);
    live.socket.off();
    live.socket.disconnect();
  }

  /** `byPerson`: a person at the register enrols it, and their 'settings.edit' is audited with it. */
  async function enroll(input: EnrollInput, byPerson: boolean): Promise<SyncStatus> {
    if (enrolling) {
      throw new CounterError('INVALID_INPUT', 'Enrolment is already in progress: wait for it to finish.');
    }
    // Enrolled already (revoked, or the token lost): only a re-pair code for this register will do. Head
    // office checks the code against the id sent; the register keeps its numbering and its queue.
    const current = store.read().enrollment;
    enrolling = true;
    try {
      const headOfficeUrl = input.headOfficeUrl.replace(/\/+$/, '');
      const response = await requestEnrollment(
        deps.fetch ?? fetch,
        headOfficeUrl,
        input,
        current?.registerId,
      );
      if (current && (response.registerId !== current.registerId || response.storeId !== current.storeId)) {
        throw new CounterError(
          'CONFLICT',
          `Head office at ${headOfficeUrl} answered for another register (${response.registerId}) instead of re-pairing this one (${current.registerId}). Nothing changed here; ask head office for a re-pair code for this register.`,
        );
      }
      const enrolledAt = clock.now().toISOString();
      db.transaction(() => {
        store.enroll({ headOfficeUrl, deviceToken: response.token, ...response }, enrolledAt);
        const receiptPrefix = services.settings.isConfigured()
          ? services.settings.register().receiptPrefix
          : '';
        services.settings.saveRegister({
          storeId: response.storeId,
          registerId: response.registerId,
          receiptPrefix,
          registerName: input.registerName,
        });
        const who = byPerson
          ? services.people.authorize('settings.edit', input.approval, {
              change: current ? 'register.re-paired' : 'register.enrolled',
              headOfficeUrl,
              storeId: response.storeId,
              registerId: response.registerId,
              registerName: input.registerName,
            })
          : null;
        // Head office owns the stock figures from now on: what was loaded here goes up as its opening count,
        // once (a re-paired register's stock is head office's already).
        if (!current) services.counts.sendOpeningStock(enrolledAt, who?.userId ?? UNATTENDED_ENROLMENT);
      })();
    } finally {
      enrolling = false;
    }
    // The screens go by the store and register ids (and name) head office gave.
    events.emit('settings.changed', services.settings.appInfo());
    // A re-pair brings a new token and maybe a new address: connect again with them.
    stopSession();
    start();
    announce();
    return status();
  }

  const wakeForEvent = (): void => {
    session?.pump.wake('queued');
    announce();
  };
  // Every event (sale, return, void, audit entry, Z report) is queued through the outbox, which says so.
  const unsubscribe = [services.outbox.onAppended(wakeForEvent)];

  return {
    start,
    close: () => {
      for (const stop of unsubscribe) stop();
      stopSession();
    },
    status,
    syncNow: () => {
      store.setBlocked(null);
      if (!session) {
        start();
      } else {
        if (!session.socket.connected) session.socket.disconnect().connect();
        session.pump.wake('manual');
        session.downstream.wake();
      }
      announce();
      return status();
    },
    enroll: async (input) => {
      // Refused before head office spends its pairing code on a register nobody may enrol.
      services.people.check('settings.edit', input.approval);
      return enroll(input, true);
    },
    enrollUnattended: (input) => enroll(input, false),
    shiftEndCheck: () => describeShiftEnd(status(), store.lastSeq(), store.waiting(shiftEndListLimit)),
    lookupReceipt: (receiptNumber) => ask('lookupReceipt', { receiptNumber }, lookupReceiptReplySchema),
    countReview: async (countId) => {
      const reply = await ask('countReview', { countId }, countReviewReplySchema);
      return reply?.status === 'found' || reply?.status === 'not_found' ? reply : null;
    },
    customerDirectory: {
      find: async (query) => {
        const reply = await ask('findCustomers', { query }, findCustomersReplySchema);
        return reply?.status === 'found' ? reply.customers : null;
      },
      purchases: async (customerId) => {
        const reply = await ask('customerPurchases', { customerId }, customerPurchasesReplySchema);
        return reply?.status === 'found' ? reply.purchases : null;
      },
    },
  };

  /** A read-only question to head office: null when not connected, or no valid answer came in time. */
  async function ask<R>(
    message: 'lookupReceipt' | 'findCustomers' | 'customerPurchases' | 'countReview',
    request: object,
    replySchema: z.ZodType<R>,
  ): Promise<R | null> {
    const socket = session?.socket;
    if (!socket?.connected) return null;
    try {
      const reply: unknown = await socket.timeout(lookupTimeoutMs).emitWithAck(message, request as never);
      const parsed = replySchema.safeParse(reply);
      return parsed.success ? parsed.data : null;
    } catch {
      // No answer in time: the outcome does not matter, a lookup changes nothing.
      return null;
    }
  }
}

/**
 * POST /api/enroll, with this register's id when it is already enrolled (a re-pair); every failure becomes a
 * message that says what to check.
 */
async function requestEnrollment(
  fetchFn: typeof fetch,
  url: string,
  input: EnrollInput,
  registerId: string | undefined,
) {
  const unreachable = (why: string): CounterError =>
    new CounterError('HEAD_OFFICE_UNREACHABLE', `Could not enrol with head office at ${url}: ${why}`);
  let response: Response;
  try {
    response = await fetchFn(`${url}/api/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pairingCode: input.pairingCode, registerName: input.registerName, registerId }),
      signal: AbortSignal.timeout(enrollTimeoutMs),
    });
  } catch {
    throw unreachable('no answer. Check the address and that this register is online, then try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    // Head office answers `{ error: CounterErrorData }`: its message is already written for the person here.
    const error = (body as { error?: Partial<CounterErrorData> } | null)?.error;
    if (
      error &&
      typeof error.message === 'string' &&
      (errorCodes as readonly unknown[]).includes(error.code)
    ) {
      throw CounterError.from(error as CounterErrorData);
    }
    throw unreachable(`it answered ${response.status}. Check the address, then try again.`);
  }
  const parsed = enrollResponseSchema.safeParse(body);
  if (!parsed.success) throw unreachable('the answer is not an enrolment. Check the address is head office.');
  return parsed.data;
}
