/**
 * Audit entries and Z reports go to head office as soon as they are queued, like sales: the register's sync
 * pump wakes when the outbox gets an event, whatever its kind. The poll here is ten minutes, far longer than
 * the test's guard, so only that wake-up can deliver them.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { expectedCash } from '../ledger/ledger-fixture.ts';
import { enrolledRegister } from '../../harness/sync-head-office.ts';
import { waitForStatus, type TestRegister } from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();

const lastSeq = (reg: TestRegister): number =>
  reg.app.db.prepare('SELECT max(seq) AS seq FROM outbox').pluck().get() as number;

const ackedUpTo = (reg: TestRegister, seq: number) =>
  waitForStatus(reg.app, (status) => status.connected && status.lastAckedSeq >= seq, 30_000);

describe('events other than sales', () => {
  it('reach head office without waiting for the poll: an audit entry, then a shift close', async () => {
    const { reg, hq } = await enrolledRegister(afterTest, { sync: { pollIntervalMs: 10 * 60_000 } });
    const { people, shifts } = reg.app.services;

    // A new user: only an audit entry ('settings.edit') goes to head office.
    people.save({ name: 'Jo', role: 'cashier', pin: '4321', active: true, approval: { pin: '9999' } });
    const auditSeq = lastSeq(reg);
    await ackedUpTo(reg, auditSeq);
    const received = await hq.ho.db
      .selectFrom('received_events')
      .select('type')
      .where('seq', '=', auditSeq)
      .executeTakeFirstOrThrow();
    expect(received.type).toBe('audit.recorded');

    const expected = expectedCash(reg.app);
    shifts.close({ count: [{ valueMinor: 1, count: expected }] });
    await ackedUpTo(reg, lastSeq(reg));
    expect(reg.app.sync.status().eventsWaiting).toBe(0);
  });
});
