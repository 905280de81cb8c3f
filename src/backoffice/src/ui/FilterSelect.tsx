import { ChoiceField } from './ChoiceField.tsx';

/** A list's filter: one of `options` (value → label) or, first, every one of them (the value ''). */
export function FilterSelect({
  every,
  options,
  onChange,
  ...select
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
    <ChoiceField
      {...select}
      none={every}
      choices={Object.entries(options).map(([value, label]) => ({ value, label }))}
      onChange={(chosen) => onChange(chosen ?? '')}
    />
  );
}

/** `value` if it is one of `values` (a filter read from the address), else undefined. */
export function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((candidate) => candidate === value);
}
