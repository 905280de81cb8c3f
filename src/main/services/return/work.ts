/**
 * A return worked out without the ledger: what of a found sale is still returnable, the returned lines and their
 * share of the sale, the refund plan, and the approvals it needs. The returns service reads what these take in
 * the return's transaction and writes what they give.
 */
import type {
  CompletedReturn,
  CompletedSale,
  OriginalSaleRef,
  Product,
  Refund,
  ReturnableSale,
  ReturnedLine,
} from '../../../shared/domain.ts';
import { CounterError } from '../../../shared/errors.ts';
import type { PermissionAction } from '../../../shared/permissions.ts';
import {
  planRefund,
  refundableTenders,
  refundOfReturn,
  returnedShare,
  taxSummaries,
  valueStillOut,
  type RefundPlan,
  type ReturnRequest,
} from '../../../shared/returns.ts';
import type { StoreSettings } from '../../../shared/settings.ts';
import type { LookupReceiptReply } from '../../../shared/sync/protocol.ts';
import { priceSale } from '../../../shared/tax.ts';
import type { Money, PricedOpenSale } from '../sale/draft.ts';
import type { OwnHistory } from './store.ts';

type NoReceiptItem = Extract<ReturnRequest['from'], { kind: 'no-receipt' }>['items'][number];

/** What a return is worked out with besides the request and the sale. */
export interface WorkContext {
  store: StoreSettings;
  money: Money;
  /** The sale is another store's: its payments stay there, so the refund is in cash. */
  paidElsewhere: boolean;
  /** Without receipt: the catalog's products of the request's items, in order. */
  products: Product[];
  /** Throws when the drawer should not hold `amountMinor` in cash to pay out (ShiftsService.requireCashFor). */
  requireCashFor: (amountMinor: number, cannot: string, instead: string) => void;
  /** The open sale as the exchange's new side, paid first by up to `returnedMinor` of returned goods. */
  settleExchange: (returnedMinor: number, payments: Refund[]) => Worked['exchange'];
}

/** A sale found for a return, with what registers other than this one did with it (from head office). */
export interface Found {
  sale: CompletedSale;
  cashier: string | null;
  source: 'local' | 'head-office';
  others: { returned: Map<string, number>; refunded: Refund[]; creditedMinor: number; voided: boolean };
}

export const noOthers = (): Found['others'] => ({
  returned: new Map(),
  refunded: [],
  creditedMinor: 0,
  voided: false,
});

export const othersOf = (reply: LookupReceiptReply & { status: 'found' }): Found['others'] => ({
  returned: new Map(reply.returnedByOthers.map(({ lineId, quantity }) => [lineId, quantity])),
  refunded: reply.refundedByOthers,
  creditedMinor: reply.creditedByOthersMinor,
  voided: reply.voided,
});

/** Everything a quote and a completion share. */
export interface Worked {
  original: OriginalSaleRef | null;
  lines: ReturnedLine[];
  totals: CompletedReturn['totals'];
  plan: RefundPlan;
  /** Money refunded minus the value it stands for: cash rounding, and evening out the rounding before it. */
  roundingMinor: number;
  exchange: { sale: PricedOpenSale; creditMinor: number } | null;
  needed: PermissionAction[];
}

/** What the sale's goods that have not come back are worth once `lines` are back too. */
function valueStillOutAfter(sale: ReturnableSale, lines: ReturnedLine[]): number {
  const comingBack = (lineId: string): number =>
    lines
      .filter((returned) => returned.originalLineId === lineId)
      .reduce((n, returned) => n + returned.quantity, 0);
  return valueStillOut(
    sale.lines.map(({ line, returnedQuantity }) => ({
      line,
      returnedQuantity: returnedQuantity + comingBack(line.lineId),
    })),
    sale.sale.totals.pricesIncludeTax,
  );
}

/**
 * Whether a code can be some register's receipt number: a prefix and six or more digits. Without a prefix only
 * where registers number without one, which this register (`ownPrefix`) tells.
 */
export function shapedLikeReceiptNumber(code: string, ownPrefix: string): boolean {
  return /\d{6,}$/.test(code) && (ownPrefix === '' || /\D/.test(code));
}

/**
 * What is returnable of a found sale, given what this ledger's own returns and void did with it (`own`, read in
 * the return's transaction). `paidElsewhere`: another store's sale, whose payments stay with that store.
 */
export function returnable(
  { sale, cashier, source, others }: Found,
  own: OwnHistory,
  paidElsewhere: boolean,
): ReturnableSale {
  const returned = new Map(others.returned);
  for (const { lineId, quantity } of own.returned) {
    returned.set(lineId, (returned.get(lineId) ?? 0) + quantity);
  }
  const voided = others.voided || own.voidReceiptNumber !== null;
  const lines = sale.lines.map((line) => {
    const returnedQuantity = returned.get(line.lineId) ?? 0;
    return {
      line,
      returnedQuantity,
      returnableQuantity: voided ? 0 : Math.max(0, line.quantity - returnedQuantity),
    };
  });
  if (paidElsewhere) {
    // Head office keeps another store's payments to that store: what is left is the goods' value.
    const leftToRefundMinor = lines.reduce(
      (sum, { line, returnedQuantity, returnableQuantity }) =>
        sum +
        returnedShare(line, returnedQuantity, returnableQuantity, sale.totals.pricesIncludeTax).totalMinor,
      0,
    );
    return { sale, cashier, source, voided, tenders: [], leftToRefundMinor, lines };
  }
  const cashTendered = sale.tenders
    .filter((t) => t.kind === 'cash')
    .reduce((sum, t) => sum + t.amountMinor, 0);
  const paid: Refund[] = [
    ...sale.tenders.filter((t) => t.kind === 'card').map(({ kind, amountMinor }) => ({ kind, amountMinor })),
    { kind: 'cash', amountMinor: cashTendered - sale.changeMinor + (sale.exchange?.creditMinor ?? 0) },
  ];
  const refundable = refundableTenders(
    paid,
    [...others.refunded, ...own.refunded],
    others.creditedMinor + own.creditedMinor,
  );
  return {
    sale,
    cashier,
    source,
    voided,
    tenders: refundable.tenders,
    leftToRefundMinor: refundable.leftMinor,
    lines,
  };
}

function receiptLines(
  from: Extract<ReturnRequest['from'], { kind: 'receipt' }>,
  found: ReturnableSale,
): ReturnedLine[] {
  const { sale } = found;
  if (found.voided) {
    throw new CounterError(
      'NOT_ALLOWED',
      `Sale ${sale.receiptNumber} was voided: nothing of it can be returned.`,
    );
  }
  const taking = new Map<string, number>();
  return from.lines.map(({ lineId, quantity, disposition }): ReturnedLine => {
    const entry = found.lines.find((candidate) => candidate.line.lineId === lineId);
    if (!entry) {
      throw new CounterError(
        'NOT_FOUND',
        `That item is not on receipt ${sale.receiptNumber}: look the receipt up again.`,
      );
    }
    const { line, returnedQuantity, returnableQuantity } = entry;
    const before = taking.get(lineId) ?? 0;
    if (before + quantity > returnableQuantity) {
      throw new CounterError(
        'INVALID_INPUT',
        `Only ${returnableQuantity} of ${line.name} can still be returned (${line.quantity} sold, ${returnedQuantity} returned before): lower the quantity.`,
      );
    }
    taking.set(lineId, before + quantity);
    const share = returnedShare(line, returnedQuantity + before, quantity, sale.totals.pricesIncludeTax);
    return {
      originalLineId: line.lineId,
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      unit: line.unit,
      quantity,
      unitPriceMinor: line.unitPriceMinor,
      taxCode: line.taxCode,
      taxRateBasisPoints: line.taxRateBasisPoints,
      ...share,
      disposition,
    };
  });
}

/** Without receipt: today's catalog price and tax, no discounts. */
function catalogLines(items: NoReceiptItem[], products: Product[], store: StoreSettings): ReturnedLine[] {
  const priced = priceSale(
    products.map((product, i) => ({
      lineId: String(i),
      unit: product.unit,
      quantity: items[i]!.quantity,
      unitPriceMinor: product.priceMinor,
      taxCode: product.taxCode,
    })),
    store.taxRates,
    store.pricesIncludeTax,
  );
  return products.map((product, i): ReturnedLine => {
    const { amountMinor, taxMinor, totalMinor, taxRateBasisPoints } = priced.lines[i]!;
    return {
      originalLineId: null,
      productId: product.id,
      sku: product.sku,
      name: product.name,
      unit: product.unit,
      quantity: items[i]!.quantity,
      unitPriceMinor: product.priceMinor,
      taxCode: product.taxCode,
      taxRateBasisPoints,
      amountMinor,
      discountMinor: 0,
      taxMinor,
      totalMinor,
      disposition: items[i]!.disposition,
    };
  });
}

/** The whole return worked out; throws for anything that cannot be returned. Writes nothing. */
export function workReturn(
  request: ReturnRequest,
  sale: ReturnableSale | null,
  context: WorkContext,
): Worked {
  const { store, money } = context;
  let lines: ReturnedLine[];
  if (request.from.kind === 'receipt') {
    if (!sale || sale.sale.saleId !== request.from.saleId) {
      throw new CounterError('NOT_FOUND', `Receipt ${request.from.receiptNumber} changed: look it up again.`);
    }
    lines = receiptLines(request.from, sale);
  } else {
    if (!request.reason) {
      throw new CounterError(
        'INVALID_INPUT',
        'A return without receipt needs a reason: ask the customer why.',
      );
    }
    lines = catalogLines(request.from.items, context.products, store);
  }
  const pricesIncludeTax = sale ? sale.sale.totals.pricesIncludeTax : store.pricesIncludeTax;
  const rateNames = new Map((sale ? sale.sale.totals.taxes : store.taxRates).map((t) => [t.code, t.name]));
  const sum = (pick: (line: ReturnedLine) => number): number =>
    lines.reduce((total, line) => total + pick(line), 0);
  const totals = {
    pricesIncludeTax,
    subtotalMinor: sum((line) => line.amountMinor),
    discountMinor: sum((line) => line.discountMinor),
    taxMinor: sum((line) => line.taxMinor),
    totalMinor: sum((line) => line.totalMinor),
    taxes: taxSummaries(lines, rateNames),
  };

  let exchange: Worked['exchange'] = null;
  if (request.exchange) {
    exchange = context.settleExchange(totals.totalMinor, request.payments);
  } else if (request.payments.length > 0) {
    throw new CounterError(
      'INVALID_INPUT',
      'Payments are only taken for an exchange: this return pays money back.',
    );
  }
  const creditMinor = exchange?.creditMinor ?? 0;
  const valueMinor = totals.totalMinor - creditMinor;
  // From a receipt: what is left of the sale's payment beyond the goods still out after this return, which
  // evens out the cash rounding of the sale and of the returns before it (see refundOfReturn).
  const refundMinor =
    sale !== null && request.from.kind === 'receipt'
      ? refundOfReturn(sale.leftToRefundMinor - creditMinor, valueStillOutAfter(sale, lines))
      : valueMinor;
  const plan = planRefund(
    refundMinor,
    // Without receipt, or of another store's sale: no payments to go back to, so in cash.
    sale && !context.paidElsewhere ? sale.tenders : null,
    request.refundTo,
    store.cashRoundingMinor ?? 0,
    money,
  );
  const cashMinor = plan.refunds.find((refund) => refund.kind === 'cash')?.amountMinor ?? 0;
  if (cashMinor > 0) {
    const paidByCard = sale?.tenders.some((tender) => tender.kind === 'card' && tender.refundableMinor > 0);
    context.requireCashFor(
      cashMinor,
      `a cash refund of ${money(cashMinor)} cannot be paid`,
      paidByCard && !context.paidElsewhere && request.refundTo === 'cash'
        ? 'refund it to the card the customer paid with'
        : 'return fewer items now, or exchange them for other goods',
    );
  }
  const roundingMinor = plan.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0) - valueMinor;
  const needed: PermissionAction[] = [
    ...(request.from.kind === 'no-receipt' ? (['return.noReceipt'] as const) : []),
    ...(plan.cashOverPaidMinor > 0 ? (['return.cashOverPaid'] as const) : []),
  ];
  const original = sale
    ? {
        saleId: sale.sale.saleId,
        receiptNumber: sale.sale.receiptNumber,
        registerId: sale.sale.registerId,
        completedAt: sale.sale.completedAt,
      }
    : null;
  return { original, lines, totals, plan, roundingMinor, exchange, needed };
}

/** Refuses a post-void of `sale` at `voidedAt`: voided already, not of today, partly returned, an exchange's. */
export function checkVoidable(
  sale: CompletedSale,
  previousVoid: string | null,
  anyReturn: boolean,
  voidedAt: Date,
): void {
  if (previousVoid !== null) {
    throw new CounterError(
      'NOT_ALLOWED',
      `Sale ${sale.receiptNumber} was voided already (void ${previousVoid}).`,
    );
  }
  if (new Date(sale.completedAt).toDateString() !== voidedAt.toDateString()) {
    throw new CounterError(
      'NOT_ALLOWED',
      `Sale ${sale.receiptNumber} is not from today: only today's sales can be voided. Take a return instead.`,
    );
  }
  if (anyReturn) {
    throw new CounterError(
      'NOT_ALLOWED',
      `Part of sale ${sale.receiptNumber} was returned already: take a return for the rest instead of voiding it.`,
    );
  }
  if (sale.exchange) {
    throw new CounterError(
      'NOT_ALLOWED',
      `Sale ${sale.receiptNumber} is the new side of an exchange: take a return of its items instead.`,
    );
  }
}

/** A void refunds exactly what was paid, per tender: the card payments, and the cash kept. */
export function refundsOfVoid(sale: CompletedSale): Refund[] {
  const cash = sale.tenders.filter((t) => t.kind === 'cash').reduce((sum, t) => sum + t.amountMinor, 0);
  const card = sale.tenders.filter((t) => t.kind === 'card').reduce((sum, t) => sum + t.amountMinor, 0);
  return [
    ...(card > 0 ? [{ kind: 'card' as const, amountMinor: card }] : []),
    ...(cash - sale.changeMinor > 0 ? [{ kind: 'cash' as const, amountMinor: cash - sale.changeMinor }] : []),
  ];
}
