import type { FormEvent, ReactNode } from 'react';
import { ReceiptIcon } from '../ui/icons.tsx';

interface ReceiptLookupProps {
  code: string;
  onCode: (code: string) => void;
  busy: boolean;
  onLookUp: (code: string) => void;
  /** Extra buttons after Find, e.g. "No receipt". */
  children?: ReactNode;
}

/** Type a receipt number and press Enter, or scan the barcode or QR code printed on the receipt. */
export function ReceiptLookup({ code, onCode, busy, onLookUp, children }: ReceiptLookupProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim()) onLookUp(code.trim());
  };
  return (
    <form className="receipt-lookup" onSubmit={submit}>
      <label className="search-field">
        <ReceiptIcon size={22} />
        <input
          data-testid="receipt-lookup-input"
          aria-label="Receipt number"
          placeholder="Receipt number — type it or scan the receipt"
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          data-autofocus
          autoFocus
          value={code}
          onChange={(event) => onCode(event.target.value)}
        />
      </label>
      <button type="submit" className="primary" data-testid="receipt-lookup" disabled={busy || !code.trim()}>
        {busy ? 'Looking…' : 'Find'}
      </button>
      {children}
    </form>
  );
}
