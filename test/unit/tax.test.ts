import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Unit } from '../../src/shared/domain.ts';
import { isCounterError } from '../../src/shared/errors.ts';
import type { TaxRate } from '../../src/shared/settings.ts';
import { allocateProportionally, lineAmount, priceSale, type PricedLine } from '../../src/shared/tax.ts';

const rates: TaxRate[] = [
  { code: 'STD', name: 'Standard 23 %', rateBasisPoints: 2300 },
  { code: 'RED', name: 'Reduced 13.5 %', rateBasisPoints: 1350 },
  { code: 'ZERO', name: 'Zero', rateBasisPoints: 0 },
  { code: 'SALES', name: 'Sales tax 8.25 %', rateBasisPoints: 825 },
  { code: 'LOW', name: 'Low 2.5 %', rateBasisPoints: 250 },
];

let nextId = 0;
function line(unitPriceMinor: number, quantity: number, taxCode: string, unit: Unit = 'each'): PricedLine {
  nextId += 1;
  return { lineId: `L${nextId}`, unit, quantity, unitPriceMinor, taxCode };
}

describe('lineAmount', () => {
  it.each([
    [99, 3, 'each', 297],
    [0, 5, 'each', 0],
    [199, 1234, 'kg', 246], // €1.99/kg × 1.234 kg = €2.45566
    [100, 5, 'kg', 1], // €1.00/kg × 5 g = half a cent: rounds up
    [100, 4, 'kg', 0],
    [1299, 1000, 'kg', 1299],
    [350, 250, 'kg', 88], // 87.5
  ] as const)('%i × %i (%s) = %i', (price, quantity, unit, expected) => {
    expect(lineAmount(price, quantity, unit)).toBe(expected);
  });
});

interface Case {
  name: string;
  pricesIncludeTax: boolean;
  lines: PricedLine[];
  lineTaxes: number[];
  lineTotals: number[];
  taxes: [code: string, net: number, tax: number, gross: number][];
  subtotal: number;
  total: number;
}

const cases: Case[] = [
  {
    name: 'inclusive: 3 × €0.99 at 23 % on one line',
    pricesIncludeTax: true,
    lines: [line(99, 3, 'STD')],
    lineTaxes: [56], // 297 × 23/123 = 55.54
    lineTotals: [297],
    taxes: [['STD', 241, 56, 297]],
    subtotal: 297,
    total: 297,
  },
  {
    name: 'inclusive: 3 lines of €0.99 at 23 % are taxed once on €2.97, not 3 × 19 cents',
    pricesIncludeTax: true,
    lines: [line(99, 1, 'STD'), line(99, 1, 'STD'), line(99, 1, 'STD')],
    lineTaxes: [19, 19, 18],
    lineTotals: [99, 99, 99],
    taxes: [['STD', 241, 56, 297]],
    subtotal: 297,
    total: 297,
  },
  {
    name: 'inclusive: several rates, summaries sorted by code',
    pricesIncludeTax: true,
    lines: [line(499, 2, 'STD'), line(250, 1, 'RED'), line(120, 1, 'ZERO')],
    lineTaxes: [187, 30, 0], // 998 × 23/123 = 186.62; 250 × 13.5/113.5 = 29.74
    lineTotals: [998, 250, 120],
    taxes: [
      ['RED', 220, 30, 250],
      ['STD', 811, 187, 998],
      ['ZERO', 120, 0, 120],
    ],
    subtotal: 1368,
    total: 1368,
  },
  {
    name: 'inclusive: weighed goods next to pieces',
    pricesIncludeTax: true,
    lines: [line(199, 1234, 'STD', 'kg'), line(100, 1, 'STD')],
    lineTaxes: [46, 19], // rate tax on 346: 64.70 → 65, shared 246:100
    lineTotals: [246, 100],
    taxes: [['STD', 281, 65, 346]],
    subtotal: 346,
    total: 346,
  },
  {
    name: 'exclusive: 3 × €0.99 at 23 %',
    pricesIncludeTax: false,
    lines: [line(99, 3, 'STD')],
    lineTaxes: [68], // 68.31
    lineTotals: [365],
    taxes: [['STD', 297, 68, 365]],
    subtotal: 297,
    total: 365,
  },
  {
    name: 'exclusive: 3 lines of €0.99 at 23 %, the odd cents go to the first lines',
    pricesIncludeTax: false,
    lines: [line(99, 1, 'STD'), line(99, 1, 'STD'), line(99, 1, 'STD')],
    lineTaxes: [23, 23, 22],
    lineTotals: [122, 122, 121],
    taxes: [['STD', 297, 68, 365]],
    subtotal: 297,
    total: 365,
  },
  {
    name: 'exclusive: US sales tax 8.25 %, the leftover cent goes to the largest remainder',
    pricesIncludeTax: false,
    lines: [line(199, 1, 'SALES'), line(549, 2, 'SALES'), line(25, 1, 'SALES')],
    lineTaxes: [16, 91, 2], // 109.065 → 109 shared as 16.41, 90.53, 2.06
    lineTotals: [215, 1189, 27],
    taxes: [['SALES', 1322, 109, 1431]],
    subtotal: 1322,
    total: 1431,
  },
  {
    name: 'exclusive: exactly half a cent of tax rounds up',
    pricesIncludeTax: false,
    lines: [line(20, 1, 'LOW'), line(19, 1, 'ZERO')],
    lineTaxes: [1, 0],
    lineTotals: [21, 19],
    taxes: [
      ['LOW', 20, 1, 21],
      ['ZERO', 19, 0, 19],
    ],
    subtotal: 39,
    total: 40,
  },
  {
    name: 'exclusive: just under half a cent rounds down',
    pricesIncludeTax: false,
    lines: [line(19, 1, 'LOW')],
    lineTaxes: [0],
    lineTotals: [19],
    taxes: [['LOW', 19, 0, 19]],
    subtotal: 19,
    total: 19,
  },
  {
    name: 'a free item takes no share of the tax',
    pricesIncludeTax: true,
    lines: [line(0, 1, 'STD'), line(123, 1, 'STD')],
    lineTaxes: [0, 23],
    lineTotals: [0, 123],
    taxes: [['STD', 100, 23, 123]],
    subtotal: 123,
    total: 123,
  },
  {
    name: 'an empty sale',
    pricesIncludeTax: true,
    lines: [],
    lineTaxes: [],
    lineTotals: [],
    taxes: [],
    subtotal: 0,
    total: 0,
  },
];

describe('priceSale', () => {
  it.each(cases)('$name', (c) => {
    const { lines, totals } = priceSale(c.lines, rates, c.pricesIncludeTax);
    expect(lines.map((l) => l.lineId)).toEqual(c.lines.map((l) => l.lineId));
    expect(lines.map((l) => l.taxMinor)).toEqual(c.lineTaxes);
    expect(lines.map((l) => l.totalMinor)).toEqual(c.lineTotals);
    expect(totals.taxes.map((t) => [t.code, t.netMinor, t.taxMinor, t.grossMinor])).toEqual(c.taxes);
    expect(totals.subtotalMinor).toBe(c.subtotal);
    expect(totals.totalMinor).toBe(c.total);
    expect(totals.taxMinor).toBe(c.taxes.reduce((sum, [, , tax]) => sum + tax, 0));
    expect(totals.pricesIncludeTax).toBe(c.pricesIncludeTax);
  });

  it('reports each line with its rate and summaries with the rate name', () => {
    const { lines, totals } = priceSale([line(250, 1, 'RED')], rates, true);
    expect(lines[0]).toMatchObject({ amountMinor: 250, taxRateBasisPoints: 1350 });
    expect(totals.taxes[0]).toMatchObject({ name: 'Reduced 13.5 %', rateBasisPoints: 1350 });
  });

  it('refuses a tax code the store does not have, naming it', () => {
    let error: unknown;
    try {
      priceSale([line(100, 1, 'STD'), line(100, 1, 'VAT9')], rates, true);
    } catch (caught) {
      error = caught;
    }
    expect(isCounterError(error) && error.code).toBe('INVALID_INPUT');
    expect((error as Error).message).toMatch(/"VAT9"/);
  });

  it('adds up to the cent for any basket (property)', () => {
    const lineArb = fc.record({
      unit: fc.constantFrom<Unit>('each', 'kg'),
      quantity: fc.integer({ min: 1, max: 20_000 }),
      unitPriceMinor: fc.integer({ min: 0, max: 100_000 }),
      taxCode: fc.constantFrom(...rates.map((r) => r.code)),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), fc.boolean(), (raw, pricesIncludeTax) => {
        const input = raw.map((l, i) => ({ ...l, lineId: `P${i}` }));
        const { lines, totals } = priceSale(input, rates, pricesIncludeTax);
        for (const summary of totals.taxes) {
          const ofRate = lines.filter((_, i) => input[i]?.taxCode === summary.code);
          const base = ofRate.reduce((sum, l) => sum + l.amountMinor, 0);
          const r = summary.rateBasisPoints / 10_000;
          const exactTax = pricesIncludeTax ? (base * r) / (1 + r) : base * r;
          expect(Math.abs(summary.taxMinor - exactTax)).toBeLessThanOrEqual(0.5 + 1e-6);
          expect(ofRate.reduce((sum, l) => sum + l.taxMinor, 0)).toBe(summary.taxMinor);
          expect(summary.netMinor + summary.taxMinor).toBe(summary.grossMinor);
          // Each line's share is within a cent of its exact proportional share.
          for (const l of ofRate) {
            if (base > 0)
              expect(Math.abs(l.taxMinor - (summary.taxMinor * l.amountMinor) / base)).toBeLessThan(1);
          }
        }
        expect(totals.totalMinor).toBe(lines.reduce((sum, l) => sum + l.totalMinor, 0));
        expect(totals.subtotalMinor).toBe(lines.reduce((sum, l) => sum + l.amountMinor, 0));
        expect(totals.totalMinor).toBe(
          pricesIncludeTax ? totals.subtotalMinor : totals.subtotalMinor + totals.taxMinor,
        );
      }),
    );
  });
});

describe('allocateProportionally', () => {
  it.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [2, [1, 1, 1], [1, 1, 0]],
    [0, [5, 7], [0, 0]],
    [7, [0, 0], [0, 0]],
    [100, [1, 2, 3, 4], [10, 20, 30, 40]],
    [5, [1, 10], [0, 5]],
    [-10, [1, 1, 1], [-3, -3, -4]],
    [10, [3, -1], [15, -5]],
  ])('%i over %j → %j', (total, weights, expected) => {
    expect(allocateProportionally(total, weights)).toEqual(expected);
  });
});
