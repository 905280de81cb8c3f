import type { ReactNode } from 'react';

export interface SegmentedOption<T extends string> {
  value: T;
  label: ReactNode;
}

interface SegmentedProps<T extends string> {
  /** What is being chosen, for screen readers. */
  label: string;
  /** Each option's button is `<testId>-<value>`. */
  testId: string;
  value: T;
  options: SegmentedOption<T>[];
  onChange: (value: T) => void;
  small?: boolean;
}

/** A few exclusive options side by side as buttons, one of them chosen: a radio group to the screen reader. */
export function Segmented<T extends string>({
  label,
  testId,
  value,
  options,
  onChange,
  small,
}: SegmentedProps<T>) {
  return (
    <div className={small ? 'segmented segmented-small' : 'segmented'} role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          data-testid={`${testId}-${option.value}`}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
