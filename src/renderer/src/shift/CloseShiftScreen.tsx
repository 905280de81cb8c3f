import { useState } from 'react';
import type { CashCountLine } from '../../../shared/cash-count.ts';
import type { ShiftState, UserSummary } from '../../../shared/domain.ts';
import { CounterError } from '../../../shared/errors.ts';
import type { ZReportView } from '../../../shared/shift-report.ts';
import { invoke } from '../api.ts';
import { useStore } from '../store.ts';
import { ShiftEndCheckBox } from '../sync/ShiftEndCheckBox.tsx';
import { givenReason, ReasonField } from '../ui/ReasonField.tsx';
import { useFailure } from '../ui/useFailure.ts';
import { CountScreen } from './CountScreen.tsx';

interface CloseShiftScreenProps {
  user: UserSummary;
  shiftState: ShiftState;
  onClosed: (view: ZReportView) => void;
  onBack: () => void;
}

/** The first count; a fresh one after main asked for a recount; the recount with the reason main asked for. */
type Stage = 'count' | 'recount' | 'reason';

/**
 * Closing the shift: what head office has not acknowledged yet (the shift-end check), a blind count (what the
 * drawer should hold is not shown), then main works out the over/short. Beyond the store's limit main asks for
 * a recount (the count starts again from empty), then for a reason, then for a manager's approval.
 */
export function CloseShiftScreen({ user, shiftState, onClosed, onBack }: CloseShiftScreenProps) {
  const store = useStore();
  const { message, busy, attempt, clearing } = useFailure();
  const [stage, setStage] = useState<Stage>('count');
  const [reason, setReason] = useState('');
  const shift = shiftState.shift;

  const close = (count: CashCountLine[]) =>
    attempt(async () => {
      const why = stage === 'reason' ? givenReason(reason, 'the over or short') : undefined;
      try {
        onClosed(await invoke('shift.close', { count, ...(why !== undefined && { reason: why }) }));
      } catch (error) {
        // What main asks for next; its message says why and stays on screen.
        if (error instanceof CounterError && error.code === 'RECOUNT_REQUIRED') setStage('recount');
        if (error instanceof CounterError && error.code === 'REASON_REQUIRED') setStage('reason');
        throw error;
      }
    });

  return (
    <CountScreen
      // A recount starts from an empty count.
      key={stage === 'count' ? 'count' : 'recount'}
      testId="close-shift-screen"
      user={user}
      title={stage === 'count' ? 'Close the shift' : 'Close the shift: count again'}
      intro={
        <>
          {shift && `Opened ${store.dateTime(shift.openedAt)} by ${shift.openedBy.name}. `}
          {stage === 'count'
            ? 'Count everything in the drawer, note by note and coin by coin. The register then shows whether the drawer is over or short.'
            : 'The first count was not close enough to what the drawer should hold: count everything again, from the start.'}
        </>
      }
      denominations={shiftState.denominations}
      message={message}
      errorTestId="close-shift-error"
      busy={busy}
      submit={{ testId: 'close-shift', label: 'Close shift with this count', busyLabel: 'Closing…' }}
      // Nothing closed on a failure (a cancelled approval included): the count stays as typed.
      onCount={close}
      actions={
        <button type="button" onClick={onBack} disabled={busy}>
          Back to the register
        </button>
      }
      afterCount={
        stage === 'reason' && (
          <ReasonField
            label="Why is the drawer over or short?"
            testId="over-short-reason"
            maxLength={200}
            placeholder="e.g. change given twice"
            autoFocus
            value={reason}
            onChange={clearing(setReason)}
          />
        )
      }
    >
      <ShiftEndCheckBox />
    </CountScreen>
  );
}
