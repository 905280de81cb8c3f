/**
 * The back office's buttons that do something on the page (not one that sends a form), in their looks: primary
 * for the page's main action, secondary beside it, quiet in a table's row, danger for what cannot be undone. With
 * `confirm`, it asks that question first and does nothing unless the person agrees. ActionButton starts an action
 * (useAction) and is disabled while it runs, so a second click does not send it twice.
 */
import type { ButtonHTMLAttributes } from 'react';

export type ButtonLook = 'primary' | 'secondary' | 'quiet' | 'danger';

const lookClass: Record<ButtonLook, string> = {
  primary: 'button-primary',
  secondary: 'button-secondary',
  quiet: 'button-quiet',
  danger: 'button-primary button-danger',
};

type ButtonProps = {
  look?: ButtonLook;
  onClick: () => void;
  /** A question asked first; nothing happens unless the person agrees. */
  confirm?: string;
  /** For the screen reader when the words alone do not say enough. */
  label?: string;
  testId?: string;
} & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'onClick'>;

export function Button({
  look = 'secondary',
  className,
  confirm,
  onClick,
  label,
  testId,
  ...button
}: ButtonProps) {
  return (
    <button
      type="button"
      className={className ? `${lookClass[look]} ${className}` : lookClass[look]}
      onClick={() => {
        if (confirm === undefined || window.confirm(confirm)) onClick();
      }}
      aria-label={label}
      data-testid={testId}
      {...button}
    />
  );
}

/** Starts `action` with `input`; disabled while the action runs, or when `disabled`. */
export function ActionButton<Input>({
  action,
  input,
  disabled = false,
  ...button
}: Omit<ButtonProps, 'onClick'> & {
  action: { start: (input: Input) => void; pending: boolean };
  input: Input;
}) {
  return <Button {...button} disabled={disabled || action.pending} onClick={() => action.start(input)} />;
}
