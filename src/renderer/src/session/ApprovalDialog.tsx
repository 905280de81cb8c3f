import { useEffect, useState } from 'react';
import { permissionLabels } from '../../../shared/permissions.ts';
import { setApprover, toCounterError, type ApprovalRequest } from '../api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { beep } from '../ui/feedback.ts';
import { PinPad } from './PinPad.tsx';

/**
 * Shows the approval dialog whenever a call anywhere on screen is refused with APPROVAL_REQUIRED (see api.ts).
 * Requests that arrive while one is open wait their turn.
 */
export function ApprovalHost() {
  const [requests, setRequests] = useState<{ id: number; request: ApprovalRequest }[]>([]);
  useEffect(
    () =>
      setApprover((request) => {
        lastRequestId += 1;
        const id = lastRequestId;
        setRequests((waiting) => [...waiting, { id, request }]);
      }),
    [],
  );
  const [current] = requests;
  if (!current) return null;
  const done = () => setRequests((waiting) => waiting.filter((entry) => entry !== current));
  return <ApprovalDialog key={current.id} request={current.request} onDone={done} />;
}

let lastRequestId = 0;

function ApprovalDialog({ request, onDone }: { request: ApprovalRequest; onDone: () => void }) {
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const what = request.action ? permissionLabels[request.action] : null;

  function approve() {
    setBusy(true);
    // A failure of the check itself is shown like a refused PIN: the approver can try again or cancel.
    request.approve(pin).then(answered, (error: unknown) => answered(toCounterError(error).message));
  }

  /** Null: approved, the dialog goes. Otherwise why not, to try again. */
  function answered(problem: string | null) {
    setBusy(false);
    if (problem === null) return onDone();
    setPin('');
    setMessage(problem);
    beep();
  }

  function cancel() {
    request.cancel();
    onDone();
  }

  return (
    <Dialog
      title="Approval"
      className="approval-dialog"
      onClose={cancel}
      // The keys typed here are the PIN: the shortcuts of the screen behind stay quiet.
      onKeyDown={(event) => event.stopPropagation()}
    >
      <div className="approval-body" data-testid="approval-dialog">
        <p className="approval-what" data-testid="approval-what">
          {what ? `Manager approval needed: ${what}.` : 'Manager approval needed.'}
        </p>
        <p className="muted">{request.message}</p>
        <PinPad
          label="Approver’s PIN"
          pin={pin}
          onPin={(next) => {
            setPin(next);
            setMessage(null);
          }}
          onSubmit={approve}
          busy={busy}
          message={message}
          submitLabel={busy ? 'Checking…' : 'Approve'}
          secondary={
            <button type="button" data-testid="approval-cancel" onClick={cancel}>
              Cancel
            </button>
          }
        />
      </div>
    </Dialog>
  );
}
