/**
 * A receipt from another register of the store: two real registers and the real head office (SQLite) over
 * sockets on 127.0.0.1, with a TCP proxy to take head office away.
 */
import { describe, expect, it } from 'vitest';
import type { CompletedSale } from '../../../src/shared/domain.ts';
import type { ReturnRequest } from '../../../src/shared/returns.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  drained,
  loaf,
  openRegister,
  sell,
  spaghetti,
  waitForStatus,
  type TestRegister,
} from '../../harness/sync-register.ts';
import { rejectionOf } from './returns-fixture.ts';

const afterTest = cleanUpAfterEachTest();

function register(): TestRegister {
  const opened = openRegister();
  afterTest(() => opened.destroy());
  return opened;
}

/** Receipt numbers are unique per register: give each its own prefix, as enrolment at a real store would. */
function usePrefix(reg: TestRegister, receiptPrefix: string): void {
  const { settings } = reg.app.services;
  settings.saveRegister({ ...settings.register(), receiptPrefix });
}

const acked = (reg: TestRegister, seq: number) =>
  waitForStatus(reg.app, (status) => drained(status) && status.lastAckedSeq >= seq);

function returnOf(sale: CompletedSale, lineIndex: number, quantity: number): ReturnRequest {
  return {
    from: {
      kind: 'receipt',
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      lines: [{ lineId: sale.lines[lineIndex]!.lineId, quantity, disposition: 'sellable' }],
    },
    exchange: false,
    refundTo: 'original',
    payments: [],
  };
}

describe('returns of another register’s sale', () => {
  it('finds it through head office, and every register counts what the others took back', async () => {
    const tillA = register();
    const tillB = register();
    const hq = await startHeadOfficeFor(tillA);
    afterTest(() => hq.close());
    await hq.enrol(tillA, 'Till A');
    await hq.enrol(tillB, 'Till B');
    usePrefix(tillA, 'A-');
    usePrefix(tillB, 'B-');

    const sale = sell(tillA.app, [spaghetti, spaghetti, loaf]);
    await acked(tillA, sale.outboxSeq);
    await waitForStatus(tillB.app, drained);

    const found = await tillB.app.services.returns.lookup(sale.receiptNumber);
    expect(found.source).toBe('head-office');
    expect(found.lines.map((line) => [line.line.sku, line.returnableQuantity])).toEqual(
      sale.lines.map((line) => [line.sku, line.quantity]),
    );
    const { return: atB } = await tillB.app.services.returns.complete(returnOf(sale, 0, 1));
    expect(atB.original).toMatchObject({ saleId: sale.saleId, registerId: sale.registerId });
    expect(atB.receiptNumber).toMatch(/^B-/);
    await acked(tillB, atB.outboxSeq);

    // Back at the till that sold it, the return made at till B counts.
    const atA = await tillA.app.services.returns.lookup(sale.receiptNumber);
    expect(atA.source).toBe('local');
    expect(atA.lines[0]).toMatchObject({ returnedQuantity: 1, returnableQuantity: 1 });
    expect((await rejectionOf(() => tillA.app.services.returns.complete(returnOf(sale, 0, 2)))).code).toBe(
      'INVALID_INPUT',
    );
    await tillA.app.services.returns.complete(returnOf(sale, 0, 1));

    // Offline, till B cannot verify the receipt and says the no-receipt path is there.
    hq.proxy.setDown(true);
    await waitForStatus(tillB.app, (status) => !status.connected);
    const offline = await rejectionOf(() => tillB.app.services.returns.lookup(sale.receiptNumber));
    expect(offline.code).toBe('HEAD_OFFICE_UNREACHABLE');
    expect(offline.message).toContain('Take the return without receipt instead');
  });
});
