/**
 * A form that sends one action (useAction): its fields, head office's refusal where no field shows it, the button
 * that sends it (off while it is on its way) and a word on what follows.
 */
import type { FormEvent, ReactNode } from 'react';
import { ErrorNotice } from './Notice.tsx';

export interface Sending {
  pending: boolean;
  error: unknown;
  /** Head office's words about each wrong field, shown by the fields themselves. */
  details?: string[] | undefined;
}

export function ActionForm({
  label,
  className = 'form',
  action,
  onSend,
  send,
  sendTestId,
  inRow = false,
  wholeRefusal = false,
  otherActions,
  fineprint,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  className?: string;
  action: Sending;
  /** Starts the action (the browser's own submit is stopped). */
  onSend: () => void;
  /** The send button's text; none for a form only read. */
  send: string | null;
  sendTestId?: string;
  /** The buttons in a row of their own at the end (a dialog's form), instead of the send button alone. */
  inRow?: boolean;
  /** Head office's refusal shows whole even when it names fields (some have no place of their own). */
  wholeRefusal?: boolean;
  /** Buttons before the send button, in the row. */
  otherActions?: ReactNode;
  /** A word under the button on what follows. */
  fineprint?: ReactNode;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSend();
  };
  const button = send !== null && (
    <button type="submit" className="button-primary" disabled={action.pending} data-testid={sendTestId}>
      {send}
    </button>
  );
  return (
    <form onSubmit={submit} className={className} aria-label={label}>
      {children}
      <ErrorNotice error={action.details && !wholeRefusal ? null : action.error} />
      {inRow && button ? (
        <div className="form-actions">
          {otherActions}
          {button}
        </div>
      ) : (
        button
      )}
      {fineprint && <p className="fine-print">{fineprint}</p>}
    </form>
  );
}
