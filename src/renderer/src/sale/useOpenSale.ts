import { useEffect, useEffectEvent, useState } from 'react';
import type { OpenSale } from '../../../shared/domain.ts';
import { invoke, subscribe, whenAnswered } from '../api.ts';

/**
 * The open sale as main holds it: the single source of truth for the cart. Loaded once, then replaced by
 * every call's result and by 'sale.changed' (main may change it on its own, e.g. from a hardware scanner).
 */
export function useOpenSale(onError: (error: unknown) => void) {
  const [sale, setSale] = useState<OpenSale | null>(null);
  const reportError = useEffectEvent(onError);
  useEffect(() => whenAnswered(invoke('sale.current'), setSale, (error) => reportError(error)), []);
  useEffect(() => subscribe('sale.changed', setSale), []);
  return [sale, setSale] as const;
}
