/** Small form pieces shared by the Devices screen's sections. */
import { useCallback, useState, type ComponentProps, type ReactNode } from 'react';
import type { Tone } from '../../../shared/device-status.ts';
import type { DeviceConnection, DeviceStatus } from '../../../shared/domain.ts';
import { isApprovalCancelled, toCounterError } from '../api.ts';
import { beep } from '../ui/feedback.ts';
import { SelectField } from '../ui/SelectField.tsx';
import { TextField } from '../ui/TextField.tsx';
import type { Field, FieldErrors } from './device-form.ts';

/** What the section of one device (printer, drawer) gets from the Devices screen. */
export interface DeviceSettingsProps<Form> {
  form: Form;
  status: DeviceStatus | null;
  errors: FieldErrors;
  /** Unsaved changes: the buttons would try the saved settings, not what is on screen. */
  dirty: boolean;
  onChange: (change: Partial<Form>) => void;
}

/** The keys of a form that hold free text (not one of a few choices): the ones a DeviceField edits. */
type TextKey<Form> = { [K in keyof Form]-?: string extends Form[K] ? K : never }[keyof Form] & string;

/** What `formFields` gives a DeviceField: its test id, value, message and change. */
interface BoundField {
  testId: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/**
 * Ties the fields of one section to its form: `field('host')` gives a DeviceField the value, the message and the
 * change of `printer.host`, and `choice('cut')` gives a Choice its value and change, so each field on screen
 * says only what is its own (label, hints, options).
 */
export function formFields<Form>(
  section: 'printer' | 'drawer',
  form: Form,
  errors: FieldErrors,
  onChange: (change: Partial<Form>) => void,
) {
  return {
    field: (name: TextKey<Form>): BoundField => ({
      testId: `${section}-${name}`,
      value: form[name] as string,
      // Field lists exactly the free-text keys of PrinterForm and DrawerForm.
      error: errors[`${section}.${name}` as Field],
      onChange: (value: string) => onChange({ [name]: value } as Partial<Form>),
    }),
    choice: <K extends keyof Form & string>(name: K) => ({
      testId: `${section}-${name}`,
      value: form[name],
      onChange: (value: Form[K]) => {
        const change: Partial<Form> = {};
        change[name] = value;
        onChange(change);
      },
    }),
  };
}

/** A text field in the Devices screen's rows; `wide` for paths and addresses. */
export function DeviceField({
  wide,
  ...field
}: Omit<ComponentProps<typeof TextField>, 'className'> & { wide?: boolean }) {
  return <TextField {...field} className={wide ? 'device-field device-field-wide' : 'device-field'} />;
}

interface SerialPortRowProps {
  port: BoundField;
  placeholder: string;
  baud: string;
  onBaud: (baud: string) => void;
  baudTestId: string;
}

/** A serial port, typed or picked from the ports found, and its speed. */
export function SerialPortRow({ port, placeholder, baud, onBaud, baudTestId }: SerialPortRowProps) {
  return (
    <div className="device-row">
      <DeviceField {...port} label="Serial port" placeholder={placeholder} list="found-serial-ports" wide />
      <BaudSelect value={baud} onChange={onBaud} testId={baudTestId} />
    </div>
  );
}

interface LiveCheckProps {
  testId: string;
  /** Unsaved changes: the check would try the saved settings, not what is on screen, so it waits. */
  dirty: boolean;
  busy: boolean;
  onClick: () => void;
  children: ReactNode;
}

/** A live check of a device as saved (Test print, Open drawer). */
export function LiveCheckButton({ testId, dirty, busy, onClick, children }: LiveCheckProps) {
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={dirty || busy}
      title={dirty ? 'Save the changes first' : undefined}
      onClick={onClick}
    >
      {children}
    </button>
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

interface DeviceCheckProps {
  /** Names the test ids: `<section>-state`, `<section>-message`. */
  section: 'printer' | 'drawer';
  /** Its status, once known: only a device set up (not "None") shows its state and buttons. */
  device: { connection: DeviceConnection } | undefined;
  /** The device's state in words and its colour, once it is known. */
  state: { tone: Tone; text: ReactNode } | null | undefined;
  action: ActionState;
  /** The buttons that check the device live. */
  children: ReactNode;
}

/** The foot of a device's section: its state, the buttons that check it, and what the last check said. */
export function DeviceCheck({ section, device, state, action, children }: DeviceCheckProps) {
  const configured = device !== undefined && device.connection !== 'not-configured';
  return (
    <>
      {configured && state && (
        <p className={`device-state device-state-${state.tone}`} data-testid={`${section}-state`}>
          {state.text}
        </p>
      )}
      {configured && <div className="device-actions">{children}</div>}
      <ActionMessage action={action} testId={`${section}-message`} />
    </>
  );
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
    <SelectField
      className="device-field"
      label="Speed (baud)"
      testId={testId}
      options={rates.map((rate) => ({ value: String(rate), label: String(rate) }))}
      value={value}
      onChange={onChange}
    />
  );
}
