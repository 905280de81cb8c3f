import { describe, expect, it } from 'vitest';
import {
  daysOfCover,
  isLow,
  levelsFor,
  proposeLevels,
  readReorderCsv,
  suggestQuantity,
  type SalesDay,
} from '../../src/shared/replenishment.ts';

const levels = { reorderPoint: 10, desiredLevel: 40, safetyStock: 2 };
const position = (onHand: number, incoming = 0, inboundTransit = 0, committed = 0) => ({
  onHand,
  committed,
  incoming,
  inboundTransit,
});

describe('a suggestion', () => {
  it.each([
    // on hand, incoming, inbound, committed, pack, minimum → quantity, formula
    ['exactly what is needed', 4, 0, 0, 0, 1, 0, 36, '40 − (4 + 0 + 0) = 36'],
    ['at the reorder point', 10, 0, 0, 0, 1, 0, 30, '40 − (10 + 0 + 0) = 30'],
    ['up to whole packs of 12', 4, 0, 0, 0, 12, 0, 36, '40 − (4 + 0 + 0) = 36 → 3 × 12 = 36'],
    ['a part pack rounds up', 5, 0, 0, 0, 12, 0, 36, '40 − (5 + 0 + 0) = 35 → 3 × 12 = 36'],
    ['raised to the minimum', 8, 0, 0, 0, 1, 50, 50, '40 − (8 + 0 + 0) = 32 → min 50'],
    ['minimum, then packs', 8, 0, 0, 0, 12, 50, 60, '40 − (8 + 0 + 0) = 32 → min 50 → 5 × 12 = 60'],
    ['incoming counted', 2, 5, 0, 0, 1, 0, 33, '40 − (2 + 5 + 0) = 33'],
    ['inbound transfers counted', 2, 0, 6, 0, 1, 0, 32, '40 − (2 + 0 + 6) = 32'],
    ['both counted', 1, 4, 3, 0, 1, 0, 32, '40 − (1 + 4 + 3) = 32'],
    ['negative on hand orders more', -3, 0, 0, 0, 1, 0, 43, '40 − (-3 + 0 + 0) = 43'],
    ['committed makes it low', 15, 0, 0, 6, 1, 0, 25, '40 − (15 + 0 + 0) = 25'],
  ] as const)(
    '%s',
    (_, onHand, incoming, inbound, committed, packSize, minimumQuantity, quantity, formula) => {
      const suggested = suggestQuantity(position(onHand, incoming, inbound, committed), levels, {
        packSize,
        minimumQuantity,
      });
      expect(suggested).toMatchObject({ quantity, formula });
    },
  );

  it.each([
    ['above the reorder point', position(11)],
    ['incoming lifts it above', position(5, 6)],
    ['an inbound transfer lifts it above', position(5, 0, 6)],
  ])('none when %s', (_, where) => {
    expect(isLow(where, levels)).toBe(false);
    expect(suggestQuantity(where, levels, { packSize: 1, minimumQuantity: 0 })).toBeNull();
  });

  it('none when committed stock makes it low but on hand already reaches the desired level', () => {
    const where = position(40, 0, 0, 35);
    expect(isLow(where, levels)).toBe(true);
    expect(suggestQuantity(where, levels, { packSize: 1, minimumQuantity: 0 })).toBeNull();
  });

  it('takes a SKU’s own levels over its category’s, and none without either', () => {
    const category = { reorderPoint: 1, desiredLevel: 2, safetyStock: 0 };
    expect(levelsFor(levels, category)).toBe(levels);
    expect(levelsFor(undefined, category)).toBe(category);
    expect(levelsFor(undefined, undefined)).toBeNull();
  });

  it('says how many days the available stock lasts at the last 30 days’ rate', () => {
    expect(daysOfCover(position(12, 0, 0, 2), 30)).toBe(10);
    expect(daysOfCover(position(12), 0)).toBeNull();
    expect(daysOfCover(position(-4), 30)).toBe(0);
  });
});

describe('velocity mode', () => {
  const day = (sold: number, outOfStock = false): SalesDay => ({ sold, outOfStock });
  const rules = { leadTimeDays: 5, reviewDays: 7, safetyStock: 3 };

  it('leaves out the days out of stock', () => {
    // 4 a day for 10 days, then 10 days with nothing to sell.
    const days = [
      ...Array.from({ length: 10 }, () => day(4)),
      ...Array.from({ length: 10 }, () => day(0, true)),
    ];
    expect(proposeLevels(days, rules)).toEqual({
      dailyRate: 4,
      inStockDays: 10,
      reorderPoint: 4 * 5 + 3,
      desiredLevel: 4 * 12 + 3,
    });
  });

  it('keeps days in stock that sold nothing', () => {
    const days = [day(6), day(0), day(0, true), day(3)];
    expect(proposeLevels(days, rules)).toMatchObject({ dailyRate: 3, inStockDays: 3, reorderPoint: 18 });
  });

  it('rounds a part unit up', () => {
    const days = [day(1), day(0), day(0)];
    expect(proposeLevels(days, { leadTimeDays: 2, reviewDays: 1, safetyStock: 0 })).toMatchObject({
      reorderPoint: 1,
      desiredLevel: 1,
    });
  });

  it('proposes nothing for a SKU never in stock', () => {
    expect(proposeLevels([day(0, true), day(0, true)], rules)).toBeNull();
  });
});

describe('the reorder CSV', () => {
  it('reads the columns the export writes', () => {
    expect(readReorderCsv('sku,reorder_point,desired_level,safety_stock\nA-1,5,20,2\nB-2,0,0,0\n')).toEqual({
      rows: [
        { sku: 'A-1', reorderPoint: 5, desiredLevel: 20, safetyStock: 2 },
        { sku: 'B-2', reorderPoint: 0, desiredLevel: 0, safetyStock: 0 },
      ],
    });
  });

  it('lists every wrong row and imports none', () => {
    const read = readReorderCsv(
      'sku,reorder_point,desired_level,safety_stock\nA-1,5,2,0\nB-2,x,3,0\nA-1,1,2,0\nC-3,-1,2,0\n',
    );
    expect(read).toEqual({
      errors: [
        { row: 2, message: expect.stringContaining('desired level must be at least the reorder point') },
        { row: 3, message: expect.stringContaining('Reorder point') },
        { row: 4, message: 'SKU A-1 is already on row 2' },
        { row: 5, message: expect.stringContaining('Reorder point') },
      ],
    });
  });

  it('refuses a file with other columns', () => {
    expect(readReorderCsv('sku,min,max\nA,1,2\n')).toEqual({
      errors: [
        {
          row: 1,
          message: 'The first row must name the columns sku,reorder_point,desired_level,safety_stock',
        },
      ],
    });
  });
});
