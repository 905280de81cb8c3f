import type { ReturnResult } from '../../../shared/domain.ts';
import { buildReturnReceipt } from '../../../shared/receipt.ts';
import { Receipt, ReceiptPaper } from '../receipts/Receipt.tsx';
import { useSession } from '../session/session.ts';
import { useStore } from '../store.ts';
import { CheckIcon, PrinterIcon } from '../ui/icons.tsx';

/**
 * The return is recorded: what to hand back and how, its receipt (printed on the receipt printer as it
 * committed), and for an exchange the new sale's receipt.
 */
export function ReturnDone({ result, onNext }: { result: ReturnResult; onNext: () => void }) {
  const store = useStore();
  const { user } = useSession();
  const done = result.return;
  const { settings } = store.info;
  const cash = done.refunds.find((refund) => refund.kind === 'cash');
  const card = done.refunds.find((refund) => refund.kind === 'card');
  return (
    <main className="return-done" data-testid="return-done">
      <section className="return-done-summary">
        <h1>{result.exchangeSale ? 'Exchange complete' : 'Return complete'}</h1>
        <p className="muted">
          Return receipt <strong data-testid="return-done-number">{done.receiptNumber}</strong>
          {done.original && ` · for receipt ${done.original.receiptNumber}`}
        </p>
        {cash && (
          <p className="amount-bar refund-big refund-cash" data-testid="refund-cash">
            Give back in cash <strong>{store.money(cash.amountMinor)}</strong>
          </p>
        )}
        {card && (
          <p className="amount-bar refund-big" data-testid="refund-card">
            Back to the card <strong>{store.money(card.amountMinor)}</strong>
          </p>
        )}
        {done.exchange && (
          <p data-testid="exchange-done">
            New items paid with the returned goods: {store.money(done.exchange.creditMinor)} (sale{' '}
            {done.exchange.receiptNumber}).
          </p>
        )}
        {done.roundingMinor !== 0 && (
          <p className="muted">Cash rounding {store.money(done.roundingMinor)}.</p>
        )}
        <p className="muted">
          {done.lines.filter((line) => line.disposition === 'sellable').length > 0 &&
            'Sellable items are back in stock. '}
          {done.lines.some((line) => line.disposition === 'damaged') &&
            'Damaged items are booked as damaged.'}
        </p>
        <div className="receipt-actions">
          <button type="button" onClick={() => window.print()}>
            <PrinterIcon size={22} />
            {result.exchangeSale ? 'Print both receipts' : 'Print the receipt'}
          </button>
          <button type="button" className="primary" data-testid="return-next" autoFocus onClick={onNext}>
            <CheckIcon size={22} />
            Next customer
          </button>
        </div>
      </section>
      <div className="receipt-stack">
        <ReceiptPaper
          doc={buildReturnReceipt(done, settings, { cashier: user.name, register: store.info.register })}
          testId="return-receipt"
        />
        {result.exchangeSale && (
          <Receipt receipt={{ sale: result.exchangeSale, settings, cashier: user.name }} />
        )}
      </div>
    </main>
  );
}
