/**
 * Counting the drawer by denomination: the float when a shift opens and the blind count when it closes.
 * Amounts are minor units of the store currency.
 */
import { z } from 'zod';
import { currencyDigits } from './money.ts';

export interface Denomination {
  valueMinor: number;
  kind: 'coin' | 'note';
}

export const cashCountLineSchema = z.object({
  valueMinor: z.number().int().positive(),
  count: z
    .number()
    .int('Count whole coins and notes')
    .min(0, 'A count cannot be negative')
    .max(100_000, 'That is more coins or notes than a drawer holds: check the count'),
});
export type CashCountLine = z.infer<typeof cashCountLineSchema>;

/** One line per denomination counted; denominations left out count as none. */
export const cashCountSchema = z.array(cashCountLineSchema).max(40);

const known: Record<string, { coins: number[]; notes: number[] }> = {
  EUR: { coins: [1, 2, 5, 10, 20, 50, 100, 200], notes: [500, 1000, 2000, 5000, 10000, 20000, 50000] },
  USD: { coins: [1, 5, 10, 25, 50, 100], notes: [200, 500, 1000, 2000, 5000, 10000] },
  GBP: { coins: [1, 2, 5, 10, 20, 50, 100, 200], notes: [500, 1000, 2000, 5000] },
};

/**
 * The coins and notes of a currency, smallest first. Currencies not in the table get a 1-2-5 series from the
 * smallest unit up to 500 whole units, which fits most cash systems closely enough to count a drawer.
 */
export function denominationsFor(currency: string): Denomination[] {
  const table = known[currency];
  if (table) {
    return [
      ...table.coins.map((valueMinor) => ({ valueMinor, kind: 'coin' as const })),
      ...table.notes.map((valueMinor) => ({ valueMinor, kind: 'note' as const })),
    ];
  }
  const unit = 10 ** currencyDigits(currency);
  const series: Denomination[] = [];
  for (let decade = 1; decade <= 100 * unit; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const valueMinor = step * decade;
      series.push({ valueMinor, kind: valueMinor < 5 * unit ? 'coin' : 'note' });
    }
  }
  return series;
}

export function countTotal(count: readonly CashCountLine[]): number {
  return count.reduce((sum, line) => sum + line.valueMinor * line.count, 0);
}

/** Why a count cannot be taken (a value that is no coin or note of the currency, a denomination twice), or null. */
export function countProblem(count: readonly CashCountLine[], currency: string): string | null {
  const values = new Set(denominationsFor(currency).map((d) => d.valueMinor));
  const seen = new Set<number>();
  for (const line of count) {
    if (!values.has(line.valueMinor)) {
      return `${line.valueMinor} (minor units) is not a ${currency} coin or note: count by the denominations shown.`;
    }
    if (seen.has(line.valueMinor)) {
      return `The ${line.valueMinor} (minor units) denomination is counted twice: give each denomination once.`;
    }
    seen.add(line.valueMinor);
  }
  return null;
}
