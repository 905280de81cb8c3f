/**
 * A receipt from another register of the store: two real registers and the real head office (SQLite) over
 * sockets on 127.0.0.1, with a TCP proxy to take head office away.
 */
import { describe, expect, it } from 'vitest';
import type { CompletedSale } from '../../../src/shared/domain.ts';
import type { ReturnRequest } from '../../../src/shared/returns.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { demoStore } from '../../../src/main/services/demo-seed.ts';
import { enrolAt, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
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

    const found = await tillB.app.services.returns.lookup({ code: sale.receiptNumber });
    expect(found.source).toBe('head-office');
    expect(found.lines.map((line) => [line.line.sku, line.returnableQuantity])).toEqual(
      sale.lines.map((line) => [line.sku, line.quantity]),
    );
    const { return: atB } = await tillB.app.services.returns.complete(returnOf(sale, 0, 1));
    expect(atB.original).toMatchObject({ saleId: sale.saleId, registerId: sale.registerId });
    expect(atB.receiptNumber).toMatch(/^B-/);
    await acked(tillB, atB.outboxSeq);

    // Back at the till that sold it, the return made at till B counts.
    const atA = await tillA.app.services.returns.lookup({ code: sale.receiptNumber });
    expect(atA.source).toBe('local');
    expect(atA.lines[0]).toMatchObject({ returnedQuantity: 1, returnableQuantity: 1 });
    expect((await rejectionOf(() => tillA.app.services.returns.complete(returnOf(sale, 0, 2)))).code).toBe(
      'INVALID_INPUT',
    );
    await tillA.app.services.returns.complete(returnOf(sale, 0, 1));

    // Offline, till B cannot verify the receipt and says the no-receipt path is there.
    hq.proxy.setDown(true);
    await waitForStatus(tillB.app, (status) => !status.connected);
    const offline = await rejectionOf(() => tillB.app.services.returns.lookup({ code: sale.receiptNumber }));
    expect(offline.code).toBe('HEAD_OFFICE_UNREACHABLE');
    expect(offline.message).toContain('Take the return without receipt instead');
  });

  it('takes back at one store what was bought at another, refunded in cash, and the selling store counts it', async () => {
    const dublin = register();
    const cork = register();
    const hq = await startHeadOfficeFor(dublin);
    afterTest(() => hq.close());
    const { taxRates, pricesIncludeTax, currency } = demoStore;
    await hq.ho.admin('POST', '/api/stores', {
      id: 'CORK-1',
      name: 'Cork',
      currency,
      pricesIncludeTax,
      taxRates,
    });
    await hq.enrol(dublin, 'Dublin till');
    await enrolAt(cork, hq.proxy.url, await hq.pairingCode('CORK-1'), 'Cork till');
    usePrefix(dublin, 'D-');
    usePrefix(cork, 'C-');

    // Paid by card at Dublin.
    const { sales } = dublin.app.services;
    sales.scan({ code: spaghetti });
    sales.scan({ code: spaghetti });
    sales.addTender({ kind: 'card', amountMinor: sales.scan({ code: loaf }).dueMinor });
    const sale = sales.complete().receipt.sale;
    await acked(dublin, sale.outboxSeq);
    await waitForStatus(cork.app, drained);

    const found = await cork.app.services.returns.lookup({ code: sale.receiptNumber });
    expect(found).toMatchObject({ source: 'head-office', cashier: null, tenders: [] });
    expect(found.sale).toMatchObject({
      storeId: dublin.app.services.settings.register().storeId,
      tenders: [],
    });
    expect(found.lines.map((line) => line.returnableQuantity)).toEqual([2, 1]);
    expect(found.leftToRefundMinor).toBe(sale.totals.totalMinor);

    // Dublin's card is not at Cork: the goods' value goes back in cash, without any approval.
    const one = returnOf(sale, 0, 1);
    const quote = await cork.app.services.returns.quote(one);
    expect(quote).toMatchObject({
      refunds: [{ kind: 'cash', amountMinor: sale.lines[0]!.totalMinor / 2 }],
      approvalsNeeded: [],
    });
    const { return: first } = await cork.app.services.returns.complete(one);
    expect(first.refunds).toEqual(quote.refunds);
    await acked(cork, first.outboxSeq);

    // Dublin counts what Cork took back; the last of the sale at Cork refunds what is left of its value.
    expect((await dublin.app.services.returns.lookup({ code: sale.receiptNumber })).lines[0]).toMatchObject({
      returnedQuantity: 1,
      returnableQuantity: 1,
    });
    const rest: ReturnRequest = {
      ...one,
      from: {
        ...one.from,
        kind: 'receipt',
        saleId: sale.saleId,
        receiptNumber: sale.receiptNumber,
        lines: sale.lines.map((line, i) => ({
          lineId: line.lineId,
          quantity: i === 0 ? 1 : line.quantity,
          disposition: 'sellable' as const,
        })),
      },
    };
    const { return: last } = await cork.app.services.returns.complete(rest);
    expect(last.refunds).toEqual([{ kind: 'cash', amountMinor: sale.totals.totalMinor - quote.refundMinor }]);
    await acked(cork, last.outboxSeq);
    const atDublin = await dublin.app.services.returns.lookup({ code: sale.receiptNumber });
    expect(atDublin.lines.map((line) => line.returnableQuantity)).toEqual([0, 0]);
  });
});
