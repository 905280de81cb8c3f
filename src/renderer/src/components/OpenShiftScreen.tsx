import { useState } from 'react';
import type { ShiftState, UserSummary } from '../../../shared/domain.ts';
import type { ZReportView } from '../../../shared/shift-report.ts';
import { invoke } from '../api.ts';
import { useFailure } from '../hooks/useFailure.ts';
import { CashCount, countLines, type CountTexts } from './CashCount.tsx';
import { ScreenFrame } from './ScreenFrame.tsx';
import { FormError } from './FormError.tsx';

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
  const [texts, setTexts] = useState<CountTexts>({});
  const { message, fail, clear } = useFailure();
  const [busy, setBusy] = useState(false);
  const count = countLines(shiftState.denominations, texts);

  function open() {
    if (!count) return;
    setBusy(true);
    clear();
    invoke('shift.open', { count })
      .then(onOpened)
      .catch(fail)
      .finally(() => setBusy(false));
  }

  function showLastZReport(number: number) {
    clear();
    invoke('shift.zReport', { number }).then(onZReport).catch(fail);
  }

  return (
    <ScreenFrame testId="open-shift-screen" userName={`${user.name} · ${user.role}`}>
      <div className="shift-page">
        <div className="shift-page-head">
          <h1>Open the shift</h1>
          <p className="muted">
            Count the float in the drawer, note by note and coin by coin. The register sells once the shift is
            open.
            {shiftState.lastZNumber !== null &&
              ` The last shift closed with Z report ${shiftState.lastZNumber}.`}
          </p>
        </div>
        <CashCount denominations={shiftState.denominations} texts={texts} onTexts={setTexts} />
        <FormError message={message} />
        <div className="shift-page-actions">
          <button type="button" onClick={onLogOut}>
            Log out
          </button>
          {shiftState.lastZNumber !== null && (
            <button
              type="button"
              data-testid="last-z-report"
              onClick={() => showLastZReport(shiftState.lastZNumber!)}
            >
              Last Z report ({shiftState.lastZNumber})
            </button>
          )}
          <button
            type="button"
            className="primary"
            data-testid="open-shift"
            disabled={!count || busy}
            onClick={open}
          >
            {busy ? 'Opening…' : 'Open shift with this float'}
          </button>
        </div>
      </div>
    </ScreenFrame>
  );
}
