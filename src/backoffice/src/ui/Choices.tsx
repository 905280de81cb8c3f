/** Tick boxes: one yes-or-no with its words beside it, or a set of them in a fieldset for choosing several. */
import type { ReactNode } from 'react';

export function Checkbox({
  checked,
  onChange,
  className = 'checkbox',
  testId,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
  testId?: string;
  /** What ticking it means. */
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        data-testid={testId}
      />
      {children}
    </label>
  );
}

/** The values ticked among the options, and head office's refusal of them. */
export function Choices<Value extends string>({
  legend,
  options,
  chosen,
  onChange,
  error,
  className = 'choices',
}: {
  legend: string;
  options: readonly { value: Value; label: string }[];
  chosen: readonly Value[];
  onChange: (chosen: Value[]) => void;
  error?: string | null;
  className?: string;
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <Checkbox
          key={option.value}
          checked={chosen.includes(option.value)}
          onChange={(on) =>
            onChange(on ? [...chosen, option.value] : chosen.filter((value) => value !== option.value))
          }
        >
          {option.label}
        </Checkbox>
      ))}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
