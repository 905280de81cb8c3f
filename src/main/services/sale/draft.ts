/**
 * The open sale as pure operations: each takes a draft and returns the next one (or throws a CounterError
 * saying what to do), with no database and no clock beyond what it is given. The sales service saves what they
 * return, authorises and audits what they say needs it, and prices the draft for the screen.
 */
import type {
  OpenSale,
  PriceOverride,
  SaleCompletionBlock,
  SaleLine,
  StockWarning,
  SoldItem,
  Tender,
  TenderKind,
} from '../../../shared/domain.ts';
import type { Discount } from '../../../shared/discount.ts';
import { CounterError } from '../../../shared/errors.ts';
import { newId } from '../../../shared/ids.ts';
import { MAX_QUANTITY } from '../../../shared/limits.ts';
import type { PermissionAction } from '../../../shared/permissions.ts';
import type { StoreSettings } from '../../../shared/settings.ts';
import { MAX_SALE_LINES } from '../../../shared/sync/protocol.ts';
import { priceSale } from '../../../shared/tax.ts';
import { maxCardAmount, settle } from '../../../shared/tender.ts';
import type { ScanMatch } from './scan.ts';

/** A line as rung up: the price is kept from that moment, not looked up again; the tax rate is the store's now. */
export interface DraftLine extends Omit<SoldItem, 'taxRateBasisPoints'> {
  lineId: string;
  /** Set when the item's label gave the price (see ScanMatch); the line then costs exactly that. */
  labelPriceMinor?: number;
  discount?: DiscountGiven;
  priceOverride?: PriceOverride;
}

/** A discount as a person gave it; what it takes off is worked out whenever the sale is priced. */
export interface DiscountGiven {
  discount: Discount;
  reason: string;
}

/** What open_sales.draft (and parked_sales.draft) holds; everything else in OpenSale is computed from it. */
export interface Draft {
  saleId: string;
  startedAt: string;
  lines: DraftLine[];
  tenders: Tender[];
  cartDiscount?: DiscountGiven;
  /** What the cashier named it while it was parked (parked.ts). */
  name?: string;
}

/** The open sale priced and settled, without what only the screen needs (stock warnings, canComplete). */
export type PricedOpenSale = Omit<OpenSale, 'stockWarnings' | 'canComplete'>;

/**
 * A change that may need permissions: the next draft, the actions it needs ('line.void', 'price.override'),
 * and what the audit entry says. `discountKey`: the discount being set (a line id or 'cart'), which needs
 * 'discount.overLimit' beyond the user's limit.
 */
export interface DraftChange {
  next: Draft;
  actions: PermissionAction[];
  details: Record<string, unknown>;
  discountKey?: string;
}

/** Formats an amount in the store's currency for a message. */
export type Money = (minor: number) => string;

export const emptyDraft = (startedAt: string): Draft => ({
  saleId: newId(),
  startedAt,
  lines: [],
  tenders: [],
});

/**
 * Priced with the store's tax rates and settled. `creditMinor` of the total is already paid (the returned
 * goods of an exchange); the tenders settle the rest.
 */
export function price(sale: Draft, store: StoreSettings, creditMinor = 0): PricedOpenSale {
  const priced = priceSale(
    sale.lines.map((line) => ({ ...line, discount: line.discount?.discount })),
    store.taxRates,
    store.pricesIncludeTax,
    sale.cartDiscount?.discount ?? null,
  );
  // The label price stays in the draft: the sale line shows it as its amount.
  const lines = sale.lines.map(({ labelPriceMinor: _label, discount, ...line }, index): SaleLine => {
    const { amountMinor, discountMinor, cartDiscountMinor, taxMinor, totalMinor, taxRateBasisPoints } =
      priced.lines[index]!;
    return {
      ...line,
      taxRateBasisPoints,
      amountMinor,
      taxMinor,
      totalMinor,
      ...(discount ? { discount: { ...discount, amountMinor: discountMinor } } : {}),
      ...(cartDiscountMinor > 0 ? { cartDiscountMinor } : {}),
    };
  });
  const cartDiscountMinor = lines.reduce((sum, line) => sum + (line.cartDiscountMinor ?? 0), 0);
  return {
    saleId: sale.saleId,
    startedAt: sale.startedAt,
    lines,
    totals: priced.totals,
    tenders: sale.tenders,
    cartDiscount: sale.cartDiscount ? { ...sale.cartDiscount, amountMinor: cartDiscountMinor } : null,
    ...settle(priced.totals.totalMinor - creditMinor, sale.tenders, store.cashRoundingMinor ?? 0),
  };
}

/** What the sale's own state leaves to do before it can be written; `creditMinor` of it is paid by returned goods. */
export function completionBlock(
  sale: PricedOpenSale,
  creditMinor: number,
  money: Money,
): SaleCompletionBlock | null {
  if (sale.lines.length === 0) {
    return {
      code: 'EMPTY_SALE',
      reason: 'There is nothing in this sale yet: scan or search for an item first.',
    };
  }
  if (sale.dueMinor > 0) {
    return {
      code: 'UNDERPAID',
      reason: `${money(sale.dueMinor)} is still due: take another payment before completing the sale.`,
    };
  }
  const cardMinor = sale.tenders.filter((t) => t.kind === 'card').reduce((sum, t) => sum + t.amountMinor, 0);
  const owedMinor = sale.totals.totalMinor - creditMinor;
  if (cardMinor > owedMinor) {
    return {
      code: 'OVERPAID_CARD',
      reason: `The card payments (${money(cardMinor)}) are more than the sale total (${money(owedMinor)}) since the cart changed: remove a card payment and take it again.`,
    };
  }
  return null;
}

/** The products the sale would take below zero on hand (`onHand`: stock now). */
export function stockWarnings(lines: DraftLine[], onHand: (productId: number) => number): StockWarning[] {
  const selling = new Map<number, { name: string; quantity: number }>();
  for (const line of lines) {
    const entry = selling.get(line.productId) ?? { name: line.name, quantity: 0 };
    selling.set(line.productId, { name: entry.name, quantity: entry.quantity + line.quantity });
  }
  return [...selling].flatMap(([productId, { name, quantity }]) => {
    const onHandAfter = onHand(productId) - quantity;
    return onHandAfter < 0 ? [{ productId, name, onHandAfter }] : [];
  });
}

function lineIndex(draft: Draft, lineId: string): number {
  const index = draft.lines.findIndex((line) => line.lineId === lineId);
  if (index < 0) throw new CounterError('NOT_FOUND', 'That line is no longer in the sale: check the cart.');
  return index;
}

function checkQuantity(quantity: number, name: string): void {
  if (quantity > MAX_QUANTITY) {
    throw new CounterError(
      'INVALID_INPUT',
      `${MAX_QUANTITY} is the most one line can hold: check ${name}'s quantity.`,
    );
  }
}

function reasonFor(reason: string | undefined, what: string): string {
  const text = reason?.trim();
  if (!text) throw new CounterError('INVALID_INPUT', `Give a reason for the ${what}.`);
  return text;
}

/**
 * Rings up what a scan or search found: pieces join the product's line, weighed and labelled items get a line
 * each. `now`: when the sale starts, if this is its first item.
 */
export function addItem(draft: Draft, { product, quantity, labelPriceMinor }: ScanMatch, now: string): Draft {
  if (!product.active) {
    throw new CounterError(
      'INACTIVE_PRODUCT',
      `${product.name} is no longer sold (inactive in the catalog): put it aside and ask a manager.`,
    );
  }
  if (product.unit === 'kg' && quantity === undefined) {
    throw new CounterError(
      'WEIGHT_REQUIRED',
      `${product.name} is sold by weight: weigh it and enter the weight in kg.`,
    );
  }
  const pieces = quantity ?? 1;
  // Each labelled item has its own price, so it gets its own line, and a plain scan never joins one.
  const existing =
    product.unit === 'each' && labelPriceMinor === undefined
      ? draft.lines.find((line) => line.productId === product.id && line.labelPriceMinor === undefined)
      : undefined;
  const startedAt = draft.lines.length === 0 && draft.tenders.length === 0 ? now : draft.startedAt;
  if (existing) {
    checkQuantity(existing.quantity + pieces, product.name);
    const lines = draft.lines.map((line) =>
      line === existing ? { ...line, quantity: line.quantity + pieces } : line,
    );
    return { ...draft, lines };
  }
  checkQuantity(pieces, product.name);
  if (draft.lines.length >= MAX_SALE_LINES) {
    throw new CounterError(
      'NOT_ALLOWED',
      `A sale holds at most ${MAX_SALE_LINES} lines: complete this one and start another for ${product.name}.`,
    );
  }
  const line: DraftLine = {
    lineId: newId(),
    productId: product.id,
    sku: product.sku,
    name: product.name,
    unit: product.unit,
    quantity: pieces,
    unitPriceMinor: product.priceMinor,
    taxCode: product.taxCode,
    ...(labelPriceMinor === undefined ? {} : { labelPriceMinor }),
  };
  return { ...draft, startedAt, lines: [...draft.lines, line] };
}

/** Fewer than were scanned is a partial line void ('line.void'). */
export function setQuantity(draft: Draft, lineId: string, quantity: number): DraftChange {
  const index = lineIndex(draft, lineId);
  const { name, sku, labelPriceMinor, quantity: before } = draft.lines[index]!;
  if (labelPriceMinor !== undefined) {
    throw new CounterError(
      'INVALID_INPUT',
      `The price of ${name} comes from its label, so its quantity cannot change: scan each item instead.`,
    );
  }
  checkQuantity(quantity, name);
  return {
    next: { ...draft, lines: draft.lines.map((line, i) => (i === index ? { ...line, quantity } : line)) },
    actions: quantity < before ? ['line.void'] : [],
    details: { lineId, sku, name, quantityBefore: before, quantityAfter: quantity },
  };
}

/** A line void ('line.void'). */
export function removeLine(draft: Draft, lineId: string): DraftChange {
  const index = lineIndex(draft, lineId);
  const { sku, name, quantity } = draft.lines[index]!;
  return {
    next: { ...draft, lines: draft.lines.filter((_line, i) => i !== index) },
    actions: ['line.void'],
    details: { lineId, sku, name, quantityBefore: quantity, quantityAfter: 0 },
  };
}

/** Card may not exceed what is due; cash may, and the difference is change. */
export function addTender(
  draft: Draft,
  kind: TenderKind,
  amountMinor: number,
  store: StoreSettings,
  money: Money,
): Draft {
  if (draft.lines.length === 0) {
    throw new CounterError('EMPTY_SALE', 'There is nothing to pay for yet: add an item first.');
  }
  const priced = price(draft, store);
  const maxCard = maxCardAmount(priced.totals.totalMinor, draft.tenders);
  // With cash rounding a sale can be paid in full a few cents under its total.
  if (priced.dueMinor === 0 && draft.tenders.length > 0) {
    throw new CounterError('INVALID_INPUT', 'This sale is already paid in full: complete it.');
  }
  if (kind === 'card' && amountMinor > maxCard) {
    throw new CounterError(
      'OVERPAID_CARD',
      `A card payment of ${money(amountMinor)} is more than the ${money(maxCard)} due: charge at most ${money(maxCard)} on the card.`,
    );
  }
  return { ...draft, tenders: [...draft.tenders, { tenderId: newId(), kind, amountMinor }] };
}

export function removeTender(draft: Draft, tenderId: string): Draft {
  if (!draft.tenders.some((tender) => tender.tenderId === tenderId)) {
    throw new CounterError('NOT_FOUND', 'That payment is no longer on the sale: check the payments.');
  }
  return { ...draft, tenders: draft.tenders.filter((tender) => tender.tenderId !== tenderId) };
}

/** null clears it; a discount needs a reason. */
export function discountLine(
  draft: Draft,
  lineId: string,
  discount: Discount | null,
  reason: string | undefined,
): DraftChange {
  const index = lineIndex(draft, lineId);
  const { sku, name } = draft.lines[index]!;
  const given = discount ? { discount, reason: reasonFor(reason, 'discount') } : null;
  const lines = draft.lines.map((line, i) => {
    if (i !== index) return line;
    const { discount: _previous, ...rest } = line;
    return given ? { ...rest, discount: given } : rest;
  });
  return {
    next: { ...draft, lines },
    actions: [],
    discountKey: lineId,
    details: { target: 'line', lineId, sku, name, discount, reason: given?.reason },
  };
}

export function discountCart(
  draft: Draft,
  discount: Discount | null,
  reason: string | undefined,
): DraftChange {
  if (draft.lines.length === 0) {
    throw new CounterError('EMPTY_SALE', 'There is nothing to discount yet: add an item first.');
  }
  const { cartDiscount: _previous, ...rest } = draft;
  const given = discount ? { discount, reason: reasonFor(reason, 'discount') } : null;
  return {
    next: given ? { ...rest, cartDiscount: given } : rest,
    actions: [],
    discountKey: 'cart',
    details: { target: 'cart', discount, reason: given?.reason },
  };
}

/** A new unit price (per kg for weighed goods): 'price.override'. Back to the catalog's price clears it. */
export function overridePrice(
  draft: Draft,
  lineId: string,
  unitPriceMinor: number,
  reason: string,
): DraftChange {
  const index = lineIndex(draft, lineId);
  const line = draft.lines[index]!;
  if (line.labelPriceMinor !== undefined) {
    throw new CounterError(
      'INVALID_INPUT',
      `The price of ${line.name} comes from its label, so it cannot be changed: give a discount instead.`,
    );
  }
  const why = reasonFor(reason, 'price change');
  const catalogPriceMinor = line.priceOverride?.catalogPriceMinor ?? line.unitPriceMinor;
  const { priceOverride: _previous, ...rest } = line;
  const changed: DraftLine =
    unitPriceMinor === catalogPriceMinor
      ? { ...rest, unitPriceMinor }
      : { ...rest, unitPriceMinor, priceOverride: { catalogPriceMinor, reason: why } };
  return {
    next: { ...draft, lines: draft.lines.map((l, i) => (i === index ? changed : l)) },
    actions: ['price.override'],
    details: {
      lineId,
      sku: line.sku,
      name: line.name,
      fromMinor: line.unitPriceMinor,
      toMinor: unitPriceMinor,
      catalogPriceMinor,
      reason: why,
    },
  };
}

/** Pieces for the parked-sales list: a weighed line counts as one item. */
export const itemCount = (draft: Draft): number =>
  draft.lines.reduce((sum, line) => sum + (line.unit === 'kg' ? 1 : line.quantity), 0);
