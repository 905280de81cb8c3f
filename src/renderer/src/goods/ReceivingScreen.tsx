import { useState } from 'react';
import type { ProductHit } from '../../../shared/domain.ts';
import { currencyDigits, parseMoney } from '../../../shared/money.ts';
import type { GoodsReceiptDocument } from '../../../shared/receiving.ts';
import { invoke, isApprovalCancelled } from '../api.ts';
import { useHardwareScans } from '../devices/useHardwareScans.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { useProblem } from '../ui/useProblem.ts';
import { CountField, ProductCell, ScanField } from './ScanField.tsx';
import './goods.css';

interface Line {
  product: ProductHit;
  quantity: number;
  damaged: number;
  /** As typed; empty: the delivery note does not say. */
  unitCost: string;
}

/**
 * Receiving a delivery without a purchase order: scan each item (a running list, a scan of the same item adds
 * one), set quantities, damaged units and unit costs, then Receive. A code the catalog does not know stays on
 * the list as an unknown line for head office to resolve. The summary prints on the receipt printer.
 */
export function ReceivingScreen({ onClose }: { onClose: () => void }) {
  const { info } = useStore();
  const { currency } = info.settings;
  const { problem, report, dismiss } = useProblem();
  const [supplier, setSupplier] = useState('');
  const [deliveryNote, setDeliveryNote] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [unknown, setUnknown] = useState<{ code: string; quantity: number }[]>([]);
  const [done, setDone] = useState<GoodsReceiptDocument | null>(null);
  const [saving, setSaving] = useState(false);

  const add = (code: string) => {
    setDone(null);
    invoke('receiving.lookup', { code }).then((product) => {
      if (!product) {
        setUnknown((current) =>
          current.some((line) => line.code === code)
            ? current.map((line) => (line.code === code ? { ...line, quantity: line.quantity + 1 } : line))
            : [...current, { code, quantity: 1 }],
        );
        return;
      }
      setLines((current) =>
        current.some((line) => line.product.id === product.id)
          ? current.map((line) =>
              line.product.id === product.id ? { ...line, quantity: line.quantity + 1 } : line,
            )
          : [...current, { product, quantity: 1, damaged: 0, unitCost: '' }],
      );
    }, report);
  };
  useHardwareScans('screen', add);
  const change = (id: number, part: Partial<Line>) =>
    setLines((current) => current.map((line) => (line.product.id === id ? { ...line, ...part } : line)));

  const receive = () => {
    const digits = currencyDigits(currency);
    const costs = lines.map((line) =>
      line.unitCost.trim() === '' ? null : parseMoney(line.unitCost, digits),
    );
    const badCost = lines.findIndex((line, i) => line.unitCost.trim() !== '' && costs[i] === null);
    if (badCost >= 0) {
      report(
        new Error(`The unit cost of ${lines[badCost]!.product.name} is not an amount: type it like 1.25.`),
      );
      return;
    }
    setSaving(true);
    invoke('receiving.complete', {
      supplier,
      deliveryNote,
      lines: lines.map((line, i) => ({
        productId: line.product.id,
        quantity: line.quantity,
        damaged: Math.min(line.damaged, line.quantity),
        unitCostMinor: costs[i] ?? null,
      })),
      unknownLines: unknown,
    }).then(
      (receipt) => {
        setSaving(false);
        setDone(receipt);
        setLines([]);
        setUnknown([]);
        setSupplier('');
        setDeliveryNote('');
      },
      (failure: unknown) => {
        setSaving(false);
        if (!isApprovalCancelled(failure)) report(failure);
      },
    );
  };

  const units = lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <Dialog title="Receive goods" className="goods-screen" onClose={onClose}>
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      <div className="goods-head">
        <label className="field">
          <span>Supplier</span>
          <input
            data-testid="receive-supplier"
            maxLength={120}
            value={supplier}
            onChange={(e) => setSupplier(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Delivery note</span>
          <input
            data-testid="receive-note"
            maxLength={60}
            value={deliveryNote}
            onChange={(e) => setDeliveryNote(e.target.value)}
          />
        </label>
      </div>
      <ScanField label="Scan or type a barcode or SKU" testId="receive-scan" onCode={add} />
      {done && (
        <p className="goods-done" role="status" data-testid="receive-done">
          Received {done.number}: {done.lines.reduce((sum, line) => sum + line.quantity, 0)} units
          {done.unknownLines.length > 0
            ? `, ${done.unknownLines.length} unknown barcode(s) sent to head office`
            : ''}
          .
        </p>
      )}
      <table className="goods-lines" data-testid="receive-lines">
        <thead>
          <tr>
            <th>Product</th>
            <th>Received</th>
            <th>Of them damaged</th>
            <th>Unit cost ({currency})</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.product.id} data-testid={`receive-line-${line.product.sku}`}>
              <ProductCell name={line.product.name} sku={line.product.sku} />
              <td>
                <CountField
                  value={line.quantity}
                  min={1}
                  label={`Received of ${line.product.name}`}
                  testId={`receive-qty-${line.product.sku}`}
                  onChange={(quantity) => change(line.product.id, { quantity })}
                />
              </td>
              <td>
                <CountField
                  value={line.damaged}
                  label={`Damaged of ${line.product.name}`}
                  testId={`receive-damaged-${line.product.sku}`}
                  onChange={(damaged) => change(line.product.id, { damaged })}
                />
              </td>
              <td>
                <input
                  className="goods-cost"
                  aria-label={`Unit cost of ${line.product.name}`}
                  value={line.unitCost}
                  placeholder="—"
                  onChange={(e) => change(line.product.id, { unitCost: e.target.value })}
                />
              </td>
            </tr>
          ))}
          {unknown.map((line) => (
            <tr key={line.code} className="goods-unknown" data-testid={`receive-unknown-${line.code}`}>
              <td>
                Unknown barcode <strong>{line.code}</strong>
                <span className="muted"> — kept for head office to resolve</span>
              </td>
              <td>
                <CountField
                  value={line.quantity}
                  min={1}
                  label={`Received of ${line.code}`}
                  testId={`receive-unknown-qty-${line.code}`}
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
        <span className="muted">
          {units} units on {lines.length} lines{unknown.length > 0 ? `, ${unknown.length} unknown` : ''}
        </span>
        <button
          type="button"
          className="primary"
          data-testid="receive-complete"
          disabled={saving || lines.length + unknown.length === 0}
          onClick={receive}
        >
          Receive
        </button>
      </footer>
    </Dialog>
  );
}
