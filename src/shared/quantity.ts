/**
 * Quantities as a cashier types and reads them: whole pieces, or kilograms for weighed goods (kept in grams,
 * the base unit main works in).
 */
import type { Unit } from './domain.ts';
import { MAX_QUANTITY } from './limits.ts';
import { parseMoney } from './money.ts';

const GRAMS_PER_KG = 1000;

export type QuantityResult = { ok: true; quantity: number } | { ok: false; message: string };

/** `locale`: the store's, to read "1,000" as people there write it (see parseMoney); without it that is refused. */
export function parseQuantity(text: string, unit: Unit, locale?: string): QuantityResult {
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
  if (quantity < 1) {
    return {
      ok: false,
      message: 'The quantity must be at least 1. To take the item off the sale, remove the line.',
    };
  }
  if (quantity > MAX_QUANTITY)
    return { ok: false, message: 'That quantity is too large. Check the number and try again.' };
  return { ok: true, quantity };
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
