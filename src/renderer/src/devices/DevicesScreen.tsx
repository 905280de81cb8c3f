import { useEffect, useState } from 'react';
import type { FoundDevices as Found } from '../../../shared/domain.ts';
import type { DeviceConfig } from '../../../shared/settings.ts';
import { invoke, toCounterError, whenAnswered } from '../api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { beep } from '../ui/feedback.ts';
import { Details } from '../ui/ErrorBanner.tsx';
import { CheckIcon } from '../ui/icons.tsx';
import {
  configFromForm,
  fieldLabels,
  formFromConfig,
  withDrawer,
  withPrinter,
  type DeviceForm,
  type Field,
  type FieldErrors,
} from './device-form.ts';
import { DrawerSettings } from './DrawerSettings.tsx';
import { FoundDevices } from './FoundDevices.tsx';
import { PhonesSection } from './PhonesDialog.tsx';
import { PrinterSettings } from './PrinterSettings.tsx';
import { ScannerSettings } from './ScannerSettings.tsx';
import { ScannerTest } from './ScannerTest.tsx';
import { useDeviceStatus } from './useDeviceStatus.ts';
import './devices.css';

interface Loaded {
  saved: DeviceConfig;
  found: Found;
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'refused'; message: string; details: string[] };

/**
 * The Devices screen: what this register can see, which device does what (receipt printer, drawer,
 * scanners), printer model and options, and the live checks (Test print, Open drawer, the scanner test).
 * Settings are saved in the ledger by main, which reopens the devices with them.
 */
export function DevicesScreen({ onClose }: { onClose: () => void }) {
  const status = useDeviceStatus();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const [form, setForm] = useState<DeviceForm | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });

  useEffect(
    () =>
      whenAnswered(
        Promise.all([invoke('devices.getConfig'), invoke('devices.list')]),
        ([saved, found]) => {
          setLoaded({ saved, found });
          setForm(formFromConfig(saved));
        },
        (error) => setLoadFailure(toCounterError(error).message),
      ),
    [],
  );

  if (!loaded || !form) {
    return (
      <Dialog title="Devices" className="devices-dialog" onClose={onClose}>
        <p
          className={loadFailure ? 'device-message device-message-bad' : 'muted'}
          role={loadFailure ? 'alert' : undefined}
        >
          {loadFailure ?? 'Looking for devices…'}
        </p>
      </Dialog>
    );
  }

  const dirty = JSON.stringify(form) !== JSON.stringify(formFromConfig(loaded.saved));
  const errors = save.kind === 'invalid' ? save.errors : {};
  const { found } = loaded;

  function change(next: (current: DeviceForm) => DeviceForm) {
    setForm((current) => (current ? next(current) : current));
    if (save.kind !== 'saving') setSave({ kind: 'idle' });
  }

  function saveForm() {
    if (!form) return;
    const checked = configFromForm(form);
    if (!checked.ok) {
      setSave({ kind: 'invalid', errors: checked.errors });
      beep();
      return;
    }
    setSave({ kind: 'saving' });
    saveConfig(checked.config).catch((error: unknown) => {
      const { message, details } = toCounterError(error);
      setSave({ kind: 'refused', message, details: details ?? [] });
      beep();
    });
  }

  async function saveConfig(config: DeviceConfig) {
    const saved = await invoke('devices.setConfig', config);
    // The list shows the configured network printer, so it follows the save.
    const foundNow = await invoke('devices.list').catch(() => found);
    setLoaded({ saved, found: foundNow });
    setForm(formFromConfig(saved));
    setSave({ kind: 'saved' });
  }

  async function refresh() {
    const foundNow = await invoke('devices.list');
    setLoaded((current) => (current ? { ...current, found: foundNow } : current));
  }

  return (
    <Dialog title="Devices" className="devices-dialog" onClose={onClose}>
      <div data-testid="devices-screen">
        <div className="devices-layout">
          <div className="devices-column">
            <PrinterSettings
              form={form.printer}
              found={found}
              status={status}
              errors={errors}
              dirty={dirty}
              onChange={(printer) => change(withPrinter(printer))}
            />
            <DrawerSettings
              form={form.drawer}
              status={status}
              errors={errors}
              dirty={dirty}
              onChange={(drawer) => change(withDrawer(drawer))}
            />
          </div>
          <div className="devices-column">
            <FoundDevices found={found} form={form} onRefresh={refresh} onUse={change} />
            <ScannerSettings
              scanners={form.scanners}
              status={status}
              errors={errors}
              onChange={(scanners) => change((current) => ({ ...current, scanners }))}
            />
            <ScannerTest />
            <PhonesSection />
          </div>
        </div>
        <datalist id="found-serial-ports">
          {found.serialPorts.map((port) => (
            <option key={port.path} value={port.path} />
          ))}
        </datalist>
        <datalist id="found-usb-printers">
          {found.usbPrinters.map((path) => (
            <option key={path} value={path} />
          ))}
        </datalist>
        <footer className="devices-footer">
          <SaveOutcome save={save} dirty={dirty} />
          <button
            type="button"
            data-testid="devices-revert"
            disabled={!dirty || save.kind === 'saving'}
            onClick={() => {
              setForm(formFromConfig(loaded.saved));
              setSave({ kind: 'idle' });
            }}
          >
            Undo changes
          </button>
          <button
            type="button"
            className="primary"
            data-testid="devices-save"
            disabled={!dirty || save.kind === 'saving'}
            onClick={saveForm}
          >
            <CheckIcon />
            {save.kind === 'saving' ? 'Saving…' : 'Save'}
          </button>
        </footer>
      </div>
    </Dialog>
  );
}

function SaveOutcome({ save, dirty }: { save: SaveState; dirty: boolean }) {
  switch (save.kind) {
    case 'invalid': {
      const fields = Object.keys(save.errors) as Field[];
      return (
        <div
          className="device-message device-message-bad devices-outcome"
          role="alert"
          data-testid="devices-save-error"
        >
          Nothing was saved. Fix {fields.length === 1 ? 'this' : 'these'}:{' '}
          {fields.map((field) => `${fieldLabels[field]}: ${save.errors[field]}`).join(' ')}
        </div>
      );
    }
    case 'refused':
      return (
        <div
          className="device-message device-message-bad devices-outcome"
          role="alert"
          data-testid="devices-save-error"
        >
          {save.message}
          <Details details={save.details} />
        </div>
      );
    case 'saved':
      return (
        <p className="device-message devices-outcome" role="status" data-testid="devices-saved">
          Saved. The devices are reconnecting with the new settings.
        </p>
      );
    default:
      return <p className="muted devices-outcome">{dirty ? 'Changes not saved yet.' : 'No changes.'}</p>;
  }
}
