/**
 * 'return.completed': a row in `returns` that names the sale it took goods of (original_sale_id; null without
 * receipt), sellable goods back into the store's stock (damaged ones are not on hand), and 'over_return' /
 * 'currency_mismatch' findings.
 *
 * A return may name another store's sale: a customer brings back at store A what they bought at store B. The
 * goods come back into A's stock and the money leaves A; it counts against B's sale (so B cannot refund it
 * again) only when it matches that sale: the sale's register and receipt number, its lines, no more than is left
 * of each, and not voided. One that does not match is a 'store_mismatch': applied in A only, never linked to B's
 * sale. A sale head office does not hold cannot be checked: the return is linked to it only when it says the sale
 * was rung up on a register of its own store.
 */
import type { returnCompleted, ReturnPayload } from '../../shared/documents/return.ts';
import type { SalePayload } from '../../shared/documents/sale.ts';
import { anyOf, lookup } from '../db/bulk.ts';
import { checkOverReturns } from '../over-returns.ts';
import { returnedByLine, returnsOfSales, salesById } from '../received.ts';
import { currencyFindings } from './currency.ts';
import { insertDocuments } from './document-rows.ts';
import {
  foundAt,
  lineMovements,
  type Batch,
  type DocumentHandler,
  type Received,
  type RegisterFinding,
} from './handler.ts';

type ReturnDoc = Received<typeof returnCompleted.type>;

const describe = (ret: ReturnPayload): string => `Return ${ret.returnId} (receipt ${ret.receiptNumber})`;

export const returnHandler: DocumentHandler<typeof returnCompleted.type> = {
  rows: {
    key: (ret) => ret.returnId,
    describe,
    insert: (batch, docs) =>
      insertDocuments(batch, 'returns', 'return_id', docs, (ret, origin) => ({
        return_id: ret.returnId,
        ...origin,
        receipt_number: ret.receiptNumber,
        original_sale_id: ret.original?.saleId ?? null,
        completed_at: ret.completedAt,
        total_minor: ret.totals.totalMinor,
        customer_id: ret.customerId ?? null,
      })),
  },

  checkReferences: checkOriginalSales,

  movements: ({ register, seq, payload: ret }) =>
    // Damaged goods come back into the damaged state: here, but not sellable.
    lineMovements({ register, seq, ref: ret.returnId, occurredAt: ret.completedAt }, ret.lines, (line) => [
      {
        state: line.disposition === 'sellable' ? 'on_hand' : 'damaged',
        reason: 'RETURN',
        quantity: line.quantity,
      },
    ]),

  async check(batch, docs) {
    return [
      ...(await checkOverReturns(batch.tx, docs)),
      ...(await currencyFindings(batch, docs, (ret) => ret.currency, describe)),
    ];
  },

  countInShift: (_db, _register, shiftId, docs) => ({
    documents: { returns: docs.map((doc) => doc.payload).filter((ret) => ret.shiftId === shiftId) },
    missing: [],
  }),
};

/** What head office knows of a sale that a return of another store names. */
interface OtherStoreSale {
  storeId: string;
  sale: SalePayload | undefined;
  voided: boolean;
  /** Per line id: sold minus every return linked to the sale so far (this batch's included, in order). */
  left: Map<string, number>;
}

async function checkOriginalSales(
  { ho, tx }: Batch,
  docs: ReturnDoc[],
): Promise<{ apply: ReturnDoc[]; findings: RegisterFinding[] }> {
  const named = docs.filter((doc) => doc.payload.original !== null);
  if (named.length === 0) return { apply: docs, findings: [] };
  const saleOf = (doc: ReturnDoc): string => doc.payload.original!.saleId;
  const storeOfSale = await lookup(
    tx,
    ho.dialect,
    { table: 'sales', key: 'sale_id', value: 'store_id' },
    named.map(saleOf),
  );
  const foreign = named.filter((doc) => storeOfSale.get(saleOf(doc)) !== doc.register.store_id);
  if (foreign.length === 0) return { apply: docs, findings: [] };

  // Other stores' sales that returns name, with what is left of them.
  const otherSaleIds = [...new Set(foreign.map(saleOf).filter((id) => storeOfSale.has(id)))];
  const [sales, returns, voids] = await Promise.all([
    salesById(tx, otherSaleIds),
    returnsOfSales(tx, otherSaleIds),
    otherSaleIds.length === 0
      ? []
      : tx
          .selectFrom('sale_voids')
          .select('sale_id')
          .where('sale_id', 'in', anyOf(ho.dialect, otherSaleIds))
          .execute(),
  ]);
  const voided = new Set(voids.map((row) => row.sale_id));
  const others = new Map<string, OtherStoreSale>();
  for (const saleId of otherSaleIds) {
    const sale = sales.get(saleId);
    const returned = returnedByLine(returns.filter(({ ret }) => ret.original?.saleId === saleId));
    const left = new Map(
      sale?.lines.map((line) => [line.lineId, line.quantity - (returned.get(line.lineId) ?? 0)]),
    );
    others.set(saleId, { storeId: storeOfSale.get(saleId)!, sale, voided: voided.has(saleId), left });
  }
  // Registers that sales head office does not hold were rung up on, by the returns' word.
  const unheldRegisterIds = foreign
    .filter((doc) => !storeOfSale.has(saleOf(doc)))
    .map((doc) => doc.payload.original!.registerId);
  const storeOfRegister = await lookup(
    tx,
    ho.dialect,
    { table: 'registers', key: 'id', value: 'store_id' },
    unheldRegisterIds,
  );

  const findings: RegisterFinding[] = [];
  const apply = docs.map((doc): ReturnDoc => {
    const original = doc.payload.original;
    if (original === null) return doc;
    const other = others.get(original.saleId);
    if (storeOfSale.get(original.saleId) === doc.register.store_id) {
      // This store's sale: linked, as every register of the store sees it. What it takes counts for the
      // other stores' returns of it that follow in this batch.
      if (other) takeFrom(other, doc.payload);
      return doc;
    }
    let why: string | null;
    if (!other) {
      const registerStore = storeOfRegister.get(original.registerId);
      why =
        registerStore === doc.register.store_id
          ? null
          : `head office does not hold that sale, and its register ${original.registerId} is ${registerStore === undefined ? 'not one head office knows' : `of store ${registerStore}`}`;
    } else {
      why = mismatch(doc.payload, other);
      if (why === null) takeFrom(other, doc.payload);
    }
    if (why === null) return doc;
    const where = other ? ` of store ${other.storeId}` : '';
    findings.push(
      foundAt(doc.register)({
        seq: doc.seq,
        kind: 'store_mismatch',
        details: `Return ${doc.payload.receiptNumber} names sale ${original.receiptNumber}${where}, but ${why}. It was applied to store ${doc.register.store_id} only and does not count against that sale.`,
      }),
    );
    // Not linked: the returns row names no sale, so no other store's figures change.
    return { ...doc, payload: { ...doc.payload, original: null } };
  });
  return { apply, findings };
}

/** Why a return does not match another store's sale it names; null when it does. */
function mismatch(ret: ReturnPayload, { sale, voided, left }: OtherStoreSale): string | null {
  if (!sale) return 'head office cannot read that sale';
  if (voided) return 'that sale was voided';
  const original = ret.original!;
  if (original.registerId !== sale.registerId || original.receiptNumber !== sale.receiptNumber)
    return `that sale is receipt ${sale.receiptNumber} of register ${sale.registerId}, not receipt ${original.receiptNumber} of register ${original.registerId}`;
  const taking = new Map<string, number>();
  for (const line of ret.lines) {
    const sold = sale.lines.find((candidate) => candidate.lineId === line.originalLineId);
    if (!sold || sold.sku !== line.sku) return `SKU ${line.sku} is not a line of that sale`;
    taking.set(sold.lineId, (taking.get(sold.lineId) ?? 0) + line.quantity);
  }
  for (const [lineId, quantity] of taking) {
    const available = left.get(lineId) ?? 0;
    if (quantity > available) {
      const sku = sale.lines.find((line) => line.lineId === lineId)!.sku;
      return `it takes back ${quantity} of SKU ${sku}, and only ${Math.max(0, available)} of it are left of that sale`;
    }
  }
  return null;
}

function takeFrom({ left }: OtherStoreSale, ret: ReturnPayload): void {
  for (const line of ret.lines) {
    if (line.originalLineId !== null && left.has(line.originalLineId))
      left.set(line.originalLineId, left.get(line.originalLineId)! - line.quantity);
  }
}
