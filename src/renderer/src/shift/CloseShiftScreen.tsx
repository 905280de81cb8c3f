import type { ShiftState, UserSummary } from '../../../shared/domain.ts';
import type { ZReportView } from '../../../shared/shift-report.ts';
import { invoke } from '../api.ts';
import { useStore } from '../store.ts';
import { ShiftEndCheckBox } from '../sync/ShiftEndCheckBox.tsx';
import { useFailure } from '../ui/useFailure.ts';
import { CountScreen } from './CountScreen.tsx';

interface CloseShiftScreenProps {
  user: UserSummary;
  shiftState: ShiftState;
  onClosed: (view: ZReportView) => void;
  onBack: () => void;
}

/**
 * Closing the shift: what head office has not acknowledged yet (the shift-end check), a blind count (what the
 * drawer should hold is not shown), then main works out the over/short; beyond the closer's limit it asks for a
 * manager's approval, which names the difference.
 */
export function CloseShiftScreen({ user, shiftState, onClosed, onBack }: CloseShiftScreenProps) {
  const store = useStore();
  const { message, busy, attempt } = useFailure();
  const shift = shiftState.shift;
  return (
    <CountScreen
      testId="close-shift-screen"
      user={user}
      title="Close the shift"
      intro={
        <>
          {shift && `Opened ${store.dateTime(shift.openedAt)} by ${shift.openedBy.name}. `}
          Count everything in the drawer, note by note and coin by coin. The register then shows whether the
          drawer is over or short.
        </>
      }
      denominations={shiftState.denominations}
      message={message}
      errorTestId="close-shift-error"
      busy={busy}
      submit={{ testId: 'close-shift', label: 'Close shift with this count', busyLabel: 'Closing…' }}
      // Nothing closed on a failure (a cancelled approval included): the count stays as typed.
      onCount={(count) => attempt(async () => onClosed(await invoke('shift.close', { count })))}
      actions={
        <button type="button" onClick={onBack} disabled={busy}>
          Back to the register
        </button>
      }
    >
      <ShiftEndCheckBox />
    </CountScreen>
  );
}
