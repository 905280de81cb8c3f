/**
 * Paying for a sale: what is paid, what is still due, and the change. Only cash can be over-tendered (a card
 * terminal charges exactly what it is told), so change always comes out of the cash handed over.
 */
import type { Tender } from './domain.ts';

export interface Settlement {
  paidMinor: number;
  /** Still to pay; 0 once tendered in full. */
  dueMinor: number;
  /** Cash to hand back. */
  changeMinor: number;
}

function sumOf(tenders: Tender[], kind?: Tender['kind']): number {
  return tenders
    .filter((tender) => !kind || tender.kind === kind)
    .reduce((sum, tender) => sum + tender.amountMinor, 0);
}

export function settle(totalMinor: number, tenders: Tender[]): Settlement {
  const paidMinor = sumOf(tenders);
  const overpaid = Math.max(0, paidMinor - totalMinor);
  return {
    paidMinor,
    dueMinor: Math.max(0, totalMinor - paidMinor),
    // Never more than the cash handed over: a card overpayment is refused before it gets here (maxCardAmount).
    changeMinor: Math.min(overpaid, sumOf(tenders, 'cash')),
  };
}

/** The most a card tender added now may be: what is still due. 0 means no card tender is possible. */
export function maxCardAmount(totalMinor: number, tenders: Tender[]): number {
  return Math.max(0, totalMinor - sumOf(tenders));
}

/** Notes and coins customers typically hand over, in major units, for quick-cash buttons. */
const ROUND_MAJOR_AMOUNTS = [1, 5, 10, 20, 50, 100];
const MAX_QUICK_AMOUNTS = 4;

/**
 * Quick-cash buttons: the exact amount, then the next round amounts at or above it (next whole unit, next 5,
 * 10, 20, 50, 100), deduplicated, ascending, at most four. For currencies without minor units (JPY, KRW) one
 * unit is too small to be a "round" amount, so 100 units count as one: 1234 JPY → 1234, 1300, 1500, 2000.
 * Empty when nothing is due.
 */
export function quickCashAmounts(dueMinor: number, currencyDigits: number): number[] {
  if (dueMinor <= 0) return [];
  const majorUnit = currencyDigits === 0 ? 100 : 10 ** currencyDigits;
  const amounts = new Set<number>([dueMinor]);
  for (const round of ROUND_MAJOR_AMOUNTS) {
    const step = round * majorUnit;
    amounts.add(Math.ceil(dueMinor / step) * step);
  }
  return [...amounts].sort((a, b) => a - b).slice(0, MAX_QUICK_AMOUNTS);
}
