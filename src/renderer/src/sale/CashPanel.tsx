import { parseMoney } from '../../../shared/money.ts';
import { quickCashAmounts } from '../../../shared/tender.ts';
import { useStore } from '../store.ts';
import { CloseIcon } from '../ui/icons.tsx';
import { onKeys } from '../ui/useHotkeys.ts';

interface CashPanelProps {
  dueMinor: number;
  amountText: string;
  onAmountText: (text: string) => void;
  /** Take the typed amount (or the exact amount due when the field is empty). */
  onConfirm: () => void;
  onQuickCash: (amountMinor: number) => void;
  onClose: () => void;
}

/** Cash received: one tap on a quick-cash amount, or type what the customer handed over. */
export function CashPanel({
  dueMinor,
  amountText,
  onAmountText,
  onConfirm,
  onQuickCash,
  onClose,
}: CashPanelProps) {
  const store = useStore();
  const digits = store.info.currencyDigits;
  const typed = amountText.trim() ? parseMoney(amountText, digits, store.info.settings.locale) : null;
  const changePreview = typed !== null && typed > dueMinor ? typed - dueMinor : null;

  return (
    <div className="cash-panel" role="group" aria-label="Cash payment">
      <div className="cash-panel-head">
        <h3>Cash received</h3>
        <button type="button" className="icon-button" aria-label="Close cash payment" onClick={onClose}>
          <CloseIcon />
        </button>
      </div>
      <div className="quick-cash">
        {quickCashAmounts(dueMinor, digits).map((amount) => (
          <button type="button" key={amount} data-testid="quick-cash" onClick={() => onQuickCash(amount)}>
            {store.money(amount)}
          </button>
        ))}
      </div>
      <div className="cash-entry">
        <input
          data-testid="cash-amount"
          aria-label="Cash received"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          placeholder={store.money(dueMinor)}
          value={amountText}
          onChange={(event) => onAmountText(event.target.value)}
          onKeyDown={onKeys({ Enter: onConfirm, Escape: onClose })}
        />
        <button type="button" className="primary" data-testid="cash-confirm" onClick={onConfirm}>
          Take cash
        </button>
      </div>
      <p className="cash-hint">
        {changePreview !== null
          ? `Change to give: ${store.money(changePreview)}`
          : 'Empty = exact amount · F8 = typed amount on card'}
      </p>
    </div>
  );
}
