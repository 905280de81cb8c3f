import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '../../shared/domain.ts';
import { invoke, subscribe, toCounterError } from './api.ts';
import { ApprovalHost } from './components/ApprovalDialog.tsx';
import { Session } from './Session.tsx';
import { createStore, StoreContext } from './store.ts';

/** Loads who and where this register is, then the way in (Session); approvals can pop up over any screen. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** Enrolment gives the register its store and register ids from head office: load them again then. */
  const [enrolled, setEnrolled] = useState<boolean | null>(null);

  useEffect(() => {
    let mounted = true;
    invoke('app.info').then(
      (loaded) => {
        if (mounted) setInfo(loaded);
      },
      (error: unknown) => {
        if (mounted) setFailure(toCounterError(error).message);
      },
    );
    return () => {
      mounted = false;
    };
  }, [attempt, enrolled]);

  const loaded = info !== null;
  useEffect(() => {
    if (!loaded) return;
    const unsubscribeStatus = subscribe('sync.status', (status) => setEnrolled(status.enrolled));
    // Head office renamed the store or changed its currency or tax: show it without a restart.
    const unsubscribeSettings = subscribe('settings.changed', setInfo);
    return () => {
      unsubscribeStatus();
      unsubscribeSettings();
    };
  }, [loaded]);

  const store = useMemo(() => (info ? createStore(info) : null), [info]);

  if (store) {
    return (
      <StoreContext value={store}>
        <Session />
        <ApprovalHost />
      </StoreContext>
    );
  }
  return (
    <div className="startup">
      <h1>Counter</h1>
      {failure ? (
        <>
          <p className="startup-error" role="alert">
            {failure}
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setFailure(null);
              setAttempt((count) => count + 1);
            }}
          >
            Try again
          </button>
        </>
      ) : (
        <p>Opening the register…</p>
      )}
    </div>
  );
}
