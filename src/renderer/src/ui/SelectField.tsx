interface SelectFieldProps {
  label: string;
  testId: string;
  /** The chosen option's value; '' for the first choice, `none`, when there is one. */
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  /** The first choice, for nothing chosen yet (value ''). */
  none?: string;
  disabled?: boolean;
  /** The label's class: 'field' in a dialog's form; the Devices screen lays its fields out in rows. */
  className?: string;
}

/** A labelled drop-down of a few named choices: a supplier, a store, a user. */
export function SelectField({
  label,
  testId,
  options,
  onChange,
  none,
  className = 'field',
  ...select
}: SelectFieldProps) {
  return (
    <label className={className}>
      <span>{label}</span>
      <select data-testid={testId} {...select} onChange={(event) => onChange(event.target.value)}>
        {none !== undefined && <option value="">{none}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
