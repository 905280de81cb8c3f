import { describe, expect, it } from 'vitest';
import { gtinCheckDigit, isValidGtin } from '../../src/shared/gtin.ts';

describe('gtinCheckDigit', () => {
  it.each([
    ['400638133393', 1], // EAN-13 4006381333931
    ['950110102091', 7], // EAN-13 9501101020917, GS1 General Specifications example
    ['1061414100041', 5], // GTIN-14 10614141000415
    ['03600029145', 2], // UPC-A 036000291452
    ['9638507', 4], // EAN-8 96385074
    ['10614141123456789', 7], // SSCC 106141411234567897: same algorithm, 18 digits
    ['000000000000', 0],
  ])('body %s → %i', (body, digit) => {
    expect(gtinCheckDigit(body)).toBe(digit);
  });

  it('refuses a body with non-digits', () => {
    expect(() => gtinCheckDigit('12A4')).toThrow(/digits only/);
  });
});

describe('isValidGtin', () => {
  it.each([
    ['96385074', true], // GTIN-8
    ['036000291452', true], // GTIN-12 (UPC-A)
    ['4006381333931', true], // GTIN-13
    ['5901234123457', true],
    ['10614141000415', true], // GTIN-14
    ['09501101020917', true],
    ['4006381333932', false], // wrong check digit
    ['036000291453', false],
    ['96385075', false],
    ['106141411234567897', false], // an SSCC is 18 digits, not a GTIN
    ['1234567', false], // 7 digits
    ['12345678901', false], // 11 digits
    ['40063813339A1', false],
    ['', false],
    [' 4006381333931', false],
  ])('%j → %s', (code, valid) => {
    expect(isValidGtin(code)).toBe(valid);
  });
});
