import { useState, type FormEvent } from 'react';
import type { StockLine } from '../../../shared/domain.ts';
import { parseQuantity } from '../../../shared/quantity.ts';
import {
  adjustmentReasonCodes,
  adjustmentReasons,
  signedAdjustmentReasons,
  type AdjustmentReason,
} from '../../../shared/stock.ts';
import { invoke, isApprovalCancelled, toCounterError } from '../api.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { FormError } from '../ui/FormLines.tsx';
import { Segmented } from '../ui/Segmented.tsx';

/** 'other': the store's own words for the reason. */
type ReasonChoice = AdjustmentReason | 'other';

/**
 * One product's adjustment: a reason from the fixed list (which says where the goods go: damaged, gone, back on
 * hand) or the store's own words, how many, and a note. A correction or an own reason adds or removes.
 */
export function AdjustForm({
  line,
  onDone,
  onCancel,
}: {
  line: StockLine;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { product } = line;
  const { info } = useStore();
  const [reason, setReason] = useState<ReasonChoice>('damaged');
  const [customReason, setCustomReason] = useState('');
  const [direction, setDirection] = useState<'remove' | 'add'>('remove');
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const signed = reason === 'other' || signedAdjustmentReasons.includes(reason);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseQuantity(quantity, product.unit, info.settings.locale);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    if (reason === 'other' && customReason.trim() === '') {
      setError('Write the reason, or choose one from the list.');
      return;
    }
    const amount = signed && direction === 'remove' ? -parsed.quantity : parsed.quantity;
    setSaving(true);
    invoke('stock.adjust', {
      ...(reason === 'other' ? { customReason: customReason.trim() } : { reason }),
      ...(note.trim() === '' ? {} : { note: note.trim() }),
      lines: [{ productId: product.id, quantity: amount }],
    }).then(onDone, (failure: unknown) => {
      setSaving(false);
      if (!isApprovalCancelled(failure)) setError(toCounterError(failure).message);
    });
  };

  return (
    <Dialog title={`Adjust ${product.name}`} className="adjust-form" onClose={onCancel}>
      <form onSubmit={submit}>
        <label className="field">
          <span>Reason</span>
          <select
            data-testid="adjust-reason"
            data-autofocus
            value={reason}
            onChange={(event) => setReason(event.target.value as ReasonChoice)}
          >
            {adjustmentReasonCodes.map((code) => (
              <option key={code} value={code}>
                {adjustmentReasons[code].label}
              </option>
            ))}
            <option value="other">Other (write it)</option>
          </select>
        </label>
        {reason === 'other' && (
          <label className="field">
            <span>Your reason</span>
            <input
              data-testid="adjust-custom-reason"
              maxLength={60}
              autoComplete="off"
              value={customReason}
              onChange={(event) => setCustomReason(event.target.value)}
            />
          </label>
        )}
        {signed && (
          <Segmented
            label="Add or remove"
            testId="adjust"
            value={direction}
            onChange={setDirection}
            options={[
              { value: 'remove', label: 'Remove' },
              { value: 'add', label: 'Add' },
            ]}
          />
        )}
        <label className="field">
          <span>{product.unit === 'kg' ? 'Kilograms' : 'Quantity'}</span>
          <input
            data-testid="adjust-quantity"
            inputMode="decimal"
            autoComplete="off"
            value={quantity}
            onChange={(event) => setQuantity(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Note (optional)</span>
          <textarea
            data-testid="adjust-note"
            maxLength={500}
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
        <FormError testId="adjust-error" message={error} />
        <div className="form-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="adjust-save" disabled={saving}>
            Save adjustment
          </button>
        </div>
      </form>
    </Dialog>
  );
}
