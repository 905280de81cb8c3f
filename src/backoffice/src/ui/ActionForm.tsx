import type { FormEvent, ReactNode } from 'react';
import { ErrorNotice } from './Notice.tsx';

/**
 * A form that asks head office for one change: its fields (`children`), why it failed, the button that sends it
 * (off while it is on its way) and a word on what follows (`fineprint`).
 */
export function ActionForm({
  label,
  onSubmit,
  error,
  pending,
  submit,
  submitTestId,
  fineprint,
  children,
}: {
  /** The form's name for screen readers. */
  label: string;
  onSubmit: () => void;
  error: unknown;
  pending: boolean;
  /** The button's words. */
  submit: string;
  submitTestId: string;
  fineprint?: ReactNode;
  children?: ReactNode;
}) {
  const send = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={send} className="form" aria-label={label}>
      {children}
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending} data-testid={submitTestId}>
          {submit}
        </button>
      </div>
      {fineprint && <p className="fine-print">{fineprint}</p>}
    </form>
  );
}
