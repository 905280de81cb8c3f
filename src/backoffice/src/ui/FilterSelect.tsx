import { SelectField } from './Field.tsx';

/** A list's filter: one of `options` (value → label) or, first, every one of them (the value ''). */
export function FilterSelect({
  label,
  every,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  /** What the choice of every one is called ("All"). */
  every: string;
  options: Record<string, string>;
  value: string | undefined;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <SelectField
      label={label}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value)}
      data-testid={testId}
    >
      <option value="">{every}</option>
      {Object.entries(options).map(([option, optionLabel]) => (
        <option key={option} value={option}>
          {optionLabel}
        </option>
      ))}
    </SelectField>
  );
}

/** `value` if it is one of `values` (a filter read from the address), else undefined. */
export function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((candidate) => candidate === value);
}
