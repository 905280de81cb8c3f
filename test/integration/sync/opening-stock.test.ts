/**
 * Opening stock (issue 14): what a register's catalog import loaded before it enrolled reaches head office as an
 * opening count, so its first sales raise no negative-stock exception and the register and head office show the
 * same on hand (invariant 9); a second register of the same store does not count the store's stock again: its
 * opening count stays open for a manager. On SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { ExceptionView, Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import type { CountDetail, CountView } from '../../../src/shared/sync/counts-api.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  drained,
  loaf,
  openRegister,
  sell,
  spaghetti,
  waitForStatus,
  waitUntil,
  type TestRegister,
} from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();

describe.each(['sqlite', 'postgres'] as const)('opening stock on %s', (dialect) => {
  it(
    'reaches head office as a count once, and the first sales are not below zero',
    { timeout: 120_000 },
    async () => {
      const till = (): TestRegister => {
        const reg = openRegister();
        afterTest(() => reg.destroy());
        return reg;
      };
      const first = till();
      const hq = await startHeadOfficeFor(first, dialect);
      afterTest(() => hq.close());
      const { admin } = hq.ho;
      const { stock, catalog } = first.app.services;
      const product = catalog.lookupCode(spaghetti)!;
      // The demo catalog's import loaded stock before the register was enrolled.
      const opening = stock.onHand(product.id);
      expect(opening).toBeGreaterThan(1);

      // The loaves sell out before enrolment: those sales go up too, and must not take head office below zero.
      const bread = catalog.lookupCode(loaf)!;
      sell(first.app, Array<string>(stock.onHand(bread.id)).fill(loaf));
      expect(stock.onHand(bread.id)).toBe(0);

      await hq.enrol(first, 'Till 1');
      sell(first.app, [spaghetti]);
      await waitForStatus(first.app, drained);
      const atHeadOffice = async (): Promise<number> =>
        (await admin<Page<StockView>>('GET', `/api/stores/${homeStore}/stock?sku=${product.sku}`)).body
          .items[0]!.onHand;
      await expect.poll(atHeadOffice, { timeout: 20_000 }).toBe(opening - 1);
      const negative = await admin<Page<ExceptionView>>(
        'GET',
        `/api/exceptions?storeId=${homeStore}&kind=negative_stock`,
      );
      expect(negative.body.items).toEqual([]);
      const loavesAtHeadOffice = await admin<Page<StockView>>(
        'GET',
        `/api/stores/${homeStore}/stock?sku=${bread.sku}`,
      );
      expect(loavesAtHeadOffice.body.items[0]!.onHand).toBe(0);
      // Once the register has head office's figure, both show the same (invariant 9).
      await waitUntil(first.app, () => {
        const row = first.app.db
          .prepare('SELECT on_hand FROM head_office_stock WHERE sku = ? AND store_id = ?')
          .get(product.sku, homeStore) as { on_hand: number } | undefined;
        return row?.on_hand === opening - 1;
      });
      expect(stock.availability(product.id).onHandHere).toBe(opening - 1);

      const counts = async (): Promise<CountView[]> =>
        (await admin<Page<CountView>>('GET', `/api/counts?storeId=${homeStore}`)).body.items;
      const [applied] = await counts();
      expect(applied).toMatchObject({ opening: true, status: 'approved', approvedBy: 'opening stock' });
      const detail = (await admin<CountDetail>('GET', `/api/counts/${applied!.countId}`)).body;
      expect(detail.items.find((item) => item.sku === product.sku)).toMatchObject({
        counted: opening,
        outcome: 'applied',
      });

      // A second register of the store, with the same demo stock: head office has figures for these SKUs now.
      const second = till();
      const secondId = await hq.enrol(second, 'Till 2');
      await waitForStatus(second.app, drained);
      await expect
        .poll(async () => (await counts()).filter((count) => count.status === 'open'), { timeout: 20_000 })
        .toEqual([expect.objectContaining({ opening: true, registers: [secondId] })]);
      expect(await atHeadOffice()).toBe(opening - 1);
    },
  );
});
