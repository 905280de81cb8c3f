import { useEffect, useState } from 'react';
import { currencyDigits, parseMoney, toDecimalString } from '../../../shared/money.ts';
import type {
  PurchaseOrderSummary,
  PurchaseOrderView,
  ReceivingDraft,
  SavedReceivingDraft,
  ShelfLabelMode,
} from '../../../shared/purchase-receiving.ts';
import type { GoodsReceiptDocument } from '../../../shared/receiving.ts';
import { invoke, isApprovalCancelled } from '../api.ts';
import { useHardwareScans } from '../devices/useHardwareScans.ts';
import { useStore } from '../store.ts';
import { plural, unitsOnLines } from '../../../shared/words.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { TextField } from '../ui/TextField.tsx';
import { useProblem } from '../ui/useProblem.ts';
import { useUnreadable } from '../ui/useUnreadable.ts';
import { CounterError } from '../../../shared/errors.ts';
import { quantityText } from '../../../shared/quantity.ts';
import { CountField, ProductCell, ScanField } from './ScanField.tsx';
import './goods.css';

type Line = ReceivingDraft['lines'][number];
type UnknownLine = ReceivingDraft['unknownLines'][number];

const labelChoices: { value: ShelfLabelMode; label: string }[] = [
  { value: 'none', label: 'No shelf labels' },
  { value: 'unit', label: 'A shelf label per unit' },
  { value: 'line', label: 'A shelf label per line' },
];

/**
 * Receiving a delivery, against a purchase order or without one. Scan the order's barcode or pick it to receive
 * against it: its lines are listed with what was ordered and received so far beside this delivery (hidden in
 * blind mode), an item not on the order is flagged, and going beyond the store's tolerance asks a manager. Then
 * scan each item (a scan of the same item adds one; goods sold by kg are in kilograms: a scale label adds its
 * weight, a plain code asks for it), set damaged units and unit costs, and Receive; or save the
 * receipt and resume it later (opening the order again, or this screen without one, brings it back). A code the
 * catalog does not know stays on the list as an unknown line for head office to resolve. The summary, and shelf
 * labels if asked, print on the receipt printer.
 */
export function ReceivingScreen({ onClose }: { onClose: () => void }) {
  const { info, dateTime, day, quantity: shownQuantity } = useStore();
  const { currency } = info.settings;
  const digits = currencyDigits(currency);
  const { problem, report, dismiss } = useProblem();
  const [orders, setOrders] = useState<PurchaseOrderSummary[]>([]);
  const [order, setOrder] = useState<PurchaseOrderView | null>(null);
  const [supplier, setSupplier] = useState('');
  const [deliveryNote, setDeliveryNote] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [unknown, setUnknown] = useState<UnknownLine[]>([]);
  const [labels, setLabels] = useState<ShelfLabelMode>('none');
  const [resumed, setResumed] = useState<SavedReceivingDraft | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [done, setDone] = useState<{ receipt: GoodsReceiptDocument; goods: string } | null>(null);
  /** The line whose weight to type next: a product sold by kg scanned from its plain code. */
  const [weighNext, setWeighNext] = useState<number | null>(null);
  const unreadable = useUnreadable();
  const [saving, setSaving] = useState(false);

  /** Puts the receipt saved for an order (null: without one) back on the screen, if there is one. */
  const resumeSaved = (purchaseOrderId: string | null) => {
    invoke('receiving.draft', { purchaseOrderId }).then((saved) => {
      if (!saved) return;
      setResumed(saved);
      setLines(saved.lines);
      setUnknown(saved.unknownLines);
      setSupplier(saved.supplier);
      setDeliveryNote(saved.deliveryNote);
    }, report);
  };
  /** Shows `start` (what a receipt begins with), or the receipt saved for the same order when there is one. */
  const begin = (start: Pick<ReceivingDraft, 'purchaseOrderId' | 'lines' | 'supplier'>) => {
    setResumed(null);
    setLines(start.lines);
    setUnknown([]);
    setSupplier(start.supplier);
    setDeliveryNote('');
    resumeSaved(start.purchaseOrderId);
  };
  const withoutOrder = { purchaseOrderId: null, lines: [], supplier: '' };
  const loadOrders = () => {
    invoke('receiving.orders').then(setOrders, report);
  };
  useEffect(() => {
    loadOrders();
    resumeSaved(null);
    // Once, as the screen opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const openOrder = (code: string) => {
    setDone(null);
    setStatus(null);
    invoke('receiving.order', { code }).then((opened) => {
      setOrder(opened);
      const fresh = opened.lines.flatMap((line) =>
        line.productId === null
          ? []
          : [
              {
                productId: line.productId,
                sku: line.sku,
                name: line.name,
                unit: line.unit,
                quantity: 0,
                damaged: 0,
                unitCost: line.unitCostMinor === null ? '' : toDecimalString(line.unitCostMinor, digits),
              },
            ],
      );
      begin({ purchaseOrderId: opened.purchaseOrderId, lines: fresh, supplier: opened.supplierName ?? '' });
    }, report);
  };
  const leaveOrder = () => {
    setOrder(null);
    setStatus(null);
    begin(withoutOrder);
  };

  const add = (code: string) => {
    setDone(null);
    setStatus(null);
    const orderScanned = orders.find((each) => each.purchaseOrderId === code || each.number === code);
    if (orderScanned && order === null && lines.length + unknown.length === 0) {
      openOrder(orderScanned.purchaseOrderId);
      return;
    }
    const against = order === null ? {} : { purchaseOrderId: order.purchaseOrderId };
    invoke('receiving.lookup', { code, ...against }).then((scanned) => {
      if (!scanned) {
        setUnknown((current) =>
          current.some((line) => line.code === code)
            ? current.map((line) => (line.code === code ? { ...line, quantity: line.quantity + 1 } : line))
            : [...current, { code, quantity: 1 }],
        );
        return;
      }
      const { product, units } = scanned;
      // A plain code of goods sold by kg says nothing of their weight: its line waits for the kilograms.
      const weigh = product.unit === 'kg' && units === 0;
      setWeighNext(weigh ? product.id : null);
      if (weigh) setStatus(`${product.name} is sold by weight: type its kilograms on its line.`);
      setLines((current) =>
        current.some((line) => line.productId === product.id)
          ? current.map((line) =>
              line.productId === product.id ? { ...line, quantity: line.quantity + units } : line,
            )
          : [
              ...current,
              {
                productId: product.id,
                sku: product.sku,
                name: product.name,
                unit: product.unit,
                quantity: units,
                damaged: 0,
                unitCost: '',
              },
            ],
      );
    }, report);
  };
  useHardwareScans('screen', add);
  const change = (id: number, part: Partial<Line>) =>
    setLines((current) => current.map((line) => (line.productId === id ? { ...line, ...part } : line)));

  const draft = (): ReceivingDraft => ({
    purchaseOrderId: order?.purchaseOrderId ?? null,
    supplier,
    deliveryNote,
    lines,
    unknownLines: unknown,
  });
  const saveForLater = () => {
    invoke('receiving.saveDraft', draft()).then((saved) => {
      setResumed(saved);
      setStatus(
        order
          ? `Saved. Open ${order.number} again to go on with this delivery.`
          : 'Saved. It comes back the next time Receive goods opens.',
      );
    }, report);
  };
  const startOver = () => {
    invoke('receiving.discardDraft', { purchaseOrderId: order?.purchaseOrderId ?? null }).then(() => {
      if (order) openOrder(order.purchaseOrderId);
      else begin(withoutOrder);
    }, report);
  };

  const receiving = lines.filter((line) => line.quantity > 0);
  const receive = () => {
    if (unreadable.first !== null) {
      report(new CounterError('INVALID_INPUT', unreadable.first));
      return;
    }
    const costs = receiving.map((line) =>
      line.unitCost.trim() === '' ? null : parseMoney(line.unitCost, digits),
    );
    const badCost = receiving.findIndex((line, i) => line.unitCost.trim() !== '' && costs[i] === null);
    if (badCost >= 0) {
      report(new Error(`The unit cost of ${receiving[badCost]!.name} is not an amount: type it like 1.25.`));
      return;
    }
    const overDamaged = receiving.find((line) => line.damaged > line.quantity);
    if (overDamaged) {
      const most = quantityText(overDamaged.quantity, overDamaged.unit ?? 'each');
      report(
        new CounterError(
          'INVALID_INPUT',
          `Damaged of ${overDamaged.name}: at most the ${most} received. Correct one of them.`,
        ),
      );
      return;
    }
    setSaving(true);
    invoke('receiving.complete', {
      supplier,
      deliveryNote,
      purchaseOrderId: order?.purchaseOrderId ?? null,
      labels,
      lines: receiving.map((line, i) => ({
        productId: line.productId,
        quantity: line.quantity,
        damaged: line.damaged,
        unitCostMinor: costs[i] ?? null,
      })),
      unknownLines: unknown,
    }).then(
      (receipt) => {
        setSaving(false);
        setDone({ receipt, goods: unitsOnLines(receiving) });
        setOrder(null);
        setResumed(null);
        setLines([]);
        setUnknown([]);
        setSupplier('');
        setDeliveryNote('');
        loadOrders();
      },
      (failure: unknown) => {
        setSaving(false);
        if (!isApprovalCancelled(failure)) report(failure);
      },
    );
  };

  const onOrder = (sku: string) => order?.lines.find((line) => line.sku === sku) ?? null;
  const showFigures = order !== null && !order.blind;
  const empty = receiving.length + unknown.length === 0;
  return (
    <Dialog title="Receive goods" className="goods-screen" onClose={onClose}>
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      <div className="goods-head">
        <label className="field">
          <span>Purchase order</span>
          {order ? (
            <span className="goods-order" data-testid="receive-order">
              <strong>{order.number}</strong>
              {order.blind && <span className="muted"> — blind: count what arrived</span>}
              <button
                type="button"
                className="goods-link"
                data-testid="receive-leave-order"
                onClick={leaveOrder}
              >
                Without an order
              </button>
            </span>
          ) : (
            <select
              data-testid="receive-order-pick"
              value=""
              disabled={orders.length === 0}
              onChange={(e) => openOrder(e.target.value)}
            >
              <option value="">
                {orders.length === 0 ? 'No open orders: receiving without one' : 'None: pick or scan one'}
              </option>
              {orders.map((each) => (
                <option key={each.purchaseOrderId} value={each.purchaseOrderId}>
                  {each.number} · {each.supplierName ?? 'no supplier'}
                  {each.expectedAt ? ` · expected ${day(each.expectedAt)}` : ''}
                </option>
              ))}
            </select>
          )}
        </label>
        <TextField
          label="Supplier"
          testId="receive-supplier"
          maxLength={120}
          value={supplier}
          onChange={setSupplier}
        />
        <TextField
          label="Delivery note"
          testId="receive-note"
          maxLength={60}
          value={deliveryNote}
          onChange={setDeliveryNote}
        />
      </div>
      <ScanField
        label={
          order ? 'Scan or type a barcode or SKU' : "Scan an order's barcode, an item's barcode or a SKU"
        }
        testId="receive-scan"
        onCode={add}
      />
      {resumed && (
        <p className="muted" data-testid="receive-resumed">
          Saved by {resumed.savedBy} {dateTime(resumed.savedAt)}.{' '}
          <button type="button" className="goods-link" data-testid="receive-start-over" onClick={startOver}>
            Start over
          </button>
        </p>
      )}
      {(status ?? done) && (
        <p className="goods-done" role="status" data-testid="receive-done">
          {status ??
            (done &&
              `Received ${done.receipt.number}: ${done.goods}${
                done.receipt.unknownLines.length > 0
                  ? `, ${plural(done.receipt.unknownLines.length, 'unknown barcode')} sent to head office`
                  : ''
              }.`)}
        </p>
      )}
      <table className="goods-lines" data-testid="receive-lines">
        <TableHead
          columns={[
            'Product',
            showFigures && { label: 'Ordered', className: 'amount' },
            showFigures && { label: 'Received so far', className: 'amount' },
            order ? 'This delivery' : 'Received',
            'Of them damaged',
            `Unit cost (${currency})`,
          ]}
        />
        <tbody>
          {lines.map((line) => {
            const ordered = onOrder(line.sku);
            const flagged = order !== null && ordered === null;
            return (
              <tr
                key={line.productId}
                className={flagged ? 'goods-unknown' : undefined}
                data-testid={`receive-line-${line.sku}`}
              >
                <ProductCell name={line.name} sku={line.sku}>
                  {flagged && (
                    <span className="goods-flag" data-testid={`receive-flag-${line.sku}`}>
                      Not on the order
                    </span>
                  )}
                </ProductCell>
                {showFigures && (
                  <td className="amount" data-testid={`receive-ordered-${line.sku}`}>
                    {ordered?.ordered == null ? '—' : shownQuantity(ordered.ordered, ordered.unit)}
                  </td>
                )}
                {showFigures && (
                  <td className="amount" data-testid={`receive-so-far-${line.sku}`}>
                    {ordered?.receivedSoFar == null
                      ? '—'
                      : shownQuantity(ordered.receivedSoFar, ordered.unit)}
                  </td>
                )}
                <td>
                  <CountField
                    value={line.quantity}
                    unit={line.unit}
                    autoFocus={weighNext === line.productId}
                    label={`Received of ${line.name}`}
                    testId={`receive-qty-${line.sku}`}
                    onChange={(quantity) => change(line.productId, { quantity })}
                    onUnreadable={unreadable.flag}
                  />
                </td>
                <td>
                  <CountField
                    value={line.damaged}
                    unit={line.unit}
                    label={`Damaged of ${line.name}`}
                    testId={`receive-damaged-${line.sku}`}
                    onChange={(damaged) => change(line.productId, { damaged })}
                    onUnreadable={unreadable.flag}
                  />
                </td>
                <td>
                  <input
                    className="goods-cost"
                    aria-label={`Unit cost of ${line.name}`}
                    data-testid={`receive-cost-${line.sku}`}
                    value={line.unitCost}
                    placeholder="—"
                    onChange={(e) => change(line.productId, { unitCost: e.target.value })}
                  />
                </td>
              </tr>
            );
          })}
          {unknown.map((line) => (
            <tr key={line.code} className="goods-unknown" data-testid={`receive-unknown-${line.code}`}>
              <td>
                Unknown barcode <strong>{line.code}</strong>
                <span className="muted"> — kept for head office to resolve</span>
              </td>
              {showFigures && <td colSpan={2} />}
              <td>
                <CountField
                  value={line.quantity}
                  min={1}
                  label={`Received of ${line.code}`}
                  testId={`receive-unknown-qty-${line.code}`}
                  onUnreadable={unreadable.flag}
                  onChange={(quantity) =>
                    setUnknown((current) =>
                      current.map((each) => (each.code === line.code ? { ...each, quantity } : each)),
                    )
                  }
                />
              </td>
              <td colSpan={2} />
            </tr>
          ))}
        </tbody>
      </table>
      {lines.length + unknown.length === 0 && (
        <p className="muted goods-empty">Scan the first item of the delivery.</p>
      )}
      <footer className="goods-actions">
        <span className="muted" data-testid="receive-totals">
          {!empty && unitsOnLines(receiving)}
          {unknown.length > 0 ? `, ${unknown.length} unknown` : ''}
        </span>
        <select
          aria-label="Shelf labels"
          data-testid="receive-labels"
          value={labels}
          onChange={(e) => setLabels(e.target.value as ShelfLabelMode)}
        >
          {labelChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid="receive-save"
          disabled={lines.length + unknown.length === 0}
          onClick={saveForLater}
        >
          Save for later
        </button>
        <button
          type="button"
          className="primary"
          data-testid="receive-complete"
          disabled={saving || empty}
          onClick={receive}
        >
          Receive
        </button>
      </footer>
    </Dialog>
  );
}
