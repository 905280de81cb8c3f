import { useEffect, useState } from 'react';
import type { DraftedPurchaseOrder, SupplierChoice } from '../../../shared/purchase-receiving.ts';
import { invoke, isApprovalCancelled } from '../api.ts';
import { useHardwareScans } from '../devices/useHardwareScans.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { SelectField } from '../ui/SelectField.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { unitsOnLines } from '../../../shared/words.ts';
import { useProblem } from '../ui/useProblem.ts';
import { useUnreadable } from '../ui/useUnreadable.ts';
import { CounterError } from '../../../shared/errors.ts';
import type { Unit } from '../../../shared/domain.ts';
import { CountField, ProductCell, ScanField } from './ScanField.tsx';
import './goods.css';

interface Line {
  productId: number;
  sku: string;
  name: string;
  /** 'kg': the quantity is grams, shown and typed in kilograms. */
  unit: Unit;
  quantity: number;
}

/**
 * A store manager drafts a purchase order here, offline too: pick the supplier (those head office sent), scan
 * the items (a second scan adds one) or add what is low, then send the draft. Head office keeps it as a draft a
 * buyer checks and orders; once ordered it comes back to be received against.
 */
export function PurchaseOrderScreen({ onClose }: { onClose: () => void }) {
  const { problem, report, dismiss } = useProblem();
  const [suppliers, setSuppliers] = useState<SupplierChoice[]>([]);
  const [supplierId, setSupplierId] = useState('');
  const [expectedAt, setExpectedAt] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [done, setDone] = useState<{ order: DraftedPurchaseOrder; goods: string } | null>(null);
  /** The line whose weight to type next: a product sold by kg scanned from its plain code. */
  const [weighNext, setWeighNext] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const unreadable = useUnreadable();
  useEffect(() => {
    invoke('purchasing.suppliers').then(setSuppliers, report);
  }, [report]);

  const addLine = (line: Line) =>
    setLines((current) =>
      current.some((each) => each.productId === line.productId)
        ? current.map((each) =>
            each.productId === line.productId ? { ...each, quantity: each.quantity + line.quantity } : each,
          )
        : [...current, line],
    );
  const add = (code: string) => {
    setDone(null);
    invoke('receiving.lookup', { code }).then((scanned) => {
      const product = scanned?.product;
      if (!product) {
        report(new Error(`No product has the code ${code}: only products of the catalog can be ordered.`));
        return;
      }
      // One piece, or the grams of a scale label; none from a weighed product's plain code: type its kilograms.
      setWeighNext(product.unit === 'kg' && scanned.units === 0 ? product.id : null);
      addLine({
        productId: product.id,
        sku: product.sku,
        name: product.name,
        unit: product.unit,
        quantity: scanned.units,
      });
    }, report);
  };
  useHardwareScans('screen', add);
  const addLow = () => {
    invoke('purchasing.lowStock').then((low) => {
      for (const line of low) {
        const have = line.available + line.incoming + line.inboundTransit;
        addLine({
          productId: line.productId,
          sku: line.sku,
          name: line.name,
          unit: line.unit,
          quantity: Math.max(1, line.desiredLevel - have),
        });
      }
    }, report);
  };

  const send = () => {
    if (unreadable.first !== null) {
      report(new CounterError('INVALID_INPUT', unreadable.first));
      return;
    }
    const nothing = lines.find((line) => line.quantity === 0);
    if (nothing) {
      report(new CounterError('INVALID_INPUT', `Quantity of ${nothing.name}: type how much to order.`));
      return;
    }
    setSaving(true);
    invoke('purchasing.draftOrder', {
      supplierId,
      expectedAt: expectedAt === '' ? null : expectedAt,
      lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
    }).then(
      (drafted) => {
        setSaving(false);
        setDone({ order: drafted, goods: unitsOnLines(lines) });
        setLines([]);
      },
      (failure: unknown) => {
        setSaving(false);
        if (!isApprovalCancelled(failure)) report(failure);
      },
    );
  };

  return (
    <Dialog title="New purchase order" className="goods-screen" onClose={onClose}>
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      <div className="goods-head">
        <SelectField
          label="Supplier"
          testId="po-supplier"
          none={suppliers.length === 0 ? 'No suppliers yet: they come from head office' : 'Pick a supplier'}
          options={suppliers.map((supplier) => ({
            value: supplier.supplierId,
            label: `${supplier.name} (${supplier.currency})`,
          }))}
          value={supplierId}
          onChange={setSupplierId}
        />
        <label className="field">
          <span>Wanted by</span>
          <input
            type="date"
            data-testid="po-expected"
            value={expectedAt}
            onChange={(e) => setExpectedAt(e.target.value)}
          />
        </label>
      </div>
      <ScanField label="Scan or type a barcode or SKU" testId="po-scan" onCode={add} />
      {done && (
        <p className="goods-done" role="status" data-testid="po-done">
          Draft sent to head office for {done.order.supplierName}: {done.goods}. A buyer checks and orders it.
        </p>
      )}
      <table className="goods-lines" data-testid="po-lines">
        <TableHead columns={['Product', 'Quantity']} />
        <tbody>
          {lines.map((line) => (
            <tr key={line.productId} data-testid={`po-line-${line.sku}`}>
              <ProductCell name={line.name} sku={line.sku} />
              <td>
                <CountField
                  value={line.quantity}
                  unit={line.unit}
                  autoFocus={weighNext === line.productId}
                  min={1}
                  label={`Quantity of ${line.name}`}
                  testId={`po-qty-${line.sku}`}
                  onUnreadable={unreadable.flag}
                  onChange={(quantity) =>
                    setLines((current) =>
                      current.map((each) =>
                        each.productId === line.productId ? { ...each, quantity } : each,
                      ),
                    )
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {lines.length === 0 && (
        <p className="muted goods-empty">Scan the first item to order, or add what is low.</p>
      )}
      <footer className="goods-actions">
        {/* Empty until something is listed: the hint above says what to do, not "0 units on 0 lines". */}
        <span className="muted" data-testid="po-totals">
          {lines.length > 0 && unitsOnLines(lines)}
        </span>
        <button type="button" data-testid="po-add-low" onClick={addLow}>
          Add what is low
        </button>
        <button
          type="button"
          className="primary"
          data-testid="po-send"
          disabled={saving || lines.length === 0 || supplierId === ''}
          onClick={send}
        >
          Send draft
        </button>
      </footer>
    </Dialog>
  );
}
