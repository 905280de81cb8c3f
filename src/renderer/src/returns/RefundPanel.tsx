import type { ReturnQuote, TenderKind } from '../../../shared/domain.ts';
import { permissionLabels } from '../../../shared/permissions.ts';
import { useStore } from '../store.ts';
import { FormError } from '../ui/FormLines.tsx';
import { CardIcon, CashIcon, CheckIcon } from '../ui/icons.tsx';
import { ReasonField, reasonGiven } from '../ui/ReasonField.tsx';
import { Segmented } from '../ui/Segmented.tsx';

interface RefundPanelProps {
  quote: ReturnQuote | null;
  quoteError: string | null;
  /** Something is chosen to come back. */
  ready: boolean;
  needsReason: boolean;
  reason: string;
  onReason: (reason: string) => void;
  /** A return with receipt may refund to the original tenders or all in cash. */
  canChooseRefund: boolean;
  refundTo: 'original' | 'cash';
  onRefundTo: (refundTo: 'original' | 'cash') => void;
  payWith: TenderKind;
  onPayWith: (kind: TenderKind) => void;
  onComplete: () => void;
  onCancel: () => void;
}

const tenderWords: Record<TenderKind, string> = { cash: 'In cash', card: 'Back to the card' };

/** The right-hand column of Returns: what comes back, the exchange, the refund or balance due, and Complete. */
export function RefundPanel(props: RefundPanelProps) {
  const store = useStore();
  const { quote, quoteError, ready, needsReason, reason } = props;
  const refund = quote?.refundMinor ?? 0;
  const due = quote?.balanceDueMinor ?? 0;
  const missingReason = needsReason && !reasonGiven(reason);

  return (
    <>
      <section className="totals" aria-label="Return totals" data-testid="return-totals">
        {!ready ? (
          <p className="muted">Choose what comes back: how many of each item.</p>
        ) : quoteError ? (
          <FormError message={quoteError} testId="return-quote-error" />
        ) : !quote ? (
          <p className="muted">Working out the refund…</p>
        ) : (
          <>
            <div className="totals-row">
              <span>
                Coming back ({quote.lines.length} {quote.lines.length === 1 ? 'line' : 'lines'})
              </span>
              <span data-testid="return-value">{store.money(quote.totals.totalMinor)}</span>
            </div>
            {quote.totals.taxes.map((tax) => (
              <div className="totals-row totals-rate" key={tax.code}>
                <span>
                  {quote.totals.pricesIncludeTax ? 'incl.' : '+'} {tax.name}
                </span>
                <span>{store.money(tax.taxMinor)}</span>
              </div>
            ))}
            {quote.exchange && (
              <>
                <div className="totals-row">
                  <span>New items</span>
                  <span data-testid="exchange-total">{store.money(quote.exchange.saleTotalMinor)}</span>
                </div>
                <div className="totals-row totals-tax">
                  <span>Paid with the returned goods</span>
                  <span>{store.money(quote.exchange.creditMinor)}</span>
                </div>
              </>
            )}
            {quote.roundingMinor !== 0 && (
              <div className="totals-row totals-tax">
                <span>Cash rounding</span>
                <span>{store.money(quote.roundingMinor)}</span>
              </div>
            )}
          </>
        )}
      </section>
      <section className="payment" aria-label="Refund">
        <div className="payment-body">
          {quote && (
            <div
              className={`due ${due > 0 ? '' : 'due-paid'}`}
              data-testid={due > 0 ? 'balance-due' : 'refund-due'}
            >
              <span>{due > 0 ? 'Customer pays' : refund > 0 ? 'Refund' : 'Even exchange'}</span>
              <span data-testid="return-amount">{store.money(due > 0 ? due : refund)}</span>
            </div>
          )}
          {quote && quote.refunds.length > 0 && (
            <ul className="tenders" aria-label="Refund to">
              {quote.refunds.map((refundTo) => (
                <li
                  key={refundTo.kind}
                  className="tender-line"
                  data-testid="refund-line"
                  data-kind={refundTo.kind}
                >
                  {refundTo.kind === 'cash' ? <CashIcon /> : <CardIcon />}
                  <span className="tender-kind">{tenderWords[refundTo.kind]}</span>
                  <span className="tender-amount">{store.money(refundTo.amountMinor)}</span>
                </li>
              ))}
            </ul>
          )}
          {quote && props.canChooseRefund && refund > 0 && (
            <Segmented
              label="Refund to"
              testId="refund-all"
              value={props.refundTo}
              onChange={props.onRefundTo}
              options={[
                { value: 'original', label: 'The way they paid' },
                { value: 'cash', label: 'All in cash' },
              ]}
            />
          )}
          {due > 0 && (
            <Segmented
              label="Customer pays with"
              testId="pay-balance"
              value={props.payWith}
              onChange={props.onPayWith}
              options={[
                {
                  value: 'cash',
                  label: (
                    <>
                      <CashIcon /> Cash
                    </>
                  ),
                },
                {
                  value: 'card',
                  label: (
                    <>
                      <CardIcon /> Card
                    </>
                  ),
                },
              ]}
            />
          )}
          <ReasonField
            label={needsReason ? 'Reason (needed without a receipt)' : 'Reason (optional)'}
            testId="return-reason"
            maxLength={100}
            invalid={missingReason && ready}
            placeholder="e.g. faulty, wrong size, changed mind"
            value={reason}
            onChange={props.onReason}
          />
          {quote && quote.approvalsNeeded.length > 0 && (
            <p className="approval-what" data-testid="approvals-needed">
              Needs a manager’s approval to{' '}
              {quote.approvalsNeeded.map((action) => permissionLabels[action]).join(' and ')}.
            </p>
          )}
        </div>
        <div className="pay-actions">
          <button type="button" className="pay-button" data-testid="return-cancel" onClick={props.onCancel}>
            Start over
          </button>
          <button
            type="button"
            className="complete-button primary"
            data-testid="return-complete"
            disabled={!quote}
            onClick={props.onComplete}
          >
            <CheckIcon size={24} />
            {!quote
              ? 'Complete return'
              : due > 0
                ? `Take ${store.money(due)}`
                : refund > 0
                  ? `Refund ${store.money(refund)}`
                  : 'Complete exchange'}
          </button>
        </div>
      </section>
    </>
  );
}
