import { CounterError } from '../../../shared/errors.ts';

interface ReasonFieldProps {
  label?: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  /** The longest reason main takes for this action. */
  maxLength: number;
  placeholder?: string;
  /** Reasons given most, one tap each; any other can be typed. */
  suggestions?: string[];
  /** Marked while a reason is needed and missing. */
  invalid?: boolean;
  autoFocus?: boolean;
}

/** Why something is done (a discount, cash out, a void, a return), kept with the record it explains. */
export function ReasonField({
  label = 'Reason',
  testId,
  value,
  onChange,
  maxLength,
  placeholder,
  suggestions = [],
  invalid,
  autoFocus,
}: ReasonFieldProps) {
  const field = (
    <label className="field">
      <span>{label}</span>
      <input
        data-testid={testId}
        autoComplete="off"
        maxLength={maxLength}
        aria-invalid={invalid}
        placeholder={placeholder}
        autoFocus={autoFocus}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
  if (suggestions.length === 0) return field;
  return (
    <div className="reason-field">
      {field}
      <div className="reason-chips">
        {suggestions.map((suggestion) => (
          <button type="button" key={suggestion} className="chip" onClick={() => onChange(suggestion)}>
            {suggestion}
          </button>
        ))}
      </div>
    </div>
  );
}

/** "Give a reason": an action that needs one waits until something other than spaces is typed. */
export const reasonGiven = (reason: string): boolean => reason.trim() !== '';

/** The reason typed, trimmed; a CounterError that asks for one ("Give a reason for the discount.") if none is. */
export function givenReason(reason: string, forWhat: string): string {
  if (!reasonGiven(reason)) throw new CounterError('INVALID_INPUT', `Give a reason for ${forWhat}.`);
  return reason.trim();
}
