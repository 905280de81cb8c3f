/**
 * Catalog prices are minor units of the stores' currency (one catalog for every store): they are written and
 * read in the first store's currency and locale. Before there is a store, as a plain amount with two decimals.
 */
import { currencyDigits, parseMoney } from '../../../shared/money.ts';
import { browserLocale, money } from '../ui/format.ts';
import { localeOfStore, useStores } from '../ui/stores.ts';

export function useCatalogMoney() {
  const [store] = useStores().stores;
  const digits = store ? currencyDigits(store.currency) : 2;
  return {
    digits,
    currency: store?.currency ?? null,
    format: (minor: number): string =>
      store
        ? money(minor, store.currency, localeOfStore(store))
        : new Intl.NumberFormat(browserLocale.locale, { minimumFractionDigits: 2 }).format(minor / 100),
    /** "3.49" → 349; null for anything that is not a plain amount. */
    parse: (text: string): number | null => parseMoney(text, digits),
    /** 349 → "3.49", as a person types it back. */
    plain: (minor: number): string => (minor / 10 ** digits).toFixed(digits),
  };
}

export type CatalogMoney = ReturnType<typeof useCatalogMoney>;

export function CatalogPrice({ minor }: { minor: number }) {
  return <>{useCatalogMoney().format(minor)}</>;
}
