import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Unit } from '../../../shared/domain.ts';
import { parseLineQuantity, quantityText } from '../../../shared/quantity.ts';
import { useStore } from '../store.ts';
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

/**
 * A quantity typed into a small field of a list: whole pieces, or kilograms for goods sold by kg (kept in grams,
 * as the sale shows them). What is typed stays as typed, even emptied or mistyped: only a quantity of at least
 * `min` reaches `onChange`; anything else is marked, and told to `onUnreadable` under `testId` with what is
 * wrong (naming `label`), so sending the list can refuse it rather than send the figure from before.
 */
export function CountField({
  value,
  unit = 'each',
  label,
  testId,
  min = 0,
  autoFocus = false,
  onChange,
  onUnreadable,
}: {
  value: number;
  unit?: Unit;
  /** Focused and selected: the weight to type of goods scanned without one. */
  autoFocus?: boolean;
  label: string;
  testId: string;
  min?: 0 | 1;
  onChange: (value: number) => void;
  onUnreadable: (field: string, message: string | null) => void;
}) {
  const [typed, setTyped] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Selected, so what is typed replaces the 0.000 there.
    if (!autoFocus) return;
    field.current?.focus();
    field.current?.select();
  }, [autoFocus]);
  const { locale } = useStore().info.settings;
  const read = typed === null ? null : parseLineQuantity(typed, unit, min, label, locale);
  // A field that goes (its line left the list) leaves nothing to refuse.
  useEffect(() => () => onUnreadable(testId, null), [testId, onUnreadable]);
  return (
    <input
      className="goods-count"
      inputMode={unit === 'kg' ? 'decimal' : 'numeric'}
      aria-label={unit === 'kg' ? `${label} (kg)` : label}
      aria-invalid={read !== null && !read.ok}
      title={read && !read.ok ? read.message : undefined}
      data-testid={testId}
      ref={field}
      value={typed ?? quantityText(value, unit)}
      onChange={(event) => {
        const text = event.target.value;
        setTyped(text);
        const now = parseLineQuantity(text, unit, min, label, locale);
        onUnreadable(testId, now.ok ? null : now.message);
        if (now.ok) onChange(now.quantity);
      }}
      // What reads shows as the list holds it again (2.5 as 2.500), and follows later scans.
      onBlur={() => {
        if (read?.ok) setTyped(null);
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
