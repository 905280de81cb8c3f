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

/** A field component: its frame (label, hint, error) around the control `render` draws with the other props. */
function fieldOf<Control>(render: (links: ControlLinks, control: Control) => ReactNode) {
  return function FramedField({ label, hint, error, ...control }: FieldFrame & Control) {
    // What is left once the frame's props are taken out is the control's.
    return (
      <Field label={label} hint={hint} error={error} control={(links) => render(links, control as Control)} />
    );
  };
}

export const TextField = fieldOf<Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>>((links, input) => (
  <input {...links} {...input} />
));

export const TextAreaField = fieldOf<Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>>(
  (links, textarea) => <textarea {...links} {...textarea} />,
);

export const SelectField = fieldOf<Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>>((links, select) => (
  <select {...links} {...select} />
));

/** The details of a refusal that concern `field` ("price: at most …" → "at most …"). */
export function fieldError(details: string[] | undefined, field: string): string | null {
  const line = details?.find((detail) => detail.startsWith(`${field}:`) || detail.startsWith(`${field}.`));
  return line ? line.slice(line.indexOf(':') + 1).trim() : null;
}
