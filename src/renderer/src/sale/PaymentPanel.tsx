import type { ReactNode } from 'react';
import type { OpenSale, Tender, TenderKind } from '../../../shared/domain.ts';
import { useStore } from '../store.ts';
import { CardIcon, CashIcon, CheckIcon, CloseIcon } from '../ui/icons.tsx';

interface PaymentPanelProps {
  sale: OpenSale;
  completing: boolean;
  /** The cash panel is open (passed as children): its own button takes the cash. */
  cashOpen: boolean;
  onCash: () => void;
  onCard: () => void;
  onRemoveTender: (tender: Tender) => void;
  onComplete: () => void;
  /** The cash panel, when open. */
  children?: ReactNode;
}

export function PaymentPanel({
  sale,
  completing,
  cashOpen,
  onCash,
  onCard,
  onRemoveTender,
  onComplete,
  children,
}: PaymentPanelProps) {
  const store = useStore();
  const hasLines = sale.lines.length > 0;
  const paidInFull = hasLines && sale.dueMinor === 0;
  const tookCash = sale.tenders.some((tender) => tender.kind === 'cash');
  const canPay = hasLines && !paidInFull;
  // Main decides whether the sale can be completed; pressing anyway says what is left to do.
  const notYet = sale.canComplete === true ? null : sale.canComplete.reason;
  return (
    <section className="payment" aria-label="Payment">
      <div className="payment-body">
        <div className={`due ${paidInFull ? 'due-paid' : ''}`}>
          <span>{paidInFull ? 'Paid in full' : 'Due'}</span>
          {/* Exact, as a card is charged; the cash panel shows the cash figure, rounded to the smallest coin. */}
          <span data-testid="due">{store.money(sale.cardDueMinor)}</span>
        </div>
        {sale.tenders.length > 0 && (
          <ul className="tenders" aria-label="Payments taken">
            {sale.tenders.map((tender) => (
              <li key={tender.tenderId} className="tender-line" data-testid="tender-line">
                {tender.kind === 'cash' ? <CashIcon /> : <CardIcon />}
                <span className="tender-kind">{tender.kind === 'cash' ? 'Cash' : 'Card (terminal)'}</span>
                <span className="tender-amount">{store.money(tender.amountMinor)}</span>
                <button
                  type="button"
                  className="icon-button"
                  data-testid="tender-remove"
                  aria-label={`Remove ${tender.kind} payment of ${store.money(tender.amountMinor)}`}
                  onClick={() => onRemoveTender(tender)}
                >
                  <CloseIcon size={18} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {paidInFull && tookCash && (
          <div className="change">
            <span>Change</span>
            <span data-testid="change-due">{store.money(sale.changeMinor)}</span>
          </div>
        )}
        {children}
      </div>
      <div className={`pay-actions ${cashOpen ? 'pay-actions-compact' : ''}`}>
        {!cashOpen && <PayButton kind="cash" disabled={!canPay} onClick={onCash} />}
        <PayButton kind="card" disabled={!canPay} onClick={onCard} />
        <button
          type="button"
          className={`complete-button ${notYet === null ? 'primary' : ''}`}
          data-testid="complete-sale"
          title={notYet ?? undefined}
          disabled={!hasLines || completing}
          onClick={onComplete}
        >
          <CheckIcon size={24} />
          {completing ? 'Completing…' : 'Complete sale'} <kbd>F12</kbd>
        </button>
      </div>
    </section>
  );
}

const payButtons = {
  cash: { label: 'Cash', hotkey: 'F4', Icon: CashIcon },
  card: { label: 'Card', hotkey: 'F8', Icon: CardIcon },
};

function PayButton({
  kind,
  disabled,
  onClick,
}: {
  kind: TenderKind;
  disabled: boolean;
  onClick: () => void;
}) {
  const { label, hotkey, Icon } = payButtons[kind];
  return (
    <button
      type="button"
      className="pay-button"
      data-testid={`pay-${kind}`}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon size={24} />
      {label} <kbd>{hotkey}</kbd>
    </button>
  );
}
