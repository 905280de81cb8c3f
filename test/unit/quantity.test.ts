import { describe, expect, it } from 'vitest';
import { formatQuantity, parseLineQuantity, parseQuantity, quantityText } from '../../src/shared/quantity.ts';

describe('a quantity typed on a cart line', () => {
  it.each([
    ['3', 'each', 3],
    [' 12 ', 'each', 12],
    ['1.0', 'each', 1],
    ['0.512', 'kg', 512],
    ['1,25', 'kg', 1250],
    ['2', 'kg', 2000],
  ] as const)('reads %j (%s) as %i base units', (text, unit, quantity) => {
    expect(parseQuantity(text, unit)).toEqual({ ok: true, quantity });
  });

  it.each([
    ['abc', 'each', 'is not a quantity'],
    ['1.5', 'each', 'is not a quantity'],
    ['-2', 'each', 'is not a quantity'],
    ['', 'each', 'is not a quantity'],
    ['0', 'each', 'at least 1'],
    ['0.0004', 'kg', 'is not a weight'],
    ['0.000', 'kg', 'at least 1'],
    ['2000000', 'each', 'too large'],
  ] as const)('refuses %j (%s) with a message saying it %s', (text, unit, message) => {
    const result = parseQuantity(text, unit);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('reads a line of a list as pieces or kilograms, 0 too when asked, and says which line is wrong', () => {
    expect(parseLineQuantity('0', 'each', 0, 'Line 2 (Mugs)')).toEqual({ ok: true, quantity: 0 });
    expect(parseLineQuantity('3', 'kg', 0, 'Line 1 (Apples)')).toEqual({ ok: true, quantity: 3000 });
    expect(parseLineQuantity('1e3', 'each', 0, 'Line 2 (Mugs)')).toEqual({
      ok: false,
      message: 'Line 2 (Mugs): “1e3” is not a quantity. Type a whole number of pieces, for example 2.',
    });
    expect(parseLineQuantity(' ', 'each', 1, 'Quantity of Mugs')).toMatchObject({
      message: 'Quantity of Mugs is empty: type the quantity.',
    });
    expect(parseLineQuantity('0', 'each', 1, 'Quantity of Mugs')).toMatchObject({
      message: 'Quantity of Mugs: at least 1.',
    });
    expect(parseLineQuantity('2000', 'kg', 0, 'Line 1 (Apples)')).toMatchObject({
      message:
        'Line 1 (Apples): That quantity is too large: at most 1,000.000 kg. Check the number and try again.',
    });
  });

  it('reads "1,000" as a thousand in an en-IE store, and refuses it where the separator is not known', () => {
    expect(parseQuantity('1,000', 'each', 'en-IE')).toEqual({ ok: true, quantity: 1000 });
    expect(parseQuantity('1,5', 'kg', 'de-DE')).toEqual({ ok: true, quantity: 1500 });
    expect(parseQuantity('1,000', 'each')).toMatchObject({ ok: false });
    expect(parseQuantity('3,5', 'each', 'en-IE')).toMatchObject({ ok: false });
  });

  it('shows pieces as whole numbers and weights in kilograms', () => {
    expect(quantityText(3, 'each')).toBe('3');
    expect(quantityText(1250, 'kg')).toBe('1.250');
    expect(formatQuantity(1250, 'kg', 'en-IE')).toBe('1.250 kg');
    expect(formatQuantity(-1, 'each', 'en-IE')).toBe('-1');
  });
});
