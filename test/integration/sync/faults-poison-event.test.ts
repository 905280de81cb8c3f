/**
 * A poison event in the middle of the queue, end to end: the register sells a product while offline, head
 * office deletes that product before the queue drains. The sale is a fact: it is applied with one 'unknown SKU'
 * exception for a person, everything queued after it applies too, the queue never wedges, and the six SYNC.md
 * invariants hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ExceptionView, Page, SaleView } from '../../../src/shared/sync/admin-api.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  drained,
  loaf,
  openRegister,
  sell,
  sellMany,
  spaghetti,
  waitForStatus,
} from '../../harness/sync-register.ts';
import { dialects } from '../headoffice/helpers.ts';

/** Cocoa Hill Milk Chocolate Bar in the demo catalog. */
const chocolate = { sku: 'SNK-000003', barcode: '8001029000004' };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(dialects)('head office on %s', (dialect) => {
  it('applies a sale of a product it deleted with one exception, and everything queued after it', async () => {
    const reg = openRegister({ sync: { ackTimeoutMs: 10_000 } });
    cleanups.push(() => reg.destroy());
    const hq = await startHeadOfficeFor(reg, dialect);
    cleanups.push(() => hq.close());
    const { admin } = hq.ho;
    // Enough stock at head office that no sale here drives it below zero: the only exception is the one
    // this test is about.
    for (const sku of ['PAN-000001', 'BAK-000002', chocolate.sku]) {
      const received = await admin('POST', `/api/stores/${homeStore}/stock-movements`, {
        sku,
        kind: 'receive',
        quantity: 1000,
      });
      expect(received.status).toBe(201);
    }
    const registerId = await hq.enrol(reg);
    await waitForStatus(reg.app, drained);

    hq.proxy.setDown(true);
    await waitForStatus(reg.app, (s) => !s.connected);
    sellMany(reg.app, 30);
    const poison = sell(reg.app, [loaf, chocolate.barcode, spaghetti]);
    sellMany(reg.app, 30);
    // Head office deletes only a product no store has stock of: counted out first.
    const counted = await admin('POST', `/api/stores/${homeStore}/stock-movements`, {
      sku: chocolate.sku,
      kind: 'count',
      quantity: 0,
    });
    expect(counted.status).toBe(201);
    expect((await admin('DELETE', `/api/products/${chocolate.sku}`)).status).toBe(204);
    hq.proxy.setDown(false);

    const { lastAckedSeq } = await waitForStatus(
      reg.app,
      (s) => drained(s) && s.lastAckedSeq > poison.outboxSeq,
    );
    const exceptions = await admin<Page<ExceptionView>>('GET', '/api/exceptions');
    expect(exceptions.body.items).toEqual([
      expect.objectContaining({
        kind: 'unknown_sku',
        registerId,
        seq: poison.outboxSeq,
        sku: chocolate.sku,
        resolvedAt: null,
      }),
    ]);
    const [sale] = (
      await admin<Page<SaleView>>('GET', `/api/sales?registerId=${registerId}&limit=1000`)
    ).body.items.filter((item) => item.saleId === poison.saleId);
    expect(sale?.lines.map((line) => line.sku)).toEqual(['BAK-000002', chocolate.sku, 'PAN-000001']);

    // The queue is not wedged: what is sold next goes through as well.
    sell(reg.app);
    await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === lastAckedSeq + 1);
    expect(await hq.invariants.check([{ registerId, storeId: homeStore, db: reg.app.db }])).toEqual([]);
    expect((await admin<Page<ExceptionView>>('GET', '/api/exceptions')).body.items).toHaveLength(1);
  }, 60_000);
});
