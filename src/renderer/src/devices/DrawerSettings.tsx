import type { DeviceStatus } from '../../../shared/domain.ts';
import { invoke } from '../api.ts';
import { DrawerIcon } from '../components/icons.tsx';
import type { DrawerForm, DrawerKind, FieldErrors } from './device-form.ts';
import { ActionMessage, BaudSelect, Choice, formFields, Section, TextField, useAction } from './fields.tsx';

interface DrawerSettingsProps {
  form: DrawerForm;
  status: DeviceStatus | null;
  errors: FieldErrors;
  dirty: boolean;
  onChange: (change: Partial<DrawerForm>) => void;
}

/** How the cash drawer is opened, which pin and sensor level, and "Open drawer" (a no-sale, recorded). */
export function DrawerSettings({ form, status, errors, dirty, onChange }: DrawerSettingsProps) {
  const action = useAction();
  const drawer = status?.drawer;
  const configured = drawer !== undefined && drawer.connection !== 'not-configured';
  const field = formFields('drawer', form, errors, onChange);

  const open = () =>
    action.run(async () => {
      const event = await invoke('drawer.noSale');
      return event.opened
        ? 'The drawer opened. It is recorded as a no-sale.'
        : 'The drawer did not open: check its cable.';
    });

  return (
    <Section title="Cash drawer" testId="drawer-settings">
      <Choice<DrawerKind>
        label="Opened by"
        value={form.kind}
        testId="drawer-kind"
        onChange={(kind) => onChange({ kind })}
        options={[
          { value: 'none', label: 'None' },
          { value: 'printer', label: 'The printer' },
          { value: 'serial', label: 'Serial port' },
        ]}
      />
      {form.kind === 'serial' && (
        <div className="device-row">
          <TextField
            {...field('path')}
            label="Serial port"
            placeholder="/dev/ttyS0"
            list="found-serial-ports"
            wide
          />
          <BaudSelect
            value={form.baudRate}
            onChange={(baudRate) => onChange({ baudRate })}
            testId="drawer-baud"
          />
        </div>
      )}
      {form.kind !== 'none' && (
        <>
          <div className="device-row">
            <Choice
              label="Connector pin"
              value={form.pin}
              testId="drawer-pin"
              onChange={(pin) => onChange({ pin })}
              options={[
                { value: 2, label: 'Pin 2' },
                { value: 5, label: 'Pin 5' },
              ]}
            />
            <Choice
              label="Sensor says open when"
              value={form.polarity}
              testId="drawer-polarity"
              onChange={(polarity) => onChange({ polarity })}
              options={[
                { value: 'open-when-high', label: 'High' },
                { value: 'open-when-low', label: 'Low' },
              ]}
            />
          </div>
          <div className="device-row">
            <TextField {...field('pulseOnMs')} label="Pulse (ms)" numeric />
            <TextField {...field('pulseOffMs')} label="Pause (ms)" numeric />
          </div>
        </>
      )}
      {configured && drawer && (
        <p
          className={`device-state device-state-${drawer.open ? 'warn' : drawer.connection === 'online' ? 'ok' : 'bad'}`}
          data-testid="drawer-state"
        >
          {drawer.message}
        </p>
      )}
      {configured && (
        <div className="device-actions">
          <button
            type="button"
            data-testid="open-drawer"
            disabled={dirty || action.busy}
            title={dirty ? 'Save the changes first' : undefined}
            onClick={open}
          >
            <DrawerIcon />
            Open drawer
          </button>
        </div>
      )}
      <ActionMessage action={action} testId="drawer-message" />
    </Section>
  );
}
