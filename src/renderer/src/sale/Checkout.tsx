import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { OpenSale, ProductHit, Receipt, SaleLine, Tender, TenderKind } from '../../../shared/domain.ts';
import { CounterError } from '../../../shared/errors.ts';
import { invoke, subscribe, toCounterError } from '../api.ts';
import { AvailabilityDialog, type StockLookup } from '../catalog/AvailabilityDialog.tsx';
import { VariantGridDialog } from '../catalog/VariantGridDialog.tsx';
import { ImportDialog } from '../catalog/ImportDialog.tsx';
import { CustomerDialog } from '../customers/CustomerDialog.tsx';
import { useSaleCustomer } from '../customers/useSaleCustomer.ts';
import { ProductSearch } from '../catalog/ProductSearch.tsx';
import { useHardwareScans } from '../devices/useHardwareScans.ts';
import { ReceiptDialog } from '../receipts/ReceiptDialog.tsx';
import { Header, ToolButton } from '../session/Header.tsx';
import { useSession } from '../session/session.ts';
import { roleHasPermission } from '../../../shared/permissions.ts';
import { useStore } from '../store.ts';
import { readAmount } from '../ui/AmountField.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { BoxIcon, UploadIcon, UserIcon } from '../ui/icons.tsx';
import { useHotkeys } from '../ui/useHotkeys.ts';
import { useProblem } from '../ui/useProblem.ts';
import { useWedgeScanner } from '../ui/useWedgeScanner.ts';
import { AdjustDialog, type AdjustTarget } from './AdjustDialog.tsx';
import { Cart } from './Cart.tsx';
import { CashPanel } from './CashPanel.tsx';
import { ParkedSales } from './ParkedSales.tsx';
import { PaymentPanel } from './PaymentPanel.tsx';
import { StatusBar } from './StatusBar.tsx';
import { TotalsPanel } from './TotalsPanel.tsx';
import { useOpenSale } from './useOpenSale.ts';
import { useParkedSales } from './useParkedSales.ts';
import { WeightDialog } from './WeightDialog.tsx';
import { warehouseDoesNotSellMessage } from '../../../shared/stock.ts';
import '../stock/stock.css';

type Tool = 'none' | 'availability' | 'import' | 'parked' | 'customer' | { styleId: string };

/**
 * The checkout screen: search and cart on the left, totals and payment on the right. `covered`: a register
 * panel (shift, receipts) is open over it, so scans and shortcuts are not for this screen.
 */
export function Checkout({ covered }: { covered: boolean }) {
  const store = useStore();
  const { problem, report, dismiss } = useProblem();
  const [sale, setSale, latestSale] = useOpenSale(report);
  const [tool, setTool] = useState<Tool>('none');
  const [stockLookup, setStockLookup] = useState<StockLookup>({ query: '', productId: null });
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [cashOpen, setCashOpen] = useState(false);
  const [cashText, setCashText] = useState('');
  const [completing, setCompleting] = useState(false);
  const [weighing, setWeighing] = useState<ProductHit | null>(null);
  const [adjusting, setAdjusting] = useState<AdjustTarget | null>(null);
  const parked = useParkedSales(sale?.saleId ?? null, report);
  const saleCustomer = useSaleCustomer(sale?.saleId ?? null, report);
  const session = useSession();
  const searchRef = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const quantityRefused = useRef(false);

  // Hardware scanners add to the sale in main; what it could not add comes back as 'scan.rejected' (below).
  useHardwareScans('sale');

  /**
   * Changes to the sale go to main one after another, in the order the cashier gave them: a payment pressed
   * while a typed quantity is still on its way waits for it, and works from the sale that quantity gave.
   */
  function inTurn<T>(action: () => Promise<T>): Promise<T> {
    const turn = queue.current.then(action);
    queue.current = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Every change to the sale goes through main, in turn; its answer replaces the cart. `action` gets the sale
   * as it is when its turn comes. Null when it was refused.
   */
  function change(action: (current: OpenSale | null) => Promise<OpenSale>): Promise<OpenSale | null> {
    return inTurn(async () => {
      dismiss();
      try {
        const updated = await action(latestSale.current);
        setSale(updated);
        return updated;
      } catch (error) {
        report(error);
        return null;
      }
    });
  }

  /** A scanned or typed code; true when it went on the sale or its weight is asked for. */
  async function scan(code: string): Promise<boolean> {
    dismiss();
    try {
      setSale(await inTurn(() => invoke('sale.scan', { code })));
      return true;
    } catch (error) {
      return refusedCode(code, error);
    }
  }

  /**
   * A code main would not add. The code of goods sold by weight (their stored barcode, their SKU) carries no
   * weight: the weight dialog asks for it, as picking them in search does. Anything else is reported.
   */
  async function refusedCode(code: string, error: unknown): Promise<boolean> {
    if (toCounterError(error).code === 'WEIGHT_REQUIRED') {
      const [hit] = await invoke('catalog.search', { query: code, limit: 1 });
      if (hit?.unit === 'kg') {
        setWeighing(hit);
        return true;
      }
    }
    report(error);
    return false;
  }
  const scanRejected = useEffectEvent((code: string, error: CounterError) => {
    refusedCode(code, error).catch(report);
  });
  useEffect(
    () => subscribe('scan.rejected', ({ code, error }) => scanRejected(code, CounterError.from(error))),
    [],
  );

  const addProduct = async (hit: ProductHit, quantity?: number) =>
    (await change(() => invoke('sale.addProduct', { productId: hit.id, quantity }))) !== null;

  /** From search: goods sold by weight ask for the weight first. */
  async function pickProduct(hit: ProductHit): Promise<boolean> {
    if (hit.unit !== 'kg' || !hit.active) return addProduct(hit);
    dismiss();
    setWeighing(hit);
    return true;
  }
  const setQuantity = async (lineId: string, quantity: number) =>
    (await change(() => invoke('sale.setQuantity', { lineId, quantity }))) !== null;
  /** + and − step from the quantity main holds when their turn comes, so one typed just before counts. */
  const stepQuantity = async (lineId: string, step: 1 | -1) =>
    (await change((current) => {
      const line = current?.lines.find((candidate) => candidate.lineId === lineId);
      if (!line) throw new CounterError('NOT_FOUND', 'That line is no longer on the sale: check the cart.');
      return invoke('sale.setQuantity', { lineId, quantity: line.quantity + step });
    })) !== null;
  /** A change nobody waits for; change() reports a refusal, report() also takes anything that escapes it. */
  const changeNow = (action: () => Promise<OpenSale>) => {
    change(action).catch(report);
  };
  const removeLine = (lineId: string) => changeNow(() => invoke('sale.removeLine', { lineId }));
  /** Cash typed for one customer is never taken from the next. */
  function closeCash() {
    setCashOpen(false);
    setCashText('');
  }
  /** Another sale takes the screen (the next, an empty or a resumed one). */
  const switchSale = (action: () => Promise<OpenSale>) => {
    change(action)
      .then((updated) => {
        if (updated) closeCash();
      })
      .catch(report);
  };
  const cancelSale = () => switchSale(() => invoke('sale.cancel'));
  const parkSale = () => {
    if (sale && sale.lines.length > 0) switchSale(() => invoke('sale.park'));
  };
  const resumeSale = (saleId: string) => {
    setTool('none');
    switchSale(() => invoke('sale.resume', { saleId }));
  };
  function adjust(target: AdjustTarget) {
    dismiss();
    setAdjusting(target);
  }
  const removeTender = (tender: Tender) =>
    changeNow(() => invoke('sale.removeTender', { tenderId: tender.tenderId }));

  function invalidQuantity(line: SaleLine, message: string) {
    quantityRefused.current = true;
    report(new CounterError('INVALID_INPUT', `${line.name}: ${message}`));
  }

  /**
   * A quantity typed on a line counts when its field loses focus (CartLine), as on a click elsewhere; a
   * shortcut takes that focus away first, so what is paid, completed or parked is what the screen shows.
   * False when the typed quantity was refused (the reason is on screen): the shortcut then does nothing.
   */
  function applyTypedQuantity(): boolean {
    const focused = document.activeElement;
    if (!(focused instanceof HTMLInputElement && focused.closest('.cart-lines'))) return true;
    quantityRefused.current = false;
    focused.blur();
    return !quantityRefused.current;
  }
  function withTypedQuantity(action: () => void) {
    if (applyTypedQuantity()) action();
  }

  /** What is typed in the cash panel, in minor units; null when nothing is. Throws when it is unreadable. */
  const typedAmount = () =>
    cashText.trim()
      ? readAmount(cashText, store.info.currencyDigits, { locale: store.info.settings.locale })
      : null;

  /** A payment of `amountFor` the sale as it is when the payment's turn comes. */
  function tender(kind: TenderKind, amountFor: (current: OpenSale) => number) {
    change(async (current) => {
      if (!current || current.lines.length === 0)
        throw new CounterError('EMPTY_SALE', 'Nothing to pay yet: scan an item first.');
      if (current.dueMinor === 0)
        throw new CounterError('INVALID_INPUT', 'The sale is paid in full: complete it (F12).');
      return invoke('sale.addTender', { kind, amountMinor: amountFor(current) });
    })
      .then((updated) => {
        if (!updated) return;
        setCashText('');
        if (updated.dueMinor === 0) setCashOpen(false);
      })
      .catch(report);
  }

  // Empty: cash takes what is due rounded to the smallest coin, a card the exact amount.
  const payCash = () => tender('cash', (current) => typedAmount() ?? current.cashDueMinor);
  // Card takes what is typed in the cash panel (a split), else everything still due.
  const payCard = () =>
    tender('card', (current) => (cashOpen ? typedAmount() : null) ?? current.cardDueMinor);

  function openCash() {
    if (!sale || sale.lines.length === 0 || sale.dueMinor === 0) return;
    dismiss();
    setCashOpen(true);
  }

  function complete() {
    if (completing) return;
    dismiss();
    setCompleting(true);
    inTurn(completeAndShowReceipt)
      .catch(report)
      .finally(() => setCompleting(false));
  }

  async function completeAndShowReceipt() {
    // One answer holds the receipt of what was recorded and the new, empty sale.
    const { receipt: recorded, next } = await invoke('sale.complete');
    closeCash();
    setSale(next);
    setReceipt(recorded);
  }

  const closeTool = () => setTool('none');
  const openCustomer = () => {
    dismiss();
    setTool('customer');
  };
  /** What the customer dialog does, then closes; a refusal shows on the screen. */
  const customerAction = (action: () => Promise<void>) => {
    action().then(closeTool, report);
  };
  const toggleAvailability = () => setTool(tool === 'availability' ? 'none' : 'availability');

  /** With stock open, a scan looks the item up there instead of selling it. */
  function lookUpStock(code: string) {
    setStockLookup({ query: code, productId: null });
    invoke('catalog.search', { query: code, limit: 2 })
      .then((hits) => {
        if (hits.length === 1 && hits[0]) setStockLookup({ query: code, productId: hits[0].id });
      })
      .catch(report);
  }

  const idle = !covered && tool === 'none' && receipt === null && weighing === null && adjusting === null;

  useWedgeScanner((code) => {
    if (receipt) {
      // Scanning on the receipt starts the next sale with that item.
      setReceipt(null);
      scan(code).catch(report);
    } else if (tool === 'availability') {
      lookUpStock(code);
    } else if (idle) {
      scan(code).catch(report);
    }
  }, !covered);

  // Back from a dialog (or the receipt), the cashier can type a search at once.
  useEffect(() => {
    if (idle) searchRef.current?.focus();
  }, [idle]);

  const paidInFull = sale !== null && sale.lines.length > 0 && sale.dueMinor === 0;
  const completable = sale?.canComplete === true;
  useHotkeys(
    { F6: toggleAvailability },
    !covered &&
      receipt === null &&
      weighing === null &&
      adjusting === null &&
      (tool === 'none' || tool === 'availability'),
  );
  useHotkeys(
    {
      F2: () => searchRef.current?.focus(),
      F5: openCustomer,
      F3: () => withTypedQuantity(parkSale),
      F4: openCash,
      F8: () => withTypedQuantity(payCard),
      F12: () => withTypedQuantity(complete),
      Enter: (event) => {
        // Enter on a button presses that button; elsewhere it completes a sale that is paid in full.
        if (!completable || event.target instanceof HTMLButtonElement) return false;
        complete();
      },
      Escape: () => {
        if (cashOpen) setCashOpen(false);
        else if (problem) dismiss();
        else return false;
      },
    },
    idle,
  );

  return (
    <div className="app">
      <Header
        menuActions={
          // The catalog is a manager's (head office's once enrolled): not a button a cashier looks past all day.
          roleHasPermission(session.user.role, 'catalog.import')
            ? [
                {
                  testId: 'import-open',
                  label: 'Import catalog',
                  icon: <UploadIcon />,
                  onClick: () => setTool('import'),
                },
              ]
            : []
        }
      >
        <ToolButton
          testId="availability-open"
          icon={<BoxIcon />}
          label="Stock"
          hotkey="F6"
          onClick={toggleAvailability}
        />
        <ToolButton
          testId="customer-open"
          icon={<UserIcon />}
          label={saleCustomer.customer?.name ?? 'Customer'}
          hotkey="F5"
          pressed={saleCustomer.customer !== null}
          onClick={openCustomer}
        />
      </Header>
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      {store.info.settings.locationKind === 'warehouse' && (
        <p className="warehouse-notice" role="status" data-testid="warehouse-notice">
          {warehouseDoesNotSellMessage}
        </p>
      )}
      <main className="checkout">
        <section className="sale-column" aria-label="Sale">
          <ProductSearch
            inputRef={searchRef}
            onAdd={pickProduct}
            onCode={scan}
            onError={report}
            onStyle={(styleId) => {
              dismiss();
              setTool({ styleId });
            }}
          />
          {sale ? (
            <Cart
              sale={sale}
              onSetQuantity={setQuantity}
              onStepQuantity={stepQuantity}
              onRemove={removeLine}
              onAdjust={(line) => adjust({ kind: 'line', line })}
              onInvalidQuantity={invalidQuantity}
              onCartDiscount={() => adjust({ kind: 'sale' })}
              onPark={parkSale}
              onCancel={cancelSale}
              emptyExtra={<ParkedSales parked={parked.parked} onResume={resumeSale} onName={parked.name} />}
              parkedCount={parked.parked.length}
              onShowParked={() => setTool('parked')}
            />
          ) : (
            <div className="cart-empty">Loading the open sale…</div>
          )}
        </section>
        {sale && (
          <aside className="pay-column">
            <TotalsPanel
              totals={sale.totals}
              cartDiscount={sale.cartDiscount}
              roundingMinor={sale.roundingMinor}
            />
            <PaymentPanel
              sale={sale}
              completing={completing}
              cashOpen={cashOpen && !paidInFull}
              onCash={openCash}
              onCard={payCard}
              onRemoveTender={removeTender}
              onComplete={complete}
            >
              {cashOpen && !paidInFull && (
                <CashPanel
                  dueMinor={sale.cashDueMinor}
                  amountText={cashText}
                  onAmountText={setCashText}
                  onConfirm={payCash}
                  onQuickCash={(amount) => tender('cash', () => amount)}
                  onClose={() => setCashOpen(false)}
                />
              )}
            </PaymentPanel>
          </aside>
        )}
      </main>
      <StatusBar sale={sale} />
      {tool === 'availability' && (
        <AvailabilityDialog
          lookup={stockLookup}
          onLookup={setStockLookup}
          onClose={closeTool}
          onError={report}
        />
      )}
      {tool === 'import' && <ImportDialog onClose={closeTool} />}
      {typeof tool === 'object' && (
        <VariantGridDialog styleId={tool.styleId} onPick={pickProduct} onClose={closeTool} onError={report} />
      )}
      {tool === 'customer' && (
        <CustomerDialog
          what="sale"
          current={saleCustomer.customer}
          onPick={(customer) => customerAction(() => saleCustomer.attach(customer))}
          onRemove={() => customerAction(() => saleCustomer.remove())}
          onReturn={(purchase, customer) => session.startReturn(purchase.receiptNumber, customer)}
          onClose={closeTool}
        />
      )}
      {tool === 'parked' && (
        <Dialog title="Parked sales" className="parked-dialog" onClose={closeTool}>
          <p className="muted">Resuming one parks the sale on screen in its place.</p>
          <ParkedSales parked={parked.parked} onResume={resumeSale} onName={parked.name} />
        </Dialog>
      )}
      {weighing && (
        <WeightDialog
          product={weighing}
          onWeighed={(grams) => addProduct(weighing, grams)}
          onClose={() => setWeighing(null)}
        />
      )}
      {adjusting && sale && (
        <AdjustDialog target={adjusting} sale={sale} onChanged={setSale} onClose={() => setAdjusting(null)} />
      )}
      {receipt && <ReceiptDialog receipt={receipt} onNewSale={() => setReceipt(null)} />}
    </div>
  );
}
