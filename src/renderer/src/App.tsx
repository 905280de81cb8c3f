import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '../../shared/domain.ts';
import { invoke, subscribe, toCounterError } from './api.ts';
import { ApprovalHost } from './session/ApprovalDialog.tsx';
import { Session } from './session/Session.tsx';
import { createStore, StoreContext } from './store.ts';

/** Loads who and where this register is, then the way in (Session); approvals can pop up over any screen. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let mounted = true;
    invoke('app.info').then(
      // Settings that changed while this was on its way are newer.
      (loaded) => {
        if (mounted) setInfo((current) => current ?? loaded);
      },
      (error: unknown) => {
        if (mounted) setFailure(toCounterError(error).message);
      },
    );
    return () => {
      mounted = false;
    };
  }, [attempt]);

  // Enrolment (head office's ids for the store and register), and head office changing the store's name,
  // currency, tax or receipt texts: shown without a restart.
  useEffect(() => subscribe('settings.changed', setInfo), []);

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
