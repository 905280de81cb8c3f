import type { ComponentProps } from 'react';
import { SearchIcon } from '../ui/icons.tsx';

interface ProductFinderFieldProps extends Omit<ComponentProps<'input'>, 'onChange'> {
  testId: string;
  /** What the field is for, read out by screen readers. */
  label: string;
  value: string;
  onChange: (text: string) => void;
}

/**
 * The field at the top of a dialog where a product is found by name, SKU or barcode, or scanned: typed
 * exactly (no autocomplete, no spell check), and it takes the focus when the dialog opens.
 */
export function ProductFinderField({ testId, label, onChange, ...input }: ProductFinderFieldProps) {
  return (
    <label className="search-field">
      <SearchIcon size={22} />
      <input
        type="search"
        data-testid={testId}
        aria-label={label}
        placeholder="Name, SKU or barcode — or scan it"
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
        data-autofocus
        {...input}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
