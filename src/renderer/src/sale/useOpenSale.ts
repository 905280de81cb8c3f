import { useCallback, useEffect, useEffectEvent, useRef, useState, type RefObject } from 'react';
import type { OpenSale } from '../../../shared/domain.ts';
import { invoke, subscribe, whenAnswered } from '../api.ts';

/**
 * The open sale as main holds it: the single source of truth for the cart. Loaded once, then replaced by
 * every call's result and by 'sale.changed' (main may change it on its own, e.g. from a hardware scanner).
 * `latest` is the last answer even before the screen re-renders with it: an action waiting behind another
 * (a payment behind a typed quantity) reads the sale from there.
 */
export function useOpenSale(onError: (error: unknown) => void) {
  const [sale, setShown] = useState<OpenSale | null>(null);
  const latest: RefObject<OpenSale | null> = useRef(null);
  const setSale = useCallback((next: OpenSale) => {
    latest.current = next;
    setShown(next);
  }, []);
  const reportError = useEffectEvent(onError);
  useEffect(() => whenAnswered(invoke('sale.current'), setSale, (error) => reportError(error)), [setSale]);
  useEffect(() => subscribe('sale.changed', setSale), [setSale]);
  return [sale, setSale, latest] as const;
}
