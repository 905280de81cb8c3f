import { useState, type FormEvent } from 'react';
import type { ShiftState } from '../../../shared/domain.ts';
import type { XReport } from '../../../shared/shift-report.ts';
import { invoke } from '../api.ts';
import { useStore } from '../store.ts';
import { AmountField, readAmount } from '../ui/AmountField.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { FormError, FormNote } from '../ui/FormLines.tsx';
import { DrawerIcon } from '../ui/icons.tsx';
import { givenReason, ReasonField } from '../ui/ReasonField.tsx';
import { useFailure } from '../ui/useFailure.ts';
import { ReportPrintButton } from './ReportPrintButton.tsx';
import { ShiftReportPaper } from './ShiftReportPaper.tsx';

interface ShiftPanelProps {
  shiftState: ShiftState;
  onClose: () => void;
  onCloseShift: () => void;
}

type View = 'summary' | 'cash-in' | 'cash-out' | 'x-report';

/** The open shift: its float and cash movements, cash in and out with a reason, the X report, the close. */
export function ShiftPanel({ shiftState, onClose, onCloseShift }: ShiftPanelProps) {
  const store = useStore();
  const [view, setView] = useState<View>('summary');
  const [xReport, setXReport] = useState<XReport | null>(null);
  const { message, attempt } = useFailure();
  const [notice, setNotice] = useState<string | null>(null);
  const shift = shiftState.shift;

  const showXReport = () =>
    attempt(async () => {
      setXReport(await invoke('shift.xReport'));
      setView('x-report');
    });

  const openDrawer = () =>
    attempt(async () => {
      const event = await invoke('drawer.noSale');
      setNotice(event.opened ? 'The drawer is open.' : 'The drawer could not be opened: check the printer.');
    });

  if (!shift) return null;
  return (
    <Dialog title="Shift" className="shift-dialog" onClose={onClose}>
      {view === 'x-report' && xReport ? (
        <div className="x-report-layout">
          <ShiftReportPaper report={xReport} />
          <div className="report-actions">
            <ReportPrintButton which={{ kind: 'x' }} testId="x-print" />
            <button type="button" data-autofocus onClick={() => setView('summary')}>
              Back
            </button>
          </div>
        </div>
      ) : view === 'cash-in' || view === 'cash-out' ? (
        <CashMovementForm
          kind={view === 'cash-in' ? 'in' : 'out'}
          onDone={(done) => {
            setView('summary');
            if (done) setNotice(done);
          }}
        />
      ) : (
        <div className="shift-summary" data-testid="shift-panel">
          <dl className="shift-facts">
            <dt>Opened</dt>
            <dd>
              {store.dateTime(shift.openedAt)} by {shift.openedBy.name}
            </dd>
            <dt>Float</dt>
            <dd>{store.money(shift.floatMinor)}</dd>
          </dl>
          {shiftState.cashMovements.length > 0 && (
            <table className="cash-movements">
              <tbody>
                {shiftState.cashMovements.map((movement) => (
                  <tr key={movement.id} data-testid="cash-movement">
                    <td>{store.dateTime(movement.occurredAt)}</td>
                    <td>
                      {movement.kind === 'in' ? 'Cash in' : 'Cash out'}: {movement.reason}
                      <small>
                        {movement.user.name}
                        {movement.approver && `, approved by ${movement.approver.name}`}
                      </small>
                    </td>
                    <td className="amount">
                      {store.money(movement.kind === 'in' ? movement.amountMinor : -movement.amountMinor)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <FormNote message={notice} />
          <FormError message={message} />
          <div className="shift-actions">
            <button type="button" data-testid="cash-in" data-autofocus onClick={() => setView('cash-in')}>
              Cash in
            </button>
            <button type="button" data-testid="cash-out" onClick={() => setView('cash-out')}>
              Cash out
            </button>
            <button type="button" data-testid="no-sale" onClick={openDrawer}>
              <DrawerIcon />
              Open drawer
            </button>
            <button type="button" data-testid="x-report-open" onClick={showXReport}>
              X report
            </button>
            <button type="button" className="danger" data-testid="close-shift-open" onClick={onCloseShift}>
              Close shift…
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** Cash put into or taken out of the drawer, always with a reason. Resolves with what to tell the cashier. */
function CashMovementForm({ kind, onDone }: { kind: 'in' | 'out'; onDone: (notice: string | null) => void }) {
  const store = useStore();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const { message, busy, attempt, clearing } = useFailure();

  function submit(event: FormEvent) {
    event.preventDefault();
    attempt(async () => {
      const amountMinor = readAmount(amount, store.info.currencyDigits, {
        locale: store.info.settings.locale,
      });
      const why = givenReason(reason, kind === 'in' ? 'putting cash in' : 'taking cash out');
      await invoke('shift.cashMovement', { kind, amountMinor, reason: why });
      onDone(`${kind === 'in' ? 'Put in' : 'Took out'} ${store.money(amountMinor)}: ${why}.`);
    });
  }

  return (
    <form className="dialog-form" onSubmit={submit} data-testid="cash-movement-form">
      <h3>{kind === 'in' ? 'Put cash into the drawer' : 'Take cash out of the drawer'}</h3>
      <AmountField
        label="Amount"
        testId="cash-movement-amount"
        value={amount}
        onChange={clearing(setAmount)}
      />
      <ReasonField
        testId="cash-movement-reason"
        maxLength={200}
        placeholder={kind === 'in' ? 'e.g. change from the safe' : 'e.g. banking, milk for the shop'}
        value={reason}
        onChange={clearing(setReason)}
      />
      <FormError message={message} />
      <div className="form-actions">
        <button type="button" onClick={() => onDone(null)}>
          Back
        </button>
        <button type="submit" className="primary" data-testid="cash-movement-confirm" disabled={busy}>
          {kind === 'in' ? 'Put in' : 'Take out'}
        </button>
      </div>
    </form>
  );
}
