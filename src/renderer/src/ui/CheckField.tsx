import type { ComponentProps } from 'react';

/** The label's class lays the box and its words (children: clicking them ticks it too) out. */
type CheckFieldProps = Pick<ComponentProps<'label'>, 'className' | 'children'> & {
  testId: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
};

/** A checkbox with its words, inside one label. */
export function CheckField({ className, testId, checked, onChange, children }: CheckFieldProps) {
  return (
    <label className={className}>
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      {children}
    </label>
  );
}
