/**
 * Receiving against a purchase order at the register, on a real SQLite ledger: an open order as head office sent
 * it down, receipts that receive part of it (received so far and incoming move at once), a receipt in progress
 * that survives a restart, the store's tolerance (beyond it a manager approves), items not on the order
 * (flagged), blind mode for who may not see what was ordered, and shelf labels.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { goodsReceiptPayloadSchema } from '../../../src/shared/documents/goods-receipt.ts';
import {
  codes,
  count,
  errorOf,
  freshApp,
  managerApproval,
  onHand,
  outboxEvents,
  pins,
  product,
  startApp,
  supervisorApproval,
} from '../returns/returns-fixture.ts';
import { purchaseOrderItem, supplierItem } from './purchase-order-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const order = purchaseOrderItem({
  lines: [
    { sku: 'T-MILK', name: 'Test Whole Milk 1L', quantity: 20, unitCostMinor: 80 },
    { sku: 'T-COLA', name: 'Test Cola 330ml', quantity: 10, unitCostMinor: 40 },
  ],
});

function withOrder(state: Partial<typeof order> = {}): RegisterApp {
  app = freshApp();
  app.services.purchaseOrders.saveFromHeadOffice({ ...order, ...state }, '2026-12-07T08:00:00.000Z');
  return app;
}

const receive = (lines: { sku: string; quantity: number }[], extra: object = {}) =>
  app.services.receiving.complete({
    purchaseOrderId: 'po-1',
    lines: lines.map((line) => ({ productId: product(app, line.sku).id, quantity: line.quantity })),
    unknownLines: [],
    approval: supervisorApproval,
    ...extra,
  });

const soFar = (sku: string) =>
  app.services.purchaseOrders.figures('po-1').get(sku)?.receivedSoFar ?? Number.NaN;

describe('receiving against a purchase order', () => {
  it('receives part now and the rest later: received so far rises, incoming drops, on hand rises', () => {
    withOrder();
    expect(app.services.purchaseOrders.openOrders()).toMatchObject([
      { purchaseOrderId: 'po-1', number: 'PO-000123', supplierName: 'Dairy Co', lineCount: 2 },
    ]);
    expect(app.services.stock.availability(product(app, 'T-MILK').id).incomingHere).toBe(20);

    const first = receive([{ sku: 'T-MILK', quantity: 12 }]);
    expect(onHand(app, 'T-MILK')).toBe(10 + 12);
    expect(soFar('T-MILK')).toBe(12);
    expect(app.services.stock.availability(product(app, 'T-MILK').id).incomingHere).toBe(8);
    // The receipt takes the order's unit cost where the delivery gave none, and names the order.
    const payload = goodsReceiptPayloadSchema.parse(outboxEvents(app, 'receipt.completed')[0]!.payload);
    expect(payload).toMatchObject({ purchaseOrderId: 'po-1', number: first.number });
    expect(payload.lines).toEqual([
      expect.objectContaining({ sku: 'T-MILK', quantity: 12, unitCostMinor: 80 }),
    ]);

    // The rest later, with its own unit cost.
    receive([{ sku: 'T-MILK', quantity: 8 }], {
      lines: [{ productId: product(app, 'T-MILK').id, quantity: 8, unitCostMinor: 85 }],
    });
    expect(soFar('T-MILK')).toBe(20);
    expect(app.services.stock.list({ search: 'T-MILK' })[0]!.incomingHere).toBe(0);
    const second = goodsReceiptPayloadSchema.parse(outboxEvents(app, 'receipt.completed')[1]!.payload);
    expect(second.lines[0]!.unitCostMinor).toBe(85);
  });

  it("counts head office's figure once it includes this register's receipt, and only then", () => {
    withOrder();
    const first = receive([{ sku: 'T-MILK', quantity: 5 }]);
    expect(soFar('T-MILK')).toBe(5);
    // Head office sends the order again before it applied the receipt: still counted once.
    app.services.purchaseOrders.saveFromHeadOffice(order, '2026-12-07T08:30:00.000Z');
    expect(soFar('T-MILK')).toBe(5);
    // Then with the receipt counted (another register received 3 meanwhile).
    app.services.purchaseOrders.saveFromHeadOffice(
      {
        ...order,
        state: 'partly_received',
        receiptIds: [first.receiptId, 'receipt-of-till-2'],
        lines: [{ ...order.lines[0]!, receivedQuantity: 8 }, order.lines[1]!],
      },
      '2026-12-07T09:00:00.000Z',
    );
    expect(soFar('T-MILK')).toBe(8);
    expect(app.services.purchaseOrders.incoming('T-MILK')).toBe(12);
  });

  it('stops counting an order closed short or cancelled as incoming, and will not receive against it', () => {
    withOrder({ state: 'closed_short' });
    expect(app.services.purchaseOrders.incoming('T-MILK')).toBe(0);
    expect(app.services.purchaseOrders.openOrders()).toEqual([]);
    const refusal = errorOf(() => receive([{ sku: 'T-MILK', quantity: 1 }]));
    expect(refusal.code).toBe('NOT_FOUND');
    expect(refusal.message).toMatch(/No open purchase order po-1/);
    expect(count(app, 'goods_receipts')).toBe(0);
  });

  it('counts a whole pack when the case barcode of a line on the order is scanned, one unit for the item itself', () => {
    app = freshApp();
    const caseOfMilk = '05012345678900';
    app.services.purchaseOrders.saveFromHeadOffice(
      purchaseOrderItem({
        lines: [
          {
            sku: 'T-MILK',
            name: 'Test Whole Milk 1L',
            quantity: 24,
            unitCostMinor: 80,
            packSize: 12,
            caseBarcode: caseOfMilk,
          },
        ],
      }),
      '2026-12-07T08:00:00.000Z',
    );
    expect(app.services.receiving.lookup(caseOfMilk, 'po-1')).toMatchObject({
      product: { sku: 'T-MILK' },
      units: 12,
    });
    expect(app.services.receiving.lookup(codes.milk, 'po-1')).toMatchObject({
      product: { sku: 'T-MILK' },
      units: 1,
    });
    // Without the order, nothing says what the case holds: it is a code the catalog does not know.
    expect(app.services.receiving.lookup(caseOfMilk)).toBeNull();
  });

  it('flags an item not on the order and still receives it', () => {
    withOrder();
    const receipt = receive([
      { sku: 'T-MILK', quantity: 2 },
      { sku: 'T-CAKE', quantity: 3 },
    ]);
    expect(receipt.notOnOrder).toEqual(['T-CAKE']);
    expect(onHand(app, 'T-CAKE')).toBe(2 + 3);
    const audit = app.services.audit
      .list({ limit: 5, approval: managerApproval })
      .find((entry) => entry.action === 'stock.receive');
    expect(audit?.details).toMatchObject({ purchaseOrderId: 'po-1', notOnOrder: ['T-CAKE'] });
  });

  it("needs a manager beyond the store's tolerance, and lets a supervisor within it", () => {
    withOrder();
    app.services.people.login({ pin: pins.supervisor });
    // 10 % of 20 ordered: 22 is within, 23 is not.
    const refusal = errorOf(() => receive([{ sku: 'T-MILK', quantity: 23 }], { approval: undefined }));
    expect(refusal.code).toBe('APPROVAL_REQUIRED');
    expect(refusal.details).toEqual(['receiving.overTolerance']);
    expect(count(app, 'goods_receipts')).toBe(0);

    receive([{ sku: 'T-MILK', quantity: 22 }], { approval: undefined });
    // What was received before counts: one more goes beyond.
    expect(errorOf(() => receive([{ sku: 'T-MILK', quantity: 1 }], { approval: undefined })).details).toEqual(
      ['receiving.overTolerance'],
    );
    receive([{ sku: 'T-MILK', quantity: 1 }], { approval: managerApproval });
    expect(soFar('T-MILK')).toBe(23);
    const over = app.services.audit
      .list({ limit: 10, approval: managerApproval })
      .find((entry) => entry.action === 'receiving.overTolerance');
    expect(over).toMatchObject({
      approver: { name: expect.any(String) },
      details: {
        purchaseOrderId: 'po-1',
        tolerancePercent: 10,
        lines: [{ sku: 'T-MILK', ordered: 20, received: 23 }],
      },
    });
  });

  it('takes the tolerance head office set for the store', () => {
    withOrder();
    app.services.settings.saveStore({ ...app.services.settings.store(), receivingTolerancePercent: 0 });
    app.services.people.login({ pin: pins.supervisor });
    expect(
      errorOf(() => receive([{ sku: 'T-COLA', quantity: 11 }], { approval: undefined })).details,
    ).toEqual(['receiving.overTolerance']);
  });

  it('hides what was ordered from a supervisor (blind) and shows it to a manager', () => {
    withOrder();
    app.services.people.login({ pin: pins.supervisor });
    const blind = app.services.purchaseOrders.open('PO-000123');
    expect(blind.blind).toBe(true);
    expect(blind.lines).toEqual([
      expect.objectContaining({ sku: 'T-MILK', ordered: null, receivedSoFar: null, unitCostMinor: 80 }),
      expect.objectContaining({ sku: 'T-COLA', ordered: null, receivedSoFar: null }),
    ]);
    app.services.people.login({ pin: pins.manager });
    const seen = app.services.purchaseOrders.open('po-1');
    expect(seen.blind).toBe(false);
    expect(seen.lines[0]).toMatchObject({
      sku: 'T-MILK',
      productId: product(app, 'T-MILK').id,
      ordered: 20,
      receivedSoFar: 0,
    });
  });

  it('keeps a receipt in progress across a restart, and drops it when the receipt completes', () => {
    withOrder();
    const dataDir = (app as RegisterApp & { dataDir: string }).dataDir;
    app.services.people.login({ pin: pins.supervisor });
    const milk = product(app, 'T-MILK');
    const saved = app.services.purchaseOrders.saveDraft({
      purchaseOrderId: 'po-1',
      supplier: 'Dairy Co',
      deliveryNote: 'DN-7',
      lines: [
        { productId: milk.id, sku: 'T-MILK', name: milk.name, quantity: 7, damaged: 1, unitCost: '0.80' },
      ],
      unknownLines: [{ code: '4006381333931', quantity: 2 }],
    });
    expect(saved.savedBy).toBe('Sam');
    app.close();

    app = startApp(dataDir);
    expect(app.services.purchaseOrders.draft(null)).toBeNull();
    const resumed = app.services.purchaseOrders.draft('po-1');
    expect(resumed).toMatchObject({
      deliveryNote: 'DN-7',
      lines: [{ sku: 'T-MILK', quantity: 7, damaged: 1, unitCost: '0.80' }],
      unknownLines: [{ code: '4006381333931', quantity: 2 }],
    });
    receive([{ sku: 'T-MILK', quantity: 7 }]);
    expect(app.services.purchaseOrders.draft('po-1')).toBeNull();
  });

  it('prints one shelf label per good unit or one per line, as asked', () => {
    withOrder();
    const perUnit = receive([{ sku: 'T-MILK', quantity: 3 }], {
      labels: 'unit',
      lines: [{ productId: product(app, 'T-MILK').id, quantity: 3, damaged: 1 }],
    });
    expect(perUnit.labels).toEqual([
      {
        sku: 'T-MILK',
        name: 'Test Whole Milk 1L',
        priceMinor: 129,
        code: product(app, 'T-MILK').barcodes[0],
        copies: 2,
      },
    ]);
    const perLine = receive(
      [
        { sku: 'T-MILK', quantity: 3 },
        { sku: 'T-COLA', quantity: 4 },
      ],
      { labels: 'line' },
    );
    expect(perLine.labels?.map((label) => [label.sku, label.copies])).toEqual([
      ['T-MILK', 1],
      ['T-COLA', 1],
    ]);
    expect(receive([{ sku: 'T-COLA', quantity: 1 }]).labels).toEqual([]);
  });
});

describe('drafting a purchase order at the register', () => {
  it('sends a manager’s draft to head office in one event, offline, for a supplier head office sent', () => {
    app = freshApp();
    const { purchaseDrafting } = app.services;
    purchaseDrafting.saveSupplier(supplierItem('sup-dairy', 'Dairy Co'), '2026-12-07T08:00:00.000Z');
    expect(purchaseDrafting.suppliers()).toEqual([
      { supplierId: 'sup-dairy', name: 'Dairy Co', currency: 'EUR' },
    ]);
    const request = {
      supplierId: 'sup-dairy',
      expectedAt: '2026-12-10',
      lines: [
        { productId: product(app, 'T-MILK').id, quantity: 24 },
        { productId: product(app, 'T-CAKE').id, quantity: 6 },
      ],
    };
    // A cashier may not; neither may a supervisor approve it.
    expect(errorOf(() => purchaseDrafting.draftOrder(request)).details).toEqual(['purchase.draft']);
    expect(
      errorOf(() => purchaseDrafting.draftOrder({ ...request, approval: supervisorApproval })).code,
    ).toBe('FORBIDDEN');
    expect(
      errorOf(() =>
        purchaseDrafting.draftOrder({ ...request, supplierId: 'nobody', approval: managerApproval }),
      ).message,
    ).toMatch(/Head office has not sent that supplier/);

    const drafted = purchaseDrafting.draftOrder({ ...request, approval: managerApproval });
    const [event] = outboxEvents(app, 'purchase-order.drafted');
    expect(event!.seq).toBe(drafted.outboxSeq);
    expect(event!.payload).toMatchObject({
      purchaseOrderId: drafted.purchaseOrderId,
      storeId: 'DEMO-01',
      supplierId: 'sup-dairy',
      expectedAt: '2026-12-10',
      lines: [
        { sku: 'T-MILK', quantity: 24, unitCostMinor: null },
        { sku: 'T-CAKE', quantity: 6, unitCostMinor: null },
      ],
    });
    expect(purchaseDrafting.drafted(5)).toEqual([drafted]);
    // A draft is not ordered yet: nothing of it is incoming.
    expect(app.services.purchaseOrders.incoming('T-MILK')).toBe(0);
  });
});
