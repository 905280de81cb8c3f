/**
 * Days offline: a register with 20,000 queued sales reconnects to the real head office and drains them all,
 * each exactly once, in batches within the limits; the six SYNC.md invariants hold afterwards.
 */
import { expect, it } from 'vitest';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { enrolledRegister, homeStore } from '../../harness/sync-head-office.ts';
import { allAcknowledged, loaf, sell, spaghetti, waitForStatus } from '../../harness/sync-register.ts';

const queued = 20_000;
const afterTest = cleanUpAfterEachTest();

it(`drains ${queued} sales queued while offline`, async () => {
  const { reg, hq, registerId } = await enrolledRegister(afterTest, { sync: { ackTimeoutMs: 20_000 } });
  hq.proxy.setDown(true);
  await waitForStatus(reg.app, (s) => !s.connected);

  // Filling the queue is not what is tested: skip the fsync per commit while ringing the sales up.
  reg.app.db.pragma('synchronous = OFF');
  for (let i = 0; i < queued; i += 1) sell(reg.app, i % 2 === 0 ? [spaghetti] : [loaf, spaghetti]);
  reg.app.db.pragma('synchronous = FULL');
  const offline = reg.app.sync.status();
  expect(offline.eventsWaiting).toBe(queued);
  expect(reg.app.sync.shiftEndCheck().message).toContain(
    `${queued.toLocaleString('en')} events still waiting`,
  );

  hq.proxy.setDown(false);
  await waitForStatus(reg.app, allAcknowledged(reg.app), 540_000);

  expect(await hq.invariants.check([{ registerId, storeId: homeStore, db: reg.app.db }])).toEqual([]);
}, 600_000);
