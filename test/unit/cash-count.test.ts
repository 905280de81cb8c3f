import { describe, expect, it } from 'vitest';
import { countProblem, countTotal, denominationsFor } from '../../src/shared/cash-count.ts';

const values = (currency: string): number[] => denominationsFor(currency).map((d) => d.valueMinor);

describe('denominations', () => {
  it('are the real coins and notes for euro, dollar and pound, smallest first', () => {
    expect(values('EUR')).toEqual([
      1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
    ]);
    expect(values('USD')).toEqual([1, 5, 10, 25, 50, 100, 200, 500, 1000, 2000, 5000, 10000]);
    expect(
      denominationsFor('GBP')
        .filter((d) => d.kind === 'note')
        .map((d) => d.valueMinor),
    ).toEqual([500, 1000, 2000, 5000]);
  });

  it('fall back to a 1-2-5 series up to 500 units for other currencies', () => {
    expect(values('CHF')).toEqual([
      1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
    ]);
    expect(values('JPY')).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500]);
    expect(denominationsFor('CHF').find((d) => d.valueMinor === 500)?.kind).toBe('note');
  });
});

describe('a count', () => {
  it('adds up coins and notes in minor units', () => {
    expect(countTotal([])).toBe(0);
    expect(
      countTotal([
        { valueMinor: 2000, count: 3 },
        { valueMinor: 5, count: 7 },
      ]),
    ).toBe(6035);
  });

  it('names a value that is no coin or note, or one counted twice', () => {
    expect(countProblem([{ valueMinor: 25, count: 1 }], 'EUR')).toMatch(/not a EUR coin or note/);
    expect(countProblem([{ valueMinor: 25, count: 1 }], 'USD')).toBeNull();
    expect(
      countProblem(
        [
          { valueMinor: 100, count: 1 },
          { valueMinor: 100, count: 2 },
        ],
        'EUR',
      ),
    ).toMatch(/counted twice/);
  });
});
