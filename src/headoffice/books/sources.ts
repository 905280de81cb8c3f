/**
 * Journal sources: for each document kind that moves money, what one document posts to the books. A posting is
 * signed: positive debits its account, negative credits it; a document's postings add up to zero. journal.ts
 * loads the documents of a day through these and adds their postings up into the day's lines.
 *
 * Adding a source is one journalSource({...}) call below and one entry in journalSources.
 */
import type { AccountKind } from '../../shared/books.ts';
import { adjustmentCompleted } from '../../shared/documents/adjustment.ts';
import { auditRecorded, type AuditPayload } from '../../shared/documents/audit.ts';
import { receiptCompleted } from '../../shared/documents/goods-receipt.ts';
import type { DocumentType, KindOf, PayloadOf } from '../../shared/documents/registry.ts';
import { returnCompleted, type ReturnPayload } from '../../shared/documents/return.ts';
import { saleCompleted, type SalePayload } from '../../shared/documents/sale.ts';
import { shiftClosed, type ShiftClosedPayload } from '../../shared/documents/shift.ts';
import { transferReceived, transferSent } from '../../shared/documents/transfer.ts';
import { saleVoided, type VoidPayload } from '../../shared/documents/void.ts';
import type { TaxSummary } from '../../shared/domain.ts';
import { mulDivRound } from '../../shared/money.ts';
import { cashMovementDetailsSchema } from '../../shared/shift-totals.ts';
import type { Executor } from '../context.ts';
import {
  channelOrder,
  costsOfDocuments,
  documentKey,
  headOfficeCosts,
  type MovementCost,
} from '../costing.ts';
import { salesById } from '../received.ts';

export interface Posting {
  /** What the line is; postings with the same key add up into one line of the journal. */
  key: string;
  kind: AccountKind;
  /** The tender kind or tax code the account may be mapped by. */
  qualifier: string | null;
  description: string;
  amountMinor: number;
}

/** The store whose journal is being made. */
export interface SourceContext {
  db: Executor;
  storeId: string;
  /** Where each document came from, in the order of the documents. */
  origins: { registerId: string; seq: number }[];
}

export interface JournalSource<T extends DocumentType> {
  kind: KindOf<T>;
  /**
   * The table holding the documents head office applied (keyed by register and seq). A received event without
   * its row there was not applied (a duplicate, another store's document), so it is not in the books.
   */
  appliedIn?:
    | 'sales'
    | 'returns'
    | 'sale_voids'
    | 'goods_receipts'
    | 'adjustments'
    | 'transfer_sends'
    | 'transfer_receipts';
  /** Each document's postings, in the order given. */
  postings: (docs: PayloadOf<T>[], context: SourceContext) => Promise<Posting[][]> | Posting[][];
}

const tenderNames: Record<string, string> = { cash: 'Cash', card: 'Card' };
const tenderName = (kind: string): string => tenderNames[kind] ?? kind;
const rateName = (tax: Pick<TaxSummary, 'name' | 'rateBasisPoints'>): string =>
  `${tax.name} ${tax.rateBasisPoints / 100}%`;
const rateKey = (tax: Pick<TaxSummary, 'code' | 'rateBasisPoints'>): string =>
  `${tax.code}:${tax.rateBasisPoints}`;

const post = (
  kind: AccountKind,
  qualifier: string | null,
  key: string,
  description: string,
  amountMinor: number,
): Posting => ({ key, kind, qualifier, description, amountMinor });

const takings = (tender: string, amountMinor: number): Posting =>
  post('takings', tender, `takings:${tender}`, `${tenderName(tender)} takings`, amountMinor);

/** Cash into (positive) or out of the drawer for something other than takings: paid in or out, over/short. */
const drawer = (why: string, what: string, amountMinor: number): Posting =>
  post('takings', 'cash', `${why}:drawer`, `${what} (cash drawer)`, amountMinor);

/**
 * What discounts took off a sale, per tax rate, without tax: the sales lines are posted before discounts and the
 * discounts against them, so the books show both. With prices including tax the discount's tax share (at the
 * line's rate, rounded half away from zero) stays out of it, as the tax on the sale was computed after it.
 */
function discountsByRate(sale: SalePayload): Map<string, number> {
  const byRate = new Map<string, { offMinor: number; rateBasisPoints: number }>();
  for (const line of sale.lines) {
    const after = sale.totals.pricesIncludeTax ? line.totalMinor : line.totalMinor - line.taxMinor;
    const offMinor = line.amountMinor - after;
    if (offMinor === 0) continue;
    const key = rateKey({ code: line.taxCode, rateBasisPoints: line.taxRateBasisPoints });
    const rate = byRate.get(key) ?? { offMinor: 0, rateBasisPoints: line.taxRateBasisPoints };
    byRate.set(key, { ...rate, offMinor: rate.offMinor + offMinor });
  }
  const net = new Map<string, number>();
  for (const [key, { offMinor, rateBasisPoints }] of byRate) {
    net.set(
      key,
      sale.totals.pricesIncludeTax
        ? offMinor - mulDivRound(offMinor, rateBasisPoints, 10_000 + rateBasisPoints)
        : offMinor,
    );
  }
  return net;
}

/** What a sale posts besides the money taken for it: sales, discounts and tax by rate, exchange credit, rounding. */
function saleValuePostings(sale: SalePayload): Posting[] {
  const discounts = discountsByRate(sale);
  const postings: Posting[] = [];
  for (const tax of sale.totals.taxes) {
    const key = rateKey(tax);
    const discountMinor = discounts.get(key) ?? 0;
    postings.push(
      post('sales', tax.code, `sales:${key}`, `Sales ${rateName(tax)}`, -(tax.netMinor + discountMinor)),
      post('discounts', tax.code, `discounts:${key}`, `Discounts ${rateName(tax)}`, discountMinor),
      post('tax', tax.code, `tax:${key}`, `Tax ${rateName(tax)}`, -tax.taxMinor),
    );
  }
  if (sale.exchange)
    postings.push(
      post('exchangeCredit', null, 'exchangeCredit', 'Exchange credit', sale.exchange.creditMinor),
    );
  postings.push(post('rounding', null, 'rounding', 'Cash rounding', -(sale.roundingMinor ?? 0)));
  return postings;
}

const negated = (postings: Posting[]): Posting[] =>
  postings.map((posting) => ({ ...posting, amountMinor: -posting.amountMinor }));

function salePostings(sale: SalePayload): Posting[] {
  return [
    ...sale.tenders.map((tender) => takings(tender.kind, tender.amountMinor)),
    // Change is cash handed back out of the drawer.
    takings('cash', -sale.changeMinor),
    ...saleValuePostings(sale),
  ];
}

function returnPostings(ret: ReturnPayload): Posting[] {
  return [
    ...ret.refunds.map((refund) => takings(refund.kind, -refund.amountMinor)),
    ...(ret.exchange
      ? [post('exchangeCredit', null, 'exchangeCredit', 'Exchange credit', -ret.exchange.creditMinor)]
      : []),
    ...ret.totals.taxes.flatMap((tax) => [
      post('refunds', tax.code, `refunds:${rateKey(tax)}`, `Returns ${rateName(tax)}`, tax.netMinor),
      post('tax', tax.code, `tax:${rateKey(tax)}`, `Tax ${rateName(tax)}`, tax.taxMinor),
    ]),
    // What the refund rounded in the customer's favour.
    post('rounding', null, 'rounding', 'Cash rounding', ret.roundingMinor),
  ];
}

/**
 * A post-void takes the whole sale out of the books (its sales, discounts, tax, rounding and exchange credit)
 * and pays back what it refunded. A void of a sale head office cannot read posts its refunds only, which leaves
 * the document unbalanced: journal.ts puts the difference in suspense for a person to look at.
 */
async function voidPostings(voids: VoidPayload[], { db, storeId }: SourceContext): Promise<Posting[][]> {
  const sales = await salesById(
    db,
    voids.map((saleVoid) => saleVoid.saleId),
    storeId,
  );
  return voids.map((saleVoid) => {
    const sale = sales.get(saleVoid.saleId);
    return [
      ...saleVoid.refunds.map((refund) => takings(refund.kind, -refund.amountMinor)),
      ...(sale ? negated(saleValuePostings(sale)) : []),
    ];
  });
}

/** Cash put into the drawer (from the bank or the safe) or taken out of it (to pay for something). */
function cashMovementPostings(entry: AuditPayload): Posting[] {
  if (entry.action !== 'cash.inOut') return [];
  const movement = cashMovementDetailsSchema.safeParse(entry.details);
  // An entry head office cannot read is already missing from the Z report's count (a z_mismatch says so).
  if (!movement.success) return [];
  const { kind, amountMinor } = movement.data;
  return kind === 'in'
    ? [
        drawer('paidIn', 'Cash paid in', amountMinor),
        post('paidIn', null, 'paidIn', 'Cash paid in', -amountMinor),
      ]
    : [
        post('paidOut', null, 'paidOut', 'Cash paid out', amountMinor),
        drawer('paidOut', 'Cash paid out', -amountMinor),
      ];
}

/** The Z report's cash count: what was over (positive) or short in the drawer. */
function overShortPostings(closed: ShiftClosedPayload): Posting[] {
  return [
    drawer('overShort', 'Cash over/short', closed.overShortMinor),
    post('overShort', null, 'overShort', 'Cash over/short', -closed.overShortMinor),
  ];
}

/** Where stock a document moved at cost goes besides inventory: the cost of goods sold, the supplier, shrink. */
const costCounterparts: Partial<
  Record<DocumentType | typeof channelOrder, Pick<Posting, 'kind' | 'key' | 'description'>>
> = {
  [saleCompleted.type]: { kind: 'costOfGoods', key: 'costOfGoods', description: 'Cost of goods sold' },
  [channelOrder]: { kind: 'costOfGoods', key: 'costOfGoods', description: 'Cost of goods sold' },
  [returnCompleted.type]: { kind: 'costOfGoods', key: 'costOfGoods', description: 'Cost of goods sold' },
  [saleVoided.type]: { kind: 'costOfGoods', key: 'costOfGoods', description: 'Cost of goods sold' },
  [receiptCompleted.type]: {
    kind: 'goodsReceivedNotInvoiced',
    key: 'goodsReceivedNotInvoiced',
    description: 'Goods received not invoiced',
  },
};
const shrinkage = { kind: 'shrink', key: 'shrink', description: 'Stock shrinkage' } as const;

/**
 * What the stock a document moved was worth, at the cost head office stamped on it when it applied the document
 * (costing.ts): on hand and damaged stock to inventory, stock in transit to its own account, and what that adds
 * up to against the document's counterpart: a sale's cost of goods (a return or a void takes it back), a
 * receipt's goods received not invoiced, and shrink for the rest (adjustments; what a transfer lost or gained on
 * the way; a transfer that arrived whole nets to zero).
 */
function postingsAtCost(moved: MovementCost[]): Posting[] {
  const postings = moved.map(({ state, valueMinor }) =>
    state === 'in_transit'
      ? post('transfersInTransit', null, 'transfersInTransit', 'Stock in transit', valueMinor)
      : post('inventory', null, 'inventory', 'Inventory', valueMinor),
  );
  const total = postings.reduce((sum, posting) => sum + posting.amountMinor, 0);
  const counterpart =
    costCounterparts[moved[0]?.documentKind as DocumentType | typeof channelOrder] ?? shrinkage;
  return total === 0 ? postings : [...postings, { ...counterpart, qualifier: null, amountMinor: -total }];
}

async function costPostings({ db, origins }: SourceContext): Promise<Posting[][]> {
  const costs = await costsOfDocuments(db, origins);
  return origins.map(({ registerId, seq }) => postingsAtCost(costs.get(documentKey(registerId, seq)) ?? []));
}

/**
 * What head office itself moved at the store, at cost, on the day it moved it (not a register's document, so not
 * among the sources above): count variances against shrink, and the goods of web orders it fulfilled or took back
 * against cost of goods (the order's takings are the web shop's, not the store's Z report).
 */
export async function headOfficePostings(
  db: Executor,
  storeId: string,
  day: { from: Date; to: Date },
  through: string | null,
): Promise<{ what: string; at: string; postings: Posting[] }[]> {
  return (await headOfficeCosts(db, storeId, day, through)).map((move) => ({
    what: move.kind === channelOrder ? `web order ${move.ref}` : `count ${move.ref}`,
    at: move.recordedAt,
    postings: postingsAtCost(move.costs),
  }));
}

/** The source's postings and the cost of the stock its documents moved. */
const withCosts =
  <P>(postings: (docs: P[], context: SourceContext) => Promise<Posting[][]> | Posting[][]) =>
  async (docs: P[], context: SourceContext): Promise<Posting[][]> => {
    const [own, costs] = [await postings(docs, context), await costPostings(context)];
    return own.map((document, index) => [...document, ...(costs[index] ?? [])]);
  };

/** Keeps a source's kind and its postings together, typed by the kind. */
export type AnyJournalSource = { [T in DocumentType]: JournalSource<T> }[DocumentType];

const perDocument =
  <P>(postings: (doc: P) => Posting[]) =>
  (docs: P[]): Posting[][] =>
    docs.map(postings);

const onlyCosts = (_docs: unknown[], context: SourceContext): Promise<Posting[][]> => costPostings(context);

/**
 * Every kind of a register's document the books take money or stock at cost from, in the registry's order.
 * Count variances and web orders come from head office's own moves (headOfficePostings).
 */
export const journalSources: AnyJournalSource[] = [
  { kind: saleCompleted, appliedIn: 'sales', postings: withCosts(perDocument(salePostings)) },
  { kind: returnCompleted, appliedIn: 'returns', postings: withCosts(perDocument(returnPostings)) },
  { kind: saleVoided, appliedIn: 'sale_voids', postings: withCosts(voidPostings) },
  { kind: shiftClosed, postings: perDocument(overShortPostings) },
  { kind: auditRecorded, postings: perDocument(cashMovementPostings) },
  { kind: adjustmentCompleted, appliedIn: 'adjustments', postings: onlyCosts },
  { kind: receiptCompleted, appliedIn: 'goods_receipts', postings: onlyCosts },
  { kind: transferSent, appliedIn: 'transfer_sends', postings: onlyCosts },
  { kind: transferReceived, appliedIn: 'transfer_receipts', postings: onlyCosts },
];
