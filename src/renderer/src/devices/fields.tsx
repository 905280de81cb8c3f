/** Small form pieces shared by the Devices screen's sections. */
import { useCallback, useState, type ReactNode } from 'react';
import { isApprovalCancelled, toCounterError } from '../api.ts';
import { beep } from '../feedback.ts';
import type { Field, FieldErrors } from './device-form.ts';

const testId = (field: string) => field.replace('.', '-');

/** The keys of a form that hold free text (not one of a few choices): the ones a TextField edits. */
type TextKey<Form> = { [K in keyof Form]-?: string extends Form[K] ? K : never }[keyof Form] & string;

/**
 * Ties TextFields to one section's form: `field('host')` gives the value, the message and the change of
 * `printer.host`, so each field on screen says only what is its own (label, hints).
 */
export function formFields<Form>(
  section: 'printer' | 'drawer',
  form: Form,
  errors: FieldErrors,
  onChange: (change: Partial<Form>) => void,
) {
  return (name: TextKey<Form>) => ({
    // Field lists exactly the free-text keys of PrinterForm and DrawerForm.
    field: `${section}.${name}` as Field,
    value: form[name] as string,
    errors,
    onChange: (value: string) => onChange({ [name]: value } as Partial<Form>),
  });
}

interface TextFieldProps {
  field: Field;
  label: string;
  value: string;
  errors: FieldErrors;
  onChange: (value: string) => void;
  placeholder?: string;
  /** A <datalist> id with suggestions (found ports). */
  list?: string;
  numeric?: boolean;
  wide?: boolean;
}

/** A labelled input; a problem with it shows right under it and marks it. */
export function TextField({
  field,
  label,
  value,
  errors,
  onChange,
  placeholder,
  list,
  numeric,
  wide,
}: TextFieldProps) {
  const error = errors[field];
  const errorId = `${testId(field)}-error`;
  return (
    <label className={`device-field${wide ? ' device-field-wide' : ''}`}>
      <span>{label}</span>
      <input
        value={value}
        data-testid={testId(field)}
        placeholder={placeholder}
        list={list}
        inputMode={numeric ? 'numeric' : undefined}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <small className="device-field-error" id={errorId} data-testid={errorId}>
          {error}
        </small>
      )}
    </label>
  );
}

interface ChoiceProps<T extends string | number> {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  testId: string;
}

/** A few exclusive options as a row of large buttons, easier to hit on a touch screen than a select. */
export function Choice<T extends string | number>({
  label,
  value,
  options,
  onChange,
  testId,
}: ChoiceProps<T>) {
  return (
    <div className="device-choice" role="group" aria-label={label}>
      <span>{label}</span>
      <div className="device-choice-options" data-testid={testId}>
        {options.map((option) => (
          <button
            key={option.value}
            type="button"
            aria-pressed={option.value === value}
            data-value={option.value}
            onClick={() => onChange(option.value)}
          >
            {option.label}
          </button>
        ))}
      </div>
    </div>
  );
}

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="device-section" data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export interface ActionState {
  busy: boolean;
  message: string | null;
  failed: boolean;
  /** Starts the action; it resolves with what to tell the person, or rejects with what went wrong. */
  run: (action: () => Promise<string>) => void;
}

/** One button's work and its outcome in words. A cancelled approval did nothing and says nothing. */
export function useAction(): ActionState {
  const [state, setState] = useState({ busy: false, message: null as string | null, failed: false });
  const run = useCallback((action: () => Promise<string>) => {
    setState({ busy: true, message: null, failed: false });
    action().then(
      (message) => setState({ busy: false, message, failed: false }),
      (error: unknown) => {
        if (isApprovalCancelled(error)) {
          setState({ busy: false, message: null, failed: false });
          return;
        }
        setState({ busy: false, message: toCounterError(error).message, failed: true });
        beep();
      },
    );
  }, []);
  return { ...state, run };
}

export function ActionMessage({ action, testId }: { action: ActionState; testId: string }) {
  if (!action.message) return null;
  return (
    <p
      className={action.failed ? 'device-message device-message-bad' : 'device-message'}
      role={action.failed ? 'alert' : 'status'}
      data-testid={testId}
    >
      {action.message}
    </p>
  );
}

const baudRates = [9600, 19_200, 38_400, 57_600, 115_200];

export function BaudSelect({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  const rates = baudRates.includes(Number(value)) ? baudRates : [...baudRates, Number(value)];
  return (
    <label className="device-field">
      <span>Speed (baud)</span>
      <select value={value} data-testid={testId} onChange={(event) => onChange(event.target.value)}>
        {rates.map((rate) => (
          <option key={rate} value={String(rate)}>
            {rate}
          </option>
        ))}
      </select>
    </label>
  );
}
