/**
 * Line amounts, discounts and tax, computed so the receipt adds up to the cent: discounts come off first (each
 * line's own, then the cart discount shared over the lines in proportion to what is left of them), tax is
 * worked out once per rate on the sum of that rate's discounted lines (as a tax authority would check it), then
 * shared out over the lines so the line taxes add up to exactly that figure. Integer arithmetic throughout.
 */
import { discountOff, type Discount } from './discount.ts';
import type { SaleTotals, TaxSummary, Unit } from './domain.ts';
import { CounterError } from './errors.ts';
import { mulDivRound } from './money.ts';
import type { TaxRate } from './settings.ts';

const BASIS_POINTS = 10_000;
const GRAMS_PER_KG = 1_000;

/** 'each': price × pieces. 'kg': the price is per kg and the quantity is grams, rounded half away from zero. */
export function lineAmount(unitPriceMinor: number, quantity: number, unit: Unit): number {
  return unit === 'kg'
    ? mulDivRound(unitPriceMinor, quantity, GRAMS_PER_KG)
    : mulDivRound(unitPriceMinor, quantity, 1);
}

export interface PricedLine {
  lineId: string;
  unit: Unit;
  quantity: number;
  unitPriceMinor: number;
  taxCode: string;
  /** The price printed on the item's label (a price-embedded barcode): the line's amount, as charged. */
  labelPriceMinor?: number;
  /** Taken off this line's amount before tax. */
  discount?: Discount;
  /** Names the line in messages. */
  name?: string;
}

export interface PricedLineResult {
  lineId: string;
  /** quantity × price, before discounts: gross when prices include tax, net when they do not. */
  amountMinor: number;
  /** What the line's own discount takes off. */
  discountMinor: number;
  /** The line's share of the cart discount. */
  cartDiscountMinor: number;
  taxMinor: number;
  /** What the customer pays for the line after discounts, tax included. */
  totalMinor: number;
  taxRateBasisPoints: number;
}

export interface PricedSale {
  lines: PricedLineResult[];
  totals: SaleTotals;
}

/** Tax on one rate's summed amount, rounded half away from zero. */
function taxOn(amountMinor: number, rateBasisPoints: number, pricesIncludeTax: boolean): number {
  return pricesIncludeTax
    ? mulDivRound(amountMinor, rateBasisPoints, BASIS_POINTS + rateBasisPoints)
    : mulDivRound(amountMinor, rateBasisPoints, BASIS_POINTS);
}

/**
 * Shares `total` out in proportion to `weights` (largest-remainder method): every share is the floor of its
 * exact portion, and the units left over go to the largest remainders, earlier entries first on a tie. The
 * shares always add up to `total` exactly.
 */
export function allocateProportionally(total: number, weights: number[]): number[] {
  let weightSum = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (weightSum === 0n) return weights.map(() => 0);
  let scaledTotal = BigInt(total);
  if (weightSum < 0n) {
    weightSum = -weightSum;
    scaledTotal = -scaledTotal;
  }
  const parts = weights.map((weight, index) => {
    const exact = scaledTotal * BigInt(weight);
    // Floor division for either sign, so every remainder is in [0, weightSum).
    let share = exact / weightSum;
    if (exact % weightSum !== 0n && exact < 0n) share -= 1n;
    return { index, share, remainder: exact - share * weightSum };
  });
  let leftOver = BigInt(total) - parts.reduce((sum, part) => sum + part.share, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (leftOver <= 0n) break;
    part.share += 1n;
    leftOver -= 1n;
  }
  return parts.map((part) => Number(part.share));
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

/**
 * Prices a sale: each line's amount, its own discount, its share of the cart discount (largest remainder over
 * what is left of the lines), each rate's tax on the sum of its discounted lines, that tax shared over the
 * lines, and the totals. Lines come back in the order given; `totals.taxes` is sorted by tax code.
 * Throws INVALID_INPUT for a tax code the store does not have, or a discount larger than what it is taken off.
 */
export function priceSale(
  lines: PricedLine[],
  taxRates: TaxRate[],
  pricesIncludeTax: boolean,
  cartDiscount: Discount | null = null,
): PricedSale {
  const ratesByCode = new Map(taxRates.map((rate) => [rate.code, rate]));
  const grossAmounts = lines.map(
    (line) => line.labelPriceMinor ?? lineAmount(line.unitPriceMinor, line.quantity, line.unit),
  );
  const lineDiscounts = lines.map((line, index) =>
    line.discount ? discountOff(grossAmounts[index]!, line.discount, line.name ?? 'a line') : 0,
  );
  const afterLineDiscounts = grossAmounts.map((amount, index) => amount - lineDiscounts[index]!);
  const cartDiscountMinor = cartDiscount ? discountOff(sum(afterLineDiscounts), cartDiscount, 'the sale') : 0;
  const cartShares = allocateProportionally(cartDiscountMinor, afterLineDiscounts);
  // What each line is taxed on, and what it costs before tax is added (US style) or with tax in it (EU style).
  const amounts = afterLineDiscounts.map((amount, index) => amount - cartShares[index]!);
  const lineTaxes = lines.map(() => 0);

  const indexesByCode = new Map<string, number[]>();
  lines.forEach((line, index) => {
    if (!ratesByCode.has(line.taxCode)) {
      throw new CounterError(
        'INVALID_INPUT',
        `Tax code "${line.taxCode}" is not one of this store's tax rates (${[...ratesByCode.keys()].join(', ')}): fix the product's tax code or add the rate in the store settings.`,
      );
    }
    indexesByCode.set(line.taxCode, [...(indexesByCode.get(line.taxCode) ?? []), index]);
  });

  const taxes: TaxSummary[] = [];
  for (const [code, indexes] of indexesByCode) {
    const rate = ratesByCode.get(code) as TaxRate;
    const rateAmounts = indexes.map((index) => amounts[index] as number);
    const baseMinor = rateAmounts.reduce((sum, amount) => sum + amount, 0);
    const taxMinor = taxOn(baseMinor, rate.rateBasisPoints, pricesIncludeTax);
    allocateProportionally(taxMinor, rateAmounts).forEach((share, i) => {
      lineTaxes[indexes[i] as number] = share;
    });
    taxes.push({
      code,
      name: rate.name,
      rateBasisPoints: rate.rateBasisPoints,
      netMinor: pricesIncludeTax ? baseMinor - taxMinor : baseMinor,
      taxMinor,
      grossMinor: pricesIncludeTax ? baseMinor : baseMinor + taxMinor,
    });
  }
  taxes.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const results = lines.map((line, index): PricedLineResult => {
    const amountMinor = amounts[index] as number;
    const taxMinor = lineTaxes[index] as number;
    return {
      lineId: line.lineId,
      amountMinor: grossAmounts[index]!,
      discountMinor: lineDiscounts[index]!,
      cartDiscountMinor: cartShares[index]!,
      taxMinor,
      totalMinor: pricesIncludeTax ? amountMinor : amountMinor + taxMinor,
      taxRateBasisPoints: (ratesByCode.get(line.taxCode) as TaxRate).rateBasisPoints,
    };
  });

  return {
    lines: results,
    totals: {
      pricesIncludeTax,
      subtotalMinor: sum(grossAmounts),
      discountMinor: sum(lineDiscounts) + cartDiscountMinor,
      taxMinor: sum(taxes.map((tax) => tax.taxMinor)),
      totalMinor: sum(results.map((line) => line.totalMinor)),
      taxes,
    },
  };
}
