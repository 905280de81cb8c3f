import { useEffect, useEffectEvent, useState } from 'react';
import type { ParkedSaleSummary } from '../../../shared/domain.ts';
import { invoke } from '../api.ts';

/**
 * The parked sales, fetched again whenever the open sale is replaced (parking, resuming, completing and
 * cancelling each start another), which is when the list can have changed.
 */
export function useParkedSales(openSaleId: string | null, onError: (error: unknown) => void) {
  const [parked, setParked] = useState<ParkedSaleSummary[]>([]);
  const reportError = useEffectEvent(onError);
  useEffect(() => {
    if (openSaleId === null) return;
    let mounted = true;
    invoke('sale.parked').then(
      (list) => {
        if (mounted) setParked(list);
      },
      (error: unknown) => {
        if (mounted) reportError(error);
      },
    );
    return () => {
      mounted = false;
    };
  }, [openSaleId]);
  return parked;
}
