import { useEffect, useState } from 'react';
import type { LowStockLine } from '../../../shared/purchase-receiving.ts';
import { invoke } from '../api.ts';
import { useStockVersion } from '../catalog/useStockVersion.ts';
import { useSession } from '../session/session.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { useProblem } from '../ui/useProblem.ts';
import { plural } from '../../../shared/words.ts';
import { ProductCell } from './ScanField.tsx';
import './goods.css';

/** The figures of a line, in the columns' order: weighed goods in kg. */
const figures = ['available', 'incoming', 'inboundTransit', 'reorderPoint', 'desiredLevel'] as const;

/**
 * What is low here, for managers: each SKU at or below its reorder point counting what is on its way, with the
 * figures that make it low. "New purchase order" drafts one, where "Add what is low" fills the lines.
 */
export function LowStockScreen({ onClose }: { onClose: () => void }) {
  const { quantity } = useStore();
  const session = useSession();
  const { problem, report, dismiss } = useProblem();
  const [lines, setLines] = useState<LowStockLine[] | null>(null);
  const version = useStockVersion();
  useEffect(() => {
    invoke('purchasing.lowStock').then(setLines, report);
  }, [version, report]);
  return (
    <Dialog title="Low stock" className="goods-screen" onClose={onClose}>
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      {lines !== null && lines.length === 0 && (
        <p className="muted goods-empty" data-testid="low-stock-none">
          Nothing is at or below its reorder point. Reorder points come from head office.
        </p>
      )}
      {lines !== null && lines.length > 0 && (
        <table className="goods-lines" data-testid="low-stock-lines">
          <TableHead
            columns={[
              'Product',
              { label: 'Available', className: 'amount' },
              { label: 'Incoming', className: 'amount' },
              { label: 'Arriving by transfer', className: 'amount' },
              { label: 'Reorder point', className: 'amount' },
              { label: 'Desired level', className: 'amount' },
            ]}
          />
          <tbody>
            {lines.map((line) => (
              <tr key={line.productId} data-testid={`low-stock-${line.sku}`}>
                <ProductCell name={line.name} sku={line.sku} />
                {figures.map((figure) => (
                  <td key={figure} className="amount">
                    {quantity(line[figure], line.unit)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <footer className="goods-actions">
        <span className="muted" data-testid="low-stock-total">
          {lines === null ? '' : `${plural(lines.length, 'product')} at or below the reorder point`}
        </span>
        <button
          type="button"
          className="primary"
          data-testid="low-stock-order"
          onClick={() => session.openPanel('purchaseOrder')}
        >
          New purchase order
        </button>
      </footer>
    </Dialog>
  );
}
