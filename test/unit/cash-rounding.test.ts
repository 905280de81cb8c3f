import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tender, TenderKind } from '../../src/shared/domain.ts';
import { roundCash, settle } from '../../src/shared/tender.ts';

const tenders = (...list: [TenderKind, number][]): Tender[] =>
  list.map(([kind, amountMinor], i) => ({ tenderId: `T${i}`, kind, amountMinor }));

describe('roundCash', () => {
  it.each([
    [996, 5, 995],
    [997, 5, 995],
    [998, 5, 1000],
    [999, 5, 1000],
    [1000, 5, 1000],
    [1001, 5, 1000],
    [1003, 5, 1005],
    [1005, 10, 1010], // exactly half: up
    [1004, 10, 1000],
    [149, 50, 150],
    [124, 50, 100],
    [2, 5, 0],
    [999, 0, 999], // no rounding set
    [999, 1, 999],
  ])('%i to the nearest %i is %i', (amount, increment, expected) => {
    expect(roundCash(amount, increment)).toBe(expected);
  });
});

describe('settle with cash rounding to 0.05', () => {
  it.each([
    [
      'nothing tendered: what cash would settle, card untouched',
      997,
      tenders(),
      { dueMinor: 997, cashDueMinor: 995, cardDueMinor: 997, roundingMinor: 0, changeMinor: 0 },
    ],
    [
      'cash rounds the total down',
      997,
      tenders(['cash', 995]),
      { dueMinor: 0, roundingMinor: -2, changeMinor: 0 },
    ],
    [
      'cash rounds the total up',
      998,
      tenders(['cash', 1000]),
      { dueMinor: 0, roundingMinor: 2, changeMinor: 0 },
    ],
    [
      'a €20 note: change from the rounded total',
      997,
      tenders(['cash', 2000]),
      { roundingMinor: -2, changeMinor: 1005 },
    ],
    [
      'card only: never rounded',
      997,
      tenders(['card', 997]),
      { dueMinor: 0, roundingMinor: 0, changeMinor: 0 },
    ],
    [
      'card first, the rest in cash: only the cash part is rounded',
      1999,
      tenders(['card', 1000], ['cash', 1000]),
      { dueMinor: 0, roundingMinor: 1, changeMinor: 0 },
    ],
    [
      'part paid in cash: the rest due is worked out on the rounded cash part',
      997,
      tenders(['cash', 500]),
      { dueMinor: 495, cashDueMinor: 495, cardDueMinor: 497, roundingMinor: -2 },
    ],
    [
      'part paid in cash, the rest rounds up: a card still takes the exact rest',
      159,
      tenders(['cash', 100]),
      { dueMinor: 60, cashDueMinor: 60, cardDueMinor: 59, roundingMinor: 1 },
    ],
    [
      'then paid by card for the exact rest: settled, nothing rounded',
      159,
      tenders(['cash', 100], ['card', 59]),
      { dueMinor: 0, cardDueMinor: 0, roundingMinor: 0, changeMinor: 0 },
    ],
    [
      'then paid by card for what is shown: settled',
      997,
      tenders(['cash', 500], ['card', 495]),
      { dueMinor: 0, roundingMinor: -2, changeMinor: 0 },
    ],
    [
      'or by card for the exact rest: settled without rounding',
      997,
      tenders(['cash', 500], ['card', 497]),
      { dueMinor: 0, roundingMinor: 0, changeMinor: 0 },
    ],
  ])('%s', (_name, total, list, expected) => {
    expect(settle(total, list, 5)).toMatchObject(expected);
  });

  it('takes exactly the rounded amount in cash and never more than a coin away from the total (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(5, 10, 50),
        fc.integer({ min: 0, max: 5_000 }),
        (total, increment, extra) => {
          const due = settle(total, [], increment).cashDueMinor;
          expect(due % increment).toBe(0);
          expect(Math.abs(due - total) * 2).toBeLessThanOrEqual(increment);
          fc.pre(due + extra > 0); // a tender is never zero
          const paid = settle(total, tenders(['cash', due + extra]), increment);
          expect(paid.dueMinor).toBe(0);
          expect(paid.changeMinor).toBe(extra);
          // What stays in the drawer is the rounded total.
          expect(paid.paidMinor - paid.changeMinor).toBe(total + paid.roundingMinor);
        },
      ),
    );
  });
});
