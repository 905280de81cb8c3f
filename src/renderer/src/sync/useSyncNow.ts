import { invoke } from '../api.ts';
import { useFailure } from '../ui/useFailure.ts';

/**
 * "Sync now": clears a stop whose cause a person fixed, reconnects, and sends and pulls at once. What happens
 * next shows in the sync status; a failure of the call itself is shown where the button is.
 */
export function useSyncNow() {
  const { message, busy, attempt } = useFailure();
  const syncNow = () =>
    attempt(async () => {
      await invoke('sync.now');
    });
  return { syncNow, busy, failure: message };
}
