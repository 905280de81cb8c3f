/**
 * Money, times and counts as a person reads them, through Intl: a store's figures in the store's locale and
 * time zone, everything else in the browser's.
 */
import { formatMoney } from '../../../shared/money.ts';

/** How a store writes its figures; the browser's own where no store is concerned. */
export interface Locale {
  locale: string;
  timeZone?: string;
}

export const browserLocale: Locale = { locale: navigator.language };

export function money(minor: number, currency: string, where: Locale): string {
  return formatMoney(minor, currency, where.locale);
}

export function dateTime(iso: string, where: Locale): string {
  return new Intl.DateTimeFormat(where.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(where.timeZone ? { timeZone: where.timeZone } : {}),
  }).format(new Date(iso));
}

export function count(n: number, where: Locale = browserLocale): string {
  return new Intl.NumberFormat(where.locale).format(n);
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "5 minutes ago", "yesterday", "now". */
export function ago(iso: string, now: number = Date.now(), where: Locale = browserLocale): string {
  const elapsed = new Date(iso).getTime() - now;
  const format = new Intl.RelativeTimeFormat(where.locale, { numeric: 'auto' });
  for (const [unit, ms] of units) {
    if (Math.abs(elapsed) >= ms) return format.format(Math.round(elapsed / ms), unit);
  }
  return format.format(0, 'minute');
}
