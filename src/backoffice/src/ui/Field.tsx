/**
 * Form fields with their label, a hint and the error head office gave for them, tied together for screen
 * readers (aria-describedby, aria-invalid).
 */
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

interface FieldFrame {
  label: string;
  hint?: ReactNode;
  error?: string | null;
}

/** What ties a field's control to its label, hint and error. */
interface ControlLinks {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

function Field({
  label,
  hint,
  error,
  control,
}: FieldFrame & { control: (links: ControlLinks) => ReactNode }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({
  label,
  hint,
  error,
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <Field label={label} hint={hint} error={error} control={(links) => <input {...links} {...input} />} />
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  ...textarea
}: FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      control={(links) => <textarea {...links} {...textarea} />}
    />
  );
}

export function SelectField({
  label,
  hint,
  error,
  children,
  ...select
}: FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      control={(links) => (
        <select {...links} {...select}>
          {children}
        </select>
      )}
    />
  );
}

/** The details of a refusal that concern `field` ("price: at most …" → "at most …"). */
export function fieldError(details: string[] | undefined, field: string): string | null {
  const line = details?.find((detail) => detail.startsWith(`${field}:`) || detail.startsWith(`${field}.`));
  return line ? line.slice(line.indexOf(':') + 1).trim() : null;
}
