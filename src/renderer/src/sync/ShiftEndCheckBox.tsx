import { FormError } from '../ui/FormLines.tsx';
import { ShiftEndCheckView } from './ShiftEndCheckView.tsx';
import { useShiftEndCheck } from './useShiftEndCheck.ts';
import { useSyncNow } from './useSyncNow.ts';
import { useSyncStatus } from './useSyncStatus.ts';
import './sync.css';

/**
 * The shift-end check on the close-shift screen, live: it turns to "all acknowledged" as head office catches
 * up, and Sync now is at hand while events wait. (The Z report then keeps what was acknowledged at the close.)
 */
export function ShiftEndCheckBox() {
  const status = useSyncStatus();
  const { check, failure } = useShiftEndCheck(true);
  const sync = useSyncNow();
  if (failure) {
    return <FormError message={failure} />;
  }
  if (!check) return <p className="muted">Checking what head office has acknowledged…</p>;
  return (
    <ShiftEndCheckView check={check} status={status} title="Head office">
      {!check.allAcknowledged && status?.enrolled && (
        <div className="shift-end-actions">
          <button type="button" data-testid="shift-end-sync-now" disabled={sync.busy} onClick={sync.syncNow}>
            {sync.busy ? 'Syncing…' : 'Sync now'}
          </button>
          <FormError message={sync.failure} />
        </div>
      )}
    </ShiftEndCheckView>
  );
}
