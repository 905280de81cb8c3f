import { useState } from 'react';
import type { SyncStatus } from '../../../shared/sync/status.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { FormError, FormNote, FormWarning } from '../ui/FormLines.tsx';
import { useClock } from '../ui/useClock.ts';
import { ShiftEndCheckView } from './ShiftEndCheckView.tsx';
import { formatAge, syncView } from './sync-status.ts';
import { SyncSetup } from './SyncSetup.tsx';
import { useShiftEndCheck } from './useShiftEndCheck.ts';
import { useSyncNow } from './useSyncNow.ts';
import { useSyncStatus } from './useSyncStatus.ts';
import './sync.css';

/**
 * Head-office sync in detail: the connection, what waits and since when, the last successful sync and the last
 * problem in words; Sync now; the shift-end check on demand; and its set-up, until the register is enrolled
 * or when head office stopped accepting it (a re-pair code).
 */
export function SyncPanel({ onClose }: { onClose: () => void }) {
  const status = useSyncStatus();
  const [view, setView] = useState<'details' | 'setup'>('details');
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Dialog
      title={view === 'setup' ? 'Set up head office' : 'Head office sync'}
      className="sync-dialog"
      onClose={onClose}
    >
      {view === 'setup' ? (
        <SyncSetup
          headOfficeUrl={status?.headOfficeUrl ?? null}
          onEnrolled={(enrolled) => {
            setNotice(
              `Enrolled with ${enrolled.storeName ?? 'head office'}: sales go to head office from now on.`,
            );
            setView('details');
          }}
          onBack={() => setView('details')}
        />
      ) : status ? (
        <SyncDetails status={status} notice={notice} onSetUp={() => setView('setup')} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </Dialog>
  );
}

interface SyncDetailsProps {
  status: SyncStatus;
  notice: string | null;
  onSetUp: () => void;
}

function SyncDetails({ status, notice, onSetUp }: SyncDetailsProps) {
  const store = useStore();
  const now = useClock();
  const sync = useSyncNow();
  const [checking, setChecking] = useState(false);
  const shiftEnd = useShiftEndCheck(checking);
  const view = syncView(status);
  const ago = (iso: string) => `${store.dateTime(iso)} (${formatAge(now.getTime() - Date.parse(iso))} ago)`;

  return (
    <div className="sync-details" data-testid="sync-panel" data-state={view.state}>
      <div className={`sync-banner status-${view.tone}`}>
        <span className="status-dot" aria-hidden="true" />
        <div>
          <strong data-testid="sync-panel-state">{view.label}</strong>
          <p>
            {status.enrolled
              ? `${status.storeName ?? 'Store'} at ${status.headOfficeUrl ?? 'head office'}`
              : 'This register sells on its own and keeps every sale until it is enrolled with head office. ' +
                'Set it up with a one-time pairing code from head office (a manager’s job).'}
          </p>
        </div>
      </div>
      {view.tone === 'bad' ? (
        <FormError message={view.problem} testId="sync-panel-problem" />
      ) : (
        <FormWarning message={view.problem} testId="sync-panel-problem" />
      )}
      <dl className="sync-facts">
        <dt>Events waiting</dt>
        <dd data-testid="sync-panel-waiting">
          {status.eventsWaiting === 0
            ? 'None: head office has everything'
            : `${status.eventsWaiting}, the oldest from ${status.oldestWaitingAt ? ago(status.oldestWaitingAt) : 'an unknown time'}`}
        </dd>
        <dt>Acknowledged by head office</dt>
        <dd>
          {status.lastAckedSeq === 0 ? 'Nothing yet' : `Every event up to number ${status.lastAckedSeq}`}
        </dd>
        <dt>Last successful sync</dt>
        <dd data-testid="sync-panel-last">{status.lastSuccessAt ? ago(status.lastSuccessAt) : 'Never'}</dd>
        {!view.problem && status.enrolled && (
          <>
            <dt>Last problem</dt>
            <dd>None</dd>
          </>
        )}
      </dl>
      {checking &&
        (shiftEnd.check ? (
          <ShiftEndCheckView check={shiftEnd.check} status={status} title="Before closing the shift" />
        ) : shiftEnd.failure ? (
          <FormError message={shiftEnd.failure} />
        ) : (
          <p className="muted">Checking…</p>
        ))}
      <FormNote message={notice} testId="sync-panel-notice" />
      <FormError message={sync.failure} />
      <div className="form-actions sync-actions">
        <button
          type="button"
          data-testid="sync-shift-end-check"
          aria-pressed={checking}
          onClick={() => setChecking(true)}
        >
          Check before closing
        </button>
        {status.enrolled && status.blockedReason && (
          // A revoked or unknown token is fixed with a re-pair code from head office; the register keeps its id.
          <button type="button" data-testid="sync-repair-open" onClick={onSetUp}>
            Enter a re-pair code…
          </button>
        )}
        {status.enrolled ? (
          <button
            type="button"
            className="primary"
            data-testid="sync-now"
            data-autofocus
            disabled={sync.busy}
            onClick={sync.syncNow}
          >
            {sync.busy ? 'Syncing…' : 'Sync now'}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="sync-setup-open"
            data-autofocus
            onClick={onSetUp}
          >
            Set up head office…
          </button>
        )}
      </div>
    </div>
  );
}
