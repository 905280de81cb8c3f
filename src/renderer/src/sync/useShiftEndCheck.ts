import { useEffect, useState } from 'react';
import type { ShiftEndCheck } from '../../../shared/sync/status.ts';
import { invoke, subscribe, toCounterError } from '../api.ts';

export interface ShiftEndCheckState {
  check: ShiftEndCheck | null;
  /** Why the check could not be made, in words. */
  failure: string | null;
}

/**
 * Main's shift-end check ('sync.shiftEndCheck') while `enabled`, made again whenever the sync status changes,
 * so "still waiting" turns into "all acknowledged" on screen as head office acknowledges.
 */
export function useShiftEndCheck(enabled: boolean): ShiftEndCheckState {
  const [state, setState] = useState<ShiftEndCheckState>({ check: null, failure: null });
  useEffect(() => {
    if (!enabled) return;
    let latest = 0;
    let mounted = true;
    const load = () => {
      const asked = ++latest;
      invoke('sync.shiftEndCheck').then(
        (check) => {
          if (mounted && asked === latest) setState({ check, failure: null });
        },
        (error: unknown) => {
          if (mounted && asked === latest) setState({ check: null, failure: toCounterError(error).message });
        },
      );
    };
    load();
    const unsubscribe = subscribe('sync.status', load);
    return () => {
      mounted = false;
      unsubscribe();
    };
  }, [enabled]);
  return state;
}
