/**
 * Moving average cost (issue 17): the formula of src/headoffice/cost.ts to the cent, by table and by property
 * against an exact rational model (docs/cost.md states the same rules).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { movingAverage, valueAtCost } from '../../src/headoffice/cost.ts';

describe('the moving average cost after a receipt', () => {
  it.each([
    // held units, average, received units, unit cost → new average
    { why: 'first receipt sets it', held: 0, avg: null, units: 10, cost: 250, expected: 250 },
    { why: 'equal weights average', held: 10, avg: 100, units: 10, cost: 200, expected: 150 },
    { why: 'weighted by units', held: 30, avg: 100, units: 10, cost: 200, expected: 125 },
    { why: '333.33… rounds down', held: 2, avg: 300, units: 1, cost: 400, expected: 333 },
    { why: '0.5 rounds up', held: 1, avg: 100, units: 1, cost: 101, expected: 101 },
    { why: '1.5 rounds up', held: 1, avg: 1, units: 1, cost: 2, expected: 2 },
    { why: '666.66… rounds up', held: 1, avg: 400, units: 2, cost: 800, expected: 667 },
    { why: 'no cost on the note: unchanged', held: 5, avg: 120, units: 9, cost: null, expected: 120 },
    { why: 'no cost and no average yet', held: 5, avg: null, units: 9, cost: null, expected: null },
    {
      why: 'sold short (held below zero): the receipt’s cost',
      held: -4,
      avg: 90,
      units: 10,
      cost: 130,
      expected: 130,
    },
    { why: 'held exactly zero: the receipt’s cost', held: 0, avg: 90, units: 3, cost: 50, expected: 50 },
    {
      why: 'held without a known cost: the receipt’s cost',
      held: 7,
      avg: null,
      units: 3,
      cost: 50,
      expected: 50,
    },
    { why: 'a free sample dilutes it', held: 3, avg: 100, units: 1, cost: 0, expected: 75 },
    {
      why: 'huge figures: a tie at 18,724,489.5 rounds up, exactly',
      held: 999_996,
      avg: 37_448_979,
      units: 999_996,
      cost: 0,
      expected: 18_724_490,
    },
    {
      why: 'huge figures: 99,999,999.4999997 rounds down, exactly',
      held: 1_000_000,
      avg: 99_999_999,
      units: 999_999,
      cost: 100_000_000,
      expected: 99_999_999,
    },
  ])('$why', ({ held, avg, units, cost, expected }) => {
    expect(movingAverage({ units: held, unitCostMinor: avg }, { units, unitCostMinor: cost })).toBe(expected);
  });

  const holding = fc.record({
    units: fc.integer({ min: -1_000, max: 1_000_000 }),
    unitCostMinor: fc.option(fc.integer({ min: 0, max: 100_000_000 }), { nil: null }),
  });
  const receipt = fc.record({
    units: fc.integer({ min: 1, max: 1_000_000 }),
    unitCostMinor: fc.integer({ min: 0, max: 100_000_000 }),
  });

  it('is the value-weighted mean rounded half up, exactly (BigInt model)', () => {
    fc.assert(
      fc.property(holding, receipt, (held, received) => {
        const average = movingAverage(held, received)!;
        const heldUnits = BigInt(Math.max(0, held.units));
        if (held.unitCostMinor === null || heldUnits === 0n) {
          expect(average).toBe(received.unitCostMinor);
          return;
        }
        // |average − exact mean| ≤ ½, a tie going up: 2·(Q+q)·average − 2·value ∈ (−(Q+q), Q+q].
        const total = heldUnits + BigInt(received.units);
        const value =
          heldUnits * BigInt(held.unitCostMinor) + BigInt(received.units) * BigInt(received.unitCostMinor);
        const twiceError = 2n * total * BigInt(average) - 2n * value;
        expect(twiceError > -total && twiceError <= total).toBe(true);
      }),
    );
  });

  it('stays between the old average and the receipt’s cost, and a receipt at the average keeps it', () => {
    fc.assert(
      fc.property(holding, receipt, (held, received) => {
        const average = movingAverage(held, received)!;
        const low = Math.min(held.unitCostMinor ?? received.unitCostMinor, received.unitCostMinor);
        const high = Math.max(held.unitCostMinor ?? received.unitCostMinor, received.unitCostMinor);
        expect(average).toBeGreaterThanOrEqual(low);
        expect(average).toBeLessThanOrEqual(high);
        if (held.unitCostMinor !== null)
          expect(movingAverage(held, { ...received, unitCostMinor: held.unitCostMinor })).toBe(
            held.unitCostMinor,
          );
      }),
    );
  });

  it('never moves on a receipt without a unit cost', () => {
    fc.assert(
      fc.property(holding, fc.integer({ min: 1, max: 1_000 }), (held, units) => {
        expect(movingAverage(held, { units, unitCostMinor: null })).toBe(held.unitCostMinor);
      }),
    );
  });
});

describe('the value of units at cost', () => {
  it.each([
    { units: 3, cost: 125, expected: 375 },
    { units: -2, cost: 125, expected: -250 },
    { units: 0, cost: 125, expected: 0 },
    { units: 4, cost: null, expected: 0 },
  ])('$units × $cost = $expected', ({ units, cost, expected }) => {
    expect(valueAtCost(units, cost)).toBe(expected);
  });
});
