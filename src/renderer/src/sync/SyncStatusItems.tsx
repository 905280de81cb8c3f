import { useContext } from 'react';
import { SessionContext } from '../session/session.ts';
import { useStore } from '../store.ts';
import { useClock } from '../ui/useClock.ts';
import { formatWhen, syncView, waitingSummary } from './sync-status.ts';
import { useSyncStatus } from './useSyncStatus.ts';
import './sync.css';

/**
 * Head-office sync as status-bar items (inside the status bar's list): connected or not, events waiting and the
 * age of the oldest, the last successful sync, and on a line of its own whatever stops or troubles sync, in
 * words. Behind the login the item opens the sync panel (details, Sync now, set-up).
 */
export function SyncStatusItems() {
  const status = useSyncStatus();
  const session = useContext(SessionContext);
  const { info } = useStore();
  // Ticks every second, so the age of the oldest waiting event stays true without a new status.
  const now = useClock();
  if (!status) return null;
  const view = syncView(status);
  const summary = (
    <>
      <span className="status-dot" aria-hidden="true" />
      <span data-testid="sync-state">{view.label}</span>
      {(status.enrolled || status.eventsWaiting > 0) && (
        <span className="sync-status-part" data-testid="sync-waiting">
          {waitingSummary(status, now)}
        </span>
      )}
      {status.enrolled && (
        <span className="sync-status-part">
          last sync{' '}
          {status.lastSuccessAt ? (
            <time data-testid="sync-last" dateTime={status.lastSuccessAt}>
              {formatWhen(status.lastSuccessAt, now, info.settings.locale)}
            </time>
          ) : (
            <span data-testid="sync-last">never</span>
          )}
        </span>
      )}
    </>
  );
  return (
    <>
      <li
        className={`status-item sync-status status-${view.tone}`}
        data-testid="sync-status"
        data-state={view.state}
      >
        {session ? (
          <button
            type="button"
            className="status-link"
            title="Head office sync: details, Sync now and set-up"
            onClick={() => session.openPanel('sync')}
          >
            {summary}
          </button>
        ) : (
          summary
        )}
      </li>
      {view.problem && (
        <li
          className={`status-item sync-problem sync-tone-${view.tone}`}
          data-testid="sync-problem"
          role="status"
        >
          {view.problem}
        </li>
      )}
    </>
  );
}
