import { SelectField } from './Field.tsx';

/**
 * A list to choose one of `choices` from, first the empty choice (`none`: "All", "Choose a supplier"); the
 * empty choice comes back as undefined.
 */
export function ChoiceField<Value extends string>({
  label,
  none,
  choices,
  value,
  onChange,
  error,
  testId,
}: {
  label: string;
  none: string;
  choices: readonly { value: Value; label: string }[];
  value: string | undefined;
  onChange: (value: Value | undefined) => void;
  error?: string | null;
  testId: string;
}) {
  return (
    <SelectField
      label={label}
      value={value ?? ''}
      onChange={(event) => onChange((event.target.value || undefined) as Value | undefined)}
      error={error}
      data-testid={testId}
    >
      <option value="">{none}</option>
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </SelectField>
  );
}
