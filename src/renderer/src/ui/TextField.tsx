interface TextFieldProps {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  /** What is wrong with the value: shown right under it (test id `<testId>-error`), and the field is marked. */
  error?: string;
  /** Marked without a message of its own: the form's message says why. */
  invalid?: boolean;
  placeholder?: string;
  /** A <datalist> id with suggestions (found ports). */
  list?: string;
  numeric?: boolean;
  maxLength?: number;
  autoFocus?: boolean;
  /** The label's class: 'field' in a dialog's form; the Devices screen lays its fields out in rows. */
  className?: string;
}

/** A labelled input for an address, a code, a name or a setting: typed exactly, so no spell check. */
export function TextField({
  label,
  testId,
  value,
  onChange,
  error,
  invalid,
  placeholder,
  list,
  numeric,
  maxLength,
  autoFocus,
  className = 'field',
}: TextFieldProps) {
  const errorId = `${testId}-error`;
  return (
    <label className={className}>
      <span>{label}</span>
      <input
        data-testid={testId}
        value={value}
        placeholder={placeholder}
        list={list}
        inputMode={numeric ? 'numeric' : undefined}
        maxLength={maxLength}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        aria-invalid={error || invalid ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <small className="field-error" id={errorId} data-testid={errorId}>
          {error}
        </small>
      )}
    </label>
  );
}
