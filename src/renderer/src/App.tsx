import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '../../shared/domain.ts';
import { invoke, subscribe, toCounterError, whenAnswered } from './api.ts';
import { ApprovalHost } from './session/ApprovalDialog.tsx';
import { Session } from './session/Session.tsx';
import { createStore, StoreContext } from './store.ts';
import { StartupScreen } from './ui/StartupScreen.tsx';

/** Loads who and where this register is, then the way in (Session); approvals can pop up over any screen. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(
    () =>
      whenAnswered(
        invoke('app.info'),
        // Settings that changed while this was on its way are newer.
        (loaded) => setInfo((current) => current ?? loaded),
        (error) => setFailure(toCounterError(error).message),
      ),
    [attempt],
  );

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
    <StartupScreen
      failure={failure}
      onRetry={() => {
        setFailure(null);
        setAttempt((count) => count + 1);
      }}
    />
  );
}
