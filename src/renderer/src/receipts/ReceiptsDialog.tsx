import { useEffect, useState, type FormEvent } from 'react';
import type { RecentSale, ReturnableSale, SaleVoid } from '../../../shared/domain.ts';
import { buildVoidReceipt } from '../../../shared/receipt.ts';
import { registerLabel } from '../../../shared/settings.ts';
import { invoke, whenAnswered } from '../api.ts';
import { useSession } from '../session/session.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { FormError, FormNote } from '../ui/FormLines.tsx';
import { PrinterIcon, ReturnIcon } from '../ui/icons.tsx';
import { ReasonField, reasonGiven } from '../ui/ReasonField.tsx';
import { useFailure } from '../ui/useFailure.ts';
import { useWedgeScanner } from '../ui/useWedgeScanner.ts';
import { Receipt, ReceiptPaper } from './Receipt.tsx';
import { ReceiptLookup } from './ReceiptLookup.tsx';
import { useReceiptLookup } from './useReceiptLookup.ts';

/** How many of this register's latest sales the list shows. */
const recentLimit = 30;

/**
 * Find a completed sale, picked from this register's latest sales or by its receipt (typed or scanned): see it
 * as recorded, print it again, take items back (Returns), or void it the same day with a manager's approval.
 */
export function ReceiptsDialog({ onClose }: { onClose: () => void }) {
  const store = useStore();
  const own = store.info.register;
  const session = useSession();
  const lookup = useReceiptLookup();
  const [voided, setVoided] = useState<SaleVoid | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { message, fail, clear, attempt } = useFailure();
  const recent = useRecentSales(fail);
  const found = lookup.found;
  useWedgeScanner(lookUp);

  function lookUp(code: string) {
    setVoided(null);
    setNotice(null);
    clear();
    lookup.lookUp(code);
  }

  const reprint = (saleId: string) =>
    attempt(async () => {
      const job = await invoke('receipt.reprint', { saleId });
      setNotice(
        job.status === 'failed'
          ? `The receipt is queued but did not print: ${job.lastError ?? 'check the printer'}.`
          : 'The receipt is printing.',
      );
    });

  return (
    <Dialog title="Receipts" className="receipts-dialog" onClose={onClose}>
      <ReceiptLookup code={lookup.code} onCode={lookup.setCode} busy={lookup.busy} onLookUp={lookUp} />
      <FormError message={lookup.message} testId="receipts-error" />
      <div className="receipts-browser">
        <RecentSales
          sales={recent.sales}
          selected={found?.sale.saleId ?? null}
          onPick={(sale) => lookUp(sale.receiptNumber)}
        />
        {found ? (
          <div className="receipt-layout">
            <div className="receipt-summary">
              <p className="receipt-summary-total">
                Total <strong>{store.money(found.sale.totals.totalMinor)}</strong>
              </p>
              <p className="muted">
                {store.dateTime(found.sale.completedAt)} · Register{' '}
                {registerLabel(found.sale.registerId, own)}
                {found.source === 'head-office' && ' · found through head office'}
              </p>
              <SaleState found={found} />
              {voided ? (
                <VoidResult voided={voided} />
              ) : (
                <div className="receipt-actions">
                  <button
                    type="button"
                    data-testid="receipt-return"
                    disabled={found.voided}
                    onClick={() => {
                      session.startReturn(found.sale.receiptNumber);
                      onClose();
                    }}
                  >
                    <ReturnIcon size={22} />
                    Return items
                  </button>
                  <button type="button" onClick={() => reprint(found.sale.saleId)}>
                    <PrinterIcon size={22} />
                    Print again
                  </button>
                  {!found.voided && found.source === 'local' && (
                    <PostVoidForm
                      saleId={found.sale.saleId}
                      onVoided={(result) => {
                        setVoided(result);
                        lookup.setFound({ ...found, voided: true });
                        recent.reload();
                      }}
                    />
                  )}
                </div>
              )}
              <FormNote message={notice} />
              <FormError message={message} />
            </div>
            {voided ? (
              <ReceiptPaper
                doc={buildVoidReceipt(voided, found.sale, store.info.settings, {
                  cashier: session.user.name,
                  register: own,
                })}
                testId="void-receipt"
              />
            ) : (
              <Receipt
                receipt={{ sale: found.sale, settings: store.info.settings, cashier: found.cashier }}
              />
            )}
          </div>
        ) : (
          <p className="muted receipts-hint">
            Pick a sale from the list, or type or scan the number on its receipt.
          </p>
        )}
      </div>
    </Dialog>
  );
}

/** This register's latest sales, newest first; `reload` after something changed one of them. */
function useRecentSales(fail: (error: unknown) => void) {
  const [sales, setSales] = useState<RecentSale[] | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(
    () => whenAnswered(invoke('sale.recent', { limit: recentLimit }), setSales, fail),
    [version, fail],
  );
  return { sales, reload: () => setVersion((v) => v + 1) };
}

function RecentSales({
  sales,
  selected,
  onPick,
}: {
  sales: RecentSale[] | null;
  selected: string | null;
  onPick: (sale: RecentSale) => void;
}) {
  const store = useStore();
  if (sales === null) return <div className="recent-sales" aria-busy="true" />;
  if (sales.length === 0) {
    return (
      <div className="recent-sales">
        <p className="muted">No sales on this register yet.</p>
      </div>
    );
  }
  return (
    <ul className="recent-sales" aria-label="Latest sales on this register" data-testid="recent-sales">
      {sales.map((sale) => (
        <li key={sale.saleId}>
          <button
            type="button"
            className="recent-sale"
            data-testid="recent-sale"
            data-receipt={sale.receiptNumber}
            aria-pressed={sale.saleId === selected}
            onClick={() => onPick(sale)}
          >
            <span className="recent-sale-line">
              <strong>{sale.receiptNumber}</strong>
              <span className="amount">{store.money(sale.totalMinor)}</span>
            </span>
            <span className="recent-sale-line muted">
              <span>
                {store.dateTime(sale.completedAt)}
                {sale.cashier && ` · ${sale.cashier}`}
              </span>
              {sale.voided ? (
                <span className="recent-sale-flag recent-sale-voided">Voided</span>
              ) : (
                sale.returned && <span className="recent-sale-flag">Returned</span>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function SaleState({ found }: { found: ReturnableSale }) {
  const returned = found.lines.reduce((sum, line) => sum + (line.returnedQuantity > 0 ? 1 : 0), 0);
  if (found.voided) {
    return (
      <p className="sale-state sale-state-voided" data-testid="sale-voided">
        This sale was voided.
      </p>
    );
  }
  if (returned > 0) {
    return (
      <p className="sale-state" data-testid="sale-returned">
        Items from {returned} {returned === 1 ? 'line were' : 'lines were'} returned already.
      </p>
    );
  }
  return null;
}

/** Post-void: the whole sale is reversed by new records (stock back, payments back); needs a reason. */
function PostVoidForm({ saleId, onVoided }: { saleId: string; onVoided: (result: SaleVoid) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { message, busy, attempt, clearing } = useFailure();

  function submit(event: FormEvent) {
    event.preventDefault();
    attempt(async () => onVoided(await invoke('sale.postVoid', { saleId, reason })));
  }

  if (!open) {
    return (
      <button type="button" className="danger" data-testid="post-void-open" onClick={() => setOpen(true)}>
        Void this sale…
      </button>
    );
  }
  return (
    <form className="dialog-form post-void" onSubmit={submit}>
      <ReasonField
        label="Why is the sale voided?"
        testId="post-void-reason"
        maxLength={100}
        autoFocus
        value={reason}
        onChange={clearing(setReason)}
      />
      <FormError message={message} />
      <div className="form-actions">
        <button type="button" onClick={() => setOpen(false)}>
          Keep the sale
        </button>
        <button
          type="submit"
          className="danger-solid"
          data-testid="post-void-confirm"
          disabled={busy || !reasonGiven(reason)}
        >
          Void sale
        </button>
      </div>
    </form>
  );
}

function VoidResult({ voided }: { voided: SaleVoid }) {
  const store = useStore();
  return (
    <div className="result-box" role="status" data-testid="void-result">
      <p>
        <strong>Sale voided</strong> · receipt {voided.receiptNumber}
      </p>
      <p>
        Give back:{' '}
        {voided.refunds
          .map(
            (refund) =>
              `${store.money(refund.amountMinor)} ${refund.kind === 'cash' ? 'in cash' : 'to the card'}`,
          )
          .join(', ')}
        .
      </p>
      <p className="muted">The items are back in stock.</p>
    </div>
  );
}
