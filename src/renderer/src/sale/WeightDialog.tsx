import { useState, type FormEvent } from 'react';
import type { ProductHit } from '../../../shared/domain.ts';
import { mulDivRound } from '../../../shared/money.ts';
import { parseQuantity } from '../../../shared/quantity.ts';
import { toCounterError } from '../api.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';

interface WeightDialogProps {
  product: ProductHit;
  /** Resolves to true when the line was added. */
  onWeighed: (grams: number) => Promise<boolean>;
  onClose: () => void;
}

/** Goods sold by weight need one before they go on the sale: typed in kg, added in grams. */
export function WeightDialog({ product, onWeighed, onClose }: WeightDialogProps) {
  const store = useStore();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const parsed = text.trim() ? parseQuantity(text, 'kg', store.info.settings.locale) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const weight = parseQuantity(text, 'kg', store.info.settings.locale);
    if (!weight.ok) return setMessage(weight.message);
    // The screen reports a refused sale line (and resolves false); should the call fail all the same, this says so.
    onWeighed(weight.quantity).then(
      (added) => {
        if (added) onClose();
      },
      (error: unknown) => setMessage(toCounterError(error).message),
    );
  }

  return (
    <Dialog title={`Weigh ${product.name}`} className="weight-dialog" onClose={onClose}>
      <form className="weight-form" onSubmit={submit}>
        <p className="muted">
          {store.money(product.priceMinor)} / kg · {product.sku}
        </p>
        <label className="weight-entry">
          <input
            data-testid="weight-input"
            aria-label="Weight in kilograms"
            aria-invalid={message !== null}
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.000"
            data-autofocus
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setMessage(null);
            }}
          />
          <span>kg</span>
        </label>
        {message ? (
          <p className="line-message" role="alert">
            {message}
          </p>
        ) : (
          <p className="weight-price">
            {parsed?.ok ? store.money(mulDivRound(product.priceMinor, parsed.quantity, 1000)) : ' '}
          </p>
        )}
        <button type="submit" className="primary" data-testid="weight-confirm">
          Add to sale
        </button>
      </form>
    </Dialog>
  );
}
