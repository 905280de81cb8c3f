/**
 * Replenishment at head office (issue 17) on SQLite and PostgreSQL: reorder levels per SKU and per category, the
 * suggestions (incoming and inbound transfers counted, pack size and minimum, inactive SKUs left out, 30/90-day
 * sales, a transfer offered from a store with spare), "create purchase orders" (one draft per supplier), the
 * velocity mode without the days out of stock, the CSV in and out, and the 'reorder' stream to the registers.
 *
 * Suppliers, an ordered purchase order, a sent transfer and past sales are written straight into the tables: the
 * routes and documents that make them are other tests' subjects; here they are the ground the suggestions read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestionsSchema } from '../../../src/shared/replenishment-api.ts';
import type { PullReply, StreamName } from '../../../src/shared/sync/protocol.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  planTransfer,
  startTestHeadOffice,
  type RegisterSocket,
  type TestHeadOffice,
} from './helpers.ts';
import {
  givenHistory,
  givenOrderedPurchaseOrder,
  givenSentTransfer,
  givenSupplier,
  putCatalog,
} from './replenishment-helpers.ts';

describe.each(dialects)('replenishment on %s', (dialect) => {
  let ho: TestHeadOffice;
  let socket: RegisterSocket;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A', 'Alpha');
    await createStore(ho.admin, 'B', 'Beta');
    await putCatalog(ho.admin, [
      { sku: 'PASTA', category: 'Dry goods' },
      { sku: 'RICE', category: 'Dry goods' },
      { sku: 'OIL', category: null },
      { sku: 'OLD', category: null, active: false },
      { sku: 'SALT', category: null },
      { sku: 'FLOUR', category: null },
    ]);
    await givenSupplier(ho.db, { id: 'acme', name: 'Acme Foods', leadTimeDays: 3 }, [
      { sku: 'PASTA', packSize: 12, minimumQuantity: 0, unitCostMinor: 90 },
      { sku: 'OIL', packSize: 1, minimumQuantity: 10, unitCostMinor: 400 },
      { sku: 'OLD', packSize: 1, minimumQuantity: 0, unitCostMinor: 100 },
    ]);
    await givenSupplier(ho.db, { id: 'bolt', name: 'Bolt Wholesale', leadTimeDays: 5 }, [
      { sku: 'RICE', packSize: 6, minimumQuantity: 24, unitCostMinor: 150 },
      { sku: 'SALT', packSize: 1, minimumQuantity: 0, unitCostMinor: 30 },
    ]);
    const enrolled = await enrollRegister(ho.admin, 'A');
    socket = await connectRegister(ho.url, enrolled.token);
  });
  afterAll(async () => {
    socket?.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  it('refuses levels whose desired level is below the reorder point, and SKUs it does not know, saving nothing', async () => {
    const below = await ho.admin('PUT', '/api/stores/A/reorder-levels', {
      skus: [{ sku: 'PASTA', reorderPoint: 10, desiredLevel: 5, safetyStock: 0 }],
    });
    expect(below.status).toBe(400);
    expect(JSON.stringify(below.body)).toContain('desired level must be at least the reorder point');
    const unknown = await ho.admin('PUT', '/api/stores/A/reorder-levels', {
      skus: [
        { sku: 'PASTA', reorderPoint: 10, desiredLevel: 40, safetyStock: 0 },
        { sku: 'NOPE', reorderPoint: 1, desiredLevel: 2, safetyStock: 0 },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('no product with SKU NOPE');
    expect((await ho.admin('GET', '/api/stores/A/reorder-levels')).body).toEqual({
      skus: [],
      categories: [],
    });
  });

  it('suggests what to order with its formula, counting incoming and inbound transfers, never an inactive SKU', async () => {
    const saved = await ho.admin('PUT', '/api/stores/A/reorder-levels', {
      skus: [
        { sku: 'PASTA', reorderPoint: 10, desiredLevel: 40, safetyStock: 2 },
        { sku: 'OIL', reorderPoint: 5, desiredLevel: 8, safetyStock: 0 },
        { sku: 'OLD', reorderPoint: 50, desiredLevel: 100, safetyStock: 0 },
        { sku: 'SALT', reorderPoint: 3, desiredLevel: 10, safetyStock: 0 },
      ],
      // RICE has no levels of its own: its category's apply.
      categories: [{ category: 'Dry goods', reorderPoint: 20, desiredLevel: 50, safetyStock: 0 }],
    });
    expect(saved).toMatchObject({ status: 200, body: { skus: 4, categories: 1 } });

    // PASTA: 3 on the shelf, 5 on an ordered purchase order; RICE: 2 on the shelf, 4 on their way from B.
    await givenHistory(ho.db, 'A', 'PASTA', 3, [
      { daysAgo: 60, reason: 'RECEIVE', quantity: 20 },
      { daysAgo: 45, reason: 'SALE', quantity: -10 },
      { daysAgo: 10, reason: 'SALE', quantity: -8 },
      { daysAgo: 9, reason: 'RETURN', quantity: 1 },
    ]);
    await givenOrderedPurchaseOrder(ho.db, { supplierId: 'acme', storeId: 'A', sku: 'PASTA', quantity: 5 });
    await givenHistory(ho.db, 'A', 'RICE', 2, [{ daysAgo: 100, reason: 'RECEIVE', quantity: 2 }]);
    await givenSentTransfer(ho.db, { from: 'B', to: 'A', sku: 'RICE', quantity: 4 });
    await givenHistory(ho.db, 'A', 'OIL', 1, [{ daysAgo: 5, reason: 'RECEIVE', quantity: 1 }]);
    await givenHistory(ho.db, 'A', 'SALT', 9, [{ daysAgo: 5, reason: 'RECEIVE', quantity: 9 }]);
    // B has 30 pasta and wants 12 of its own: 18 spare.
    await ho.admin('PUT', '/api/stores/B/reorder-levels', {
      skus: [{ sku: 'PASTA', reorderPoint: 5, desiredLevel: 12, safetyStock: 0 }],
    });
    await givenHistory(ho.db, 'B', 'PASTA', 30, [{ daysAgo: 3, reason: 'RECEIVE', quantity: 30 }]);

    const reply = await ho.admin('GET', '/api/stores/A/replenishment/suggestions');
    expect(reply.status).toBe(200);
    // Written without zod's encoding: exactly the schema's fields, of its types.
    expect(suggestionsSchema.parse(reply.body)).toEqual(reply.body);
    const bySku = Object.fromEntries((reply.body.lines as { sku: string }[]).map((line) => [line.sku, line]));
    expect(Object.keys(bySku).sort()).toEqual(['OIL', 'PASTA', 'RICE']);
    expect(bySku.PASTA).toMatchObject({
      onHand: 3,
      incoming: 5,
      inboundTransit: 0,
      quantity: 36,
      formula: '40 − (3 + 5 + 0) = 32 → 3 × 12 = 36',
      sold30: 7,
      sold90: 17,
      supplier: { supplierId: 'acme', supplierName: 'Acme Foods', packSize: 12 },
      transferOffer: { fromStoreId: 'B', fromStoreName: 'Beta', spare: 18, quantity: 18 },
    });
    expect(bySku.RICE).toMatchObject({
      onHand: 2,
      inboundTransit: 4,
      reorderPoint: 20,
      desiredLevel: 50,
      quantity: 48,
      formula: '50 − (2 + 0 + 4) = 44 → 8 × 6 = 48',
      supplier: { supplierId: 'bolt' },
      transferOffer: null,
    });
    expect(bySku.OIL).toMatchObject({ quantity: 10, formula: '8 − (1 + 0 + 0) = 7 → min 10' });
  });

  it('counts a transfer planned into the store, and keeps the sender’s spare back for it, so neither is offered twice', async () => {
    // The buyer plans 2 of B's spare PASTA for A (the back office's offer button plans such a transfer).
    await planTransfer(ho.admin, { from: 'B', to: 'A', sku: 'PASTA', quantity: 2 });

    const atA = await ho.admin('GET', '/api/stores/A/replenishment/suggestions');
    expect((atA.body.lines as { sku: string }[]).find((line) => line.sku === 'PASTA')).toMatchObject({
      incoming: 5,
      inboundTransit: 2,
      formula: '40 − (3 + 5 + 2) = 30 → 3 × 12 = 36',
      // B's spare was 18: 2 of them are promised to A already.
      transferOffer: { fromStoreId: 'B', spare: 16, quantity: 16 },
    });

    // At B the 2 are still on the shelf but promised: with a reorder point of 28, its 30 are low.
    await ho.admin('PUT', '/api/stores/B/reorder-levels', {
      skus: [{ sku: 'PASTA', reorderPoint: 28, desiredLevel: 40, safetyStock: 0 }],
    });
    const atB = await ho.admin('GET', '/api/stores/B/replenishment/suggestions');
    expect((atB.body.lines as { sku: string }[]).find((line) => line.sku === 'PASTA')).toMatchObject({
      onHand: 30,
      committed: 2,
      quantity: 12,
    });
    await ho.admin('PUT', '/api/stores/B/reorder-levels', {
      skus: [{ sku: 'PASTA', reorderPoint: 5, desiredLevel: 12, safetyStock: 0 }],
    });
  });

  it('turns the selection into one draft purchase order per supplier', async () => {
    const reply = await ho.admin('POST', '/api/stores/A/replenishment/purchase-orders', {
      lines: [
        { sku: 'PASTA', quantity: 36 },
        { sku: 'OIL', quantity: 10 },
        { sku: 'RICE', quantity: 48 },
      ],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.purchaseOrders).toMatchObject([
      { supplierId: 'acme', supplierName: 'Acme Foods', lines: 2 },
      { supplierId: 'bolt', supplierName: 'Bolt Wholesale', lines: 1 },
    ]);
    const drafts = await ho.db
      .selectFrom('purchase_orders')
      .innerJoin('purchase_order_lines', 'purchase_order_lines.purchase_order_id', 'purchase_orders.id')
      .select(['purchase_orders.supplier_id', 'purchase_orders.state', 'sku', 'quantity', 'unit_cost_minor'])
      .where('purchase_orders.state', '=', 'draft')
      .orderBy('sku')
      .execute();
    expect(
      drafts.map((line) => ({
        ...line,
        quantity: Number(line.quantity),
        unit_cost_minor: Number(line.unit_cost_minor),
      })),
    ).toEqual([
      { supplier_id: 'acme', state: 'draft', sku: 'OIL', quantity: 10, unit_cost_minor: 400 },
      { supplier_id: 'acme', state: 'draft', sku: 'PASTA', quantity: 36, unit_cost_minor: 90 },
      { supplier_id: 'bolt', state: 'draft', sku: 'RICE', quantity: 48, unit_cost_minor: 150 },
    ]);
  });

  it('refuses a selection with a SKU no supplier is preferred for, drafting nothing', async () => {
    const before = await ho.db.selectFrom('purchase_orders').select('id').execute();
    const reply = await ho.admin('POST', '/api/stores/A/replenishment/purchase-orders', {
      lines: [
        { sku: 'PASTA', quantity: 12 },
        { sku: 'FLOUR', quantity: 5 },
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('No preferred supplier for FLOUR');
    expect(await ho.db.selectFrom('purchase_orders').select('id').execute()).toHaveLength(before.length);
  });

  it('proposes levels from the days in stock only (velocity mode)', async () => {
    // FLOUR: 40 received 25 days ago, 4 sold a day for 10 days, then 10 days with none on the shelf, 30 in today.
    await givenHistory(ho.db, 'A', 'FLOUR', 30, [
      { daysAgo: 25, reason: 'RECEIVE', quantity: 40 },
      ...Array.from({ length: 10 }, (_, i) => ({ daysAgo: 19 - i, reason: 'SALE' as const, quantity: -4 })),
      { daysAgo: 0, reason: 'RECEIVE', quantity: 30 },
    ]);
    const reply = await ho.admin(
      'GET',
      '/api/stores/A/replenishment/velocity?days=20&leadTimeDays=5&reviewDays=7',
    );
    expect(reply.status).toBe(200);
    const flour = (reply.body.lines as { sku: string }[]).find((line) => line.sku === 'FLOUR');
    // 40 sold over 20 days is 2 a day; over the 10 days it was in stock, 4.
    expect(flour).toMatchObject({
      sold: 40,
      inStockDays: 10,
      outOfStockDays: 10,
      dailyRate: 4,
      leadTimeDays: 5,
      current: null,
      reorderPoint: 20,
      desiredLevel: 48,
    });
  });

  it('exports the levels as CSV and imports them back, all rows or none', async () => {
    const exported = await fetch(`${ho.url}/api/stores/A/reorder-levels.csv`, {
      headers: { authorization: `Bearer ${ho.adminToken}` },
    });
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const csv = await exported.text();
    expect(csv.split('\n')[0]).toBe('sku,reorder_point,desired_level,safety_stock');
    expect(csv).toContain('PASTA,10,40,2');

    const wrong = await ho.admin('POST', '/api/stores/B/reorder-levels/import', {
      csv: 'sku,reorder_point,desired_level,safety_stock\nPASTA,1,2,0\nRICE,9,3,0\n',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([
      expect.stringMatching(/^Row 3: .*desired level must be at least the reorder point/),
    ]);
    expect((await ho.admin('GET', '/api/stores/B/reorder-levels')).body.skus).toEqual([
      { sku: 'PASTA', reorderPoint: 5, desiredLevel: 12, safetyStock: 0 },
    ]);

    const imported = await ho.admin('POST', '/api/stores/B/reorder-levels/import', { csv });
    expect(imported).toMatchObject({ status: 200, body: { skus: 4, categories: 0 } });
    expect((await ho.admin('GET', '/api/stores/B/reorder-levels')).body.skus).toContainEqual({
      sku: 'PASTA',
      reorderPoint: 10,
      desiredLevel: 40,
      safetyStock: 2,
    });
  });

  it('sends the store’s levels down the reorder stream to its own registers only', async () => {
    const pull = <S extends StreamName>(stream: S, cursor: number) =>
      socket.timeout(10_000).emitWithAck('pull', { stream, cursor, limit: 100 }) as Promise<PullReply<S>>;
    const reply = await pull('reorder', 0);
    if (reply.status !== 'ok') throw new Error(reply.status);
    const keys = reply.changes.map((change) => change.key);
    expect(keys).toContain('A:sku:PASTA');
    expect(keys).toContain('A:category:Dry goods');
    expect(keys.every((key) => key.startsWith('A:'))).toBe(true);
    expect(reply.changes.find((change) => change.key === 'A:category:Dry goods')?.data).toEqual({
      kind: 'category',
      storeId: 'A',
      category: 'Dry goods',
      levels: { reorderPoint: 20, desiredLevel: 50, safetyStock: 0 },
    });

    const removed = await ho.admin('DELETE', '/api/stores/A/reorder-levels/categories/Dry%20goods');
    expect(removed.status).toBe(204);
    const after = await pull('reorder', reply.nextCursor);
    if (after.status !== 'ok') throw new Error(after.status);
    expect(after.changes).toEqual([expect.objectContaining({ key: 'A:category:Dry goods', data: null })]);
  });
});
