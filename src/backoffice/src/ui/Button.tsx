import type { ButtonHTMLAttributes } from 'react';

/**
 * A button that does something on the page (not one that sends a form): primary for the page's main action,
 * secondary beside it, quiet in a table's row. With `confirm`, it asks that question first and does nothing
 * unless the person agrees.
 */
export function Button({
  kind,
  testId,
  className,
  confirm,
  onClick,
  ...button
}: {
  kind: 'primary' | 'secondary' | 'quiet';
  testId?: string;
  confirm?: string;
  onClick: () => void;
} & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'onClick'>) {
  return (
    <button
      type="button"
      className={className ? `button-${kind} ${className}` : `button-${kind}`}
      onClick={() => {
        if (confirm === undefined || window.confirm(confirm)) onClick();
      }}
      data-testid={testId}
      {...button}
    />
  );
}
