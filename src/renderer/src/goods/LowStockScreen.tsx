import { useEffect, useState } from 'react';
import type { LowStockLine } from '../../../shared/purchase-receiving.ts';
import { invoke } from '../api.ts';
import { useStockVersion } from '../catalog/useStockVersion.ts';
import { useSession } from '../session/session.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { useProblem } from '../ui/useProblem.ts';
import { plural } from '../../../shared/words.ts';
import { ProductCell } from './ScanField.tsx';
import './goods.css';

/**
 * What is low here, for managers: each SKU at or below its reorder point counting what is on its way, with the
 * figures that make it low. "New purchase order" drafts one, where "Add what is low" fills the lines.
 */
export function LowStockScreen({ onClose }: { onClose: () => void }) {
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
                <td className="amount">{line.available}</td>
                <td className="amount">{line.incoming}</td>
                <td className="amount">{line.inboundTransit}</td>
                <td className="amount">{line.reorderPoint}</td>
                <td className="amount">{line.desiredLevel}</td>
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
