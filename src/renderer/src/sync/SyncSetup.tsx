import { useState, type FormEvent } from 'react';
import { inputs } from '../../../shared/contract.ts';
import { isCounterError, type ErrorCode } from '../../../shared/errors.ts';
import type { SyncStatus } from '../../../shared/sync/status.ts';
import { invoke } from '../api.ts';
import { useStore } from '../store.ts';
import { beep } from '../ui/feedback.ts';
import { FormError } from '../ui/FormLines.tsx';
import { TextField } from '../ui/TextField.tsx';
import { useFailure } from '../ui/useFailure.ts';

interface SetupForm {
  headOfficeUrl: string;
  pairingCode: string;
  registerName: string;
}
type Field = keyof SetupForm;
type FieldErrors = Partial<Record<Field, string>>;

/** Checked with the schema main checks the call with, so a mistake is marked at its field before sending. */
const enrollSchema = inputs['sync.enroll'];

/** Head office's answers that are about one field: the field is marked as well as the message shown. */
const fieldOfError: Partial<Record<ErrorCode, Field>> = {
  HEAD_OFFICE_UNREACHABLE: 'headOfficeUrl',
  NOT_FOUND: 'pairingCode',
  CONFLICT: 'pairingCode',
};

interface SyncSetupProps {
  /** Head office's address as this register knows it (a re-pair keeps it unless it moved); null: none yet. */
  headOfficeUrl: string | null;
  onEnrolled: (status: SyncStatus) => void;
  onBack: () => void;
}

/**
 * Enrolment, once per register: head office's address, the one-time pairing code an admin created for the
 * store, and a name for this register. Main asks for a manager's PIN ('settings.edit') when the person logged
 * in is not one. A re-pair starts from the address and name the register already has.
 */
export function SyncSetup({ headOfficeUrl, onEnrolled, onBack }: SyncSetupProps) {
  const { info } = useStore();
  const [form, setForm] = useState<SetupForm>({
    headOfficeUrl: headOfficeUrl ?? '',
    pairingCode: '',
    registerName: info.register.registerName ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  /** The field head office's refusal is about (its message shows under the form). */
  const [refused, setRefused] = useState<Field | null>(null);
  const { message, fail, clear } = useFailure();
  const [busy, setBusy] = useState(false);

  const change = (field: Field, value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
    setRefused(null);
    clear();
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    clear();
    setRefused(null);
    const parsed = enrollSchema.safeParse(form);
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        found[field] ??= issue.message;
      }
      setErrors(found);
      beep();
      return;
    }
    setBusy(true);
    invoke('sync.enroll', parsed.data)
      .then(onEnrolled)
      .catch((error: unknown) => {
        setRefused((isCounterError(error) && fieldOfError[error.code]) || null);
        fail(error);
      })
      .finally(() => setBusy(false));
  }

  const input = (field: Field, label: string, props: { placeholder: string; autoFocus?: boolean }) => (
    <TextField
      label={label}
      testId={`sync-setup-${field}`}
      value={form[field]}
      onChange={(value) => change(field, value)}
      error={errors[field]}
      invalid={refused === field}
      {...props}
    />
  );

  return (
    <form className="dialog-form sync-setup" data-testid="sync-setup" onSubmit={submit}>
      <p className="muted">
        Head office gives a one-time pairing code for this store. With it, this register gets its own key to
        head office: sales, returns and shift reports go there, and prices, the catalog and other stores’
        stock come back. Selling never waits for head office.
      </p>
      {input('headOfficeUrl', 'Head office address', {
        placeholder: 'https://hq.example.com',
        autoFocus: true,
      })}
      {input('pairingCode', 'Pairing code', { placeholder: 'The code from head office' })}
      {input('registerName', 'Name of this register', { placeholder: 'e.g. Till 1' })}
      <FormError message={message} testId="sync-setup-error" />
      <div className="form-actions">
        <button type="button" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button type="submit" className="primary" data-testid="sync-setup-submit" disabled={busy}>
          {busy ? 'Enrolling…' : 'Enrol this register'}
        </button>
      </div>
    </form>
  );
}
