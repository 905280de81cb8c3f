/**
 * The back office's buttons in their three looks, and one that starts an action (useAction): it is disabled
 * while the action runs, so a second click does not send it twice.
 */
import type { ReactNode } from 'react';

export type ButtonLook = 'primary' | 'secondary' | 'quiet' | 'danger';

const lookClass: Record<ButtonLook, string> = {
  primary: 'button-primary',
  secondary: 'button-secondary',
  quiet: 'button-quiet',
  danger: 'button-primary button-danger',
};

interface ButtonProps {
  look?: ButtonLook;
  disabled?: boolean;
  onClick: () => void;
  /** For the screen reader when the words alone do not say enough. */
  label?: string;
  title?: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}

export function Button({
  look = 'secondary',
  disabled,
  onClick,
  label,
  title,
  className,
  testId,
  children,
}: ButtonProps) {
  return (
    <button
      type="button"
      className={className ? `${lookClass[look]} ${className}` : lookClass[look]}
      disabled={disabled}
      onClick={onClick}
      aria-label={label}
      title={title}
      data-testid={testId}
    >
      {children}
    </button>
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
