/**
 * Two registers that cannot see each other's returns each take back what they think is left of the same sale
 * line: head office keeps both returns (documents are facts) and records an 'over_return' exception for the
 * later one. Two real registers and the real head office (SQLite) over sockets on 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import type { CompletedSale } from '../../../src/shared/domain.ts';
import type { ReturnRequest } from '../../../src/shared/returns.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  drained,
  openRegister,
  sell,
  spaghetti,
  waitForStatus,
  type TestRegister,
} from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();

function register(receiptPrefix: string): TestRegister {
  const opened = openRegister();
  afterTest(() => opened.destroy());
  const { settings } = opened.app.services;
  settings.saveRegister({ ...settings.register(), receiptPrefix });
  return opened;
}

const acked = (reg: TestRegister, seq: number) =>
  waitForStatus(reg.app, (status) => drained(status) && status.lastAckedSeq >= seq);

function returnOf(sale: CompletedSale, quantity: number): ReturnRequest {
  return {
    from: {
      kind: 'receipt',
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      lines: [{ lineId: sale.lines[0]!.lineId, quantity, disposition: 'sellable' }],
    },
    exchange: false,
    refundTo: 'original',
    payments: [],
  };
}

describe('a sale line returned beyond what was sold, at two registers', () => {
  it('is kept at head office with an over_return exception on the later return', async () => {
    const tillA = register('A-');
    const tillB = register('B-');
    const hq = await startHeadOfficeFor(tillA);
    afterTest(() => hq.close());
    // Till A goes through the proxy, so it alone can be cut off; till B talks to head office directly.
    await hq.enrol(tillA, 'Till A');
    await tillB.app.sync.enrollUnattended({
      headOfficeUrl: hq.ho.url,
      pairingCode: await hq.pairingCode(),
      registerName: 'Till B',
    });
    await waitForStatus(tillB.app, drained);

    const sale = sell(tillA.app, [spaghetti, spaghetti]);
    await acked(tillA, sale.outboxSeq);
    hq.proxy.setDown(true);
    await waitForStatus(tillA.app, (status) => !status.connected);

    // Till B finds the sale through head office and takes both back.
    const { return: atB } = await tillB.app.services.returns.complete(returnOf(sale, 2));
    await acked(tillB, atB.outboxSeq);
    // Till A, offline, knows only its own returns: for it both are still returnable.
    const { return: atA } = await tillA.app.services.returns.complete(returnOf(sale, 1));
    hq.proxy.setDown(false);
    await acked(tillA, atA.outboxSeq);

    const reply = await hq.ho.admin('GET', '/api/exceptions?kind=over_return');
    expect(reply.body.items).toHaveLength(1);
    const [exception] = reply.body.items as {
      seq: number;
      registerId: string;
      sku: string;
      details: string;
    }[];
    expect(exception).toMatchObject({
      seq: atA.outboxSeq,
      registerId: tillA.app.services.settings.register().registerId,
      sku: sale.lines[0]!.sku,
    });
    expect(exception!.details).toContain(`Sale ${sale.receiptNumber} sold 2`);
    expect(exception!.details).toContain('took back 3: 1 more than was sold');
    expect(exception!.details).toContain(atB.receiptNumber);
    expect(exception!.details).toContain(atA.receiptNumber);

    // Both returns count at head office: a document is never refused.
    const kept = await hq.ho.db
      .selectFrom('returns')
      .select('return_id')
      .where('original_sale_id', '=', sale.saleId)
      .execute();
    expect(kept.map((row) => row.return_id).sort()).toEqual([atA.returnId, atB.returnId].sort());
  });
});
