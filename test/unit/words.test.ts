import { describe, expect, it } from 'vitest';
import { plural, unitsOnLines } from '../../src/shared/words.ts';

describe('words for counts', () => {
  it('says one in the singular and every other count in the plural, with thousands grouped', () => {
    expect(plural(1, 'line')).toBe('1 line');
    expect(plural(0, 'line')).toBe('0 lines');
    expect(plural(1234, 'unit')).toBe('1,234 units');
    expect(plural(2, 'box', 'boxes')).toBe('2 boxes');
  });

  it('sums a list of goods into units and lines', () => {
    expect(unitsOnLines([{ quantity: 3 }])).toBe('3 units on 1 line');
    expect(unitsOnLines([{ quantity: 1 }, { quantity: 0 }])).toBe('1 unit on 2 lines');
    expect(unitsOnLines([])).toBe('0 units on 0 lines');
    // Grams of goods sold by kg are a weight, not units.
    expect(unitsOnLines([{ quantity: 1250, unit: 'kg' }])).toBe('1.250 kg on 1 line');
    expect(
      unitsOnLines([{ quantity: 2 }, { quantity: 100001, unit: 'kg' }, { quantity: 1, unit: 'each' }]),
    ).toBe('3 units and 100.001 kg on 3 lines');
  });
});
