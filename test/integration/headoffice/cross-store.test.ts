/**
 * A register changes nothing of another store (SYNC.md: every document is checked against the pushing
 * register's store). For every document kind of the registry, a register of store A pushes documents that name
 * store B or B's documents; B's sales, returns, voids, stock, exceptions and receipt lookups stay as they were,
 * and A gets a 'store_mismatch' exception where one applies. On SQLite and on PostgreSQL.
 *
 * Then what store A may do with B's sale: take back goods a customer bought at B (counted against B's sale only
 * as far as it matches it), and look it up without seeing how it was paid or who sold it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentKinds, type DocumentType, type PayloadOf } from '../../../src/shared/documents/registry.ts';
import type { SalePayload } from '../../../src/shared/documents/sale.ts';
import type { TransferSentPayload } from '../../../src/shared/documents/transfer.ts';
import type { ExceptionView, Page, SaleView, StockView } from '../../../src/shared/sync/admin-api.ts';
import type { CountDetail } from '../../../src/shared/sync/counts-api.ts';
import type { LookupReceiptReply, PushReply } from '../../../src/shared/sync/protocol.ts';
import {
  auditEntry,
  completedReturn,
  completedSale,
  connectRegister,
  countSubmission,
  createStore,
  dialects,
  emptyShiftReport,
  enrollRegister,
  newCustomer,
  outboxEvent,
  putProducts,
  saleVoid,
  startTestHeadOffice,
  stockAdjustment,
  type RegisterSocket,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';
import {
  goodsReceipt,
  purchaseOrderDraft,
  transferReceived,
  transferRequest,
  transferSent,
} from './inventory-helpers.ts';

interface Till {
  socket: RegisterSocket;
  who: Who;
  seq: number;
}

/** What store B has, as store B's people and registers see it. */
interface StoreB {
  sales: SaleView[];
  stock: StockView[];
  exceptions: ExceptionView[];
  lookups: LookupReceiptReply[];
  returns: unknown[];
  voids: unknown[];
  countLines: unknown[];
}

/** Store B's documents that a register of store A tries to name. */
interface OfStoreB {
  till: Till;
  /** A sale of store B (2 mugs) and one that a void could cancel (1 mug). */
  sale: SalePayload;
  voidable: SalePayload;
  /** A count of store B, with one line. */
  countId: string;
  /** A transfer store B sent to store C (1 mug). */
  transfer: TransferSentPayload;
}

/**
 * Per kind, the documents a register of store A pushes that name store B or its documents, and how many of
 * them are a 'store_mismatch' at A. The type needs a case for every kind of the registry.
 */
type CrossStoreCases = {
  [T in DocumentType]: { mismatches: number; payloads: (a: Till, b: OfStoreB) => PayloadOf<T>[] };
};

const cases: CrossStoreCases = {
  'customer.created': {
    mismatches: 1,
    payloads: (a) => [
      // A customer that claims to be made at store B.
      newCustomer({ ...a.who, storeId: 'B' }, { email: 'b@example.com' }),
      // Customers belong to the company: one made at A is A's document and changes nothing of B.
      newCustomer(a.who, { email: 'a@example.com' }),
    ],
  },
  'sale.completed': {
    mismatches: 1,
    payloads: (a, b) => [
      // A sale that claims store B.
      completedSale(a.seq + 1, { ...a.who, storeId: 'B' }, [{ sku: 'MUG', quantity: 5 }]),
      // A sale of A under the id of B's sale: one document id is counted once (a 'duplicate_document').
      { ...completedSale(a.seq + 2, a.who, [{ sku: 'MUG', quantity: 3 }]), saleId: b.sale.saleId },
    ],
  },
  'return.completed': {
    mismatches: 3,
    payloads: (a, b) => [
      { ...completedReturn(a.seq + 1, a.who, b.sale, [{ sku: 'MUG', quantity: 1 }]), storeId: 'B' },
      // More than B sold.
      completedReturn(a.seq + 2, a.who, b.sale, [{ sku: 'MUG', quantity: 5 }]),
      // A line B's sale does not have.
      completedReturn(a.seq + 3, a.who, b.sale, [{ sku: 'PLATE', quantity: 1 }]),
    ],
  },
  'sale.voided': {
    mismatches: 2,
    payloads: (a, b) => [
      { ...saleVoid(a.seq + 1, a.who, b.voidable), storeId: 'B' },
      saleVoid(a.seq + 2, a.who, b.voidable),
    ],
  },
  'shift.closed': {
    mismatches: 1,
    payloads: (a) => [emptyShiftReport({ ...a.who, storeId: 'B' }, 'shift-of-b')],
  },
  'count.submitted': {
    mismatches: 2,
    payloads: (a, b) => {
      const line = { sku: 'MUG', quantity: 0, countedAt: new Date().toISOString() };
      return [
        countSubmission({ ...a.who, storeId: 'B' }, 'count-by-a', [line]),
        // Lines for store B's count: they would change what B's approver sees.
        countSubmission(a.who, b.countId, [line]),
      ];
    },
  },
  'adjustment.completed': {
    mismatches: 1,
    payloads: (a) => [
      // B's mugs written off by a register of A.
      stockAdjustment({ ...a.who, storeId: 'B' }, 'theft', [{ sku: 'MUG', quantity: 4 }]),
      // A's own damage: A's stock, never B's.
      stockAdjustment(a.who, 'damaged', [{ sku: 'MUG', quantity: 2 }]),
    ],
  },
  'audit.recorded': {
    mismatches: 1,
    payloads: (a) => [
      auditEntry({ ...a.who, storeId: 'B' }, 'drawer.open', { reason: 'no sale' }),
      // Cash into the drawer of a shift of store B: kept as A's entry, counted in no shift of B.
      auditEntry(a.who, 'cash.inOut', { shiftId: 'shift-of-b', kind: 'in', amountMinor: 500, reason: 'x' }),
    ],
  },
  'purchase-order.drafted': {
    mismatches: 1,
    payloads: (a) => [{ ...purchaseOrderDraft(a.who, 'ACME', [{ sku: 'MUG', quantity: 6 }]), storeId: 'B' }],
  },
  'receipt.completed': {
    mismatches: 1,
    payloads: (a) => [{ ...goodsReceipt(a.who, [{ sku: 'MUG', quantity: 4 }]), storeId: 'B' }],
  },
  'transfer.requested': {
    mismatches: 2,
    payloads: (a, b) => [
      { ...transferRequest(a.who, 'C', [{ sku: 'MUG', quantity: 1 }]), storeId: 'B' },
      // A request of store A under the id of B's transfer to C: one id is one transfer.
      { ...transferRequest(a.who, 'B', [{ sku: 'MUG', quantity: 1 }]), transferId: b.transfer.transferId },
    ],
  },
  'transfer.sent': {
    mismatches: 3,
    payloads: (a, b) => [
      { ...transferSent(a.who, 'C', [{ sku: 'MUG', quantity: 1 }]), storeId: 'B' },
      // Sent by A under the id of B's transfer to C.
      transferSent(a.who, 'C', [{ sku: 'MUG', quantity: 1 }], b.transfer.transferId),
      transferSent(a.who, 'NOWHERE', [{ sku: 'MUG', quantity: 1 }]),
    ],
  },
  'transfer.received': {
    mismatches: 2,
    payloads: (a, b) => [
      { ...transferReceived(a.who, b.transfer), storeId: 'B' },
      // B's transfer went to store C: store A cannot receive it.
      transferReceived(a.who, b.transfer),
    ],
  },
};

describe.each(dialects)('store A and store B on %s', (dialect) => {
  let ho: TestHeadOffice;
  let a: Till;
  let b: OfStoreB;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'B');
    await createStore(ho.admin, 'C');
    await putProducts(ho.admin, [
      { sku: 'MUG', priceMinor: 250 },
      { sku: 'PLATE', priceMinor: 250 },
    ]);
    for (const store of ['A', 'B'])
      await ho.admin('POST', `/api/stores/${store}/stock-movements`, {
        sku: 'MUG',
        kind: 'receive',
        quantity: 20,
      });
    const till = async (storeId: string): Promise<Till> => {
      const { token, registerId } = await enrollRegister(ho.admin, storeId);
      return { socket: await connectRegister(ho.url, token), who: { storeId, registerId }, seq: 0 };
    };
    a = await till('A');
    const tillB = await till('B');
    b = {
      till: tillB,
      sale: completedSale(1, tillB.who, [{ sku: 'MUG', quantity: 2 }], { receiptNumber: 'B1-000001' }),
      voidable: completedSale(2, tillB.who, [{ sku: 'MUG', quantity: 1 }], { receiptNumber: 'B1-000002' }),
      countId: 'count-of-b',
      transfer: transferSent(tillB.who, 'C', [{ sku: 'MUG', quantity: 1 }]),
    };
    await push(tillB, 'sale.completed', [b.sale, b.voidable]);
    const counted = { sku: 'MUG', quantity: 17, countedAt: new Date().toISOString() };
    await push(tillB, 'count.submitted', [countSubmission(tillB.who, b.countId, [counted])]);
    await push(tillB, 'transfer.sent', [b.transfer]);
  });
  afterAll(async () => {
    a?.socket.close();
    b?.till.socket.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  /** Pushes the next events of `till` and expects them all applied. */
  async function push<T extends DocumentType>(till: Till, type: T, payloads: PayloadOf<T>[]): Promise<void> {
    const events = payloads.map((payload) => outboxEvent((till.seq += 1), payload, type));
    const reply: PushReply = await till.socket.emitWithAck('push', { events });
    expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: till.seq });
  }
  /** Store A's register pushes the documents of `type`'s case. */
  const pushCase = <T extends DocumentType>(type: T) => push(a, type, cases[type].payloads(a, b));
  const get = async <T>(path: string): Promise<T> => (await ho.admin<T>('GET', path)).body;
  const lookup = (till: Till, receiptNumber: string): Promise<LookupReceiptReply> =>
    till.socket.emitWithAck('lookupReceipt', { receiptNumber });
  const exceptionsOf = async (storeId: string) =>
    (await get<Page<ExceptionView>>(`/api/exceptions?storeId=${storeId}&limit=1000`)).items;

  async function storeB(): Promise<StoreB> {
    const saleIds = [b.sale.saleId, b.voidable.saleId];
    return {
      sales: (await get<Page<SaleView>>('/api/sales?storeId=B&limit=1000')).items,
      stock: (await get<{ items: StockView[] }>('/api/stores/B/stock')).items,
      exceptions: await exceptionsOf('B'),
      lookups: [await lookup(b.till, b.sale.receiptNumber), await lookup(b.till, b.voidable.receiptNumber)],
      returns: await ho.db
        .selectFrom('returns')
        .selectAll()
        .where('original_sale_id', 'in', saleIds)
        .execute(),
      voids: await ho.db.selectFrom('sale_voids').selectAll().where('sale_id', 'in', saleIds).execute(),
      countLines: (await get<CountDetail>(`/api/counts/${b.countId}`)).items,
    };
  }

  it('has a case for every document kind', () => {
    expect(Object.keys(cases).sort()).toEqual(documentKinds.map((kind) => kind.type).sort());
  });

  it.each(documentKinds.map((kind) => kind.type))(
    '%s: store A’s register changes nothing of store B',
    async (type) => {
      const before = await storeB();
      const mismatchesBefore = (await exceptionsOf('A')).filter((e) => e.kind === 'store_mismatch').length;
      await pushCase(type);

      expect(await storeB()).toEqual(before);
      const mismatched = (await exceptionsOf('A')).filter((e) => e.kind === 'store_mismatch');
      expect(mismatched.length - mismatchesBefore).toBe(cases[type].mismatches);
      expect(mismatched.every((e) => e.registerId === a.who.registerId)).toBe(true);
    },
  );

  it('takes back at store A what was bought at store B, counted against B’s sale only as far as it matches', async () => {
    const sale = completedSale(b.till.seq + 1, b.till.who, [{ sku: 'MUG', quantity: 3 }], {
      receiptNumber: 'B1-000100',
      tenders: [{ tenderId: 'card-1', kind: 'card', amountMinor: 750 }],
    });
    await push(b.till, 'sale.completed', [sale]);
    const stockOf = async (store: string) =>
      (await get<{ items: StockView[] }>(`/api/stores/${store}/stock?sku=MUG`)).items[0]!.onHand;
    const [atA, atB] = [await stockOf('A'), await stockOf('B')];

    // Store A sees what a return needs, not how B was paid nor who sold it.
    const found = await lookup(a, 'B1-000100');
    expect(found).toMatchObject({
      status: 'found',
      sale: {
        saleId: sale.saleId,
        storeId: 'B',
        lines: sale.lines,
        totals: sale.totals,
        tenders: [],
        changeMinor: 0,
        userId: null,
        shiftId: null,
      },
      returnedByOthers: [],
      refundedByOthers: [],
      voided: false,
    });

    await push(a, 'return.completed', [
      completedReturn(a.seq + 1, a.who, sale, [{ sku: 'MUG', quantity: 2 }]),
    ]);
    expect([await stockOf('A'), await stockOf('B')]).toEqual([atA + 2, atB]);
    expect(await lookup(b.till, 'B1-000100')).toMatchObject({
      returnedByOthers: [{ lineId: sale.lines[0]!.lineId, quantity: 2 }],
    });

    // Two more than the one left: applied at A only, and B's sale still has one left.
    const exceptionsBefore = (await exceptionsOf('A')).length;
    await push(a, 'return.completed', [
      completedReturn(a.seq + 1, a.who, sale, [{ sku: 'MUG', quantity: 2 }]),
    ]);
    expect([await stockOf('A'), await stockOf('B')]).toEqual([atA + 4, atB]);
    expect(await lookup(b.till, 'B1-000100')).toMatchObject({
      returnedByOthers: [{ lineId: sale.lines[0]!.lineId, quantity: 2 }],
    });
    const [mismatch] = (await exceptionsOf('A')).slice(exceptionsBefore);
    expect(mismatch).toMatchObject({ kind: 'store_mismatch', registerId: a.who.registerId, seq: a.seq });
    expect(mismatch!.details).toMatch(/only 1 of it are left of that sale/);
    expect(await exceptionsOf('B')).toEqual([]);
  });

  it('shows a register of protocol 1 another store’s sale as paid in cash, so its refund stops at what is left', async () => {
    const sale = completedSale(b.till.seq + 1, b.till.who, [{ sku: 'MUG', quantity: 4 }], {
      receiptNumber: 'B1-000200',
      tenders: [{ tenderId: 'card-1', kind: 'card', amountMinor: 1000 }],
    });
    await push(b.till, 'sale.completed', [sale]);
    await push(b.till, 'return.completed', [
      completedReturn(b.till.seq + 1, b.till.who, sale, [{ sku: 'MUG', quantity: 1 }]),
    ]);
    const { token } = await enrollRegister(ho.admin, 'A');
    const old = await connectRegister(ho.url, token, 1);
    try {
      const found: LookupReceiptReply = await old.emitWithAck('lookupReceipt', {
        receiptNumber: 'B1-000200',
      });
      expect(found).toMatchObject({
        status: 'found',
        sale: {
          tenders: [{ kind: 'cash', amountMinor: 1000 }],
          changeMinor: 0,
          userId: null,
          shiftId: null,
        },
        returnedByOthers: [{ lineId: sale.lines[0]!.lineId, quantity: 1 }],
        refundedByOthers: [{ kind: 'cash', amountMinor: 250 }],
      });
      // How store B was paid stays with store B.
      expect(JSON.stringify(found)).not.toContain('card');
    } finally {
      old.close();
    }
  });
});
