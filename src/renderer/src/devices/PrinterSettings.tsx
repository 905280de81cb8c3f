import { printerSummary } from '../../../shared/device-status.ts';
import type { FoundDevices } from '../../../shared/domain.ts';
import { invoke } from '../api.ts';
import { SelectField } from '../ui/SelectField.tsx';
import { PrinterIcon } from '../ui/icons.tsx';
import type { PrinterForm } from './device-form.ts';
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

interface PrinterSettingsProps extends DeviceSettingsProps<PrinterForm> {
  found: FoundDevices;
}

/** Connection, model and options of the receipt printer, its state, Test print and Retry printing. */
export function PrinterSettings({ form, found, status, errors, dirty, onChange }: PrinterSettingsProps) {
  const action = useAction();
  const printer = status?.printer;
  const summary = printer ? printerSummary(printer) : null;
  const waiting = status ? status.queue.queued + status.queue.failed : 0;
  const { field, choice } = formFields('printer', form, errors, onChange);

  const testPrint = () =>
    action.run(async () => {
      const after = await invoke('devices.testPrint');
      return after.printer.ready ? 'Test page sent: check what came out.' : after.printer.message;
    });
  const retry = () =>
    action.run(async () => {
      const { queue } = await invoke('print.retry');
      const left = queue.queued + queue.failed;
      return left === 0
        ? 'Every waiting receipt is printed.'
        : `${left} still waiting: ${queue.lastError ?? ''}`;
    });

  return (
    <Section title="Receipt printer" testId="printer-settings">
      <Choice
        {...choice('kind')}
        label="Connected by"
        options={[
          { value: 'none', label: 'None' },
          { value: 'network', label: 'Network' },
          { value: 'serial', label: 'Serial' },
          { value: 'usb', label: 'USB' },
        ]}
      />
      {form.kind === 'network' && (
        <div className="device-row">
          <DeviceField {...field('host')} label="Address" placeholder="192.168.1.50" wide />
          <DeviceField {...field('port')} label="Port" numeric />
        </div>
      )}
      {form.kind === 'serial' && (
        <SerialPortRow
          port={field('serialPath')}
          placeholder="/dev/ttyUSB0"
          baud={form.serialBaud}
          onBaud={(serialBaud) => onChange({ serialBaud })}
          baudTestId="printer-baud"
        />
      )}
      {form.kind === 'usb' && (
        <div className="device-row">
          <DeviceField
            {...field('usbPath')}
            label="USB printer file"
            placeholder="/dev/usb/lp0"
            list="found-usb-printers"
            wide
          />
        </div>
      )}
      {form.kind !== 'none' && (
        <>
          <div className="device-row">
            <SelectField
              className="device-field device-field-wide"
              label="Model"
              testId="printer-model"
              options={found.printerModels.map((model) => ({
                value: model.id,
                label: `${model.name} · ${model.columns} characters${model.qrCode ? '' : ' · no QR'}`,
              }))}
              value={form.model}
              onChange={(model) => onChange({ model })}
            />
            <DeviceField
              {...field('columns')}
              label="Characters per line"
              numeric
              placeholder={`${found.printerModels.find((model) => model.id === form.model)?.columns ?? ''} (model)`}
            />
          </div>
          <div className="device-row">
            <Choice
              {...choice('returnCode')}
              label="Receipt number as"
              options={[
                { value: 'qr', label: 'QR code' },
                { value: 'code128', label: 'Barcode' },
              ]}
            />
            <Choice
              {...choice('cut')}
              label="Cut"
              options={[
                { value: 'partial', label: 'Partial' },
                { value: 'full', label: 'Full' },
              ]}
            />
            <DeviceField {...field('timeoutMs')} label="Timeout (ms)" numeric />
          </div>
        </>
      )}
      <DeviceCheck
        section="printer"
        device={printer}
        state={
          summary &&
          printer && {
            tone: summary.tone,
            text: (
              <>
                <strong>{summary.text}.</strong> {printer.label}: {printer.message}
              </>
            ),
          }
        }
        action={action}
      >
        <LiveCheckButton testId="test-print" dirty={dirty} busy={action.busy} onClick={testPrint}>
          <PrinterIcon />
          Test print
        </LiveCheckButton>
        <button
          type="button"
          data-testid="retry-printing"
          disabled={waiting === 0 || action.busy}
          onClick={retry}
        >
          Retry printing{waiting > 0 ? ` (${waiting} waiting)` : ''}
        </button>
      </DeviceCheck>
    </Section>
  );
}
