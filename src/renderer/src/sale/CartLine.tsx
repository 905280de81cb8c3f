import { useState } from 'react';
import { describeDiscount } from '../../../shared/discount.ts';
import type { SaleLine, StockWarning } from '../../../shared/domain.ts';
import { parseQuantity, quantityText } from '../../../shared/quantity.ts';
import { toCounterError } from '../api.ts';
import { useStore } from '../store.ts';
import { TagIcon, TrashIcon } from '../ui/icons.tsx';
import { StepButton } from '../ui/StepButton.tsx';
import { onKeys } from '../ui/useHotkeys.ts';

interface CartLineProps {
  line: SaleLine;
  pricesIncludeTax: boolean;
  warning: StockWarning | undefined;
  onSetQuantity: (lineId: string, quantity: number) => Promise<boolean>;
  /** + or −: one more or one less than the sale holds when main gets to it. */
  onStepQuantity: (lineId: string, step: 1 | -1) => Promise<boolean>;
  onRemove: (lineId: string) => void;
  /** Discount or price override for this line. */
  onAdjust: (line: SaleLine) => void;
  /** A quantity that is not one: shown on the line and reported like any other problem. */
  onInvalidQuantity: (line: SaleLine, message: string) => void;
}

export function CartLine({
  line,
  pricesIncludeTax,
  warning,
  onSetQuantity,
  onStepQuantity,
  onRemove,
  onAdjust,
  onInvalidQuantity,
}: CartLineProps) {
  const store = useStore();
  // What the cashier is typing, and what the field showed before; null shows the sale's own quantity.
  const [draft, setDraft] = useState<{ text: string; before: string } | null>(null);
  const saleText = quantityText(line.quantity, line.unit);
  const [message, setMessage] = useState<string | null>(null);
  const weighed = line.unit === 'kg';

  /** The screen reports a refused change (and resolves false); should the call fail all the same, the line says so. */
  function showOutcome(change: Promise<boolean>) {
    change.then(
      (changed) => {
        if (changed) setMessage(null);
      },
      (error: unknown) => setMessage(toCounterError(error).message),
    );
  }

  function commit() {
    if (draft === null) return;
    setDraft(null);
    const parsed = parseQuantity(draft.text, line.unit);
    if (!parsed.ok) {
      setMessage(parsed.message);
      onInvalidQuantity(line, parsed.message);
    } else if (parsed.quantity !== line.quantity) {
      showOutcome(onSetQuantity(line.lineId, parsed.quantity));
    }
  }

  const onKeyDown = onKeys({
    Enter: commit,
    Escape: () => {
      setDraft(null);
      setMessage(null);
    },
  });

  return (
    <li
      className={`cart-line ${message ? 'cart-line-invalid' : ''}`}
      data-testid="cart-line"
      data-sku={line.sku}
    >
      <div className="line-item">
        <span className="line-name">{line.name}</span>
        <span className="line-sku">{line.sku}</span>
        {warning && (
          <span className="stock-warning" data-testid="stock-warning">
            Stock here will be {store.quantity(warning.onHandAfter, line.unit)} after this sale: check the
            shelf count.
          </span>
        )}
        {line.priceOverride && (
          <span className="line-adjustment" data-testid="line-override">
            Price changed from {store.money(line.priceOverride.catalogPriceMinor)}:{' '}
            {line.priceOverride.reason}
          </span>
        )}
        {line.discount && (
          <span className="line-adjustment" data-testid="line-discount">
            {describeDiscount(line.discount.discount, store.money)} off: {line.discount.reason} −
            {store.money(line.discount.amountMinor)}
          </span>
        )}
        {message && (
          <span className="line-message" role="alert">
            {message}
          </span>
        )}
      </div>
      <div className="line-qty">
        {!weighed && (
          <StepButton
            step="less"
            label={`One less ${line.name}`}
            testId="line-qty-minus"
            disabled={line.quantity <= 1}
            onClick={() => showOutcome(onStepQuantity(line.lineId, -1))}
          />
        )}
        <input
          className={`qty-input ${weighed ? 'qty-input-weight' : ''}`}
          data-testid="line-qty"
          aria-label={`Quantity of ${line.name}${weighed ? ' in kg' : ''}`}
          aria-invalid={message !== null}
          inputMode={weighed ? 'decimal' : 'numeric'}
          autoComplete="off"
          value={draft?.text ?? saleText}
          onChange={(event) => {
            // Text back to what the field showed before is no change: a scan's keys taken back out of the
            // field, say, must not bring that quantity back over the one the scan made.
            const typed = event.target.value;
            const before = draft?.before ?? saleText;
            setDraft(typed === before ? null : { text: typed, before });
            setMessage(null);
          }}
          onFocus={(event) => event.target.select()}
          onKeyDown={onKeyDown}
          onBlur={commit}
        />
        {weighed && <span className="qty-unit">kg</span>}
        {!weighed && (
          <StepButton
            step="more"
            label={`One more ${line.name}`}
            testId="line-qty-plus"
            onClick={() => showOutcome(onStepQuantity(line.lineId, 1))}
          />
        )}
      </div>
      <div className="line-price">
        {store.money(line.unitPriceMinor)}
        {weighed && <small> / kg</small>}
      </div>
      <div className="line-amount">
        <span data-testid="line-total">
          {store.money(line.amountMinor - (line.discount?.amountMinor ?? 0))}
        </span>
        <small className="line-tax" data-testid="line-tax">
          {pricesIncludeTax ? 'incl. tax ' : '+ tax '}
          {store.money(line.taxMinor)}
        </small>
      </div>
      <div className="line-buttons">
        <button
          type="button"
          className="icon-button line-adjust"
          data-testid="line-adjust"
          aria-label={`Discount or price for ${line.name}`}
          onClick={() => onAdjust(line)}
        >
          <TagIcon />
        </button>
        <button
          type="button"
          className="icon-button line-remove"
          data-testid="line-remove"
          aria-label={`Remove ${line.name}`}
          onClick={() => onRemove(line.lineId)}
        >
          <TrashIcon />
        </button>
      </div>
    </li>
  );
}
