/**
 * Purchasing end to end through real sync (issue 17): head office orders from a supplier for the store, the order
 * comes down to the register (incoming here), the register receives part of it by scanning the case barcode and
 * the rest later, and head office's order moves to partly received, then received, counting each receipt once,
 * while the register's "received so far" never counts a receipt twice as head office's figure catches up. On
 * SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { PurchaseOrder, Supplier } from '../../../src/shared/purchasing.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  asManager,
  drained,
  openRegister,
  spaghetti,
  waitForStatus,
  waitUntil,
} from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();
const caseOfSpaghetti = '08001014999993';

describe.each(['sqlite', 'postgres'] as const)('purchasing through sync on %s', (dialect) => {
  it(
    'sends an order down, takes the receipts against it up, and both ends agree on what is still incoming',
    { timeout: 120_000 },
    async () => {
      const reg = openRegister();
      afterTest(() => reg.destroy());
      const hq = await startHeadOfficeFor(reg, dialect);
      afterTest(() => hq.close());
      const { admin } = hq.ho;
      await hq.enrol(reg, 'Till 1');
      await waitForStatus(reg.app, drained);
      const { catalog, purchaseOrders, receiving, stock } = reg.app.services;
      const pasta = catalog.lookupCode(spaghetti)!;
      const onHandBefore = stock.onHand(pasta.id);

      const supplier = (
        await admin<Supplier>('POST', '/api/suppliers', {
          name: 'Pasta Fresca',
          currency: 'EUR',
          leadTimeDays: 2,
          minimumOrderMinor: 0,
        })
      ).body;
      const item = await admin('PUT', `/api/suppliers/${supplier.id}/items/${pasta.sku}`, {
        supplierCode: 'PF-SPAG',
        unitCostMinor: 90,
        packSize: 10,
        caseBarcode: caseOfSpaghetti,
        preferred: true,
      });
      expect(item.status, JSON.stringify(item.body)).toBe(200);
      const made = await admin<{ items: PurchaseOrder[] }>('POST', '/api/purchase-orders', {
        supplierId: supplier.id,
        lines: [{ storeId: homeStore, sku: pasta.sku, quantity: 30 }],
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const orderId = made.body.items[0]!.id;
      expect((await admin('POST', `/api/purchase-orders/${orderId}/order`)).status).toBe(200);
      const atHeadOffice = async (): Promise<PurchaseOrder> =>
        (await admin<PurchaseOrder>('GET', `/api/purchase-orders/${orderId}`)).body;

      // Down: the order is open here and its units are incoming.
      await waitUntil(reg.app, () => purchaseOrders.openOrders().length === 1);
      expect(stock.availability(pasta.id).incomingHere).toBe(30);

      // A delivery of one case and two loose packs: the case barcode counts ten.
      asManager(reg.app);
      const scanned = [caseOfSpaghetti, spaghetti, spaghetti].map((code) => receiving.lookup(code, orderId)!);
      const units = scanned.reduce((sum, each) => sum + each.units, 0);
      expect(units).toBe(12);
      receiving.complete({
        purchaseOrderId: orderId,
        lines: [{ productId: pasta.id, quantity: units }],
        unknownLines: [],
      });
      expect(stock.onHand(pasta.id)).toBe(onHandBefore + 12);
      expect(stock.availability(pasta.id).incomingHere).toBe(18);

      // Up: head office counts the receipt once; its figure comes back down and is not added twice here.
      await waitForStatus(reg.app, drained);
      await expect
        .poll(async () => {
          const order = await atHeadOffice();
          return { state: order.state, received: order.lines[0]!.receivedQuantity };
        })
        .toEqual({ state: 'partly_received', received: 12 });
      await waitUntil(reg.app, () => purchaseOrders.figures(orderId).get(pasta.sku)?.receivedSoFar === 12);
      expect(stock.availability(pasta.id).incomingHere).toBe(18);

      // The rest a day later: received at both ends, no longer incoming, no longer open here.
      receiving.complete({
        purchaseOrderId: orderId,
        lines: [{ productId: pasta.id, quantity: 18, unitCostMinor: 95 }],
        unknownLines: [],
      });
      await waitForStatus(reg.app, drained);
      await expect
        .poll(async () => {
          const order = await atHeadOffice();
          return { state: order.state, received: order.lines[0]!.receivedQuantity };
        })
        .toEqual({ state: 'received', received: 30 });
      await waitUntil(reg.app, () => purchaseOrders.openOrders().length === 0);
      expect(stock.availability(pasta.id).incomingHere).toBe(0);
      expect(stock.onHand(pasta.id)).toBe(onHandBefore + 30);
    },
  );
});
