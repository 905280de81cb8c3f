/**
 * Head office counts a shift from the documents it received and checks the register's Z report against it:
 * against the real head office (src/headoffice, SQLite) over real sockets.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countShift } from '../../../src/headoffice/shifts.ts';
import type { RegisterApp } from '../../../src/main/app.ts';
import { shiftClosedPayloadSchema } from '../../../src/shared/documents/shift.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { enrolledRegister, type HeadOfficeForRegisters } from '../../harness/sync-head-office.ts';
import { drained, loaf, sell, spaghetti, waitForStatus } from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();

const manager = { pin: '9999' };

/** Closes the shift with exactly the expected cash counted; returns the Z report. */
function closeShift(app: RegisterApp) {
  const expected = app.services.shifts.xReport().totals.cash.expectedMinor;
  return app.services.shifts.close({ count: [{ valueMinor: 1, count: expected }] }).report;
}

/** The 'shift.closed' event of Z report `number` as the register queued it. */
function closedEvent(app: RegisterApp, number: number) {
  const row = app.db
    .prepare(
      'SELECT o.seq, o.payload FROM outbox o JOIN z_reports z ON z.outbox_seq = o.seq WHERE z.number = ?',
    )
    .get(number) as { seq: number; payload: string };
  return { seq: row.seq, ...shiftClosedPayloadSchema.parse(JSON.parse(row.payload)) };
}

async function exceptions(hq: HeadOfficeForRegisters, kind: string) {
  const reply = await hq.ho.admin('GET', `/api/exceptions?kind=${kind}`);
  expect(reply.status).toBe(200);
  return reply.body.items as { seq: number; details: string }[];
}

describe('head office’s count of a closed shift', () => {
  it('equals the register’s Z totals to the cent: sales, a discount, a return, a void, cash in and out', async () => {
    const { reg, hq } = await enrolledRegister(afterTest);
    const { app } = reg;
    const { sales, returns, shifts } = app.services;

    const cashSale = (() => {
      sales.scan({ code: spaghetti });
      sales.scan({ code: spaghetti });
      sales.scan({ code: loaf });
      sales.discountCart({ discount: { kind: 'amount', amountMinor: 25 }, reason: 'regular customer' });
      sales.addTender({ kind: 'cash', amountMinor: sales.current().dueMinor + 1000 }); // change given
      return sales.complete().receipt.sale;
    })();
    const cardSale = (() => {
      sales.scan({ code: loaf });
      sales.addTender({ kind: 'card', amountMinor: sales.current().dueMinor });
      return sales.complete().receipt.sale;
    })();
    sell(app, [spaghetti, loaf]);
    await returns.complete({
      from: {
        kind: 'receipt',
        saleId: cashSale.saleId,
        receiptNumber: cashSale.receiptNumber,
        lines: [{ lineId: cashSale.lines[0]!.lineId, quantity: 1, disposition: 'sellable' }],
      },
      exchange: false,
      refundTo: 'original',
      payments: [],
    });
    returns.postVoid({ saleId: cardSale.saleId, reason: 'rang up on the wrong till', approval: manager });
    shifts.cashMovement({ kind: 'in', amountMinor: 5000, reason: 'change from the safe', approval: manager });
    shifts.cashMovement({ kind: 'out', amountMinor: 2000, reason: 'banking', approval: manager });
    const report = closeShift(app);
    await waitForStatus(app, drained);

    const closed = closedEvent(app, report.number);
    const registerId = app.services.settings.register().registerId;
    const atHeadOffice = await countShift(hq.ho.db, { id: registerId, store_id: hq.storeId }, closed);
    expect(atHeadOffice.missing).toEqual([]);
    expect(atHeadOffice.totals).toEqual(report.totals);
    // Every kind of document is in it, so the check covers each.
    expect(report.totals).toMatchObject({
      sales: { count: 3 },
      returns: { count: 1 },
      voids: { count: 1 },
      discounts: { count: 1, amountMinor: 25 },
      cash: { inMinor: 5000, outMinor: 2000 },
    });
    expect(await exceptions(hq, 'z_mismatch')).toEqual([]);
  });

  it('records a z_mismatch when a document of the shift says something else than the Z report', async () => {
    const { reg, hq } = await enrolledRegister(afterTest);
    const { app } = reg;
    hq.proxy.setDown(true);
    await waitForStatus(app, (status) => !status.connected);
    const tampered = sell(app, [spaghetti]);
    sell(app, [loaf]);
    const report = closeShift(app);

    // Someone changes the sale's event while it waits (the ledger's trigger refuses an ordinary update).
    const payload = JSON.stringify({
      ...tampered,
      totals: { ...tampered.totals, totalMinor: tampered.totals.totalMinor - 100 },
    });
    app.db.exec('DROP TRIGGER outbox_no_update');
    app.db
      .prepare('UPDATE outbox SET payload = ?, payload_hash = ? WHERE seq = ?')
      .run(payload, createHash('sha256').update(payload).digest('hex'), tampered.outboxSeq);
    hq.proxy.setDown(false);
    await waitForStatus(app, drained);

    const found = await exceptions(hq, 'z_mismatch');
    expect(found).toHaveLength(1);
    expect(found[0]!.seq).toBe(closedEvent(app, report.number).seq);
    expect(found[0]!.details).toContain(`Z report ${report.number}`);
    expect(found[0]!.details).toContain(
      `sales.grossMinor: ${report.totals.sales.grossMinor} ≠ ${report.totals.sales.grossMinor - 100}`,
    );
  });
});
