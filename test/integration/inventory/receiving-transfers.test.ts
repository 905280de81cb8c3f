/**
 * Receiving and transfers at the register, on a real SQLite ledger: who may, what each document moves in which
 * state, what goes to head office (one outbox event per document) and what the audit log keeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { goodsReceiptPayloadSchema } from '../../../src/shared/documents/goods-receipt.ts';
import {
  transferReceivedPayloadSchema,
  transferRequestPayloadSchema,
  transferSentPayloadSchema,
} from '../../../src/shared/documents/transfer.ts';
import type { TransferView } from '../../../src/shared/transfers.ts';
import {
  codes,
  count,
  damaged,
  errorOf,
  freshApp,
  managerApproval,
  onHand,
  outboxEvents,
  product,
  supervisorApproval,
} from '../returns/returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const inTransit = (sku: string): number =>
  (app.db
    .prepare(
      'SELECT b.in_transit FROM stock_balances b JOIN products p ON p.id = b.product_id WHERE p.sku = ?',
    )
    .pluck()
    .get(sku) as number | undefined) ?? 0;

/** Head office has sent stock figures of another store, so the register knows it. */
function knowStore(storeId: string, name: string): void {
  app.db
    .prepare(
      `INSERT INTO head_office_stock (key, store_id, store_name, sku, on_hand, as_of, applied_seq)
       VALUES (?, ?, ?, 'T-MILK', 5, '2026-01-01T00:00:00.000Z', NULL)`,
    )
    .run(`${storeId}:T-MILK`, storeId, name);
}

/** A transfer store B sent here, as head office sends it down. */
function inbound(lines: { sku: string; name: string; sent: number }[]): TransferView {
  const view: TransferView = {
    transferId: 'tr-from-b',
    number: 'B1-TR-000007',
    fromStoreId: 'B',
    fromStoreName: 'Store B',
    toStoreId: 'DEMO-01',
    toStoreName: 'Demo store',
    status: 'sent',
    note: null,
    requestedAt: null,
    sentAt: '2026-01-01T10:00:00.000Z',
    receivedAt: null,
    lines: lines.map((line) => ({ ...line, requested: 0, received: 0, damaged: 0 })),
  };
  app.services.transfers.saveFromHeadOffice(view, '2026-01-01T10:00:01.000Z');
  return view;
}

describe('receiving a delivery', () => {
  it('puts good units on hand and damaged ones in the damaged state, keeps unknown barcodes, in one event', () => {
    app = freshApp();
    const milk = product(app, 'T-MILK');
    const request = {
      supplier: 'Dairy Co',
      deliveryNote: 'DN-881',
      lines: [
        { productId: milk.id, quantity: 6, damaged: 1, unitCostMinor: 80 },
        { productId: product(app, 'T-COLA').id, quantity: 12 },
      ],
      unknownLines: [{ code: '4006381333931', quantity: 3 }],
    };
    // The cashier may not receive; a supervisor's PIN approves it.
    expect(
      errorOf(() => app.services.receiving.complete({ ...request, unknownLines: request.unknownLines }))
        .details,
    ).toEqual(['stock.receive']);
    expect(count(app, 'goods_receipts')).toBe(0);

    const receipt = app.services.receiving.complete({ ...request, approval: supervisorApproval });
    expect(onHand(app, 'T-MILK')).toBe(10 + 5);
    expect(damaged(app, 'T-MILK')).toBe(1);
    expect(onHand(app, 'T-COLA')).toBe(24 + 12);

    const [event] = outboxEvents(app, 'receipt.completed');
    expect(event!.seq).toBe(receipt.outboxSeq);
    const payload = goodsReceiptPayloadSchema.parse(event!.payload);
    expect(payload).toMatchObject({
      storeId: 'DEMO-01',
      supplier: 'Dairy Co',
      deliveryNote: 'DN-881',
      purchaseOrderId: null,
      number: 'R1-GR-000001',
      unknownLines: [{ code: '4006381333931', quantity: 3 }],
    });
    expect(payload.lines[0]).toMatchObject({ sku: 'T-MILK', quantity: 6, damaged: 1, unitCostMinor: 80 });
    expect(app.services.receiving.recent(5).map((each) => each.number)).toEqual(['R1-GR-000001']);

    const movements = app.db
      .prepare(
        `SELECT state, delta, reason, document_kind, outbox_seq FROM stock_movements WHERE document_id = ?`,
      )
      .all(receipt.receiptId);
    expect(movements).toHaveLength(3);
    expect(movements).toContainEqual({
      state: 'damaged',
      delta: 1,
      reason: 'RECEIVE',
      document_kind: 'receipt.completed',
      outbox_seq: receipt.outboxSeq,
    });
    const audit = app.services.audit
      .list({ limit: 5, approval: managerApproval })
      .find((entry) => entry.action === 'stock.receive');
    expect(audit).toMatchObject({ approver: { name: expect.any(String) } });
  });

  it('finds a scanned product by barcode, and says null for a code it does not know', () => {
    app = freshApp();
    expect(app.services.receiving.lookup(codes.cola)).toMatchObject({ product: { sku: 'T-COLA' }, units: 1 });
    expect(app.services.receiving.lookup('4006381333931')).toBeNull();
  });

  it('receives goods sold by kg by the weight on their scale label, and asks for it from a plain code', () => {
    app = freshApp();
    const { receiving } = app.services;
    // Apples (€2.79/kg) with a weight label of 1.234 kg; ham (€19.59/kg) with a price label of €6.68.
    expect(receiving.lookup('2800001012341')).toMatchObject({ product: { sku: 'FRV-000055' }, units: 1234 });
    expect(receiving.lookup('2100004006683')).toMatchObject({ product: { sku: 'MEA-000117' }, units: 341 });
    const apples = product(app, 'FRV-000055');
    expect(receiving.lookup(apples.barcodes[0]!)).toMatchObject({ product: { sku: 'FRV-000055' }, units: 0 });
  });
});

describe('transfers', () => {
  it('sends: on hand leaves, in transit holds it per transfer, one event, a number for the packing list', () => {
    app = freshApp();
    knowStore('B', 'Store B');
    const cola = product(app, 'T-COLA');
    const send = { toStoreId: 'B', lines: [{ productId: cola.id, quantity: 5 }] };
    expect(errorOf(() => app.services.transfers.send(send)).details).toEqual(['transfer.send']);
    // A supervisor may not send either: only a manager.
    expect(errorOf(() => app.services.transfers.send({ ...send, approval: supervisorApproval })).code).toBe(
      'FORBIDDEN',
    );
    expect(
      errorOf(() => app.services.transfers.send({ ...send, toStoreId: 'DEMO-01', approval: managerApproval }))
        .message,
    ).toMatch(/another store/);
    expect(
      errorOf(() => app.services.transfers.send({ ...send, toStoreId: 'Z', approval: managerApproval })).code,
    ).toBe('NOT_FOUND');

    const sent = app.services.transfers.send({ ...send, approval: managerApproval });
    expect(sent).toMatchObject({ status: 'sent', number: 'R1-TR-000001', toStoreName: 'Store B' });
    expect(onHand(app, 'T-COLA')).toBe(24 - 5);
    expect(inTransit('T-COLA')).toBe(5);
    const [event] = outboxEvents(app, 'transfer.sent');
    expect(transferSentPayloadSchema.parse(event!.payload)).toMatchObject({
      transferId: sent.transferId,
      toStoreId: 'B',
      lines: [{ sku: 'T-COLA', quantity: 5 }],
    });
    expect(app.services.transfers.open(sent.transferId).status).toBe('sent');
    expect(app.services.transfers.open('R1-TR-000001').transferId).toBe(sent.transferId);
  });

  it('receives a transfer sent here: short and damaged lines as they arrived, once', () => {
    app = freshApp();
    const transfer = inbound([
      { sku: 'T-MILK', name: 'Test Whole Milk 1L', sent: 6 },
      { sku: 'T-COLA', name: 'Test Cola 330ml', sent: 2 },
    ]);
    const receive = {
      transferId: transfer.transferId,
      lines: [{ sku: 'T-MILK', received: 4, damaged: 1 }],
    };
    expect(errorOf(() => app.services.transfers.receive(receive)).details).toEqual(['transfer.receive']);

    const received = app.services.transfers.receive({ ...receive, approval: managerApproval });
    expect(received.status).toBe('received');
    expect(onHand(app, 'T-MILK')).toBe(10 + 4);
    expect(damaged(app, 'T-MILK')).toBe(1);
    expect(onHand(app, 'T-COLA')).toBe(24);
    const [event] = outboxEvents(app, 'transfer.received');
    // The cola that never arrived is a line too: head office makes it a discrepancy.
    expect(transferReceivedPayloadSchema.parse(event!.payload).lines).toEqual([
      { sku: 'T-MILK', name: 'Test Whole Milk 1L', sent: 6, received: 4, damaged: 1 },
      { sku: 'T-COLA', name: 'Test Cola 330ml', sent: 2, received: 0, damaged: 0 },
    ]);
    expect(
      errorOf(() => app.services.transfers.receive({ ...receive, approval: managerApproval })).message,
    ).toMatch(/received already/);
    // Head office's older figure (still "sent") does not undo what this register did.
    app.services.transfers.saveFromHeadOffice(transfer, '2026-01-01T11:00:00.000Z');
    expect(app.services.transfers.open(transfer.transferId).status).toBe('received');
  });

  it('asks a manager, saying why, before receiving more than was sent or a SKU not on the transfer', () => {
    app = freshApp();
    const transfer = inbound([{ sku: 'T-COLA', name: 'Test Cola 330ml', sent: 2 }]);
    const receive = {
      transferId: transfer.transferId,
      lines: [
        { sku: 'T-COLA', received: 500, damaged: 0 },
        { sku: 'T-MILK', received: 3, damaged: 0 },
      ],
    };
    const asked = errorOf(() => app.services.transfers.receive(receive));
    expect(asked).toMatchObject({ code: 'APPROVAL_REQUIRED', details: ['receiving.overTolerance'] });
    expect(asked.message).toBe(
      'More arrived than Store B sent on this transfer, beyond the 10 % tolerance: 500 of T-COLA (2 sent), 3 of T-MILK (not on it). Check the count; to receive it as counted, a manager enters their PIN to approve.',
    );
    // Within the tolerance nothing extra is asked: 2 sent, 2 arrived.
    expect(
      errorOf(() =>
        app.services.transfers.receive({ ...receive, lines: [{ sku: 'T-COLA', received: 2, damaged: 0 }] }),
      ).details,
    ).toEqual(['transfer.receive']);
    expect(onHand(app, 'T-COLA')).toBe(24);
    expect(outboxEvents(app, 'transfer.received')).toEqual([]);

    app.services.transfers.receive({ ...receive, approval: managerApproval });
    expect(onHand(app, 'T-COLA')).toBe(24 + 500);
    const entry = app.services.audit
      .list({ limit: 5, approval: managerApproval })
      .find((each) => each.action === 'receiving.overTolerance');
    expect(entry).toMatchObject({
      approver: { name: 'Morgan' },
      details: {
        transferId: transfer.transferId,
        lines: [
          { sku: 'T-COLA', sent: 2, arrived: 500 },
          { sku: 'T-MILK', sent: 0, arrived: 3 },
        ],
      },
    });
  });

  it('refuses to send more than is on hand, naming the SKU and what is here', () => {
    app = freshApp();
    knowStore('B', 'Store B');
    const cake = product(app, 'T-CAKE'); // 2 on hand
    const refused = errorOf(() =>
      app.services.transfers.send({
        toStoreId: 'B',
        lines: [{ productId: cake.id, quantity: 50 }],
        approval: managerApproval,
      }),
    );
    expect(refused).toMatchObject({
      code: 'INVALID_INPUT',
      message:
        'Only 2 of T-CAKE are on hand here, so 50 cannot be sent: send at most 2, or count T-CAKE first if more are on the shelf.',
    });
    expect(onHand(app, 'T-CAKE')).toBe(2);
    expect(outboxEvents(app, 'transfer.sent')).toEqual([]);
  });

  it('does not receive a transfer that goes to another store', () => {
    app = freshApp();
    app.services.transfers.saveFromHeadOffice(
      {
        ...inbound([{ sku: 'T-MILK', name: 'Milk', sent: 1 }]),
        transferId: 'tr-b-to-c',
        number: 'X',
        toStoreId: 'C',
      },
      '2026-01-01T10:00:01.000Z',
    );
    const error = errorOf(() =>
      app.services.transfers.receive({ transferId: 'tr-b-to-c', lines: [], approval: managerApproval }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(outboxEvents(app, 'transfer.received')).toEqual([]);
  });

  it('asks another store for goods, and sends what another store asked for under its id', () => {
    app = freshApp();
    knowStore('B', 'Store B');
    const milk = product(app, 'T-MILK');
    const asked = app.services.transfers.request({
      fromStoreId: 'B',
      lines: [{ productId: milk.id, quantity: 3 }],
      approval: managerApproval,
    });
    expect(asked).toMatchObject({ status: 'requested', fromStoreId: 'B', toStoreId: 'DEMO-01' });
    expect(
      transferRequestPayloadSchema.parse(outboxEvents(app, 'transfer.requested')[0]!.payload).lines,
    ).toEqual([{ sku: 'T-MILK', name: milk.name, quantity: 3 }]);

    // Store B asked this store for 2 cola (head office sent the request down).
    const request = { ...inbound([{ sku: 'T-COLA', name: 'Test Cola 330ml', sent: 0 }]) };
    app.services.transfers.saveFromHeadOffice(
      {
        ...request,
        transferId: 'asked-by-b',
        number: null,
        fromStoreId: 'DEMO-01',
        fromStoreName: 'Demo store',
        toStoreId: 'B',
        toStoreName: 'Store B',
        status: 'requested',
        lines: [{ sku: 'T-COLA', name: 'Test Cola 330ml', requested: 2, sent: 0, received: 0, damaged: 0 }],
      },
      '2026-01-01T10:00:01.000Z',
    );
    const sent = app.services.transfers.send({
      toStoreId: 'B',
      transferId: 'asked-by-b',
      lines: [{ productId: product(app, 'T-COLA').id, quantity: 2 }],
      approval: managerApproval,
    });
    expect(sent).toMatchObject({ transferId: 'asked-by-b', status: 'sent' });
    expect(sent.lines).toEqual([
      {
        sku: 'T-COLA',
        name: 'Test Cola 330ml',
        unit: 'each',
        requested: 2,
        sent: 2,
        received: 0,
        damaged: 0,
      },
    ]);
  });
});
