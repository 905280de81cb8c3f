/**
 * Receiving and transfers through a real head office, on SQLite and on PostgreSQL: what each document moves,
 * the exceptions a person resolves (unknown barcodes, short, over and damaged lines), and the 'transfers'
 * stream that brings a transfer to both of its stores, also to one that was offline for a day when it was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentType, PayloadOf } from '../../../src/shared/documents/registry.ts';
import type { ExceptionView, Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import type { PullReply, PushReply, SnapshotReply } from '../../../src/shared/sync/protocol.ts';
import type { TransferView } from '../../../src/shared/transfers.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  putProducts,
  startTestHeadOffice,
  type RegisterSocket,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';
import { goodsReceipt, transferReceived, transferRequest, transferSent } from './inventory-helpers.ts';

interface Till {
  socket: RegisterSocket;
  who: Who;
  seq: number;
}

const DAY_MS = 24 * 60 * 60_000;

describe.each(dialects)('receiving and transfers on %s', (dialect) => {
  let ho: TestHeadOffice;
  let clock = Date.now();
  let a: Till;
  let b: Till;
  let bToken: string;
  /** Where the registers' 'transfers' stream stands once the change log was pruned. */
  let cursor = 0;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect, { now: () => new Date(clock), changeRetentionMs: 60 * 60_000 });
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'B');
    await putProducts(ho.admin, [
      { sku: 'MUG', priceMinor: 250 },
      { sku: 'PLATE', priceMinor: 400 },
      { sku: 'APPLES', priceMinor: 279, unit: 'kg' },
    ]);
    const enrolA = await enrollRegister(ho.admin, 'A');
    a = {
      socket: await connectRegister(ho.url, enrolA.token),
      who: { storeId: 'A', registerId: enrolA.registerId },
      seq: 0,
    };
    const enrolB = await enrollRegister(ho.admin, 'B');
    bToken = enrolB.token;
    b = {
      socket: await connectRegister(ho.url, bToken),
      who: { storeId: 'B', registerId: enrolB.registerId },
      seq: 0,
    };
  });
  afterAll(async () => {
    a?.socket.close();
    b?.socket.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function push<T extends DocumentType>(till: Till, type: T, payloads: PayloadOf<T>[]): Promise<void> {
    const events = payloads.map((payload) => outboxEvent((till.seq += 1), payload, type));
    const reply: PushReply = await till.socket.emitWithAck('push', { events });
    expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: till.seq });
  }
  const onHand = async (store: string, sku: string): Promise<number> =>
    (await ho.admin<{ items: StockView[] }>('GET', `/api/stores/${store}/stock?sku=${sku}`)).body.items[0]
      ?.onHand ?? 0;
  const exceptions = async (store: string, kind: string): Promise<ExceptionView[]> =>
    (
      await ho.admin<Page<ExceptionView>>(
        'GET',
        `/api/exceptions?storeId=${store}&kind=${kind}&unresolved=true`,
      )
    ).body.items;
  /** Per SKU, the in transit of one transfer: the sum of its in-transit movements. */
  async function inTransit(transferId: string): Promise<Record<string, number>> {
    const rows = await ho.db
      .selectFrom('stock_movements')
      .select(['sku', (eb) => eb.fn.sum<number>('quantity').as('total')])
      .where('ref', '=', transferId)
      .where('state', '=', 'in_transit')
      .groupBy('sku')
      .orderBy('sku')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.sku, Number(row.total)]));
  }
  const stateOf = async (store: string, sku: string, state: 'damaged' | 'in_transit'): Promise<number> => {
    const row = await ho.db
      .selectFrom('stock_balances')
      .select(state)
      .where('store_id', '=', store)
      .where('sku', '=', sku)
      .executeTakeFirst();
    return Number(row?.[state] ?? 0);
  };
  /** Every transfer the 'transfers' stream holds for the socket's store after `cursor`, by id (latest state). */
  async function pulled(socket: RegisterSocket, cursor = 0): Promise<Map<string, TransferView>> {
    const reply = (await socket.emitWithAck('pull', {
      stream: 'transfers',
      cursor,
      limit: 1000,
    })) as PullReply<'transfers'>;
    if (reply.status !== 'ok') throw new Error(`pull: ${reply.status}`);
    return new Map(reply.changes.map((change) => [change.data!.transferId, change.data!]));
  }

  it('receives a delivery: good units on hand, an unknown barcode kept as an exception to resolve', async () => {
    const receipt = goodsReceipt(
      a.who,
      [{ sku: 'MUG', quantity: 30, damaged: 2, unitCostMinor: 120 }],
      [{ code: '4006381333931', quantity: 3 }],
    );
    await push(a, 'receipt.completed', [receipt]);
    expect(await onHand('A', 'MUG')).toBe(28);
    expect(await stateOf('A', 'MUG', 'damaged')).toBe(2);
    const [unknown] = await exceptions('A', 'unknown_barcode');
    expect(unknown!.details).toContain('3 × barcode 4006381333931');
    const row = await ho.db
      .selectFrom('goods_receipts')
      .selectAll()
      .where('receipt_id', '=', receipt.receiptId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ store_id: 'A', supplier: 'Acme Ltd', unknown_lines: 1 });
    expect(Number(row.units)).toBe(30);

    // Sent again under another seq: counted once.
    await push(a, 'receipt.completed', [receipt]);
    expect(await onHand('A', 'MUG')).toBe(28);
  });

  it('sends a transfer while the receiving store is offline for a day; the receiver catches up and scans it in one short', async () => {
    await push(a, 'receipt.completed', [goodsReceipt(a.who, [{ sku: 'PLATE', quantity: 10 }])]);
    b.socket.close();
    const sent = transferSent(a.who, 'B', [
      { sku: 'MUG', quantity: 5 },
      { sku: 'PLATE', quantity: 2 },
    ]);
    await push(a, 'transfer.sent', [sent]);
    expect(await onHand('A', 'MUG')).toBe(23);
    expect(await onHand('A', 'PLATE')).toBe(8);
    expect(await inTransit(sent.transferId)).toEqual({ MUG: 5, PLATE: 2 });
    expect(await stateOf('A', 'MUG', 'in_transit')).toBe(5);
    expect((await pulled(a.socket)).get(sent.transferId)).toMatchObject({ status: 'sent', toStoreId: 'B' });

    // A day later the change log no longer holds it: B's old cursor must refetch, and the snapshot has it.
    clock += DAY_MS;
    await ho.pruneChangeLog();
    b.socket = await connectRegister(ho.url, bToken);
    const stale = (await b.socket.emitWithAck('pull', {
      stream: 'transfers',
      cursor: 0,
      limit: 100,
    })) as PullReply;
    expect(stale.status).toBe('must_refetch');
    const snapshot = (await b.socket.emitWithAck('snapshot', {
      stream: 'transfers',
      afterKey: null,
      limit: 100,
    })) as SnapshotReply<'transfers'>;
    if (snapshot.status !== 'ok') throw new Error(snapshot.status);
    cursor = snapshot.cursor;
    const inbound = snapshot.items.find((item) => item.data.transferId === sent.transferId)!;
    expect(inbound.key).toBe(`B:${sent.transferId}`);
    expect(inbound.data).toMatchObject({ status: 'sent', fromStoreName: 'Store A', number: sent.number });
    expect(inbound.data.lines).toEqual([
      { sku: 'MUG', name: 'Product MUG', unit: 'each', requested: 0, sent: 5, received: 0, damaged: 0 },
      { sku: 'PLATE', name: 'Product PLATE', unit: 'each', requested: 0, sent: 2, received: 0, damaged: 0 },
    ]);

    // B scans in 4 mugs (one short) and both plates, one of them broken.
    await push(b, 'transfer.received', [
      transferReceived(b.who, sent, { MUG: { received: 4 }, PLATE: { received: 1, damaged: 1 } }),
    ]);
    expect(await onHand('B', 'MUG')).toBe(4);
    expect(await onHand('B', 'PLATE')).toBe(1);
    expect(await stateOf('B', 'PLATE', 'damaged')).toBe(1);
    // Invariant 8: the transfer's in transit = sent − received − discrepancies = 0, at the sending store.
    expect(await inTransit(sent.transferId)).toEqual({ MUG: 0, PLATE: 0 });
    expect(await stateOf('A', 'MUG', 'in_transit')).toBe(0);
    const lost = await ho.db
      .selectFrom('stock_movements')
      .select(['store_id', 'sku', 'quantity'])
      .where('ref', '=', sent.transferId)
      .where('reason', '=', 'DISCREPANCY')
      .where('state', '=', 'in_transit')
      .execute();
    expect(lost.map((m) => [m.store_id, m.sku, Number(m.quantity)])).toEqual([['A', 'MUG', -1]]);
    const discrepancies = await exceptions('B', 'transfer_discrepancy');
    expect(discrepancies.map((e) => [e.sku, e.details.match(/arrived ([^:]+):/)![1]]).sort()).toEqual([
      ['MUG', '1 short'],
      ['PLATE', '1 damaged'],
    ]);
    // Both stores see it received.
    for (const socket of [a.socket, b.socket]) {
      const view = (await pulled(socket, snapshot.cursor)).get(sent.transferId);
      expect(view).toMatchObject({ status: 'received' });
      expect(view!.lines.find((line) => line.sku === 'MUG')).toMatchObject({ sent: 5, received: 4 });
    }
  });

  it('receives more than was sent: the units over leave the sender’s on hand, so the goods are counted once', async () => {
    const before = {
      a: await onHand('A', 'PLATE'),
      b: await onHand('B', 'PLATE'),
      damaged: await stateOf('B', 'PLATE', 'damaged'),
    };
    const sent = transferSent(a.who, 'B', [{ sku: 'PLATE', quantity: 2 }]);
    await push(a, 'transfer.sent', [sent]);
    // Two were scanned out; four arrived, one of them broken: two more than sent left A's shelf.
    await push(b, 'transfer.received', [
      transferReceived(b.who, sent, { PLATE: { received: 3, damaged: 1 } }),
    ]);

    expect(await onHand('A', 'PLATE')).toBe(before.a - 2 - 2);
    expect(await onHand('B', 'PLATE')).toBe(before.b + 3);
    expect(await stateOf('B', 'PLATE', 'damaged')).toBe(before.damaged + 1);
    expect(await inTransit(sent.transferId)).toEqual({ PLATE: 0 });
    const over = await ho.db
      .selectFrom('stock_movements')
      .select(['store_id', 'state', 'quantity'])
      .where('ref', '=', sent.transferId)
      .where('reason', '=', 'DISCREPANCY')
      .where('store_id', '=', 'A')
      .execute();
    expect(over.map((m) => [m.store_id, m.state, Number(m.quantity)])).toEqual([['A', 'on_hand', -2]]);
    const exception = (await exceptions('B', 'transfer_discrepancy')).find((each) =>
      each.details.includes(sent.transferId),
    );
    expect(exception!.details).toContain('arrived 2 over and 1 damaged: 2 sent, 3 received in good order.');
    expect(exception!.details).toContain("The 2 over were taken off store A's on hand");
  });

  it('a transfer of goods sold by weight tells both stores and the admin API its lines are in kg', async () => {
    const sent = transferSent(a.who, 'B', [
      { sku: 'APPLES', quantity: 1500 },
      { sku: 'MUG', quantity: 1 },
    ]);
    await push(a, 'transfer.sent', [sent]);
    // The receiving register shows 1.500 kg, not 1500, and takes kilograms for what arrived.
    const inbound = (await pulled(b.socket, cursor)).get(sent.transferId)!;
    expect(inbound.lines.map((line) => [line.sku, line.unit, line.sent])).toEqual([
      ['APPLES', 'kg', 1500],
      ['MUG', 'each', 1],
    ]);
    await push(b, 'transfer.received', [transferReceived(b.who, sent, { APPLES: { received: 1480 } })]);
    const read = await ho.admin<TransferView>('GET', `/api/transfers/${sent.transferId}`);
    expect(read.body.lines.find((line) => line.sku === 'APPLES')).toMatchObject({
      unit: 'kg',
      sent: 1500,
      received: 1480,
    });
  });

  it('a store asks another for goods; the other sees the request and sends it under its id', async () => {
    const request = transferRequest(b.who, 'A', [{ sku: 'MUG', quantity: 3 }]);
    await push(b, 'transfer.requested', [request]);
    expect((await pulled(a.socket, cursor)).get(request.transferId)).toMatchObject({
      status: 'requested',
      fromStoreId: 'A',
      toStoreId: 'B',
      lines: [{ sku: 'MUG', requested: 3, sent: 0 }],
    });
    await push(a, 'transfer.sent', [
      transferSent(a.who, 'B', [{ sku: 'MUG', quantity: 3 }], request.transferId),
    ]);
    const view = (await pulled(b.socket, cursor)).get(request.transferId)!;
    expect(view).toMatchObject({ status: 'sent', lines: [{ sku: 'MUG', requested: 3, sent: 3 }] });
  });

  it('head office plans a transfer: the sending store gets it to send, and the admin API lists and reads it', async () => {
    const planned = await ho.admin<TransferView>('POST', '/api/transfers', {
      fromStoreId: 'A',
      toStoreId: 'B',
      note: 'Weekend promotion',
      lines: [{ sku: 'PLATE', quantity: 4 }],
    });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({
      status: 'planned',
      lines: [{ sku: 'PLATE', requested: 4, sent: 0 }],
    });
    const transferId = planned.body.transferId;
    expect((await pulled(a.socket, cursor)).get(transferId)).toMatchObject({
      status: 'planned',
      toStoreId: 'B',
    });
    expect((await pulled(b.socket, cursor)).get(transferId)).toMatchObject({
      status: 'planned',
      fromStoreId: 'A',
    });

    await push(a, 'transfer.sent', [transferSent(a.who, 'B', [{ sku: 'PLATE', quantity: 4 }], transferId)]);
    const read = await ho.admin<TransferView>('GET', `/api/transfers/${transferId}`);
    expect(read.body).toMatchObject({ status: 'sent', note: 'Weekend promotion' });
    const page = await ho.admin<{ items: TransferView[]; next: string | null }>(
      'GET',
      '/api/transfers?storeId=B&limit=1',
    );
    expect(page.body.items.map((item) => item.transferId)).toEqual([transferId]);
    expect(page.body.next).toBe(transferId);
    const sentOnly = await ho.admin<{ items: TransferView[] }>('GET', '/api/transfers?status=received');
    expect(sentOnly.body.items.every((item) => item.status === 'received')).toBe(true);

    const unknownSku = await ho.admin('POST', '/api/transfers', {
      fromStoreId: 'A',
      toStoreId: 'B',
      lines: [{ sku: 'NOPE', quantity: 1 }],
    });
    expect(unknownSku.status).toBe(400);
    expect(unknownSku.body.error.message).toMatch(/NOPE is not in the catalog/);
  });

  it('lists goods receipts newest first and reads one with its unknown barcodes', async () => {
    const list = await ho.admin('GET', '/api/goods-receipts?storeId=A&limit=100');
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    const first = list.body.items.at(-1);
    expect(first).toMatchObject({ storeId: 'A', units: 30, damagedUnits: 2, unknownLines: 1 });
    const document = await ho.admin('GET', `/api/goods-receipts/${first.receiptId}/document`);
    expect(document.body.unknownLines).toEqual([{ code: '4006381333931', quantity: 3 }]);
  });
});
