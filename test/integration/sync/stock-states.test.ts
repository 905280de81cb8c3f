/**
 * Stock states through sync (INVENTORY.md invariant 9): a register's adjustments, a damaged return and sales
 * reach head office, and once the queues drain the register's figures of every state for its store equal head
 * office's, on SQLite and PostgreSQL. Before head office has applied them, the register adds its own movements
 * to head office's figure, whatever their state. A warehouse set at head office reaches the register.
 */
import { describe, expect, it } from 'vitest';
import { returnRequestSchema } from '../../../src/shared/returns.ts';
import type { Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  drained,
  openRegister,
  sell,
  spaghetti,
  waitForStatus,
  waitUntil,
} from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();
const managerPin = { pin: '9999' };

describe.each(['sqlite', 'postgres'] as const)('stock states through sync on %s', (dialect) => {
  it(
    'a register’s figures of every state equal head office’s once the queues drain',
    { timeout: 120_000 },
    async () => {
      const reg = openRegister({ sync: { ackTimeoutMs: 10_000 } });
      afterTest(() => reg.destroy());
      const hq = await startHeadOfficeFor(reg, dialect);
      afterTest(() => hq.close());
      const { stock, catalog, adjustments, returns } = reg.app.services;
      const product = catalog.lookupCode(spaghetti)!;
      // What the demo catalog loaded reaches head office as the opening count when the register enrols.
      const opening = stock.onHand(product.id);
      await hq.enrol(reg);
      await waitForStatus(reg.app, drained);
      await hq.ho.admin('POST', `/api/stores/${homeStore}/stock-movements`, {
        sku: product.sku,
        kind: 'receive',
        quantity: 30,
      });
      await waitUntil(reg.app, () => stock.figuresHere(product.id).on_hand === opening + 30);

      hq.proxy.setDown(true);
      await waitForStatus(reg.app, (s) => !s.connected);
      const sale = sell(reg.app, [spaghetti, spaghetti]);
      adjustments.complete({
        reason: 'damaged',
        lines: [{ productId: product.id, quantity: 3 }],
        approval: managerPin,
      });
      adjustments.complete({
        reason: 'repair',
        lines: [{ productId: product.id, quantity: 1 }],
        approval: managerPin,
      });
      await returns.complete(
        returnRequestSchema.parse({
          from: {
            kind: 'receipt',
            saleId: sale.saleId,
            receiptNumber: sale.receiptNumber,
            lines: [{ lineId: sale.lines[0]!.lineId, quantity: 1, disposition: 'damaged' }],
          },
          approval: managerPin,
        }),
      );
      // Offline: head office's figure plus this register's own movements of every state.
      const expected = { on_hand: opening + 30 - 2 - 3 + 1, damaged: 3 - 1 + 1, committed: 0, in_transit: 0 };
      expect(stock.figuresHere(product.id)).toEqual(expected);

      hq.proxy.setDown(false);
      await waitForStatus(reg.app, drained);
      const atHeadOffice = async () =>
        (await hq.ho.admin<Page<StockView>>('GET', `/api/stores/${homeStore}/stock?sku=${product.sku}`)).body
          .items[0]!;
      await expect
        .poll(async () => (await atHeadOffice()).damaged, { timeout: 20_000 })
        .toBe(expected.damaged);
      const headOffice = await atHeadOffice();
      expect(headOffice).toMatchObject({ onHand: expected.on_hand, damaged: expected.damaged, inTransit: 0 });
      // Once the register has pulled that figure, its own view equals it (invariant 9).
      await waitUntil(reg.app, () => {
        const row = reg.app.db
          .prepare('SELECT damaged FROM head_office_stock WHERE sku = ? AND store_id = ?')
          .get(product.sku, homeStore) as { damaged: number } | undefined;
        return row?.damaged === expected.damaged;
      });
      expect(stock.figuresHere(product.id)).toEqual(expected);
      expect(stock.check().differences).toEqual([]);

      await hq.ho.admin('PATCH', `/api/stores/${homeStore}`, {
        kind: 'warehouse',
        adjustmentApprovalMinor: 1000,
      });
      await waitUntil(reg.app, () => reg.app.services.settings.store().locationKind === 'warehouse');
      expect(reg.app.services.settings.store().adjustmentApprovalMinor).toBe(1000);
    },
  );
});
