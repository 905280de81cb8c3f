import { useEffect, useState } from 'react';
import type { Customer } from '../../../shared/customers.ts';
import { invoke, whenAnswered } from '../api.ts';

/**
 * The customer on the open sale `saleId`: main keeps them by the sale's id, so a resumed sale or a restart
 * brings its customer back, and a new sale starts without one.
 */
export function useSaleCustomer(saleId: string | null, report: (error: unknown) => void) {
  const [state, setState] = useState<{ saleId: string; customer: Customer | null } | null>(null);

  useEffect(() => {
    if (saleId === null) return;
    return whenAnswered(invoke('customer.attached'), (customer) => setState({ saleId, customer }), report);
  }, [saleId, report]);

  const customer = state !== null && state.saleId === saleId ? state.customer : null;
  return {
    customer,
    attach(picked: Customer): Promise<void> {
      if (saleId === null) return Promise.resolve();
      return invoke('customer.attach', { customerId: picked.customerId }).then((attached) =>
        setState({ saleId, customer: attached }),
      );
    },
    remove(): Promise<void> {
      if (saleId === null) return Promise.resolve();
      return invoke('customer.detach').then(() => setState({ saleId, customer: null }));
    },
  };
}
