import { describe, expect, it } from 'vitest';
import { isCounterError } from '../../src/shared/errors.ts';
import { currencyDigits, formatMoney, mulDivRound, parseMoney } from '../../src/shared/money.ts';

describe('currencyDigits', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['JPY', 0],
    ['BHD', 3],
  ])('%s has %i minor-unit digits', (currency, digits) => {
    expect(currencyDigits(currency)).toBe(digits);
  });

  it('refuses something that is not a currency code', () => {
    expect(() => currencyDigits('EURO')).toThrow(/not a currency code/);
  });
});

describe('formatMoney', () => {
  it.each([
    [1234, 'EUR', 'en-IE', '€12.34'],
    [-1234, 'EUR', 'en-IE', '-€12.34'],
    [5, 'EUR', 'en-IE', '€0.05'],
    [0, 'EUR', 'en-IE', '€0.00'],
    [123456789, 'EUR', 'de-DE', '1.234.567,89\u00a0€'],
    [1234, 'JPY', 'ja-JP', '￥1,234'],
    [1234, 'BHD', 'en', 'BHD\u00a01.234'],
    [199, 'USD', 'en-US', '$1.99'],
  ])('%i %s in %s → %s', (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale)).toBe(expected);
  });

  it('shows every cent of a large amount exactly', () => {
    expect(formatMoney(900719925474099, 'EUR', 'en-IE')).toBe('€9,007,199,254,740.99');
  });
});

describe('parseMoney', () => {
  it.each([
    ['3.49', 2, 349],
    ['3', 2, 300],
    ['3.5', 2, 350],
    ['3,5', 2, 350],
    [' 12.30 ', 2, 1230],
    ['.5', 2, 50],
    ['3.', 2, 300],
    ['0', 2, 0],
    ['3.500', 2, 350],
    ['1234', 0, 1234],
    ['1.234', 3, 1234],
    ['0.999', 2, null],
    ['3.5', 0, null],
    ['abc', 2, null],
    ['-1', 2, null],
    ['', 2, null],
    ['.', 2, null],
    ['1,234.50', 2, null],
    ['1.2.3', 2, null],
    ['€3.49', 2, null],
    ['1e3', 2, null],
    ['99999999999999999999', 2, null],
    // A thousand with a grouping comma, or one with three decimals: never read as 1.
    ['1,000', 2, null],
    ['1,000', 0, null],
    ['0,500', 3, 500],
  ])('%j with %i digits → %j', (text, digits, expected) => {
    expect(parseMoney(text, digits)).toBe(expected);
  });

  it.each([
    ['1,000', 'en-IE', 2, 100_000],
    ['1,000', 'en-IE', 0, 1000],
    ['1,234.50', 'en-IE', 2, 123_450],
    ['12,345,678', 'en-IE', 0, 12_345_678],
    ['3.49', 'en-IE', 2, 349],
    ['3,5', 'en-IE', 2, null],
    ['1,00', 'en-IE', 2, null],
    ['1,000', 'de-DE', 2, 100],
    ['1.000', 'de-DE', 0, 1000],
    ['1.234,50', 'de-DE', 2, 123_450],
    ['3.5', 'de-DE', 2, null],
    ['1 234,50', 'fr-FR', 2, 123_450],
  ])('%j in %s with %i digits → %j', (text, locale, digits, expected) => {
    expect(parseMoney(text, digits, locale)).toBe(expected);
  });
});

describe('mulDivRound', () => {
  it.each([
    [199, 1234, 1000, 246], // 245.566
    [1, 500, 1000, 1], // exactly half rounds away from zero
    [1, 499, 1000, 0],
    [-1, 500, 1000, -1],
    [-1, 499, 1000, 0],
    [297, 2300, 12300, 56], // 55.536
    [3, 1, -2, -2], // -1.5
  ])('round(%i × %i / %i) = %i', (a, b, divisor, expected) => {
    expect(mulDivRound(a, b, divisor)).toBe(expected);
  });

  it('stays exact where floating point would not', () => {
    // 2^53 - 1 × 3 / 3 overflows a double's exact range in the middle of the calculation.
    expect(mulDivRound(Number.MAX_SAFE_INTEGER, 3, 3)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a result too large to be an exact amount', () => {
    let error: unknown;
    try {
      mulDivRound(Number.MAX_SAFE_INTEGER, 2, 1);
    } catch (caught) {
      error = caught;
    }
    expect(isCounterError(error) && error.code).toBe('INVALID_INPUT');
  });
});
