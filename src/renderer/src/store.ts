/**
 * The store this register belongs to (name, currency, locale) and formatters built from it, shared with every
 * component through context so amounts are always shown the same way.
 */
import { createContext, useContext } from 'react';
import type { AppInfo, Unit } from '../../shared/domain.ts';
import { formatMoney } from '../../shared/money.ts';
import { formatQuantity } from '../../shared/quantity.ts';
import { taxRateLabel } from '../../shared/receipt.ts';

export interface Store {
  info: AppInfo;
  money: (minor: number) => string;
  /** A coin or note: "€0.50", "€20" (whole amounts without decimals). */
  denomination: (minor: number) => string;
  quantity: (quantity: number, unit: Unit) => string;
  dateTime: (iso: string) => string;
  /** A calendar day given as YYYY-MM-DD (a delivery date): the same day in every time zone. */
  day: (isoDay: string) => string;
  /** "VAT 20 %" from a tax rate's name and basis points, as the receipt prints it. */
  taxLabel: (name: string, basisPoints: number) => string;
}

export function createStore(info: AppInfo): Store {
  const { currency, locale } = info.settings;
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  // The day is read and written as UTC midnight, so no offset moves it to the day before.
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const wholeMoney = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  const majorUnit = 10 ** info.currencyDigits;
  return {
    info,
    money: (minor) => formatMoney(minor, currency, locale),
    denomination: (minor) =>
      minor % majorUnit === 0 ? wholeMoney.format(minor / majorUnit) : formatMoney(minor, currency, locale),
    quantity: (quantity, unit) => formatQuantity(quantity, unit, locale),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    day: (isoDay) => day.format(new Date(`${isoDay}T00:00:00Z`)),
    taxLabel: (name, basisPoints) => taxRateLabel(name, basisPoints, locale),
  };
}

export const StoreContext = createContext<Store | null>(null);

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore() outside <StoreContext>');
  return store;
}
