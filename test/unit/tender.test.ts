import { describe, expect, it } from 'vitest';
import type { Tender, TenderKind } from '../../src/shared/domain.ts';
import { maxCardAmount, quickCashAmounts, settle } from '../../src/shared/tender.ts';

const tenders = (...list: [TenderKind, number][]): Tender[] =>
  list.map(([kind, amountMinor], i) => ({ tenderId: `T${i}`, kind, amountMinor }));

describe('settle', () => {
  it.each([
    ['nothing paid yet', 1000, tenders(), { paidMinor: 0, dueMinor: 1000, changeMinor: 0 }],
    ['part paid in cash', 1000, tenders(['cash', 300]), { paidMinor: 300, dueMinor: 700, changeMinor: 0 }],
    ['exact cash', 1000, tenders(['cash', 1000]), { paidMinor: 1000, dueMinor: 0, changeMinor: 0 }],
    [
      'a €20 note for €10',
      1000,
      tenders(['cash', 2000]),
      { paidMinor: 2000, dueMinor: 0, changeMinor: 1000 },
    ],
    ['exact card', 1000, tenders(['card', 1000]), { paidMinor: 1000, dueMinor: 0, changeMinor: 0 }],
    [
      'split, card first',
      1000,
      tenders(['card', 600], ['cash', 500]),
      { paidMinor: 1100, dueMinor: 0, changeMinor: 100 },
    ],
    [
      'split, cash first',
      1000,
      tenders(['cash', 500], ['card', 500]),
      { paidMinor: 1000, dueMinor: 0, changeMinor: 0 },
    ],
    [
      'split, still due',
      1000,
      tenders(['card', 800], ['cash', 100]),
      { paidMinor: 900, dueMinor: 100, changeMinor: 0 },
    ],
    // Cannot happen through maxCardAmount, but change must never come out of a card payment.
    ['card over the total', 1000, tenders(['card', 1200]), { paidMinor: 1200, dueMinor: 0, changeMinor: 0 }],
    [
      'card over the total with a little cash',
      1000,
      tenders(['cash', 100], ['card', 1200]),
      { paidMinor: 1300, dueMinor: 0, changeMinor: 100 },
    ],
  ])('%s', (_name, total, list, expected) => {
    expect(settle(total, list)).toMatchObject(expected);
  });
});

describe('maxCardAmount', () => {
  it.each([
    ['nothing paid', 1000, tenders(), 1000],
    ['after some cash', 1000, tenders(['cash', 300]), 700],
    ['after a first card', 1000, tenders(['card', 400]), 600],
    ['paid in full', 1000, tenders(['card', 1000]), 0],
    ['over-paid in cash', 1000, tenders(['cash', 2000]), 0],
  ])('%s', (_name, total, list, expected) => {
    expect(maxCardAmount(total, list)).toBe(expected);
  });
});

describe('quickCashAmounts', () => {
  it.each([
    ['€12.34', 1234, 2, [1234, 1300, 1500, 2000]],
    ['€10.00: the exact amount is already round', 1000, 2, [1000, 2000, 5000, 10000]],
    ['€0.04', 4, 2, [4, 100, 500, 1000]],
    ['€25.01', 2501, 2, [2501, 2600, 3000, 4000]],
    ['€120.00: fewer round amounts above it', 12000, 2, [12000, 15000, 20000]],
    ['¥1234 (no minor units)', 1234, 0, [1234, 1300, 1500, 2000]],
    ['BHD 1.234 (3 digits)', 1234, 3, [1234, 2000, 5000, 10000]],
    ['nothing due', 0, 2, []],
  ])('%s', (_name, due, digits, expected) => {
    expect(quickCashAmounts(due, digits)).toEqual(expected);
  });
});
