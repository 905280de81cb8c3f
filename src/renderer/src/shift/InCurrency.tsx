import { useMemo, type ReactNode } from 'react';
import { currencyDigits } from '../../../shared/money.ts';
import { createStore, StoreContext, useStore } from '../store.ts';

/**
 * Its children show amounts in `currency` (the store's when undefined): a shift is counted and reported in the
 * currency it opened in, also after head office changed the store's.
 */
export function InCurrency({ currency, children }: { currency: string | undefined; children: ReactNode }) {
  const store = useStore();
  const value = useMemo(() => {
    const { info } = store;
    if (currency === undefined || currency === info.settings.currency) return store;
    return createStore({
      ...info,
      settings: { ...info.settings, currency },
      currencyDigits: currencyDigits(currency),
    });
  }, [store, currency]);
  return <StoreContext value={value}>{children}</StoreContext>;
}
