import { useState } from 'react';
import type { Unit } from '../../../shared/domain.ts';
import { parseMoney } from '../../../shared/money.ts';
import { quantityText } from '../../../shared/quantity.ts';
import { StepButton } from '../ui/StepButton.tsx';
import { onKeys } from '../ui/useHotkeys.ts';

interface ReturnQuantityProps {
  name: string;
  unit: Unit;
  quantity: number;
  /** The most that may come back; null when there is no limit (a return without receipt). */
  max: number | null;
  onQuantity: (quantity: number) => void;
}

/** How much of an item comes back: − and + for pieces, typed kilograms for weighed goods. 0 is "none". */
export function ReturnQuantity({ name, unit, quantity, max, onQuantity }: ReturnQuantityProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const clamp = (value: number) => Math.max(0, max === null ? value : Math.min(max, value));

  function commit() {
    if (draft === null) return;
    setDraft(null);
    const parsed = parseMoney(draft, unit === 'kg' ? 3 : 0);
    if (parsed !== null) onQuantity(clamp(parsed));
  }

  return (
    <div className="line-qty">
      {unit === 'each' && (
        <StepButton
          step="less"
          label={`One less ${name} back`}
          disabled={quantity === 0}
          onClick={() => onQuantity(clamp(quantity - 1))}
        />
      )}
      <input
        className={`qty-input ${unit === 'kg' ? 'qty-input-weight' : ''}`}
        data-testid="return-qty"
        aria-label={`Quantity of ${name} coming back${unit === 'kg' ? ' in kg' : ''}`}
        inputMode={unit === 'kg' ? 'decimal' : 'numeric'}
        autoComplete="off"
        value={draft ?? quantityText(quantity, unit)}
        onFocus={(event) => event.target.select()}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={onKeys({ Enter: commit })}
      />
      {unit === 'kg' && <span className="qty-unit">kg</span>}
      {unit === 'each' && (
        <StepButton
          step="more"
          label={`One more ${name} back`}
          testId="return-qty-plus"
          disabled={max !== null && quantity >= max}
          onClick={() => onQuantity(clamp(quantity + 1))}
        />
      )}
    </div>
  );
}
