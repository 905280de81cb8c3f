/**
 * Version skew between registers and head office (SYNC.md: head office accepts the current and the previous
 * protocol version). A register one version behind syncs as usual. One further behind, or one ahead of head
 * office, is refused with upgrade_required at connect: it keeps selling, keeps its queue and says why, and once
 * it speaks a version head office accepts (here: the register restarted on the same data with the current
 * version, as after an update) everything arrives exactly once. The old version is played by rewriting the
 * handshake's protocolVersion in the socket factory the sync options take.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../src/shared/sync/protocol.ts';
import type { SocketFactory } from '../../../src/main/sync/index.ts';
import {
  homeStore,
  startHeadOfficeFor,
  type HeadOfficeForRegisters,
} from '../../harness/sync-head-office.ts';
import {
  drained,
  fastSocketFactory,
  openRegister,
  sellMany,
  waitForStatus,
  type TestRegister,
} from '../../harness/sync-register.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A register that says it speaks `protocolVersion` in every handshake. */
const speaking =
  (protocolVersion: number): SocketFactory =>
  (url, auth) =>
    fastSocketFactory(url, (send) => auth((data) => send({ ...data, protocolVersion })));

async function setUp(protocolVersion: number) {
  const reg = openRegister({ sync: { connect: speaking(protocolVersion) } });
  cleanups.push(() => reg.destroy());
  const hq = await startHeadOfficeFor(reg);
  cleanups.push(() => hq.close());
  const registerId = await hq.enrol(reg);
  return { reg, hq, registerId };
}

const check = (hq: HeadOfficeForRegisters, reg: TestRegister, registerId: string) =>
  hq.invariants.check([{ registerId, storeId: homeStore, db: reg.app.db }]);

describe('version skew', () => {
  it('a register one protocol version behind syncs as usual', async () => {
    const { reg, hq, registerId } = await setUp(PROTOCOL_VERSION - 1);
    sellMany(reg.app, 40);
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq >= 40);
    expect(await check(hq, reg, registerId)).toEqual([]);
  });

  it.each([
    { who: 'two protocol versions behind', version: PROTOCOL_VERSION - 2, says: /Update the register/ },
    { who: 'ahead of head office', version: PROTOCOL_VERSION + 1, says: /Head office must be updated/ },
    { who: 'sending a version that is no whole number', version: 1.5, says: /no version number/ },
  ])(
    'a register $who is refused with upgrade_required, sells on, and loses nothing once versions match',
    async ({ version, says }) => {
      const { reg, hq, registerId } = await setUp(version);
      const refused = await waitForStatus(reg.app, (s) => s.blockedReason !== null);
      expect(refused.blockedReason).toMatch(says);
      expect(refused.blockedReason).toContain('Selling goes on');
      sellMany(reg.app, 25);
      const waiting = reg.app.sync.status();
      expect(waiting).toMatchObject({ connected: false, lastAckedSeq: 0 });
      expect(waiting.eventsWaiting).toBeGreaterThanOrEqual(25);
      expect(reg.app.sync.shiftEndCheck().allAcknowledged).toBe(false);

      // The update: the same register, on the same data, now speaking the current version.
      reg.close();
      const updated = openRegister({ dataDir: reg.dataDir });
      cleanups.push(() => updated.close());
      sellMany(updated.app, 5);
      await waitForStatus(updated.app, (s) => drained(s) && s.lastAckedSeq === waiting.eventsWaiting + 5);
      expect(updated.app.sync.status().blockedReason).toBeNull();
      expect(await check(hq, updated, registerId)).toEqual([]);
    },
  );
});
