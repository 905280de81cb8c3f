/**
 * Money is integer minor units of the store currency (cents for EUR, yen for JPY, fils for BHD). Floats only
 * ever appear in what a person reads; every sum and product is done on integers.
 */
import { CounterError } from './errors.ts';

const digitsCache = new Map<string, number>();

/** Digits after the decimal point for an ISO 4217 currency: EUR 2, JPY 0, BHD 3. */
export function currencyDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  let digits: number;
  try {
    // Always set for style 'currency'; typed optional because significant-digit rounding leaves it out.
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    throw new CounterError(
      'INVALID_INPUT',
      `"${currency}" is not a currency code: use one such as EUR or USD.`,
    );
  }
  digitsCache.set(currency, digits);
  return digits;
}

/** 1234 with 2 digits → "12.34"; -5 → "-0.05". Exact, so formatting never shows float noise. */
export function toDecimalString(minor: number, digits: number): `${number}` {
  const sign = minor < 0 ? '-' : '';
  const magnitude = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = magnitude.slice(magnitude.length - digits);
  return `${sign}${whole}${digits > 0 ? '.' + fraction : ''}` as `${number}`;
}

/** 1234 EUR in en-IE → "€12.34"; -1234 → "-€12.34"; 1234 JPY in ja-JP → "￥1,234". */
/** Formatters by locale and currency: making one costs far more than formatting (the open sale formats on every scan). */
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format.format(toDecimalString(minor, currencyDigits(currency)));
}

/** A locale's separators as people type numbers: en-IE "." before decimals and "," between thousands, de-DE the reverse. */
export interface NumberSeparators {
  decimal: string;
  group: string;
}

const separatorsCache = new Map<string, NumberSeparators>();

export function numberSeparators(locale: string): NumberSeparators {
  const cached = separatorsCache.get(locale);
  if (cached) return cached;
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const separators = {
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
  };
  separatorsCache.set(locale, separators);
  return separators;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * In a locale: its decimal separator, and its grouping separator only between groups of three ("1,234.50" in
 * en-IE, "1.234,50" in de-DE; a plain space where the locale groups with a space of its own).
 */
function splitInLocale(text: string, { decimal, group }: NumberSeparators): [string, string] | null {
  const groups = /\s/.test(group) ? `[${escapeRegExp(group)} ]` : escapeRegExp(group);
  const match = new RegExp(`^(\\d{1,3}(?:${groups}\\d{3})+|\\d*)(?:${escapeRegExp(decimal)}(\\d*))?$`).exec(
    text,
  );
  if (!match) return null;
  return [(match[1] ?? '').replace(new RegExp(groups, 'g'), ''), match[2] ?? ''];
}

/**
 * Without a locale (a CSV file): "." or "," before the decimals, no grouping. "1,000" may be a thousand written
 * with a grouping comma, or one with three decimals: too ambiguous to read either way.
 */
function splitEitherWay(text: string): [string, string] | null {
  const match = /^(\d*)(?:([.,])(\d*))?$/.exec(text);
  if (!match) return null;
  const [, whole = '', separator, fraction = ''] = match;
  if (separator === ',' && fraction.length === 3 && /^[1-9]\d{0,2}$/.test(whole)) return null;
  return [whole, fraction];
}

/**
 * What a person or a CSV file wrote, as minor units: "3.49" → 349, "3" → 300. With the store's `locale`, as
 * people write numbers there: "1,234.50" → 123450 in en-IE, "1.234,50" in de-DE; "3,5" in en-IE is refused.
 * Without one, "." or "," before the decimals ("3,5" → 350) and no grouping, and "1,000" is refused as ambiguous.
 * Returns null for anything that is not a plain non-negative amount: empty text, letters, a minus sign, or more
 * decimals than the currency has ("0.999" for EUR) — rounding someone's price silently would be worse than
 * asking again. Trailing zeros beyond the currency's digits are fine ("3.500" → 350), because spreadsheets
 * export them.
 */
export function parseMoney(text: string, digits: number, locale?: string): number | null {
  const trimmed = text.trim();
  const split = locale ? splitInLocale(trimmed, numberSeparators(locale)) : splitEitherWay(trimmed);
  if (!split) return null;
  const [whole, written] = split;
  if (whole === '' && written === '') return null;
  const fraction = written.replace(/0+$/, '');
  if (fraction.length > digits) return null;
  const minor = Number((whole || '0') + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/**
 * round(a × b / divisor), half away from zero, in exact integer arithmetic. Used for tax (gross × rate /
 * (1 + rate)) and weighed goods (price per kg × grams / 1000), where a float would drift by a cent.
 */
export function mulDivRound(a: number, b: number, divisor: number): number {
  if (
    !Number.isSafeInteger(a) ||
    !Number.isSafeInteger(b) ||
    !Number.isSafeInteger(divisor) ||
    divisor === 0
  ) {
    throw new CounterError('INVALID_INPUT', `Cannot compute ${a} × ${b} / ${divisor} in whole minor units.`);
  }
  let numerator = BigInt(a) * BigInt(b);
  let denominator = BigInt(divisor);
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  const result = Number(numerator < 0n ? -rounded : rounded);
  if (!Number.isSafeInteger(result)) {
    throw new CounterError(
      'INVALID_INPUT',
      'The amount is too large to handle: check the price and quantity.',
    );
  }
  return result;
}
