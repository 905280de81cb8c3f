/**
 * Paying for a sale: what is paid, what is still due, and the change. Only cash can be over-tendered (a card
 * terminal charges exactly what it is told), so change always comes out of the cash handed over.
 *
 * Cash rounding (for stores in countries without the smallest coins): the part of the total left for cash, that
 * is the total minus card payments, is rounded to the nearest multiple of the store's smallest coin, half up
 * (with 5: 1, 2 round down, 3, 4 up). Only once cash is tendered; card payments are never rounded.
 */
import type { Tender } from './domain.ts';
import { mulDivRound } from './money.ts';

export interface Settlement {
  paidMinor: number;
  /** Still to pay; 0 once tendered in full. With cash among the tenders, the cash part is rounded. */
  dueMinor: number;
  /** Cash to hand back. */
  changeMinor: number;
  /** What rounding the cash part added to the total (negative: rounded down); 0 without a cash tender. */
  roundingMinor: number;
  /** What is still due if the rest is paid in cash, rounded. */
  cashDueMinor: number;
  /** What is still due if the rest is paid by card: exact, never rounded (what the terminal is told). */
  cardDueMinor: number;
}

/** `amountMinor` to the nearest multiple of `incrementMinor` (the smallest coin), half up; 0 or 1: unchanged. */
export function roundCash(amountMinor: number, incrementMinor: number): number {
  if (incrementMinor <= 1) return amountMinor;
  return mulDivRound(amountMinor, 1, incrementMinor) * incrementMinor;
}

function sumOf(tenders: Tender[], kind?: Tender['kind']): number {
  return tenders
    .filter((tender) => !kind || tender.kind === kind)
    .reduce((sum, tender) => sum + tender.amountMinor, 0);
}

/** `cashIncrementMinor`: the store's smallest coin in minor units (5 for 0.05); 0 or 1 for no rounding. */
export function settle(totalMinor: number, tenders: Tender[], cashIncrementMinor = 0): Settlement {
  const cardMinor = sumOf(tenders, 'card');
  const cashMinor = sumOf(tenders, 'cash');
  const cashPart = Math.max(0, totalMinor - cardMinor);
  const roundedCashPart = roundCash(cashPart, cashIncrementMinor);
  const roundingMinor = cashMinor > 0 ? roundedCashPart - cashPart : 0;
  const owedMinor = totalMinor + roundingMinor;
  const paidMinor = cardMinor + cashMinor;
  const dueMinor = Math.max(0, owedMinor - paidMinor);
  return {
    paidMinor,
    dueMinor,
    // Never more than the cash handed over: a card overpayment is refused before it gets here (maxCardAmount).
    changeMinor: Math.min(Math.max(0, paidMinor - owedMinor), cashMinor),
    roundingMinor,
    cashDueMinor: Math.max(0, roundedCashPart - cashMinor),
    // Paid in full counts as paid for a card too (cash rounded down can settle a sale a few cents short).
    cardDueMinor: dueMinor === 0 ? 0 : maxCardAmount(totalMinor, tenders),
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
