/** The reorder CSV's messages: a negative level is told as below zero, not as something other than a number. */
import { describe, expect, it } from 'vitest';
import { readReorderCsv } from '../../src/headoffice/reorder-csv.ts';

describe('the reorder CSV', () => {
  it('says a negative level cannot be below zero', () => {
    const read = readReorderCsv('sku,reorder_point,desired_level,safety_stock\nA-1,-1,2,0\nB-2,1,2,-3\n');
    expect(read).toEqual({
      errors: [
        { row: 2, message: 'Reorder point cannot be below 0' },
        { row: 3, message: 'Safety stock cannot be below 0' },
      ],
    });
  });

  it('still says a level that is no whole number is not one', () => {
    const read = readReorderCsv('sku,reorder_point,desired_level,safety_stock\nA-1,1.5,2,0\n');
    expect(read).toEqual({ errors: [{ row: 2, message: 'Reorder point: a whole number of units' }] });
  });
});
