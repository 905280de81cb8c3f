import { useState } from 'react';
import type { DeviceStatus } from '../../../shared/domain.ts';
import {
  defaultScannerEncoding,
  scannerEncodingSchema,
  type ScannerConfig,
} from '../../../shared/settings.ts';
import { TrashIcon } from '../ui/icons.tsx';
import { scannerKey, type FieldErrors } from './device-form.ts';
import { BaudSelect, DeviceField, Section } from './fields.tsx';

interface ScannerSettingsProps {
  scanners: ScannerConfig[];
  status: DeviceStatus | null;
  errors: FieldErrors;
  onChange: (scanners: ScannerConfig[]) => void;
}

function describeScanner(scanner: ScannerConfig): string {
  const hex = (value: number) => value.toString(16).padStart(4, '0');
  return scanner.kind === 'hid'
    ? `HID POS scanner ${hex(scanner.vendorId)}:${hex(scanner.productId)}${scanner.serialNumber ? ` (${scanner.serialNumber})` : ''}`
    : `Serial scanner on ${scanner.path}, ${scanner.baudRate} baud`;
}

/**
 * The HID POS and serial scanners Counter reads itself, with their state. Keyboard-mode scanners need no setup:
 * they type, and the register recognises their bursts. Serial ports that are not listed (virtual ones) can
 * be added by path.
 */
export function ScannerSettings({ scanners, status, errors, onChange }: ScannerSettingsProps) {
  const [path, setPath] = useState('');
  const [baudRate, setBaudRate] = useState('9600');
  const stateOf = (scanner: ScannerConfig) =>
    status?.scanners.find((report) => report.id === scannerKey(scanner));

  function add() {
    const trimmed = path.trim();
    if (!trimmed) return;
    const scanner: ScannerConfig = { kind: 'serial', path: trimmed, baudRate: Number(baudRate) };
    if (!scanners.some((known) => scannerKey(known) === scannerKey(scanner)))
      onChange([...scanners, scanner]);
    setPath('');
  }

  return (
    <Section title="Scanners" testId="scanner-settings">
      <p className="muted device-hint">
        Scanners in keyboard mode work without setup. Add HID POS and serial scanners here or from the list of
        what is found.
      </p>
      {scanners.length > 0 && (
        <ul className="device-list">
          {scanners.map((scanner) => {
            const state = stateOf(scanner);
            return (
              <li key={scannerKey(scanner)} data-testid="configured-scanner">
                <div className="device-list-text">
                  <span>{describeScanner(scanner)}</span>
                  {state && (
                    <small className={`device-state-${state.connection === 'online' ? 'ok' : 'bad'}`}>
                      {state.message}
                    </small>
                  )}
                </div>
                {scanner.kind === 'serial' && (
                  <label className="device-field">
                    <span>Encoding</span>
                    <select
                      value={scanner.encoding ?? defaultScannerEncoding}
                      data-testid="scanner-encoding"
                      onChange={(event) => {
                        const encoding = scannerEncodingSchema.parse(event.target.value);
                        onChange(
                          scanners.map((other) => (other === scanner ? { ...scanner, encoding } : other)),
                        );
                      }}
                    >
                      <option value="latin1">Latin-1 (as shipped)</option>
                      <option value="utf-8">UTF-8</option>
                    </select>
                  </label>
                )}
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${describeScanner(scanner)}`}
                  onClick={() => onChange(scanners.filter((other) => other !== scanner))}
                >
                  <TrashIcon />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {errors.scanners && (
        <small className="field-error" data-testid="scanners-error">
          {errors.scanners}
        </small>
      )}
      <form
        className="device-row"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <DeviceField
          label="Serial scanner port"
          testId="scanner-path"
          value={path}
          onChange={setPath}
          placeholder="/dev/ttyACM0"
          list="found-serial-ports"
          wide
        />
        <BaudSelect value={baudRate} onChange={setBaudRate} testId="scanner-baud" />
        <button type="submit" className="device-add" data-testid="scanner-add" disabled={path.trim() === ''}>
          Add
        </button>
      </form>
    </Section>
  );
}
