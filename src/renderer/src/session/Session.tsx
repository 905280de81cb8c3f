import { useState } from 'react';
import type { ZReportView } from '../../../shared/shift-report.ts';
import { invoke } from '../api.ts';
import { CloseShiftScreen } from '../shift/CloseShiftScreen.tsx';
import { InCurrency } from '../shift/InCurrency.tsx';
import { OpenShiftScreen } from '../shift/OpenShiftScreen.tsx';
import { ZReportScreen } from '../shift/ZReportScreen.tsx';
import { StartupScreen } from '../ui/StartupScreen.tsx';
import { useLoaded } from '../ui/useLoaded.ts';
import { LoginScreen } from './LoginScreen.tsx';
import { Register } from './Register.tsx';

/**
 * The way in: nobody logged in or the register locked → the login screen; no open shift → count the float;
 * a shift just closed → its Z report; otherwise the register. Auth and shift come from main and follow its
 * 'auth.changed' and 'shift.changed' events.
 */
export function Session() {
  const auth = useLoaded(() => invoke('auth.current'), 'auth.changed');
  const shift = useLoaded(() => invoke('shift.current'), 'shift.changed');
  const [switching, setSwitching] = useState(false);
  const [closing, setClosing] = useState(false);
  const [closed, setClosed] = useState<ZReportView | null>(null);

  const failure = auth.failure ?? shift.failure;
  if (failure || !auth.value || !shift.value) {
    return (
      <StartupScreen
        failure={failure}
        onRetry={() => {
          auth.reload();
          shift.reload();
        }}
      />
    );
  }

  const { user, locked } = auth.value;
  if (!user || locked) {
    return (
      <LoginScreen
        key={switching ? 'switching' : 'login'}
        locked={locked ? auth.value : null}
        switching={switching}
        onAuth={(state) => {
          auth.set(state);
          setSwitching(false);
        }}
      />
    );
  }
  // Before the shift check: the close announces "no shift" before its Z report arrives.
  if (closed) {
    return (
      <InCurrency currency={closed.report.totals.currency}>
        <ZReportScreen view={closed} onDone={() => setClosed(null)} />
      </InCurrency>
    );
  }
  // Also once main says the shift is closed: its Z report is on the way.
  if (closing) {
    return (
      <InCurrency currency={shift.value.shift?.currency}>
        <CloseShiftScreen
          user={user}
          shiftState={shift.value}
          onClosed={(view) => {
            setClosed(view);
            setClosing(false);
          }}
          onBack={() => setClosing(false)}
        />
      </InCurrency>
    );
  }
  if (!shift.value.shift) {
    return (
      <OpenShiftScreen
        user={user}
        shiftState={shift.value}
        onOpened={shift.set}
        onZReport={setClosed}
        onLogOut={() => {
          invoke('auth.logout').then(auth.set, auth.reload);
        }}
      />
    );
  }
  return (
    <Register
      user={user}
      shiftState={shift.value}
      onAuth={auth.set}
      onSwitchUser={() => setSwitching(true)}
      onCloseShift={() => setClosing(true)}
    />
  );
}
