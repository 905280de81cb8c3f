import { useState, type FormEvent, type ReactNode } from 'react';
import { BarcodeIcon } from '../ui/icons.tsx';

/**
 * Where a wedge scanner types (or a person types a code) and Enter adds it: the running lists of receiving and
 * transfers start here. Hardware scanners reach the same `onCode` through useHardwareScans.
 */
export function ScanField({
  label,
  testId,
  onCode,
}: {
  label: string;
  testId: string;
  onCode: (code: string) => void;
}) {
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = text.trim();
    if (code === '') return;
    setText('');
    onCode(code);
  };
  return (
    <form className="search-field goods-scan" onSubmit={submit}>
      <BarcodeIcon size={22} />
      <input
        data-testid={testId}
        aria-label={label}
        placeholder={label}
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        // Also when it shows in place of the view a person just left (the document they opened or sent).
        autoFocus
        data-autofocus
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
}

/** A whole number of at least `min` typed into a small field; what cannot be read stays as it was. */
export function CountField({
  value,
  label,
  testId,
  min = 0,
  onChange,
}: {
  value: number;
  label: string;
  testId: string;
  min?: number;
  onChange: (value: number) => void;
}) {
  return (
    <input
      className="goods-count"
      inputMode="numeric"
      aria-label={label}
      data-testid={testId}
      value={String(value)}
      onChange={(event) => {
        const read = Number(event.target.value === '' ? min : event.target.value);
        if (Number.isInteger(read) && read >= min) onChange(read);
      }}
    />
  );
}

/** A product in a list: its name, its SKU after it in grey, and what else the list says of it. */
export function ProductCell({ name, sku, children }: { name: string; sku: string; children?: ReactNode }) {
  return (
    <td>
      {name}
      <span className="muted"> {sku}</span>
      {children}
    </td>
  );
}
