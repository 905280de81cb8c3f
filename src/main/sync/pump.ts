/**
 * The upstream pump (SYNC.md): sends the outbox to head office in order, one batch in flight, and records what
 * head office acknowledged. The guarantees come from the outbox and head office's per-register cursor; the
 * socket is only a pipe, so after any timeout or reconnect the pump resends from the last acknowledged seq and
 * head office answers the copies it already has with 'duplicate'.
 *
 * It never emits while disconnected (socket.io would buffer the batch in memory and send it later) and never
 * uses socket.io's `retries`. It wakes on reconnect, on a timer and on every completed sale; all of it is
 * async and each ledger read is one short indexed query, so a sale never waits for it.
 */
import type { Socket } from 'socket.io-client';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  pushReplySchema,
  takeBatch,
  type ClientToServerEvents,
  type PushReply,
  type ServerToClientEvents,
} from '../../shared/sync/protocol.ts';
import { Alarm, type Clock } from './clock.ts';
import type { SyncStore } from './state.ts';

/** The part of a socket.io client socket the pump uses. */
export type PushSocket = Pick<Socket<ServerToClientEvents, ClientToServerEvents>, 'connected' | 'timeout'>;

export interface PumpOptions {
  store: SyncStore;
  socket: PushSocket;
  clock: Clock;
  /** How long to wait for head office's answer to a batch before treating the outcome as unknown. */
  ackTimeoutMs: number;
  /** How often an idle pump looks at the outbox even when nothing woke it. */
  pollIntervalMs: number;
  /** Exponential backoff with full jitter after a failed batch: random(0, min(max, base × 2^failures)). */
  backoff: { baseMs: number; maxMs: number };
  /** Called after every attempt, so the status on screen follows. */
  onChange: () => void;
}

/** 'queued': a sale (or another event) was just added to the outbox. */
export type WakeReason = 'queued' | 'connect' | 'manual';

/** One pump per socket: started once, stopped for good. */
export interface Pump {
  start(): void;
  /** Stops at once; a batch still in flight is abandoned (its outcome is settled by the next resend). */
  stop(): void;
  wake(reason: WakeReason): void;
}

type Step = 'next' | 'idle' | { waitMs: number };

/** Why sync stopped, in words for the person at the register. Selling always goes on. */
export function blockedMessage(
  kind: 'conflict' | 'quarantined' | 'revoked' | 'unknown_token' | 'upgrade_required' | 'invalid',
  reason: string,
): string {
  const kept = 'Selling goes on and every sale is kept on this register.';
  switch (kind) {
    case 'conflict':
      return `Head office already has different sales under this register's numbers (${reason}): this register may be a copy of another one or restored from an old backup. Sync is stopped. ${kept} Call head office before going on.`;
    case 'quarantined':
      return `Head office has stopped accepting sales from this register (${reason}). ${kept} Call head office.`;
    case 'revoked':
      return `Head office has revoked this register's access (${reason}). ${kept} To sync again, ask head office for a re-pair code for this register and enter it in the sync panel (Enter a re-pair code).`;
    case 'unknown_token':
      return `Head office does not recognise this register (${reason}). ${kept} Ask head office to check the enrolment.`;
    case 'upgrade_required':
      // The reason says which side is behind: a register may be updated before head office, or after it.
      return `This Counter and head office do not speak the same sync version (${reason}). ${kept} Nothing is lost once the older one is updated.`;
    case 'invalid':
      return `Head office refused this register's events as malformed (${reason}). ${kept} Call support.`;
  }
}

export function createPump(options: PumpOptions): Pump {
  const { store, socket, clock } = options;
  const alarm = new Alarm(clock);
  let stopped = true;
  /** Consecutive failed batches: the backoff exponent. */
  let failures = 0;
  /** Where the next batch starts; null means "after the last acknowledged seq". */
  let nextSeq: number | null = null;
  let backingOff = false;

  const backoff = (): Step => {
    const ceiling = Math.min(options.backoff.maxMs, options.backoff.baseMs * 2 ** failures);
    failures += 1;
    return { waitMs: Math.floor(clock.random() * ceiling) };
  };

  const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

  async function pass(): Promise<Step> {
    const state = store.read();
    if (!state.enrollment || state.blockedReason !== null || !socket.connected) return 'idle';
    const from = nextSeq ?? state.lastAckedSeq + 1;
    const batch = takeBatch(store.eventsFrom(from, MAX_BATCH_EVENTS));
    if (batch.length === 0) {
      if (store.lastSeq() < from) return 'idle';
      store.setBlocked(
        `Event #${from} is larger than the ${MAX_BATCH_BYTES / 1024} KB head office accepts in one message, so ` +
          'it cannot be sent. Selling goes on and every sale is kept on this register. Call support.',
      );
      return 'idle';
    }
    const last = batch.at(-1)!.seq;
    let answer: unknown;
    try {
      answer = await socket.timeout(options.ackTimeoutMs).emitWithAck('push', { events: batch });
    } catch {
      if (stopped) return 'idle';
      // Outcome unknown: head office may still apply the batch. Resend from the last acknowledged seq.
      nextSeq = null;
      if (!socket.connected) {
        store.setError('The link to head office dropped while sending; the events go again once it is back.');
        return 'idle';
      }
      store.setError(`Head office did not answer within ${seconds(options.ackTimeoutMs)}; sending again.`);
      return backoff();
    }
    if (stopped) return 'idle';
    const reply = pushReplySchema.safeParse(answer);
    if (!reply.success) {
      nextSeq = null;
      store.setError('Head office sent an answer this register does not understand; trying again.');
      return backoff();
    }
    return handle(reply.data, from, last);
  }

  function handle(reply: PushReply, from: number, last: number): Step {
    switch (reply.status) {
      case 'ok': {
        // Never record more than head office said, nor more than this register sent (a restored backup
        // must not skip its new sales).
        const acked = Math.min(reply.lastAppliedSeq, last);
        store.acknowledge(acked, clock.now().toISOString());
        nextSeq = acked + 1;
        failures = 0;
        return 'next';
      }
      case 'retry':
        store.setError(`Head office asked to wait (${reply.reason}); the events go again shortly.`);
        return { waitMs: reply.retryAfterMs };
      case 'gap':
        if (reply.expectedSeq >= from) {
          store.setError(
            `Head office expects event #${reply.expectedSeq} but was sent #${from}; trying again.`,
          );
          nextSeq = null;
          return backoff();
        }
        nextSeq = reply.expectedSeq;
        return 'next';
      case 'conflict':
      case 'quarantined':
      case 'revoked':
      case 'upgrade_required':
      case 'invalid':
        nextSeq = null;
        store.setBlocked(blockedMessage(reply.status, reply.reason));
        return 'idle';
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let step: Step;
      try {
        step = await pass();
      } catch (error) {
        // A ledger read failed (disk trouble): say so and try again later rather than stop syncing for good.
        console.error('The sync pump failed', error);
        step = backoff();
      }
      if (stopped) return;
      options.onChange();
      if (step === 'next') continue;
      if (step === 'idle') {
        await alarm.sleep(options.pollIntervalMs);
        continue;
      }
      backingOff = true;
      alarm.clearPending();
      await alarm.sleep(step.waitMs);
      backingOff = false;
    }
  }

  return {
    start: () => {
      stopped = false;
      // run() catches a failing pass itself and backs off; anything else is a fault worth the log.
      run().catch((error: unknown) => console.error('The sync pump stopped', error));
    },
    stop: () => {
      stopped = true;
      alarm.wake();
    },
    wake: (reason) => {
      if (reason === 'connect') {
        nextSeq = null;
        failures = 0;
      }
      // A sale during a backoff waits for it: otherwise a busy till would hammer a struggling head office.
      if (reason === 'queued' && backingOff) return;
      alarm.wake();
    },
  };
}
