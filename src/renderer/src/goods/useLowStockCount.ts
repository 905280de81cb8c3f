import { useEffect, useState } from 'react';
import { invoke } from '../api.ts';
import { useStockVersion } from '../catalog/useStockVersion.ts';

/** How many SKUs are low here, kept up to date as stock changes; 0 when `enabled` is false (not a manager). */
export function useLowStockCount(enabled: boolean): number {
  const [count, setCount] = useState(0);
  const version = useStockVersion();
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    invoke('purchasing.lowStock').then(
      (lines) => {
        if (current) setCount(lines.length);
      },
      // The badge is a hint: a failed look leaves the last count, and the list itself says what went wrong.
      (error: unknown) => console.error(error),
    );
    return () => {
      current = false;
    };
  }, [enabled, version]);
  return enabled ? count : 0;
}
