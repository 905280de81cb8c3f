/** The stores the signed-in person may see, asked for once and shared by every page. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { StoreView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { browserLocale, money, type Locale } from './format.ts';

export const storesKey = ['stores'] as const;

export function useStores() {
  const query = useQuery({ queryKey: storesKey, queryFn: api.stores, staleTime: 60_000 });
  const stores = query.data ?? [];
  const byId = new Map(stores.map((store) => [store.id, store]));
  return {
    stores,
    loading: query.isPending,
    error: query.error,
    byId,
    /** Store `storeId`'s name; its id until the stores have loaded, or for one the person may not see. */
    nameOf: (storeId: string): string => byId.get(storeId)?.name ?? storeId,
    /** How figures of store `storeId` are written: its locale and time zone. */
    localeOf: (storeId: string): Locale => {
      const store = byId.get(storeId);
      return store ? localeOfStore(store) : browserLocale;
    },
  };
}

export function localeOfStore(store: Pick<StoreView, 'locale' | 'timeZone'>): Locale {
  return { locale: store.locale, timeZone: store.timeZone };
}

/** Store `storeId`'s way of writing: its locale for dates, and its money in its currency. */
export function useStoreFormat(storeId: string) {
  const { localeOf, byId } = useStores();
  const where = localeOf(storeId);
  const currency = byId.get(storeId)?.currency ?? 'EUR';
  return { where, value: (minor: number) => money(minor, currency, where) };
}

/**
 * A store to pick in a form: the one chosen, or until then the first store the person may see other than
 * `besides`. Derived rather than set once, so a form opened before the stores have loaded still starts on one.
 */
export function useStoreChoice(besides?: string): [storeId: string, choose: (storeId: string) => void] {
  const { stores } = useStores();
  const [chosen, choose] = useState('');
  const first = (stores.find((store) => store.id !== besides) ?? stores[0])?.id ?? '';
  return [chosen || first, choose];
}
