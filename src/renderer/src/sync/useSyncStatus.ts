import type { SyncStatus } from '../../../shared/sync/status.ts';
import { invoke } from '../api.ts';
import { useLoaded } from '../ui/useLoaded.ts';

/** Head-office sync as main reports it, following every 'sync.status' event. */
export function useSyncStatus(): SyncStatus | null {
  return useLoaded(() => invoke('sync.status'), 'sync.status').value;
}
