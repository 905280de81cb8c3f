import { useState } from 'react';
import { invoke } from '../api.ts';
import { useFailure } from '../hooks/useFailure.ts';

/**
 * "Sync now": clears a stop whose cause a person fixed, reconnects, and sends and pulls at once. What happens
 * next shows in the sync status; a failure of the call itself is shown where the button is.
 */
export function useSyncNow() {
  const [busy, setBusy] = useState(false);
  const { message, fail, clear } = useFailure();
  function syncNow() {
    setBusy(true);
    clear();
    invoke('sync.now')
      .catch(fail)
      .finally(() => setBusy(false));
  }
  return { syncNow, busy, failure: message };
}
