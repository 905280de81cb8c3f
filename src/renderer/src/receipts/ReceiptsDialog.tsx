import { useEffect, useState, type FormEvent } from 'react';
import type {
  RecentReturn,
  RecentSale,
  ReturnableSale,
  ReturnReceipt,
  SaleVoid,
} from '../../../shared/domain.ts';
import { buildReturnReceipt, buildVoidReceipt } from '../../../shared/receipt.ts';
import { registerLabel } from '../../../shared/settings.ts';
import { invoke, whenAnswered } from '../api.ts';
import { useSession } from '../session/session.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { FormError, FormNote } from '../ui/FormLines.tsx';
import { PrinterIcon, ReceiptIcon, ReturnIcon } from '../ui/icons.tsx';
import { givenReason, ReasonField } from '../ui/ReasonField.tsx';
import { useFailure } from '../ui/useFailure.ts';
import { useWedgeScanner } from '../ui/useWedgeScanner.ts';
import { Receipt, ReceiptPaper } from './Receipt.tsx';
import { ReceiptLookup } from './ReceiptLookup.tsx';
import { useReceiptLookup } from './useReceiptLookup.ts';

/** How many of this register's latest sales, and of its latest returns, the list shows. */
const recentLimit = 30;

/**
 * Find a completed sale, picked from this register's latest sales or by its receipt (typed or scanned): see it
 * as recorded, print it again, take items back (Returns), or void it the same day with a manager's approval.
 * A return's receipt is found the same ways, and shown as recorded.
 */
export function ReceiptsDialog({ onClose }: { onClose: () => void }) {
  const store = useStore();
  const own = store.info.register;
  const session = useSession();
  const lookup = useReceiptLookup();
  const [voided, setVoided] = useState<SaleVoid | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [returned, setReturned] = useState<ReturnReceipt | null>(null);
  const { message, fail, clear, attempt } = useFailure();
  const recent = useRecentReceipts(fail);
  const found = returned ? null : lookup.found;
  useWedgeScanner(lookUp);

  /** A return's receipt number shows that return; any other is looked up as a sale's. */
  function lookUp(code: string) {
    setVoided(null);
    setNotice(null);
    clear();
    lookup.setCode(code);
    invoke('return.receipt', { code })
      .then((receipt) => {
        setReturned(receipt);
        if (!receipt) lookup.lookUp(code);
      })
      .catch(fail);
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
        <RecentReceipts
          receipts={recent.receipts}
          selected={returned?.return.receiptNumber ?? found?.sale.receiptNumber ?? null}
          onPick={lookUp}
        />
        {returned ? (
          <ReturnView receipt={returned} onOriginal={lookUp} />
        ) : found ? (
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
            Pick a sale or a return from the list, or type or scan the number on its receipt.
          </p>
        )}
      </div>
    </Dialog>
  );
}

/** A sale or a return of this register, for the list. */
type RecentReceipt = { kind: 'sale'; sale: RecentSale } | { kind: 'return'; ret: RecentReturn };

const completedAt = (receipt: RecentReceipt) =>
  receipt.kind === 'sale' ? receipt.sale.completedAt : receipt.ret.completedAt;

/** This register's latest sales and returns, newest first; `reload` after something changed one of them. */
function useRecentReceipts(fail: (error: unknown) => void) {
  const [receipts, setReceipts] = useState<RecentReceipt[] | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(
    () =>
      whenAnswered(
        Promise.all([
          invoke('sale.recent', { limit: recentLimit }),
          invoke('return.recent', { limit: recentLimit }),
        ]),
        ([sales, returns]) =>
          setReceipts(
            [
              ...sales.map((sale): RecentReceipt => ({ kind: 'sale', sale })),
              ...returns.map((ret): RecentReceipt => ({ kind: 'return', ret })),
            ].sort((a, b) => completedAt(b).localeCompare(completedAt(a))),
          ),
        fail,
      ),
    [version, fail],
  );
  return { receipts, reload: () => setVersion((v) => v + 1) };
}

function RecentReceipts({
  receipts,
  selected,
  onPick,
}: {
  receipts: RecentReceipt[] | null;
  /** The receipt number shown on the right. */
  selected: string | null;
  onPick: (receiptNumber: string) => void;
}) {
  const store = useStore();
  if (receipts === null) return <div className="recent-sales" aria-busy="true" />;
  if (receipts.length === 0) {
    return (
      <div className="recent-sales">
        <p className="muted">No sales on this register yet.</p>
      </div>
    );
  }
  return (
    <ul
      className="recent-sales"
      aria-label="Latest sales and returns on this register"
      data-testid="recent-sales"
    >
      {receipts.map((receipt) => {
        const { receiptNumber, cashier } = receipt.kind === 'sale' ? receipt.sale : receipt.ret;
        return (
          <li key={receiptNumber}>
            <button
              type="button"
              className="recent-sale"
              data-testid={receipt.kind === 'sale' ? 'recent-sale' : 'recent-return'}
              data-receipt={receiptNumber}
              aria-pressed={receiptNumber === selected}
              onClick={() => onPick(receiptNumber)}
            >
              <span className="recent-sale-line">
                <strong>{receiptNumber}</strong>
                <span className="amount">
                  {receipt.kind === 'sale'
                    ? store.money(receipt.sale.totalMinor)
                    : store.money(-receipt.ret.totalMinor)}
                </span>
              </span>
              <span className="recent-sale-line muted">
                <span>
                  {store.dateTime(completedAt(receipt))}
                  {cashier && ` · ${cashier}`}
                </span>
                {receipt.kind === 'return' ? (
                  <span className="recent-sale-flag recent-sale-return">Return</span>
                ) : receipt.sale.voided ? (
                  <span className="recent-sale-flag recent-sale-voided">Voided</span>
                ) : (
                  receipt.sale.returned && <span className="recent-sale-flag">Returned</span>
                )}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** A return's receipt as recorded, with the sale it was for a tap away. */
function ReturnView({
  receipt,
  onOriginal,
}: {
  receipt: ReturnReceipt;
  onOriginal: (receiptNumber: string) => void;
}) {
  const store = useStore();
  const ret = receipt.return;
  const { original } = ret;
  const own = store.info.register;
  return (
    <div className="receipt-layout">
      <div className="receipt-summary">
        <p className="receipt-summary-total">
          Return <strong>{store.money(-ret.totals.totalMinor)}</strong>
        </p>
        <p className="muted">
          {store.dateTime(ret.completedAt)} · Register {registerLabel(ret.registerId, own)}
          {!original && ' · without receipt'}
        </p>
        <div className="receipt-actions">
          {original && (
            <button
              type="button"
              data-testid="return-original"
              onClick={() => onOriginal(original.receiptNumber)}
            >
              <ReceiptIcon size={22} />
              The sale, {original.receiptNumber}
            </button>
          )}
          <button type="button" onClick={() => window.print()}>
            <PrinterIcon size={22} />
            Print again
          </button>
        </div>
      </div>
      <ReceiptPaper
        doc={buildReturnReceipt(ret, receipt.settings, { cashier: receipt.cashier, register: own })}
        testId="return-receipt"
      />
    </div>
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
    attempt(async () =>
      onVoided(await invoke('sale.postVoid', { saleId, reason: givenReason(reason, 'voiding the sale') })),
    );
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
        <button type="submit" className="danger-solid" data-testid="post-void-confirm" disabled={busy}>
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
