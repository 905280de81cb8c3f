/**
 * Two registers count into the same count while a third keeps selling, all syncing with the real head office
 * (issue 15), on SQLite and PostgreSQL. Head office merges both registers' lines; the approved figure is what
 * was counted as of each SKU's counted-at, with the sales after it still applied (also those approved over and
 * those rung up after approval), nothing counted twice; then every register shows head office's figures
 * (INVENTORY.md invariants 7 and 9) and SYNC.md's invariants hold.
 */
import { describe, expect, it } from 'vitest';
import type { Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import type { CountDetail } from '../../../src/shared/sync/counts-api.ts';
import { dialects } from '../headoffice/helpers.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  asManager,
  drained,
  loaf,
  openRegister,
  poll,
  sell,
  spaghetti,
  waitForStatus,
  type TestRegister,
} from '../../harness/sync-register.ts';

const startingStock = 100;
/** A few ms apart, so no sale shares its millisecond with a counted line (the order would be a tie). */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 3));

describe.each(dialects)('a count shared by two registers on %s', (dialect) => {
  it('merges both registers’ lines and applies every sale after the count, once', async () => {
    const registers: TestRegister[] = [];
    const hq = await startHeadOfficeFor((registers[0] = openRegister()), dialect);
    try {
      const [shelf, backroom, till] = [registers[0], openRegister(), openRegister()];
      registers.push(backroom, till);
      const { admin } = hq.ho;
      const products = [spaghetti, loaf].map((code) => shelf.app.services.catalog.lookupCode(code)!);
      for (const { sku } of products)
        await admin('POST', `/api/stores/${homeStore}/stock-movements`, {
          sku,
          kind: 'receive',
          quantity: startingStock,
          occurredAt: new Date(Date.now() - 60_000).toISOString(),
        });
      const ids = [
        await hq.enrol(shelf, 'Shelf'),
        await hq.enrol(backroom, 'Backroom'),
        await hq.enrol(till, 'Till'),
      ];
      for (const register of registers) await waitForStatus(register.app, drained);
      asManager(shelf.app);
      asManager(backroom.app);

      const baskets = [[spaghetti], [loaf, spaghetti], [spaghetti, spaghetti]];
      let sold = 0;
      const sellOne = async (): Promise<void> => {
        await tick();
        sell(till.app, baskets[sold % baskets.length]);
        sold += 1;
        await tick();
      };

      await sellOne();
      const { countId } = shelf.app.services.counts.open({ scope: { kind: 'store' }, blind: false });
      // The UI has no way to join another register's count: the back-room register's count takes its id, as a
      // joined count would have it.
      backroom.app.services.counts.open({ scope: { kind: 'store' }, blind: false });
      backroom.app.db.prepare(`UPDATE counts SET count_id = ? WHERE status = 'open'`).run(countId);
      for (let i = 0; i < 12; i += 1) {
        const [counter, code] = i % 2 === 0 ? [shelf, spaghetti] : [backroom, i % 3 === 0 ? loaf : spaghetti];
        counter.app.services.counts.scan(code);
        if (i % 3 === 0) await sellOne();
        else await tick();
      }
      shelf.app.services.counts.submit();
      await sellOne();
      backroom.app.services.counts.submit();
      await sellOne();
      for (const register of registers) await waitForStatus(register.app, drained);

      const review = (await admin<CountDetail>('GET', `/api/counts/${countId}`)).body;
      expect(review).toMatchObject({ registers: [ids[0], ids[1]].sort() });
      const approved = await admin<CountDetail>('POST', `/api/counts/${countId}/approve`, {
        uncounted: 'leave',
      });
      expect(approved.status).toBe(200);
      // Sales after approval still count.
      await sellOne();
      await sellOne();
      for (const register of registers) await waitForStatus(register.app, drained);

      const lines = [shelf, backroom].flatMap(
        (register) =>
          register.app.db
            .prepare('SELECT sku, quantity, counted_at AS countedAt FROM count_lines WHERE count_id = ?')
            .all(countId) as { sku: string; quantity: number; countedAt: string }[],
      );
      const salesAfter = (sku: string, after: string): number =>
        (
          till.app.db
            .prepare(
              `SELECT coalesce(sum(l.quantity), 0) AS units FROM sale_lines l JOIN sales s ON s.sale_id = l.sale_id
               WHERE l.sku = ? AND s.completed_at > ?`,
            )
            .get(sku, after) as { units: number }
        ).units;
      for (const product of products) {
        const counted = lines.filter((line) => line.sku === product.sku);
        const asOf = counted
          .map((line) => line.countedAt)
          .sort()
          .at(-1)!;
        const total = counted.reduce((sum, line) => sum + line.quantity, 0);
        const item = approved.body.items.find((each) => each.sku === product.sku);
        expect(item, product.sku).toMatchObject({ counted: total, asOf, outcome: 'applied' });
        // Sales during the count (before this SKU's last line) are in the count; the later ones are applied.
        expect(salesAfter(product.sku, asOf)).toBeGreaterThan(0);
        const expected = total - salesAfter(product.sku, asOf);
        const stock = await admin<Page<StockView>>(
          'GET',
          `/api/stores/${homeStore}/stock?sku=${encodeURIComponent(product.sku)}`,
        );
        expect(stock.body.items[0]!.onHand, `${product.sku} on hand at head office`).toBe(expected);
        for (const register of registers)
          await poll(
            `${product.sku} on hand at a register`,
            () => register.app.services.stock.availability(product.id).onHandHere === expected,
          );
      }

      expect(
        await hq.invariants.check(
          registers.map((register, i) => ({ registerId: ids[i]!, storeId: homeStore, db: register.app.db })),
        ),
      ).toEqual([]);
    } finally {
      for (const register of registers) register.destroy();
      await hq.close();
    }
  }, 90_000);
});
