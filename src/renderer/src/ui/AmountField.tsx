import { CounterError } from '../../../shared/errors.ts';
import { parseMoney } from '../../../shared/money.ts';

interface AmountFieldProps {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}

/** An amount typed as people say it ("20", "12.50"), read with `readAmount`. It takes the focus as it opens. */
export function AmountField({ label, testId, value, onChange, placeholder }: AmountFieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        data-testid={testId}
        inputMode="decimal"
        autoComplete="off"
        data-autofocus
        autoFocus
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

interface AmountWords {
  /** What the amount is, after "is not": "a discount", "a price". */
  what?: string;
  /** How to type one: "10 or 12.5". */
  example?: string;
  /** A price may be nothing (a free item); a payment, a discount or cash in or out may not. */
  zeroAllowed?: boolean;
  /** The store's locale, to read "1,000" as people there write it; without it that is refused as ambiguous. */
  locale?: string;
}

/**
 * The typed amount in minor units (`digits`: the currency's decimals, or 2 for a percent read as basis points,
 * "12.5" → 1250); a CounterError that says how to type it when it is not one.
 */
export function readAmount(
  text: string,
  digits: number,
  { what = 'an amount', example = '20 or 12.50', zeroAllowed = false, locale }: AmountWords = {},
): number {
  if (text.trim() === '') throw new CounterError('INVALID_INPUT', `Type ${what}, e.g. ${example}.`);
  const amount = parseMoney(text, digits, locale);
  if (amount === null || (amount === 0 && !zeroAllowed)) {
    throw new CounterError('INVALID_INPUT', `“${text.trim()}” is not ${what}: type it as ${example}.`);
  }
  return amount;
}
