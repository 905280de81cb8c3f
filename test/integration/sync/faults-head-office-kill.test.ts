/**
 * Head office killed with SIGKILL while a batch is in flight (sent by the register, not yet acknowledged), then
 * started again on the same port and the same data, a few times, on SQLite and on PostgreSQL. The register is
 * never told anything: it reconnects by itself, resends from its last acknowledged seq, and head office ends up
 * with every event exactly once (the six SYNC.md invariants). Kill times come from a seeded generator named in
 * the test title (HO_KILL_SEED reproduces a run).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadOfficeProcess } from '../../harness/head-office-process.ts';
import { seededRandom, seedFrom } from '../../harness/seeded-random.ts';
import { enrolAt, homeStore, pairingCode, seedHeadOffice } from '../../harness/sync-head-office.ts';
import { SyncInvariants } from '../../harness/sync-invariants.ts';
import { drained, openRegister, pushRecorder, sellMany, waitForStatus } from '../../harness/sync-register.ts';
import { MAX_BATCH_EVENTS } from '../../../src/shared/sync/protocol.ts';
import { dialects } from '../headoffice/helpers.ts';

const seed = seedFrom('HO_KILL_SEED');
const kills = 3;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('head office on %s', (dialect) => {
  it(`killed -9 mid-batch ${kills} times: the register reconnects by itself, every event once (seed ${seed})`, async () => {
    const next = seededRandom(seed);
    const recorder = pushRecorder();
    // A generous ack timeout: a timeout is not what this test is about, the dead connection is.
    const reg = openRegister({ sync: { connect: recorder.connect, ackTimeoutMs: 20_000 } });
    cleanups.push(() => reg.destroy());
    const ho = await startHeadOfficeProcess(dialect);
    cleanups.push(() => ho.close());
    await seedHeadOffice(ho.admin, reg);
    const registerId = await enrolAt(reg, ho.url, await pairingCode(ho.admin));
    await waitForStatus(reg.app, drained);
    const invariants = new SyncInvariants(ho.db);
    const ledger = { registerId, storeId: homeStore, db: reg.app.db };

    for (let kill = 0; kill < kills; kill += 1) {
      // Kill during a push: a random moment after the register sent a batch, if it is still unacknowledged
      // then (head office is reading it, applying it, committing, or its answer is on the way back).
      let killed = false;
      while (!killed) {
        if (reg.app.sync.status().eventsWaiting < MAX_BATCH_EVENTS)
          sellMany(reg.app, MAX_BATCH_EVENTS + Math.floor(next() * 300));
        const push = await recorder.next();
        await sleep(Math.floor(next() * 60));
        if (reg.app.sync.status().lastAckedSeq < push.last) {
          await ho.kill();
          killed = true;
        }
      }
      await waitForStatus(reg.app, (s) => !s.connected);
      // Selling goes on while head office is gone.
      sellMany(reg.app, 10 + Math.floor(next() * 20));
      await ho.restart();
      // Nobody presses "Sync now": the register finds head office again by itself.
      await waitForStatus(reg.app, (s) => s.connected);
      await invariants.check([ledger]); // remembers head office's cursor: it must never go back
    }

    const lastSeq = (reg.app.db.prepare('SELECT max(seq) AS seq FROM outbox').get() as { seq: number }).seq;
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === lastSeq, 120_000);
    expect(await invariants.check([ledger])).toEqual([]);
  }, 120_000);
});
