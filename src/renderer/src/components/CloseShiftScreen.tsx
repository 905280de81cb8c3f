import { useState } from 'react';
import type { ShiftState, UserSummary } from '../../../shared/domain.ts';
import type { ZReportView } from '../../../shared/shift-report.ts';
import { invoke } from '../api.ts';
import { useFailure } from '../hooks/useFailure.ts';
import { useStore } from '../store.ts';
import { ShiftEndCheckBox } from '../sync/ShiftEndCheckBox.tsx';
import { CashCount, countLines, type CountTexts } from './CashCount.tsx';
import { ScreenFrame } from './ScreenFrame.tsx';
import { FormError } from './FormError.tsx';

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
  const [texts, setTexts] = useState<CountTexts>({});
  const { message, fail, clear } = useFailure();
  const [busy, setBusy] = useState(false);
  const count = countLines(shiftState.denominations, texts);
  const shift = shiftState.shift;

  function close() {
    if (!count) return;
    setBusy(true);
    clear();
    invoke('shift.close', { count })
      .then(onClosed)
      // Nothing closed (a cancelled approval included): the count stays as typed, to check and try again.
      .catch(fail)
      .finally(() => setBusy(false));
  }

  return (
    <ScreenFrame testId="close-shift-screen" userName={`${user.name} · ${user.role}`}>
      <div className="shift-page">
        <div className="shift-page-head">
          <h1>Close the shift</h1>
          <p className="muted">
            {shift && `Opened ${store.dateTime(shift.openedAt)} by ${shift.openedBy.name}. `}
            Count everything in the drawer, note by note and coin by coin. The register then shows whether the
            drawer is over or short.
          </p>
        </div>
        <ShiftEndCheckBox />
        <CashCount denominations={shiftState.denominations} texts={texts} onTexts={setTexts} />
        <FormError message={message} testId="close-shift-error" />
        <div className="shift-page-actions">
          <button type="button" onClick={onBack} disabled={busy}>
            Back to the register
          </button>
          <button
            type="button"
            className="primary"
            data-testid="close-shift"
            disabled={!count || busy}
            onClick={close}
          >
            {busy ? 'Closing…' : 'Close shift with this count'}
          </button>
        </div>
      </div>
    </ScreenFrame>
  );
}
