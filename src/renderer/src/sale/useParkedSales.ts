import { useEffect, useEffectEvent, useState } from 'react';
import type { ParkedSaleSummary } from '../../../shared/domain.ts';
import { invoke, whenAnswered } from '../api.ts';

/**
 * The parked sales, fetched again whenever the open sale is replaced (parking, resuming, completing and
 * cancelling each start another), which is when the list can have changed; `name` names one.
 */
export function useParkedSales(openSaleId: string | null, onError: (error: unknown) => void) {
  const [parked, setParked] = useState<ParkedSaleSummary[]>([]);
  const reportError = useEffectEvent(onError);
  useEffect(() => {
    if (openSaleId === null) return;
    return whenAnswered(invoke('sale.parked'), setParked, (error) => reportError(error));
  }, [openSaleId]);
  const name = async (saleId: string, newName: string) => {
    setParked(await invoke('sale.nameParked', { saleId, name: newName }));
  };
  return { parked, name };
}
