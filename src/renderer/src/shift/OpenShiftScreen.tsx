import type { ShiftState, UserSummary } from '../../../shared/domain.ts';
import type { ZReportView } from '../../../shared/shift-report.ts';
import { invoke } from '../api.ts';
import { useFailure } from '../ui/useFailure.ts';
import { CountScreen } from './CountScreen.tsx';

interface OpenShiftScreenProps {
  user: UserSummary;
  shiftState: ShiftState;
  onOpened: (state: ShiftState) => void;
  /** Shows the last Z report again, to print it. */
  onZReport: (view: ZReportView) => void;
  onLogOut: () => void;
}

/** No shift is open: nothing can be sold until someone counts the float in the drawer and opens one. */
export function OpenShiftScreen({ user, shiftState, onOpened, onZReport, onLogOut }: OpenShiftScreenProps) {
  const { message, busy, fail, clear, attempt } = useFailure();
  const last = shiftState.lastZNumber;

  function showLastZReport(number: number) {
    clear();
    invoke('shift.zReport', { number }).then(onZReport).catch(fail);
  }

  return (
    <CountScreen
      testId="open-shift-screen"
      user={user}
      title="Open the shift"
      intro={
        <>
          Count the float in the drawer, note by note and coin by coin. The register sells once the shift is
          open.
          {last !== null && ` The last shift closed with Z report ${last}.`}
        </>
      }
      denominations={shiftState.denominations}
      message={message}
      busy={busy}
      submit={{ testId: 'open-shift', label: 'Open shift with this float', busyLabel: 'Opening…' }}
      onCount={(count) => attempt(async () => onOpened(await invoke('shift.open', { count })))}
      actions={
        <>
          <button type="button" onClick={onLogOut}>
            Log out
          </button>
          {last !== null && (
            <button type="button" data-testid="last-z-report" onClick={() => showLastZReport(last)}>
              Last Z report ({last})
            </button>
          )}
        </>
      }
    />
  );
}
