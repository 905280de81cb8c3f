import { invoke } from '../api.ts';
import { DrawerIcon } from '../ui/icons.tsx';
import type { DrawerForm } from './device-form.ts';
import {
  Choice,
  DeviceCheck,
  DeviceField,
  formFields,
  LiveCheckButton,
  Section,
  SerialPortRow,
  useAction,
  type DeviceSettingsProps,
} from './fields.tsx';

/** How the cash drawer is opened, which pin and sensor level, and "Open drawer" (a no-sale, recorded). */
export function DrawerSettings({ form, status, errors, dirty, onChange }: DeviceSettingsProps<DrawerForm>) {
  const action = useAction();
  const drawer = status?.drawer;
  const { field, choice } = formFields('drawer', form, errors, onChange);

  const open = () =>
    action.run(async () => {
      const event = await invoke('drawer.noSale');
      return event.opened
        ? 'The drawer opened. It is recorded as a no-sale.'
        : 'The drawer did not open: check its cable.';
    });

  return (
    <Section title="Cash drawer" testId="drawer-settings">
      <Choice
        {...choice('kind')}
        label="Opened by"
        options={[
          { value: 'none', label: 'None' },
          { value: 'printer', label: 'The printer' },
          { value: 'serial', label: 'Serial port' },
        ]}
      />
      {form.kind === 'serial' && (
        <SerialPortRow
          port={field('path')}
          placeholder="/dev/ttyS0"
          baud={form.baudRate}
          onBaud={(baudRate) => onChange({ baudRate })}
          baudTestId="drawer-baud"
        />
      )}
      {form.kind !== 'none' && (
        <>
          <div className="device-row">
            <Choice
              {...choice('pin')}
              label="Connector pin"
              options={[
                { value: 2, label: 'Pin 2' },
                { value: 5, label: 'Pin 5' },
              ]}
            />
            <Choice
              {...choice('polarity')}
              label="Sensor says open when"
              options={[
                { value: 'open-when-high', label: 'High' },
                { value: 'open-when-low', label: 'Low' },
              ]}
            />
          </div>
          <div className="device-row">
            <DeviceField {...field('pulseOnMs')} label="Pulse (ms)" numeric />
            <DeviceField {...field('pulseOffMs')} label="Pause (ms)" numeric />
          </div>
        </>
      )}
      <DeviceCheck
        section="drawer"
        device={drawer}
        state={
          drawer && {
            tone: drawer.open ? 'warn' : drawer.connection === 'online' ? 'ok' : 'bad',
            text: drawer.message,
          }
        }
        action={action}
      >
        <LiveCheckButton testId="open-drawer" dirty={dirty} busy={action.busy} onClick={open}>
          <DrawerIcon />
          Open drawer
        </LiveCheckButton>
      </DeviceCheck>
    </Section>
  );
}
