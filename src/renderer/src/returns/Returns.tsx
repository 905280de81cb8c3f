import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { Input } from '../../../shared/contract.ts';
import type {
  OpenSale,
  ProductHit,
  ReturnQuote,
  ReturnResult,
  ReturnableSale,
  TenderKind,
} from '../../../shared/domain.ts';
import type { Customer } from '../../../shared/customers.ts';
import { CounterError, type ErrorCode } from '../../../shared/errors.ts';
import { isReceiptCode } from '../../../shared/returns.ts';
import { roundCash } from '../../../shared/tender.ts';
import { invoke, subscribe, toCounterError, whenAnswered } from '../api.ts';
import { CustomerDialog } from '../customers/CustomerDialog.tsx';
import { useHardwareScans } from '../devices/useHardwareScans.ts';
import { ReceiptLookup } from '../receipts/ReceiptLookup.tsx';
import { useReceiptLookup } from '../receipts/useReceiptLookup.ts';
import { useOpenSale } from '../sale/useOpenSale.ts';
import { Header, ToolButton } from '../session/Header.tsx';
import { useSession } from '../session/session.ts';
import { useStore } from '../store.ts';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { givenReason } from '../ui/ReasonField.tsx';
import { ReceiptIcon, UserIcon } from '../ui/icons.tsx';
import { useHotkeys } from '../ui/useHotkeys.ts';
import { useProblem } from '../ui/useProblem.ts';
import { useWedgeScanner } from '../ui/useWedgeScanner.ts';
import { ExchangeItems } from './ExchangeItems.tsx';
import { RefundPanel } from './RefundPanel.tsx';
import { ReturnDone } from './ReturnDone.tsx';
import { NoReceiptItems, ReceiptLines, type LinePick, type NoReceiptItem } from './ReturnLines.tsx';

type ReturnRequest = Input<'return.quote'>;

/** Lookup failures that mean "this register cannot check the receipt now", not "there is no such receipt". */
const cannotVerify = new Set<ErrorCode>(['HEAD_OFFICE_UNREACHABLE', 'UNAVAILABLE']);

/**
 * Returns and exchanges. With a receipt (typed or scanned): its lines with what is still returnable, how many
 * come back and where each goes. Without one: items from the catalog, a reason and a manager's approval.
 * Exchange: the open sale's items go out in the same document; the screen shows the balance due or the refund
 * as main quotes it.
 */
export function Returns({ covered }: { covered: boolean }) {
  const store = useStore();
  const session = useSession();
  const { problem, report, dismiss } = useProblem();
  const [sale, setSale] = useOpenSale(report);
  const lookup = useReceiptLookup();
  const [noReceipt, setNoReceipt] = useState(false);
  const [picks, setPicks] = useState<Record<string, LinePick>>({});
  const [items, setItems] = useState<NoReceiptItem[]>([]);
  const [reason, setReason] = useState('');
  const [exchange, setExchange] = useState(false);
  const [refundTo, setRefundTo] = useState<'original' | 'cash'>('original');
  const [payWith, setPayWith] = useState<TenderKind>('cash');
  const [done, setDone] = useState<ReturnResult | null>(null);
  // The customer handed over with a receipt, until someone chooses another (or none) for this return.
  const handedOver = session.pendingReturn;
  const [chosen, setChosen] = useState<{ over: typeof handedOver; customer: Customer | null } | null>(null);
  const customer = chosen?.over === handedOver ? chosen.customer : (handedOver?.customer ?? null);
  const setCustomer = (picked: Customer | null) => setChosen({ over: handedOver, customer: picked });
  const [choosingCustomer, setChoosingCustomer] = useState(false);
  const exchangeSearchRef = useRef<HTMLInputElement>(null);
  const found = noReceipt ? null : lookup.found;

  useEffect(() => subscribe('scan.rejected', ({ error }) => report(CounterError.from(error))), [report]);

  const request = buildRequest({
    found,
    noReceipt,
    picks,
    items,
    reason,
    exchange,
    refundTo,
    customerId: customer?.customerId,
  });
  const { quote, quoteError } = useQuote(request, sale);

  function startOver() {
    lookup.reset();
    setNoReceipt(false);
    setPicks({});
    setItems([]);
    setReason('');
    setExchange(false);
    setRefundTo('original');
    setDone(null);
    setCustomer(null);
    dismiss();
  }

  function takeWithoutReceipt() {
    lookup.reset();
    setPicks({});
    setNoReceipt(true);
  }

  /** A product for the no-receipt list, from the search or a scan; adds one more if it is there already. */
  function addReturnItem(product: ProductHit) {
    setItems((current) => {
      const existing = current.find((item) => item.product.id === product.id);
      if (existing && product.unit === 'each') {
        return current.map((item) => (item === existing ? { ...item, quantity: item.quantity + 1 } : item));
      }
      if (existing) return current;
      return [...current, { product, quantity: product.unit === 'kg' ? 0 : 1, disposition: 'sellable' }];
    });
  }

  /** A scanned or typed code of an item coming back without receipt. */
  async function addReturnCode(code: string): Promise<boolean> {
    try {
      addReturnItem(await findProduct(code));
      return true;
    } catch (error) {
      report(error);
      return false;
    }
  }

  /** New items of an exchange go on the open sale, as at the checkout. */
  async function changeSale(action: () => Promise<OpenSale>): Promise<boolean> {
    dismiss();
    try {
      setSale(await action());
      return true;
    } catch (error) {
      report(error);
      return false;
    }
  }

  function complete() {
    if (!request || !quote) return;
    dismiss();
    const due = quote.balanceDueMinor;
    // Cash is paid to the store's smallest coin; main rounds the sale's cash part the same way.
    const amountMinor = payWith === 'cash' ? roundCash(due, store.info.settings.cashRoundingMinor ?? 0) : due;
    completeReturn({ ...request, payments: due > 0 ? [{ kind: payWith, amountMinor }] : [] }).catch(report);
  }

  async function completeReturn(input: Input<'return.complete'>) {
    if (input.from.kind === 'no-receipt') givenReason(input.reason ?? '', 'a return without a receipt');
    const result = await invoke('return.complete', input);
    setDone(result);
    if (result.nextSale) setSale(result.nextSale);
  }

  /** A receipt to take goods back from, and no longer the list without receipt. */
  function lookUpReceipt(code: string) {
    setNoReceipt(false);
    setPicks({});
    lookup.lookUp(code);
  }

  // A receipt handed over from the Receipts panel or a customer's purchases is looked up at once.
  const lookUpHandedOver = useEffectEvent((receiptNumber: string) => lookup.lookUp(receiptNumber));
  useEffect(() => {
    if (handedOver) lookUpHandedOver(handedOver.receiptNumber);
  }, [handedOver]);

  /**
   * A scan, from a wedge or a hardware scanner: a receipt number is looked up; anything else is an item, for
   * whichever list takes scans now.
   */
  function takeScan(code: string) {
    if (isReceiptCode(code)) {
      lookUpReceipt(code);
    } else if (exchange) {
      changeSale(() => invoke('sale.scan', { code })).catch(report);
    } else if (noReceipt) {
      addReturnCode(code).catch(report);
    } else {
      report(
        new CounterError(
          'INVALID_INPUT',
          `${code} is an item, not a receipt. Scan the receipt, or choose “No receipt” to take the item back without one.`,
        ),
      );
    }
  }
  const takesScans = !covered && done === null && !choosingCustomer;
  useHotkeys({ F5: () => setChoosingCustomer(true) }, takesScans);
  const closeCustomer = () => setChoosingCustomer(false);
  useWedgeScanner(takeScan, takesScans);
  // Hardware scanners send their codes here instead of into the sale while this screen is open.
  useHardwareScans('screen', takeScan, takesScans);

  const missed = lookup.missed;
  return (
    <div className="app">
      <Header>
        <ToolButton
          testId="customer-open"
          icon={<UserIcon />}
          label={customer?.name ?? 'Customer'}
          hotkey="F5"
          pressed={customer !== null}
          onClick={() => setChoosingCustomer(true)}
        />
      </Header>
      {choosingCustomer && (
        <CustomerDialog
          what="return"
          current={customer}
          onPick={(picked) => {
            setCustomer(picked);
            closeCustomer();
          }}
          onRemove={() => {
            setCustomer(null);
            closeCustomer();
          }}
          onReturn={(purchase, owner) => {
            setCustomer(owner);
            closeCustomer();
            lookUpReceipt(purchase.receiptNumber);
          }}
          onClose={closeCustomer}
        />
      )}
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      {done ? (
        <ReturnDone result={done} onNext={startOver} />
      ) : (
        <main className="checkout returns">
          <section className="sale-column return-column" aria-label="What comes back">
            <ReceiptLookup
              code={lookup.code}
              onCode={lookup.setCode}
              busy={lookup.busy}
              onLookUp={lookUpReceipt}
            >
              <button
                type="button"
                data-testid="no-receipt"
                aria-pressed={noReceipt}
                onClick={takeWithoutReceipt}
              >
                No receipt
              </button>
            </ReceiptLookup>
            {missed && !noReceipt && (
              <div className="return-missed" role="alert" data-testid="return-missed">
                <p>
                  {cannotVerify.has(missed.reason) && <strong>Cannot verify this receipt (offline). </strong>}
                  {lookup.message}
                </p>
                <button type="button" data-testid="no-receipt-instead" onClick={takeWithoutReceipt}>
                  Return without receipt
                </button>
              </div>
            )}
            {found ? (
              <ReceiptLines
                found={found}
                picks={picks}
                onPick={(lineId, pick) => setPicks({ ...picks, [lineId]: pick })}
              />
            ) : noReceipt ? (
              <NoReceiptItems
                items={items}
                onItems={setItems}
                onAdd={addReturnItem}
                onCode={addReturnCode}
                onError={report}
                scansHere={!exchange}
              />
            ) : (
              !missed && (
                <div className="cart-empty">
                  <ReceiptIcon size={48} />
                  <p>Scan the receipt or type its number. No receipt? Choose “No receipt”.</p>
                </div>
              )
            )}
            {(found || noReceipt) && (
              <ExchangeItems
                on={exchange}
                onToggle={(on) => {
                  setExchange(on);
                  if (on) setTimeout(() => exchangeSearchRef.current?.focus());
                }}
                sale={sale}
                searchRef={exchangeSearchRef}
                onAdd={(hit) => changeSale(() => invoke('sale.addProduct', { productId: hit.id }))}
                onCode={(code) => changeSale(() => invoke('sale.scan', { code }))}
                onRemove={(lineId) => {
                  changeSale(() => invoke('sale.removeLine', { lineId })).catch(report);
                }}
                onError={report}
              />
            )}
          </section>
          <aside className="pay-column">
            <RefundPanel
              quote={quote}
              quoteError={quoteError}
              ready={request !== null}
              needsReason={noReceipt}
              reason={reason}
              onReason={setReason}
              canChooseRefund={found !== null}
              refundTo={refundTo}
              onRefundTo={setRefundTo}
              payWith={payWith}
              onPayWith={setPayWith}
              onComplete={complete}
              onCancel={startOver}
            />
          </aside>
        </main>
      )}
      <footer className="status-bar">
        <p className="shortcut-hints">
          <kbd>F7</kbd> Back to sale <kbd>F9</kbd> Lock
        </p>
      </footer>
    </div>
  );
}

interface RequestParts {
  found: ReturnableSale | null;
  noReceipt: boolean;
  picks: Record<string, LinePick>;
  items: NoReceiptItem[];
  reason: string;
  exchange: boolean;
  refundTo: 'original' | 'cash';
  customerId: string | undefined;
}

/** The return as main takes it, or null while nothing is chosen to come back. */
function buildRequest(parts: RequestParts): ReturnRequest | null {
  const { found, noReceipt, picks, items, reason, exchange, refundTo, customerId } = parts;
  const common = { reason: reason.trim() || undefined, exchange, refundTo, customerId };
  if (found) {
    const lines = Object.entries(picks)
      .filter(([, pick]) => pick.quantity > 0)
      .map(([lineId, pick]) => ({ lineId, quantity: pick.quantity, disposition: pick.disposition }));
    if (lines.length === 0) return null;
    const { saleId, receiptNumber } = found.sale;
    return { from: { kind: 'receipt', saleId, receiptNumber, lines }, ...common };
  }
  if (noReceipt) {
    const chosen = items
      .filter((item) => item.quantity > 0)
      .map((item) => ({
        productId: item.product.id,
        quantity: item.quantity,
        disposition: item.disposition,
      }));
    if (chosen.length === 0) return null;
    return { from: { kind: 'no-receipt', items: chosen }, ...common };
  }
  return null;
}

/**
 * What main says the return would do, asked again whenever it changes (and when the exchange's open sale
 * changes). Writes nothing; an answer for an older request is dropped.
 */
function useQuote(request: ReturnRequest | null, sale: OpenSale | null) {
  const [state, setState] = useState<{ key: string; quote: ReturnQuote | null; error: string | null }>({
    key: '',
    quote: null,
    error: null,
  });
  const key = request ? JSON.stringify([request, sale?.saleId, sale?.totals.totalMinor]) : '';
  useEffect(() => {
    if (!request) return;
    return whenAnswered(
      invoke('return.quote', request),
      (quote) => setState({ key, quote, error: null }),
      (error) => setState({ key, quote: null, error: toCounterError(error).message }),
    );
    // The key holds everything the quote depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const fresh = request !== null && state.key === key;
  return { quote: fresh ? state.quote : null, quoteError: fresh ? state.error : null };
}

/** A scanned or typed product code to the catalog product it belongs to, or a NOT_FOUND error. */
async function findProduct(code: string): Promise<ProductHit> {
  const hits = await invoke('catalog.search', { query: code, limit: 5 });
  const exact =
    hits.find((hit) => hit.barcodes.includes(code) || hit.sku === code) ??
    (hits.length === 1 ? hits[0] : undefined);
  if (!exact) throw new CounterError('NOT_FOUND', `No product has the code ${code}: search for it by name.`);
  return exact;
}
