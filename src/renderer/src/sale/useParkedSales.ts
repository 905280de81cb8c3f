import { useEffect, useEffectEvent, useState } from 'react';
import type { ParkedSaleSummary } from '../../../shared/domain.ts';
import { invoke, whenAnswered } from '../api.ts';

/**
 * The parked sales, fetched again whenever the open sale is replaced (parking, resuming, completing and
 * cancelling each start another), which is when the list can have changed.
 */
export function useParkedSales(openSaleId: string | null, onError: (error: unknown) => void) {
  const [parked, setParked] = useState<ParkedSaleSummary[]>([]);
  const reportError = useEffectEvent(onError);
  useEffect(() => {
    if (openSaleId === null) return;
    return whenAnswered(invoke('sale.parked'), setParked, (error) => reportError(error));
  }, [openSaleId]);
  return parked;
}
