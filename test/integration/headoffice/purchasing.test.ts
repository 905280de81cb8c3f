/**
 * Suppliers and purchase orders through a real head office, on SQLite and on PostgreSQL: an order's states
 * from draft to received or closed short, receipts of two registers against one order at once (counted once
 * each, never lost), goods not on the order flagged, the store's incoming stock, the 'purchaseOrders' stream
 * that brings a store its open orders, a register's draft, and the PDF and CSV a supplier gets.
 */
import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { dayOf } from '../../../src/shared/time-zone.ts';
import { purchaseOrderDrafted } from '../../../src/shared/documents/purchase-order.ts';
import { receiptCompleted } from '../../../src/shared/documents/goods-receipt.ts';
import type { DocumentType, PayloadOf } from '../../../src/shared/documents/registry.ts';
import type { PurchaseOrder, Supplier } from '../../../src/shared/purchasing.ts';
import type { ExceptionView, Page, SkuStock, StockView } from '../../../src/shared/sync/admin-api.ts';
import type { PullReply, PushReply } from '../../../src/shared/sync/protocol.ts';
import {
  ADMIN_TOKEN,
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
import { goodsReceipt, purchaseOrderDraft } from './inventory-helpers.ts';

interface Till {
  socket: RegisterSocket;
  who: Who;
  seq: number;
}

/** The text a PDF's pages write: the hex strings of their (inflated) content streams, decoded. */
function pdfText(bytes: Buffer): string {
  const text: string[] = [];
  const binary = bytes.toString('latin1');
  for (const match of binary.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = binary.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      content = binary.slice(start, end);
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)> Tj/g))
      text.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
  }
  return text.join('\n');
}

describe.each(dialects)('purchasing on %s', (dialect) => {
  let ho: TestHeadOffice;
  let a1: Till;
  let a2: Till;
  let b: Till;
  let supplier: Supplier;

  const till = async (storeId: string): Promise<Till> => {
    const { token, registerId } = await enrollRegister(ho.admin, storeId);
    return { socket: await connectRegister(ho.url, token), who: { storeId, registerId }, seq: 0 };
  };

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'B');
    await putProducts(ho.admin, [
      { sku: 'MUG', priceMinor: 250, name: 'Mug' },
      { sku: 'PLATE', priceMinor: 400, name: 'Plate' },
      { sku: 'BOWL', priceMinor: 300, name: 'Bowl' },
    ]);
    // Stock rows at A, so its stock list has the SKUs.
    for (const sku of ['MUG', 'PLATE'])
      await ho.admin('POST', '/api/stores/A/stock-movements', { sku, kind: 'receive', quantity: 5 });
    supplier = (
      await ho.admin<Supplier>('POST', '/api/suppliers', {
        name: 'Acme Ceramics',
        contact: 'Jo Potter',
        email: 'orders@acme.example',
        currency: 'EUR',
        leadTimeDays: 7,
        minimumOrderMinor: 10_000,
      })
    ).body;
    await ho.admin('PUT', `/api/suppliers/${supplier.id}/items/MUG`, {
      supplierCode: 'AC-MUG-01',
      unitCostMinor: 120,
      packSize: 6,
      caseBarcode: '09876543210987',
      preferred: true,
    });
    await ho.admin('PUT', `/api/suppliers/${supplier.id}/items/PLATE`, {
      supplierCode: 'AC-PL-22',
      unitCostMinor: 210,
    });
    a1 = await till('A');
    a2 = await till('A');
    b = await till('B');
  });
  afterAll(async () => {
    for (const each of [a1, a2, b]) each?.socket.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function push<T extends DocumentType>(
    from: Till,
    type: T,
    payload: PayloadOf<T>,
  ): Promise<PushReply> {
    return from.socket.emitWithAck('push', { events: [outboxEvent((from.seq += 1), payload, type)] });
  }
  const get = async <T>(path: string): Promise<T> => (await ho.admin<T>('GET', path)).body;
  const order = (id: string) => get<PurchaseOrder>(`/api/purchase-orders/${id}`);

  async function ordered(
    lines: { storeId: string; sku: string; quantity: number }[],
  ): Promise<PurchaseOrder[]> {
    const made = await ho.admin<{ items: PurchaseOrder[] }>('POST', '/api/purchase-orders', {
      supplierId: supplier.id,
      lines,
    });
    expect(made.status).toBe(201);
    return Promise.all(
      made.body.items.map(
        async (draft) =>
          (await ho.admin<PurchaseOrder>('POST', `/api/purchase-orders/${draft.id}/order`)).body,
      ),
    );
  }
  const incomingAt = async (storeId: string, sku: string): Promise<number> =>
    (await get<SkuStock>(`/api/stock/${sku}`)).stores.find((store) => store.storeId === storeId)!.incoming;
  const receiptAgainst = (
    from: Till,
    orderId: string,
    lines: { sku: string; quantity: number; damaged?: number }[],
  ) => push(from, receiptCompleted.type, { ...goodsReceipt(from.who, lines), purchaseOrderId: orderId });

  it('keeps suppliers and their items, and exports and imports the items as CSV', async () => {
    const items = await get<Page<{ sku: string; supplierCode: string; preferred: boolean }>>(
      `/api/suppliers/${supplier.id}/items`,
    );
    expect(items.items.map((item) => [item.sku, item.supplierCode, item.preferred])).toEqual([
      ['MUG', 'AC-MUG-01', true],
      ['PLATE', 'AC-PL-22', false],
    ]);
    const csv = await fetch(`${ho.url}/api/suppliers/${supplier.id}/items.csv`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe(
      'sku,supplier_code,unit_cost,pack_size,case_barcode,minimum_quantity,preferred',
    );
    expect(text).toContain('MUG,AC-MUG-01,1.20,6,09876543210987,0,yes');

    const bad = await ho.admin('POST', `/api/suppliers/${supplier.id}/items/import`, {
      csv: `${text}NOPE,X-1,abc,1,,0,no\n`,
    });
    expect(bad.body).toMatchObject({
      imported: 0,
      errors: [
        { row: 4, message: expect.stringMatching(/unit_cost/) },
        { row: 4, message: 'sku: NOPE is not in the catalog' },
      ],
    });
    const good = await ho.admin('POST', `/api/suppliers/${supplier.id}/items/import`, {
      csv: `${text}BOWL,AC-BW-3,0.95,4,,8,no\n`,
    });
    expect(good.body).toMatchObject({ imported: 3, errors: [] });
    expect((await get<Page<{ sku: string }>>(`/api/suppliers/${supplier.id}/items`)).items).toHaveLength(3);
  });

  it('refuses to delete a supplier that has orders, and says why', async () => {
    await ordered([{ storeId: 'B', sku: 'BOWL', quantity: 1 }]);
    const refused = await ho.admin('DELETE', `/api/suppliers/${supplier.id}`);
    expect(refused).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/Acme Ceramics has 1 purchase order/) } },
    });
  });

  it('drafts one order per store, edits only a draft, and orders it: its quantities are incoming at its store', async () => {
    const made = await ho.admin<{ items: PurchaseOrder[] }>('POST', '/api/purchase-orders', {
      supplierId: supplier.id,
      lines: [
        { storeId: 'A', sku: 'MUG', quantity: 12 },
        { storeId: 'A', sku: 'PLATE', quantity: 4, unitCostMinor: 199 },
        { storeId: 'B', sku: 'MUG', quantity: 6 },
      ],
    });
    expect(made.status).toBe(201);
    const [draftA, draftB] = made.body.items;
    expect(draftA).toMatchObject({
      storeId: 'A',
      state: 'draft',
      number: expect.stringMatching(/^PO-\d{6}$/),
      supplierName: 'Acme Ceramics',
      createdBy: 'token:legacy-admin',
      lines: [
        { sku: 'MUG', name: 'Mug', quantity: 12, unitCostMinor: 120, supplierCode: 'AC-MUG-01', packSize: 6 },
        { sku: 'PLATE', quantity: 4, unitCostMinor: 199, supplierCode: 'AC-PL-22' },
      ],
      totalMinor: 12 * 120 + 4 * 199,
    });
    expect(draftB).toMatchObject({ storeId: 'B', lines: [{ sku: 'MUG', quantity: 6 }] });
    expect(draftA!.number).not.toBe(draftB!.number);
    // A draft is not incoming yet.
    expect(await incomingAt('A', 'MUG')).toBe(0);

    // A day that has passed is a typo (2020 for 2026): refused, and the draft keeps what it had.
    const lastYear = await ho.admin('PUT', `/api/purchase-orders/${draftA!.id}`, {
      expectedAt: '2020-01-01',
      lines: [{ sku: 'MUG', quantity: 1 }],
    });
    expect(lastYear).toMatchObject({
      status: 400,
      body: {
        error: {
          message: expect.stringMatching(
            /^expectedAt: 2020-01-01 has passed at Store A \(today is \d{4}-\d\d-\d\d\)/,
          ),
        },
      },
    });
    const draftedLastYear = await ho.admin('POST', '/api/purchase-orders', {
      supplierId: supplier.id,
      expectedAt: '2020-01-01',
      lines: [{ storeId: 'B', sku: 'MUG', quantity: 1 }],
    });
    expect(draftedLastYear.status).toBe(400);
    const kept = await ho.admin<PurchaseOrder>('GET', `/api/purchase-orders/${draftA!.id}`);
    expect(kept.body).toMatchObject({ expectedAt: null, lines: [{ quantity: 12 }, { quantity: 4 }] });

    const expectedAt = dayOf(new Date(Date.now() + 14 * 24 * 3_600_000), 'UTC');
    const edited = await ho.admin<PurchaseOrder>('PUT', `/api/purchase-orders/${draftA!.id}`, {
      expectedAt,
      note: 'Ring the bell at the back',
      lines: [
        { sku: 'MUG', quantity: 18 },
        { sku: 'PLATE', quantity: 4, unitCostMinor: 199 },
      ],
    });
    expect(edited.body).toMatchObject({
      expectedAt,
      lines: [{ quantity: 18 }, { quantity: 4 }],
    });

    const placed = await ho.admin<PurchaseOrder>('POST', `/api/purchase-orders/${draftA!.id}/order`);
    expect(placed.body).toMatchObject({
      state: 'ordered',
      orderedAt: expect.any(String),
      expectedAt,
    });
    expect(await incomingAt('A', 'MUG')).toBe(18);
    expect(await incomingAt('B', 'MUG')).toBe(0);
    const stock = await get<{ items: StockView[] }>('/api/stores/A/stock?sku=PLATE');
    expect(stock.items[0]).toMatchObject({ onHand: 5, incoming: 4 });

    const again = await ho.admin('PUT', `/api/purchase-orders/${draftA!.id}`, {
      lines: [{ sku: 'MUG', quantity: 1 }],
    });
    expect(again).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/only a draft is edited/) } },
    });
    const unknown = await ho.admin('PUT', `/api/purchase-orders/${draftB!.id}`, {
      lines: [{ sku: 'NOPE', quantity: 1 }],
    });
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/NOPE is not in the catalog/) } },
    });
  });

  it('sends a store its open orders down the purchaseOrders stream, and no other store’s', async () => {
    const [placed] = await ordered([{ storeId: 'A', sku: 'PLATE', quantity: 3 }]);
    const pull = (from: Till) =>
      from.socket.emitWithAck('pull', { stream: 'purchaseOrders', cursor: 0, limit: 1000 }) as Promise<
        PullReply<'purchaseOrders'>
      >;
    const atA = await pull(a1);
    const atB = await pull(b);
    expect(atA.status === 'ok' && atA.changes.find((c) => c.key === `A:${placed!.id}`)?.data).toMatchObject({
      id: placed!.id,
      state: 'ordered',
      lines: [{ sku: 'PLATE', quantity: 3, receivedQuantity: 0, supplierCode: 'AC-PL-22' }],
    });
    expect(atB.status === 'ok' && atB.changes.every((c) => c.key.startsWith('B:'))).toBe(true);
    const snapshot = await a1.socket.emitWithAck('snapshot', {
      stream: 'purchaseOrders',
      afterKey: null,
      limit: 100,
    });
    expect(snapshot.status === 'ok' && snapshot.items.map((item) => item.key)).toContain(`A:${placed!.id}`);
    const suppliers = await a1.socket.emitWithAck('snapshot', {
      stream: 'suppliers',
      afterKey: null,
      limit: 100,
    });
    expect(suppliers.status === 'ok' && suppliers.items).toEqual([
      { key: supplier.id, data: expect.objectContaining({ name: 'Acme Ceramics', currency: 'EUR' }) },
    ]);
  });

  it('counts receipts of two registers against one order at once, each once: partly received, then received', async () => {
    const [placed] = await ordered([
      { storeId: 'A', sku: 'MUG', quantity: 10 },
      { storeId: 'A', sku: 'PLATE', quantity: 4 },
    ]);
    const before = await incomingAt('A', 'MUG');
    const replies = await Promise.all([
      receiptAgainst(a1, placed!.id, [{ sku: 'MUG', quantity: 3 }]),
      receiptAgainst(a2, placed!.id, [{ sku: 'MUG', quantity: 4, damaged: 1 }]),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual(['ok', 'ok']);
    let now = await order(placed!.id);
    expect(now).toMatchObject({
      state: 'partly_received',
      lines: [{ sku: 'MUG', receivedQuantity: 7 }, { receivedQuantity: 0 }],
    });
    expect(now.receiptIds).toHaveLength(2);
    expect(await incomingAt('A', 'MUG')).toBe(before - 7);

    // The same receipt again (a register that resends) counts once.
    const last = {
      ...goodsReceipt(a1.who, [
        { sku: 'MUG', quantity: 3 },
        { sku: 'PLATE', quantity: 4 },
      ]),
      purchaseOrderId: placed!.id,
    };
    await push(a1, receiptCompleted.type, last);
    await push(a1, receiptCompleted.type, last);
    now = await order(placed!.id);
    expect(now).toMatchObject({
      state: 'received',
      lines: [{ receivedQuantity: 10 }, { receivedQuantity: 4 }],
    });
    expect(await incomingAt('A', 'MUG')).toBe(before - 10);
    // A received order leaves the registers' list of open orders.
    const pulled = (await a1.socket.emitWithAck('pull', {
      stream: 'purchaseOrders',
      cursor: 0,
      limit: 1000,
    })) as PullReply<'purchaseOrders'>;
    expect(
      pulled.status === 'ok' && pulled.changes.filter((c) => c.key === `A:${placed!.id}`).at(-1)?.data,
    ).toBeNull();
  });

  it('refuses to cancel once something was received, closes it short, and the rest stops being incoming', async () => {
    const [placed] = await ordered([{ storeId: 'A', sku: 'PLATE', quantity: 10 }]);
    const before = await incomingAt('A', 'PLATE');
    await receiptAgainst(a1, placed!.id, [{ sku: 'PLATE', quantity: 6 }]);
    const cancel = await ho.admin('POST', `/api/purchase-orders/${placed!.id}/cancel`);
    expect(cancel).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/Close it short/) } },
    });
    const closed = await ho.admin<PurchaseOrder>('POST', `/api/purchase-orders/${placed!.id}/close`);
    expect(closed.body).toMatchObject({
      state: 'closed_short',
      lines: [{ quantity: 10, receivedQuantity: 6 }],
    });
    expect(await incomingAt('A', 'PLATE')).toBe(before - 10);

    const [untouched] = await ordered([{ storeId: 'A', sku: 'PLATE', quantity: 2 }]);
    expect((await ho.admin('POST', `/api/purchase-orders/${untouched!.id}/cancel`)).body).toMatchObject({
      state: 'cancelled',
    });
    expect(await incomingAt('A', 'PLATE')).toBe(before - 10);
  });

  it('flags goods not on the order, and keeps receipts against another store’s order off it', async () => {
    const [placed] = await ordered([{ storeId: 'A', sku: 'MUG', quantity: 2 }]);
    await receiptAgainst(a1, placed!.id, [
      { sku: 'MUG', quantity: 2 },
      { sku: 'BOWL', quantity: 1 },
    ]);
    expect(await order(placed!.id)).toMatchObject({
      state: 'received',
      lines: [
        { sku: 'MUG', flagged: false },
        { sku: 'BOWL', quantity: 0, receivedQuantity: 1, flagged: true },
      ],
    });
    const flagged = await get<Page<ExceptionView>>('/api/exceptions?kind=not_on_purchase_order');
    expect(flagged.items).toEqual([
      expect.objectContaining({
        storeId: 'A',
        sku: 'BOWL',
        details: expect.stringMatching(/did not order it/),
      }),
    ]);

    const [ofA] = await ordered([{ storeId: 'A', sku: 'MUG', quantity: 5 }]);
    await receiptAgainst(b, ofA!.id, [{ sku: 'MUG', quantity: 5 }]);
    expect(await order(ofA!.id)).toMatchObject({
      state: 'ordered',
      lines: [{ receivedQuantity: 0 }],
      receiptIds: [],
    });
    const mismatch = await get<Page<ExceptionView>>('/api/exceptions?kind=purchase_order_mismatch');
    expect(mismatch.items).toEqual([
      expect.objectContaining({
        storeId: 'B',
        details: expect.stringMatching(/of store A: its goods are on hand at store B/),
      }),
    ]);
  });

  it('keeps a store manager’s draft from the register as a numbered draft with the supplier’s costs', async () => {
    const draft = purchaseOrderDraft(a1.who, supplier.id, [
      { sku: 'MUG', quantity: 24 },
      { sku: 'PLATE', quantity: 2, unitCostMinor: 250 },
    ]);
    expect(await push(a1, purchaseOrderDrafted.type, draft)).toMatchObject({ status: 'ok' });
    expect(await order(draft.purchaseOrderId)).toMatchObject({
      state: 'draft',
      storeId: 'A',
      number: expect.stringMatching(/^PO-/),
      createdBy: `register:${a1.who.registerId}/user-2`,
      lines: [
        { sku: 'MUG', quantity: 24, unitCostMinor: 120 },
        { sku: 'PLATE', quantity: 2, unitCostMinor: 250 },
      ],
    });
    const unknown = purchaseOrderDraft(a1.who, 'NOBODY', [{ sku: 'MUG', quantity: 1 }]);
    await push(a1, purchaseOrderDrafted.type, unknown);
    expect((await ho.admin('GET', `/api/purchase-orders/${unknown.purchaseOrderId}`)).status).toBe(404);
    const mismatch = await get<Page<ExceptionView>>('/api/exceptions?kind=purchase_order_mismatch&storeId=A');
    expect(mismatch.items.map((e) => e.details)).toContainEqual(expect.stringMatching(/supplier "NOBODY"/));
  });

  it('gives the supplier a PDF and a CSV with its codes', async () => {
    const [placed] = await ordered([
      { storeId: 'A', sku: 'MUG', quantity: 12 },
      { storeId: 'A', sku: 'PLATE', quantity: 3 },
    ]);
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const pdf = await fetch(`${ho.url}/api/purchase-orders/${placed!.id}/pdf`, { headers });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`${placed!.number}.pdf`);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const document = await PDFDocument.load(bytes);
    expect(document.getPageCount()).toBe(1);
    expect(document.getTitle()).toBe(`Purchase order ${placed!.number}`);
    const text = pdfText(bytes);
    expect(text).toContain('AC-MUG-01');
    expect(text).toContain('AC-PL-22');
    expect(text).toContain('Acme Ceramics');
    expect(text).toContain('20.70 EUR');

    const csv = await fetch(`${ho.url}/api/purchase-orders/${placed!.id}/csv`, { headers });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(parse(await csv.text(), { columns: true })).toEqual([
      {
        order: placed!.number,
        supplier_code: 'AC-MUG-01',
        sku: 'MUG',
        description: 'Mug',
        quantity: '12',
        pack_size: '6',
        unit_cost: '1.20',
        amount: '14.40',
        currency: 'EUR',
      },
      {
        order: placed!.number,
        supplier_code: 'AC-PL-22',
        sku: 'PLATE',
        description: 'Plate',
        quantity: '3',
        pack_size: '1',
        unit_cost: '2.10',
        amount: '6.30',
        currency: 'EUR',
      },
    ]);
  });

  it('lists orders by store, supplier and state, newest first', async () => {
    const open = await get<Page<PurchaseOrder>>(
      `/api/purchase-orders?storeId=A&open=true&supplierId=${supplier.id}`,
    );
    expect(open.items.length).toBeGreaterThan(0);
    expect(
      open.items.every((item) => item.storeId === 'A' && ['ordered', 'partly_received'].includes(item.state)),
    ).toBe(true);
    const numbers = open.items.map((item) => item.number);
    expect(numbers).toEqual([...numbers].sort().reverse());
    const page = await get<Page<PurchaseOrder>>('/api/purchase-orders?limit=1');
    const next = await get<Page<PurchaseOrder>>(`/api/purchase-orders?limit=1&after=${page.next}`);
    expect(next.items[0]!.number < page.items[0]!.number).toBe(true);
  });

  it('pages suppliers A to Z, two of one name by their ids, each page after the last one’s key', async () => {
    // Names whose every character doubles in the key's JSON: their keys are still taken back.
    const quotes = '"'.repeat(100);
    const backslashes = '\\'.repeat(120);
    for (const name of ['Birch Tableware', 'Acme Ceramics', quotes, backslashes]) {
      expect((await ho.admin('POST', '/api/suppliers', { name, currency: 'EUR' })).status).toBe(201);
    }
    const seen: { id: string; name: string }[] = [];
    let after = '';
    do {
      const reply = await ho.admin<Page<{ id: string; name: string }>>(
        'GET',
        `/api/suppliers?limit=1${after && `&after=${encodeURIComponent(after)}`}`,
      );
      expect(reply.status).toBe(200);
      seen.push(...reply.body.items);
      after = reply.body.next ?? '';
    } while (after !== '');
    // Where the quotes and backslashes sort among letters is the database's collation.
    const letters = seen.map((each) => each.name).filter((name) => /^[A-Z]/.test(name));
    expect(letters).toEqual(['Acme Ceramics', 'Acme Ceramics', 'Birch Tableware']);
    expect(seen.map((each) => each.name).sort()).toEqual([...letters, quotes, backslashes].sort());
    expect(new Set(seen.map((each) => each.id)).size).toBe(5);
  });
});
