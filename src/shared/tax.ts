/**
 * Line amounts and tax, computed so the receipt adds up to the cent: tax is worked out once per rate on the sum
 * of that rate's lines (as a tax authority would check it), then shared out over the lines so the line taxes
 * add up to exactly that figure. Integer arithmetic throughout.
 */
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
}

export interface PricedLineResult {
  lineId: string;
  /** quantity × price: gross when prices include tax, net when they do not. */
  amountMinor: number;
  taxMinor: number;
  /** What the customer pays for the line, tax included. */
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

/**
 * Prices a sale: each line's amount, each rate's tax on the sum of its lines, that tax shared over the lines,
 * and the totals. Lines come back in the order given; `totals.taxes` is sorted by tax code.
 * Throws INVALID_INPUT for a tax code the store does not have.
 */
export function priceSale(lines: PricedLine[], taxRates: TaxRate[], pricesIncludeTax: boolean): PricedSale {
  const ratesByCode = new Map(taxRates.map((rate) => [rate.code, rate]));
  const amounts = lines.map(
    (line) => line.labelPriceMinor ?? lineAmount(line.unitPriceMinor, line.quantity, line.unit),
  );
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
      amountMinor,
      taxMinor,
      totalMinor: pricesIncludeTax ? amountMinor : amountMinor + taxMinor,
      taxRateBasisPoints: (ratesByCode.get(line.taxCode) as TaxRate).rateBasisPoints,
    };
  });

  const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
  return {
    lines: results,
    totals: {
      pricesIncludeTax,
      subtotalMinor: sum(amounts),
      taxMinor: sum(taxes.map((tax) => tax.taxMinor)),
      totalMinor: sum(results.map((line) => line.totalMinor)),
      taxes,
    },
  };
}
