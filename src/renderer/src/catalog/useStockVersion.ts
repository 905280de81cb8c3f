import { useEffect, useState } from 'react';
import { subscribe } from '../api.ts';

/** A number that goes up whenever main reports a stock change (e.g. a sale completed): a key to re-fetch by. */
export function useStockVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => subscribe('stock.changed', () => setVersion((current) => current + 1)), []);
  return version;
}
