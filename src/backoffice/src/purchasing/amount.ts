/**
 * An amount a person typed in a supplier's currency, checked before it is sent: "3.49" → 349, or what is wrong
 * with it, in the field's own words (head office would refuse it too, but the person should not wait for that).
 */
import { currencyDigits, parseMoney } from '../../../shared/money.ts';

export type Amount = { minor: number; error: null } | { minor: null; error: string };

export function amountIn(text: string, currency: string): Amount {
  const digits = currencyDigits(currency);
  const minor = parseMoney(text, digits);
  if (minor !== null) return { minor, error: null };
  const example = (349 / 10 ** digits).toFixed(digits);
  return { minor: null, error: `"${text}" is not an amount such as ${example}` };
}
