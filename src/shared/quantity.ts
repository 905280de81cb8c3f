/**
 * Quantities as a cashier types and reads them: whole pieces, or kilograms for weighed goods (kept in grams,
 * the base unit main works in).
 */
import type { Unit } from './domain.ts';
import { MAX_QUANTITY } from './limits.ts';
import { parseMoney } from './money.ts';

const GRAMS_PER_KG = 1000;

export type QuantityResult = { ok: true; quantity: number } | { ok: false; message: string };

/**
 * `locale`: the store's, to read "1,000" as people there write it (see parseMoney); without it that is refused.
 * `min` 0: nothing is a quantity too (a count of an empty shelf, a line not received); the sale's lines take 1.
 */
export function parseQuantity(text: string, unit: Unit, locale?: string, min: 0 | 1 = 1): QuantityResult {
  // parseMoney reads plain decimal text into whole base units, refusing signs, letters and extra decimals:
  // exactly the rule for a quantity (0 decimals for pieces, 3 for kilograms → grams).
  const quantity = parseMoney(text, unit === 'kg' ? 3 : 0, locale);
  if (quantity === null) {
    return {
      ok: false,
      message:
        unit === 'kg'
          ? `“${text.trim()}” is not a weight. Type kilograms, for example 0.250.`
          : `“${text.trim()}” is not a quantity. Type a whole number of pieces, for example 2.`,
    };
  }
  if (quantity < min) {
    return {
      ok: false,
      message: 'The quantity must be at least 1. To take the item off the sale, remove the line.',
    };
  }
  if (quantity > MAX_QUANTITY)
    return {
      ok: false,
      message: `That quantity is too large: at most ${formatQuantity(MAX_QUANTITY, unit, 'en')}. Check the number and try again.`,
    };
  return { ok: true, quantity };
}

/**
 * A quantity typed on a line of a list (a count, a delivery, a transfer, an order), `what` naming the line in
 * what is wrong: empty is no quantity either, and `min` 1 refuses nothing (0) as well.
 */
export function parseLineQuantity(
  text: string,
  unit: Unit,
  min: 0 | 1,
  what: string,
  locale?: string,
): QuantityResult {
  if (text.trim() === '') {
    return { ok: false, message: `${what} is empty: type the quantity${min === 0 ? ', 0 for none' : ''}.` };
  }
  const parsed = parseQuantity(text, unit, locale, 0);
  if (!parsed.ok) return { ok: false, message: `${what}: ${parsed.message}` };
  if (parsed.quantity < min) return { ok: false, message: `${what}: at least 1.` };
  return parsed;
}

/** What goes in a quantity field: "3", or "1.250" for 1250 g. */
export function quantityText(quantity: number, unit: Unit): string {
  return unit === 'kg' ? (quantity / GRAMS_PER_KG).toFixed(3) : String(quantity);
}

/** For reading: "3", "1.250 kg". Also used for stock on hand, which is in the same base units. */
export function formatQuantity(quantity: number, unit: Unit, locale: string): string {
  if (unit === 'kg') {
    const kg = new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    return `${kg.format(quantity / GRAMS_PER_KG)} kg`;
  }
  return new Intl.NumberFormat(locale).format(quantity);
}
