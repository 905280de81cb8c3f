/**
 * The Z report's line about head office, against the real head office (src/headoffice) over real sockets:
 * what it says when every event of the shift arrived, and when some still wait.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { expectedCash } from '../ledger/ledger-fixture.ts';
import { enrolledRegister } from '../../harness/sync-head-office.ts';
import { drained, loaf, sell, spaghetti, waitForStatus } from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();
/** The shift was open when the register enrolled: its opening count is one of the shift's events too. */
const OPENING_COUNT = 1;

describe('the Z report', () => {
  it("says all the shift's events were acknowledged by head office", async () => {
    const { reg } = await enrolledRegister(afterTest);
    const { app } = reg;
    sell(app, [spaghetti]);
    sell(app, [loaf, spaghetti]);
    await waitForStatus(app, drained);

    const expected = expectedCash(app);
    const { report } = app.services.shifts.close({ count: [{ valueMinor: 1, count: expected }] });
    const events = 2 + OPENING_COUNT;
    expect(report.headOffice).toEqual({
      state: 'all-acknowledged',
      events,
      acknowledged: events,
      waiting: 0,
      message: `All ${events} events acknowledged by head office.`,
    });
  });

  it('says which events still wait while head office is out of reach, and later that they arrived', async () => {
    const { reg, hq } = await enrolledRegister(afterTest);
    const { app } = reg;
    sell(app, [spaghetti]);
    await waitForStatus(app, drained);
    hq.proxy.setDown(true);
    await waitForStatus(app, (status) => !status.connected);
    const waiting = [sell(app, [loaf]), sell(app, [spaghetti, loaf])];

    const expected = expectedCash(app);
    const { report } = app.services.shifts.close({ count: [{ valueMinor: 1, count: expected }] });
    const events = 3 + OPENING_COUNT;
    expect(report.headOffice).toMatchObject({
      state: 'waiting',
      events,
      acknowledged: events - 2,
      waiting: 2,
    });
    expect(report.headOffice.message).toBe(
      `2 of ${events} events still waiting for head office (Sale ${waiting[0]!.receiptNumber}, Sale ${waiting[1]!.receiptNumber}); ` +
        'why: not connected to head office. They stay on this register and are sent as soon as head office can be reached.',
    );

    hq.proxy.setDown(false);
    await waitForStatus(app, drained);
    const again = app.services.shifts.zReport(report.number);
    expect(again.report).toEqual(report); // kept as it was at close
    expect(again.headOfficeNow.message).toBe(`All ${events} events acknowledged by head office.`);
  });
});
