/**
 * The upstream pump against a scripted head office (test/harness/sync-peer.ts) over real socket.io on
 * 127.0.0.1: batching, the resend rules after timeouts, gaps and retries, and every way head office can stop a
 * register, which must keep selling and keep its queue.
 */
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, pushBatchBytes } from '../../../src/shared/sync/protocol.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import {
  pairingCodeAccepted,
  peerStore,
  rePairCodeAccepted,
  startSyncPeer,
  type SyncPeer,
} from '../../harness/sync-peer.ts';
import { startTcpProxy, type TcpProxy } from '../../harness/tcp-proxy.ts';
import {
  drained,
  loaf,
  openRegister,
  sell,
  spaghetti,
  waitForStatus,
  type OpenRegisterOptions,
  type TestRegister,
} from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();

async function peer(): Promise<SyncPeer> {
  const started = await startSyncPeer();
  afterTest(() => started.close());
  return started;
}

/** The pump's own story: a register without stock sends no opening count, so the seqs are its sales'. */
function register(options: OpenRegisterOptions = {}): TestRegister {
  const opened = openRegister({ withoutStock: true, ...options });
  afterTest(() => opened.destroy());
  return opened;
}

async function enrol(reg: TestRegister, url: string, pairingCode = pairingCodeAccepted): Promise<void> {
  await reg.app.sync.enrollUnattended({ headOfficeUrl: url, pairingCode, registerName: 'Till 1' });
}

/** Every seq 1..n applied once, in order, with the payload the register recorded. */
function expectAppliedOnce(reg: TestRegister, headOffice: SyncPeer, n: number): void {
  expect(headOffice.applied.map((event) => event.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  const outbox = reg.app.db.prepare('SELECT payload_hash AS hash FROM outbox ORDER BY seq').all() as {
    hash: string;
  }[];
  expect(headOffice.applied.map((event) => event.payloadHash)).toEqual(outbox.map((row) => row.hash));
}

describe('enrolment', () => {
  it('stores the token and the store, takes the register identity from head office, and connects', async () => {
    const headOffice = await peer();
    const reg = register();
    expect(reg.app.sync.status()).toMatchObject({ enrolled: false, connected: false });
    const shown: unknown[] = [];
    const unsubscribe = reg.app.events.subscribe((message) => {
      if (message.name === 'settings.changed') shown.push(message.payload);
    });

    const status = await reg.app.sync.enrollUnattended({
      headOfficeUrl: `${headOffice.url}/`,
      pairingCode: pairingCodeAccepted,
      registerName: 'Till 1',
    });

    expect(status).toMatchObject({
      enrolled: true,
      storeName: peerStore.storeName,
      headOfficeUrl: headOffice.url,
    });
    const identity = { storeId: peerStore.storeId, registerId: peerStore.registerId, registerName: 'Till 1' };
    expect(reg.app.services.settings.register()).toMatchObject(identity);
    // The screens are told at once, not only when head office next sends the store's settings.
    unsubscribe();
    expect(shown).toEqual([expect.objectContaining({ register: expect.objectContaining(identity) })]);
    await waitForStatus(reg.app, (s) => s.connected);
    expect(sell(reg.app).storeId).toBe(peerStore.storeId);
  });

  it('passes on head office’s words for a wrong pairing code and stays unenrolled', async () => {
    const headOffice = await peer();
    const reg = register();
    await expect(
      reg.app.sync.enrollUnattended({
        headOfficeUrl: headOffice.url,
        pairingCode: 'WRONG-1',
        registerName: 'Till 1',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('pairing code') });
    expect(reg.app.sync.status().enrolled).toBe(false);
  });

  it('says head office cannot be reached when nothing answers at the address', async () => {
    const headOffice = await peer();
    const url = headOffice.url;
    await headOffice.close();
    const reg = register();
    await expect(
      // At the register, enrolment is a manager's: the cashier logged in brings Morgan's PIN.
      reg.app.dispatch('sync.enroll', {
        headOfficeUrl: url,
        pairingCode: pairingCodeAccepted,
        registerName: 'Till 1',
        approval: { pin: '9999' },
      }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'HEAD_OFFICE_UNREACHABLE', message: expect.stringContaining(url) },
    });
  });

  it('once enrolled, takes only a re-pair code for itself, and keeps its numbering with the new token', async () => {
    const headOffice = await peer();
    const reg = register();
    await enrol(reg, headOffice.url);
    sell(reg.app);
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === 1);

    // A code for a new register would restart the numbering at head office: refused, nothing changes here.
    await expect(enrol(reg, headOffice.url)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already enrolled'),
    });
    expect(reg.app.sync.status()).toMatchObject({ enrolled: true, lastAckedSeq: 1 });

    await enrol(reg, headOffice.url, rePairCodeAccepted);
    expect(reg.app.services.settings.register().registerId).toBe(peerStore.registerId);
    // The peer now accepts only the new token, so syncing at all shows the register switched to it.
    expect(sell(reg.app).outboxSeq).toBe(2);
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === 2);
    expectAppliedOnce(reg, headOffice, 2);
  });

  it('refuses a re-pair answered for another register and keeps its enrolment', async () => {
    const headOffice = await peer();
    const reg = register();
    await enrol(reg, headOffice.url);
    headOffice.rePairAs = 'S1-R9';
    await expect(enrol(reg, headOffice.url, rePairCodeAccepted)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('another register (S1-R9)'),
    });
    expect(reg.app.services.settings.register().registerId).toBe(peerStore.registerId);
    expect(reg.app.sync.status().enrolled).toBe(true);
  });
});

describe('upstream', () => {
  it('sends sales made before enrolment and while offline, in batches within the limits, each once', async () => {
    const headOffice = await peer();
    const reg = register();
    // Sales, and large audit entries among them, so the byte limit bites before the 500-event limit.
    const { audit, people } = reg.app.services;
    const userId = people.current().user!.userId;
    for (let i = 0; i < 320; i += 1) {
      sell(reg.app, [spaghetti, loaf, spaghetti, loaf]);
      if (i % 8 === 0) {
        const details = { note: `${i}`.padEnd(40_000, '.') };
        reg.app.db.transaction(() =>
          audit.record({ action: 'settings.edit', userId, approverId: null, details }),
        )();
      }
    }
    expect(reg.app.sync.status().eventsWaiting).toBe(360);

    await enrol(reg, headOffice.url);
    const status = await waitForStatus(reg.app, drained);

    expect(status).toMatchObject({
      eventsWaiting: 0,
      lastAckedSeq: 360,
      lastError: null,
      oldestWaitingAt: null,
    });
    expectAppliedOnce(reg, headOffice, 360);
    expect(headOffice.duplicates).toBe(0);
    expect(headOffice.pushes.length).toBeGreaterThan(1);
    for (const [i, push] of headOffice.pushes.entries()) {
      expect(push.last - push.first + 1).toBeLessThanOrEqual(MAX_BATCH_EVENTS);
      if (i > 0) expect(push.first).toBe(headOffice.pushes[i - 1]!.last + 1);
    }
    const batchBytes = headOffice.pushes.map((push) =>
      pushBatchBytes(headOffice.applied.slice(push.first - 1, push.last)),
    );
    expect(Math.max(...batchBytes)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });

  it('sends each new sale as it completes', async () => {
    const headOffice = await peer();
    const reg = register();
    await enrol(reg, headOffice.url);
    await waitForStatus(reg.app, (s) => s.connected);
    for (let i = 1; i <= 3; i += 1) {
      sell(reg.app);
      await waitForStatus(reg.app, (s) => s.lastAckedSeq === i);
    }
    expectAppliedOnce(reg, headOffice, 3);
    expect(reg.app.sync.shiftEndCheck()).toMatchObject({
      allAcknowledged: true,
      message: 'All 3 events acknowledged by head office.',
    });
  });

  it('resends after an ack that comes too late, and the late copy counts once', async () => {
    const headOffice = await peer();
    headOffice.onPush = (_events, index) =>
      index === 0 ? { kind: 'answer-late', ms: 3000 } : { kind: 'answer' };
    const reg = register();
    for (let i = 0; i < 5; i += 1) sell(reg.app);
    await enrol(reg, headOffice.url);

    await waitForStatus(reg.app, drained);

    expect(headOffice.pushes[0]).toEqual({ first: 1, last: 5 });
    expect(headOffice.pushes[1]).toEqual({ first: 1, last: 5 });
    expect(headOffice.duplicates).toBe(5);
    expectAppliedOnce(reg, headOffice, 5);
  });

  it('resends a batch that was lost on the way', async () => {
    const headOffice = await peer();
    headOffice.onPush = (_events, index) => (index === 0 ? { kind: 'swallow' } : { kind: 'answer' });
    const reg = register();
    for (let i = 0; i < 4; i += 1) sell(reg.app);
    await enrol(reg, headOffice.url);

    await waitForStatus(reg.app, drained);

    expect(headOffice.pushes.slice(0, 2)).toEqual([
      { first: 1, last: 4 },
      { first: 1, last: 4 },
    ]);
    expectAppliedOnce(reg, headOffice, 4);
  });

  it('resends from the seq head office expects after a gap', async () => {
    const headOffice = await peer();
    const reg = register();
    for (let i = 0; i < 3; i += 1) sell(reg.app);
    await enrol(reg, headOffice.url);
    await waitForStatus(reg.app, drained);

    // Head office pretends to have lost seq 3 (restored from an older backup of its own).
    headOffice.applied.pop();
    headOffice.onPush = (_events, index) =>
      index === 1
        ? { kind: 'reply', reply: { status: 'gap', expectedSeq: 3, lastAppliedSeq: 2 } }
        : { kind: 'answer' };
    sell(reg.app);
    sell(reg.app);
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === 5);

    expect(headOffice.pushes.slice(1).map((push) => push.first)).toEqual([4, 3]);
    expectAppliedOnce(reg, headOffice, 5);
  });

  it('waits as long as head office asks when it answers retry', async () => {
    const headOffice = await peer();
    headOffice.onPush = (_events, index) =>
      index < 2
        ? { kind: 'reply', reply: { status: 'retry', retryAfterMs: 100, reason: 'database restarting' } }
        : { kind: 'answer' };
    const reg = register();
    sell(reg.app);
    await enrol(reg, headOffice.url);

    await waitForStatus(reg.app, drained);

    expect(headOffice.pushes).toEqual([
      { first: 1, last: 1 },
      { first: 1, last: 1 },
      { first: 1, last: 1 },
    ]);
    expect(reg.app.sync.status().lastError).toBeNull();
  });

  it('never sends while the link is down, and sends from the last acknowledged seq when it is back', async () => {
    const headOffice = await peer();
    const proxy: TcpProxy = await startTcpProxy(headOffice.port);
    afterTest(() => proxy.close());
    const reg = register();
    await enrol(reg, proxy.url);
    sell(reg.app);
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === 1);

    proxy.setDown(true);
    const down = await waitForStatus(reg.app, (s) => /^Cannot reach/.test(s.lastError ?? ''));
    // In words for the person at the register, not socket.io's ("websocket error", "xhr poll error").
    expect(down.lastError).toBe(
      `Cannot reach head office at ${proxy.url}: no connection to it. Check that this register is online and head office is running; trying again.`,
    );
    for (let i = 0; i < 10; i += 1) sell(reg.app);
    const offline = reg.app.sync.status();
    expect(offline).toMatchObject({ connected: false, eventsWaiting: 10 });
    expect(offline.oldestWaitingAt).not.toBeNull();
    const shiftEnd = reg.app.sync.shiftEndCheck();
    expect(shiftEnd.allAcknowledged).toBe(false);
    expect(shiftEnd.message).toMatch(/^10 events still waiting for head office \(seq 2–11/);
    expect(shiftEnd.message).toContain('Sale R1-000002');
    expect(headOffice.pushes).toHaveLength(1);

    proxy.setDown(false);
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === 11);
    expect(headOffice.pushes[1]).toEqual({ first: 2, last: 11 });
    expectAppliedOnce(reg, headOffice, 11);
  });

  it('connects again by itself after head office was unavailable at connect', async () => {
    const headOffice = await peer();
    headOffice.refuse = { code: 'unavailable', reason: 'its database is restarting', retryAfterMs: 100 };
    const reg = register();
    sell(reg.app);
    await enrol(reg, headOffice.url);
    const refused = await waitForStatus(reg.app, (s) => s.lastError !== null);
    expect(refused).toMatchObject({ connected: false, blockedReason: null });
    expect(refused.lastError).toContain('its database is restarting');

    headOffice.refuse = null;
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === 1);
    expect(reg.app.sync.status().lastError).toBeNull();
  });

  it('picks up after a restart from what head office acknowledged', async () => {
    const headOffice = await peer();
    const first = register();
    await enrol(first, headOffice.url);
    sell(first.app);
    await waitForStatus(first.app, (s) => s.lastAckedSeq === 1);
    headOffice.refuse = { code: 'unavailable', reason: 'maintenance', retryAfterMs: 60_000 };
    headOffice.disconnectAll();
    await waitForStatus(first.app, (s) => !s.connected);
    sell(first.app);
    sell(first.app);
    first.close();

    headOffice.refuse = null;
    const again = register({ dataDir: first.dataDir });
    await waitForStatus(again.app, (s) => drained(s) && s.lastAckedSeq === 3);
    expect(headOffice.pushes.at(-1)).toEqual({ first: 2, last: 3 });
    expectAppliedOnce(again, headOffice, 3);
  });
});

describe('when head office stops the register, it keeps selling, keeps its queue and says why', () => {
  it('a revoked token', async () => {
    const headOffice = await peer();
    const reg = register();
    await enrol(reg, headOffice.url);
    await waitForStatus(reg.app, (s) => s.connected);
    headOffice.refuse = { code: 'revoked', reason: 'register reported stolen' };
    headOffice.disconnectAll();

    const status = await waitForStatus(reg.app, (s) => s.blockedReason !== null);
    expect(status.blockedReason).toContain('revoked');
    expect(status.blockedReason).toContain('register reported stolen');
    expect(status.blockedReason).toContain('Selling goes on');
    sell(reg.app);
    sell(reg.app);
    expect(reg.app.sync.status()).toMatchObject({ connected: false, eventsWaiting: 2 });
    expect(reg.app.sync.shiftEndCheck().message).toContain('revoked');

    // Head office restores access; "Sync now" sends everything kept.
    headOffice.refuse = null;
    reg.app.sync.syncNow();
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === 2);
    expect(reg.app.sync.status().blockedReason).toBeNull();
    expectAppliedOnce(reg, headOffice, 2);
  });

  it('an unknown token at connect', async () => {
    const headOffice = await peer();
    headOffice.refuse = { code: 'unknown_token', reason: 'no register has this token' };
    const reg = register();
    await enrol(reg, headOffice.url);
    const status = await waitForStatus(reg.app, (s) => s.blockedReason !== null);
    expect(status.blockedReason).toContain('does not recognise this register');
    sell(reg.app);
    expect(reg.app.sync.status().eventsWaiting).toBe(1);
  });

  it('a conflict (cloned register): stops pushing until a person acts', async () => {
    const headOffice = await peer();
    headOffice.onPush = () => ({
      kind: 'reply',
      reply: { status: 'conflict', reason: 'seq 1 already holds a different event' },
    });
    const reg = register();
    sell(reg.app);
    await enrol(reg, headOffice.url);

    const status = await waitForStatus(reg.app, (s) => s.blockedReason !== null);
    expect(status.blockedReason).toContain('copy of another one or restored from an old backup');
    sell(reg.app);
    expect(reg.app.sync.status()).toMatchObject({ eventsWaiting: 2, lastAckedSeq: 0 });
    // The pump waits for a person: another sale and the poll timer send nothing more.
    const pushesWhenStopped = headOffice.pushes.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(headOffice.pushes).toHaveLength(pushesWhenStopped);
  });

  it('upgrade required: says the versions differ and nothing is lost', async () => {
    const headOffice = await peer();
    headOffice.onPush = () => ({
      kind: 'reply',
      reply: { status: 'upgrade_required', reason: 'sale.completed v1 is too old' },
    });
    const reg = register();
    sell(reg.app);
    await enrol(reg, headOffice.url);
    const status = await waitForStatus(reg.app, (s) => s.blockedReason !== null);
    expect(status.blockedReason).toContain('sale.completed v1 is too old');
    expect(status.blockedReason).toContain('Nothing is lost once the older one is updated');
    expect(status.eventsWaiting).toBe(1);
  });
});

describe('the IPC surface', () => {
  it('answers sync.status, sync.now and sync.shiftEndCheck through the dispatcher', async () => {
    const reg = register();
    sell(reg.app);
    await expect(reg.app.dispatch('sync.status', undefined)).resolves.toMatchObject({
      ok: true,
      value: { enrolled: false, eventsWaiting: 1 },
    });
    await expect(reg.app.dispatch('sync.now', undefined)).resolves.toMatchObject({ ok: true });
    await expect(reg.app.dispatch('sync.shiftEndCheck', undefined)).resolves.toMatchObject({
      ok: true,
      value: { allAcknowledged: false, waitingCount: 1 },
    });
    await expect(
      reg.app.dispatch('sync.enroll', { headOfficeUrl: 'ftp://x', pairingCode: 'PAIR-1', registerName: 'T' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
