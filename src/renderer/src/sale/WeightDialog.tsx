import { useState, type FormEvent } from 'react';
import type { ProductHit } from '../../../shared/domain.ts';
import { mulDivRound } from '../../../shared/money.ts';
import { parseQuantity } from '../../../shared/quantity.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';

interface WeightDialogProps {
  product: ProductHit;
  /** Resolves to true when the line was added. */
  onWeighed(grams: number): Promise<boolean>;
  onClose(): void;
}

/** Goods sold by weight need one before they go on the sale: typed in kg, added in grams. */
export function WeightDialog({ product, onWeighed, onClose }: WeightDialogProps) {
  const store = useStore();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const parsed = text.trim() ? parseQuantity(text, 'kg') : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const weight = parseQuantity(text, 'kg');
    if (!weight.ok) return setMessage(weight.message);
    if (await onWeighed(weight.quantity)) onClose();
  }

  return (
    <Dialog title={`Weigh ${product.name}`} className="weight-dialog" onClose={onClose}>
      <form className="weight-form" onSubmit={(event) => void submit(event)}>
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
