import type { FoundDevices as Found, FoundHidDevice } from '../../../shared/domain.ts';
import type { ScannerConfig } from '../../../shared/settings.ts';
import { scannerKey, withDrawer, withPrinter, type DeviceForm } from './device-form.ts';
import { ActionMessage, Section, useAction } from './fields.tsx';

interface FoundDevicesProps {
  found: Found;
  form: DeviceForm;
  /** Lists the devices again (after plugging one in). */
  onRefresh: () => Promise<void>;
  /** Puts a found device into the form in a role; saving makes it stick. */
  onUse: (change: (form: DeviceForm) => DeviceForm) => void;
}

const hex = (value: number) => value.toString(16).padStart(4, '0');

function hidName(device: FoundHidDevice): string {
  const name = [device.manufacturer, device.product].filter(Boolean).join(' ');
  return `${name || 'HID device'} (${hex(device.vendorId)}:${hex(device.productId)})`;
}

function hidScanner(device: FoundHidDevice): ScannerConfig {
  return {
    kind: 'hid',
    vendorId: device.vendorId,
    productId: device.productId,
    serialNumber: device.serialNumber,
  };
}

const addScanner = (scanner: ScannerConfig) => (form: DeviceForm) =>
  form.scanners.some((known) => scannerKey(known) === scannerKey(scanner))
    ? form
    : { ...form, scanners: [...form.scanners, scanner] };

interface RoleButtonProps {
  /** The role, as the button says it: Printer, Scanner, Drawer. */
  label: string;
  /** The device has the role already. */
  inUse: boolean;
  change: (form: DeviceForm) => DeviceForm;
  onUse: FoundDevicesProps['onUse'];
}

/** Puts a found device into the form in one role. */
function RoleButton({ label, inUse, change, onUse }: RoleButtonProps) {
  return (
    <button type="button" disabled={inUse} onClick={() => onUse(change)}>
      {label}
    </button>
  );
}

/** What this register can see (HID devices, serial ports, USB printer files), each with the roles it can take. */
export function FoundDevices({ found, form, onRefresh, onUse }: FoundDevicesProps) {
  const refresh = useAction();
  const { printer, drawer, scanners } = form;
  const nothing =
    found.hid.length + found.serialPorts.length + found.usbPrinters.length + found.networkPrinters.length ===
    0;
  return (
    <Section title="Found on this register" testId="found-devices">
      <div className="device-actions">
        <button
          type="button"
          data-testid="devices-refresh"
          disabled={refresh.busy}
          onClick={() =>
            refresh.run(async () => {
              await onRefresh();
              return 'The list is up to date.';
            })
          }
        >
          {refresh.busy ? 'Looking…' : 'Look again'}
        </button>
      </div>
      <ActionMessage action={refresh} testId="devices-refresh-message" />
      {found.problems.map((problem) => (
        <p key={problem} className="device-message device-message-bad">
          {problem}
        </p>
      ))}
      {nothing && <p className="muted">No scanner, serial port or USB printer was found.</p>}
      <ul className="device-list" data-testid="found-list">
        {found.networkPrinters.map(({ host, port }) => (
          <li key={`${host}:${port}`} data-testid="found-network-printer">
            <div className="device-list-text">
              <span>
                Network printer {host}:{port}
              </span>
              <small>Receipt printer (network printers are not searched for: type the address)</small>
            </div>
          </li>
        ))}
        {found.usbPrinters.map((path) => {
          const inUse = printer.kind === 'usb' && printer.usbPath === path;
          return (
            <li key={path} data-testid="found-usb-printer">
              <div className="device-list-text">
                <span>USB printer {path}</span>
                <small>{inUse ? 'Receipt printer' : 'Not used'}</small>
              </div>
              <RoleButton
                label="Printer"
                inUse={inUse}
                change={withPrinter({ kind: 'usb', usbPath: path })}
                onUse={onUse}
              />
            </li>
          );
        })}
        {found.serialPorts.map((port) => {
          const asPrinter = printer.kind === 'serial' && printer.serialPath === port.path;
          const asDrawer = drawer.kind === 'serial' && drawer.path === port.path;
          const asScanner = scanners.some(
            (scanner) => scanner.kind === 'serial' && scanner.path === port.path,
          );
          const roles = [asPrinter && 'receipt printer', asDrawer && 'drawer', asScanner && 'scanner'].filter(
            Boolean,
          );
          return (
            <li key={port.path} data-testid="found-serial-port">
              <div className="device-list-text">
                <span>
                  Serial port {port.path}
                  {port.manufacturer ? ` · ${port.manufacturer}` : ''}
                </span>
                <small>{roles.length > 0 ? `Used as ${roles.join(', ')}` : 'Not used'}</small>
              </div>
              <div className="device-list-actions">
                <RoleButton
                  label="Printer"
                  inUse={asPrinter}
                  change={withPrinter({ kind: 'serial', serialPath: port.path })}
                  onUse={onUse}
                />
                <RoleButton
                  label="Scanner"
                  inUse={asScanner}
                  change={addScanner({ kind: 'serial', path: port.path, baudRate: 9600 })}
                  onUse={onUse}
                />
                <RoleButton
                  label="Drawer"
                  inUse={asDrawer}
                  change={withDrawer({ kind: 'serial', path: port.path })}
                  onUse={onUse}
                />
              </div>
            </li>
          );
        })}
        {found.hid.map((device) => {
          const scanner = hidScanner(device);
          const inUse = scanners.some((known) => scannerKey(known) === scannerKey(scanner));
          return (
            <li key={device.path} data-testid="found-hid">
              <div className="device-list-text">
                <span>{hidName(device)}</span>
                <small>
                  {device.posScanner
                    ? inUse
                      ? 'HID POS scanner, in use'
                      : 'HID POS scanner'
                    : 'Keyboard or other HID device: a scanner in keyboard mode works without setup'}
                </small>
              </div>
              {device.posScanner && (
                <RoleButton label="Scanner" inUse={inUse} change={addScanner(scanner)} onUse={onUse} />
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
