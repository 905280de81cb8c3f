import type { ReactNode } from 'react';

/** A form's send button, at the end of the form, disabled while the form is being sent. */
export function SubmitButton({
  pending,
  testId,
  children,
}: {
  pending: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button-primary" disabled={pending} data-testid={testId}>
        {children}
      </button>
    </div>
  );
}
