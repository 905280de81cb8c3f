/** GS1 check digits (GS1 General Specifications 7.9.1): mod 10, weights 3 and 1 from the right. */
import { CounterError } from './errors.ts';

/** The check digit for a GTIN, SSCC or GLN body (all digits but the last). */
export function gtinCheckDigit(bodyWithoutCheckDigit: string): number {
  if (!/^\d+$/.test(bodyWithoutCheckDigit)) {
    throw new CounterError(
      'INVALID_INPUT',
      `"${bodyWithoutCheckDigit}" is not a number: a GTIN has digits only.`,
    );
  }
  let sum = 0;
  for (let i = 0; i < bodyWithoutCheckDigit.length; i++) {
    const digit = Number(bodyWithoutCheckDigit[bodyWithoutCheckDigit.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for a GTIN-8, -12, -13 or -14 whose last digit is its correct check digit. */
export function isValidGtin(code: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.slice(-1));
}
