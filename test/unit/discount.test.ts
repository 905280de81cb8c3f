import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeDiscount,
  discountSchema,
  discountsOverLimit,
  type Discount,
} from '../../src/shared/discount.ts';
import { isCounterError } from '../../src/shared/errors.ts';
import type { TaxRate } from '../../src/shared/settings.ts';
import { priceSale, type PricedLine } from '../../src/shared/tax.ts';

const rates: TaxRate[] = [
  { code: 'STD', name: 'Standard 23 %', rateBasisPoints: 2300 },
  { code: 'RED', name: 'Reduced 13.5 %', rateBasisPoints: 1350 },
  { code: 'ZERO', name: 'Zero', rateBasisPoints: 0 },
];

const percent = (basisPoints: number): Discount => ({ kind: 'percent', basisPoints });
const amount = (amountMinor: number): Discount => ({ kind: 'amount', amountMinor });

let nextId = 0;
function line(unitPriceMinor: number, quantity: number, taxCode: string, discount?: Discount): PricedLine {
  nextId += 1;
  return {
    lineId: `L${nextId}`,
    unit: 'each',
    quantity,
    unitPriceMinor,
    taxCode,
    discount,
    name: `Item ${nextId}`,
  };
}

interface Case {
  name: string;
  pricesIncludeTax: boolean;
  lines: PricedLine[];
  cart?: Discount;
  lineDiscounts: number[];
  cartShares: number[];
  lineTaxes: number[];
  lineTotals: number[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

const cases: Case[] = [
  {
    name: 'inclusive: 10 % off one line comes off before tax',
    pricesIncludeTax: true,
    lines: [line(1000, 1, 'STD', percent(1000))],
    lineDiscounts: [100],
    cartShares: [0],
    lineTaxes: [168], // 900 × 23/123 = 168.29
    lineTotals: [900],
    subtotal: 1000,
    discount: 100,
    tax: 168,
    total: 900,
  },
  {
    name: 'inclusive: a percentage rounds half away from zero (12.5 % of €0.99 = 12.375 cents)',
    pricesIncludeTax: true,
    lines: [line(99, 1, 'STD', percent(1250))],
    lineDiscounts: [12],
    cartShares: [0],
    lineTaxes: [16], // 87 × 23/123 = 16.27
    lineTotals: [87],
    subtotal: 99,
    discount: 12,
    tax: 16,
    total: 87,
  },
  {
    name: 'exclusive: an amount off a line, tax on what is left',
    pricesIncludeTax: false,
    lines: [line(500, 2, 'STD', amount(150))],
    lineDiscounts: [150],
    cartShares: [0],
    lineTaxes: [196], // 850 × 23 % = 195.5
    lineTotals: [1046],
    subtotal: 1000,
    discount: 150,
    tax: 196,
    total: 1046,
  },
  {
    name: 'inclusive: a cart amount shared in proportion, odd cent to the largest remainder',
    pricesIncludeTax: true,
    lines: [line(100, 1, 'STD'), line(100, 1, 'STD'), line(100, 1, 'STD')],
    cart: amount(100),
    lineDiscounts: [0, 0, 0],
    cartShares: [34, 33, 33],
    lineTaxes: [12, 13, 12], // rate tax on 200: 37.4 → 37, shared 66:67:67
    lineTotals: [66, 67, 67],
    subtotal: 300,
    discount: 100,
    tax: 37,
    total: 200,
  },
  {
    name: 'inclusive: a cart percentage over lines of two rates, each rate taxed on its discounted sum',
    pricesIncludeTax: true,
    lines: [line(1230, 1, 'STD'), line(1135, 1, 'RED')],
    cart: percent(2000),
    lineDiscounts: [0, 0],
    cartShares: [246, 227], // 20 % of 2365 = 473, shared 1230:1135
    lineTaxes: [184, 108], // 984 × 23/123 = 184.0; 908 × 13.5/113.5 = 108.0
    lineTotals: [984, 908],
    subtotal: 2365,
    discount: 473,
    tax: 292,
    total: 1892,
  },
  {
    name: 'exclusive: line discounts first, then the cart discount on what is left of the lines',
    pricesIncludeTax: false,
    lines: [line(1000, 1, 'STD', percent(5000)), line(500, 1, 'ZERO')],
    cart: amount(200),
    lineDiscounts: [500, 0],
    cartShares: [100, 100], // 200 over 500:500
    lineTaxes: [92, 0], // 400 × 23 %
    lineTotals: [492, 400],
    subtotal: 1500,
    discount: 700,
    tax: 92,
    total: 892,
  },
  {
    name: 'a 100 % discount makes the line free, and it takes no share of the cart discount',
    pricesIncludeTax: true,
    lines: [line(250, 1, 'STD', percent(10_000)), line(300, 1, 'STD')],
    cart: amount(30),
    lineDiscounts: [250, 0],
    cartShares: [0, 30],
    lineTaxes: [0, 50], // 270 × 23/123 = 50.49
    lineTotals: [0, 270],
    subtotal: 550,
    discount: 280,
    tax: 50,
    total: 270,
  },
  {
    name: 'an amount equal to the whole sale makes it free',
    pricesIncludeTax: false,
    lines: [line(199, 3, 'STD')],
    cart: amount(597),
    lineDiscounts: [0],
    cartShares: [597],
    lineTaxes: [0],
    lineTotals: [0],
    subtotal: 597,
    discount: 597,
    tax: 0,
    total: 0,
  },
];

describe('priceSale with discounts', () => {
  it.each(cases)('$name', (c) => {
    const { lines, totals } = priceSale(c.lines, rates, c.pricesIncludeTax, c.cart ?? null);
    expect(lines.map((l) => l.discountMinor)).toEqual(c.lineDiscounts);
    expect(lines.map((l) => l.cartDiscountMinor)).toEqual(c.cartShares);
    expect(lines.map((l) => l.taxMinor)).toEqual(c.lineTaxes);
    expect(lines.map((l) => l.totalMinor)).toEqual(c.lineTotals);
    expect(totals).toMatchObject({
      subtotalMinor: c.subtotal,
      discountMinor: c.discount,
      taxMinor: c.tax,
      totalMinor: c.total,
    });
  });

  it.each([
    [
      'an amount larger than the line',
      [line(100, 1, 'STD', amount(101))],
      null,
      /on Item \d+ is more than its price/,
    ],
    [
      'an amount larger than the sale',
      [line(100, 2, 'STD')],
      amount(201),
      /on the sale is more than its price/,
    ],
    [
      'a cart amount larger than what the line discounts left',
      [line(100, 2, 'STD', percent(5000))],
      amount(101),
      /on the sale is more than its price/,
    ],
  ] as const)('refuses %s, saying which', (_name, lines, cart, message) => {
    let error: unknown;
    try {
      priceSale([...lines], rates, true, cart);
    } catch (caught) {
      error = caught;
    }
    expect(isCounterError(error) && error.code).toBe('INVALID_INPUT');
    expect((error as Error).message).toMatch(message);
  });

  it('never lets discounts take a line below zero, and the shares add up exactly (property)', () => {
    const discountArb = fc.option(
      fc.oneof(
        fc.integer({ min: 1, max: 10_000 }).map(percent),
        fc.integer({ min: 1, max: 5_000 }).map(amount),
      ),
      { nil: undefined },
    );
    const lineArb = fc.record({
      quantity: fc.integer({ min: 1, max: 20 }),
      unitPriceMinor: fc.integer({ min: 0, max: 10_000 }),
      taxCode: fc.constantFrom('STD', 'RED', 'ZERO'),
      discount: discountArb,
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        (raw, cartBasisPoints, pricesIncludeTax) => {
          // Amount discounts beyond the line are refused (tested above): cap them here.
          const input = raw.map((l, i): PricedLine => {
            const gross = l.unitPriceMinor * l.quantity;
            const discount =
              l.discount?.kind === 'amount' && l.discount.amountMinor > gross ? undefined : l.discount;
            return { ...l, discount, unit: 'each', lineId: `P${i}` };
          });
          const cart = cartBasisPoints === 0 ? null : percent(cartBasisPoints);
          const { lines, totals } = priceSale(input, rates, pricesIncludeTax, cart);
          for (const l of lines) {
            expect(l.amountMinor - l.discountMinor - l.cartDiscountMinor).toBeGreaterThanOrEqual(0);
            expect(l.taxMinor).toBeGreaterThanOrEqual(0);
          }
          const afterLines = lines.reduce((sum, l) => sum + l.amountMinor - l.discountMinor, 0);
          const cartTotal = lines.reduce((sum, l) => sum + l.cartDiscountMinor, 0);
          expect(cartTotal).toBe(Math.round((afterLines * cartBasisPoints) / 10_000));
          expect(totals.discountMinor).toBe(
            lines.reduce((sum, l) => sum + l.discountMinor + l.cartDiscountMinor, 0),
          );
          const taxed = totals.subtotalMinor - totals.discountMinor;
          expect(totals.totalMinor).toBe(pricesIncludeTax ? taxed : taxed + totals.taxMinor);
          expect(totals.taxes.reduce((sum, t) => sum + t.grossMinor, 0)).toBe(totals.totalMinor);
        },
      ),
    );
  });
});

describe('discount input', () => {
  it.each([
    [{ kind: 'percent', basisPoints: -500 }, 'A discount cannot be negative: enter how much to take off.'],
    [{ kind: 'amount', amountMinor: -1 }, 'A discount cannot be negative: enter how much to take off.'],
    [{ kind: 'percent', basisPoints: 10_001 }, 'A discount cannot be more than 100 %.'],
    [
      { kind: 'percent', basisPoints: 0 },
      'A discount of zero takes nothing off: clear the discount instead.',
    ],
    [{ kind: 'amount', amountMinor: 1e12 }, 'That discount amount is not realistic.'],
    [
      { kind: 'percent', basisPoints: 12.5 },
      'A percentage (in hundredths of a percent) must be a whole number',
    ],
  ])('refuses %j with a clear message', (input, message) => {
    const parsed = discountSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it('accepts 100 % and an amount of one cent', () => {
    expect(discountSchema.safeParse(percent(10_000)).success).toBe(true);
    expect(discountSchema.safeParse(amount(1)).success).toBe(true);
  });
});

describe('discountsOverLimit', () => {
  const applied = (discount: Discount, amountMinor: number) => ({ discount, reason: 'test', amountMinor });
  it.each([
    [
      'a line at exactly the limit',
      [{ lineId: 'a', amountMinor: 1000, discount: applied(percent(1000), 100) }],
      null,
      [],
    ],
    [
      'a line a cent over',
      [{ lineId: 'a', amountMinor: 1000, discount: applied(amount(101), 101) }],
      null,
      ['a'],
    ],
    [
      'the cart, measured on what the line discounts left',
      [
        { lineId: 'a', amountMinor: 1000, discount: applied(percent(1000), 100) },
        { lineId: 'b', amountMinor: 100 },
      ],
      applied(amount(100), 100), // 100 of 1000 left: 10 %
      [],
    ],
    ['the cart over', [{ lineId: 'a', amountMinor: 500 }], applied(amount(51), 51), ['cart']],
  ] as const)('%s', (_name, lines, cart, expected) => {
    expect(discountsOverLimit({ lines: [...lines], cartDiscount: cart }, 10)).toEqual(expected);
  });
});

describe('describeDiscount', () => {
  it.each([
    [percent(1000), '10 %'],
    [percent(1250), '12.5 %'],
    [percent(5), '0.05 %'],
    [amount(150), '€1.50'],
  ])('%j reads "%s"', (discount, text) => {
    expect(describeDiscount(discount, (minor) => `€${(minor / 100).toFixed(2)}`)).toBe(text);
  });
});
