import { useEffect, useEffectEvent, useState } from 'react';
import type { StockLine, StockMovementView } from '../../../shared/domain.ts';
import { stockStateLabels, movementReasonLabels } from '../../../shared/stock.ts';
import { invoke, whenAnswered } from '../api.ts';
import { ProductFinderField } from '../catalog/ProductFinderField.tsx';
import { useStockVersion } from '../catalog/useStockVersion.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { onKeys } from '../ui/useHotkeys.ts';
import { useProblem } from '../ui/useProblem.ts';
import { AdjustForm } from './AdjustForm.tsx';
import { StateCells, StateFigures, StateHeads } from './StateFigures.tsx';

/** What the list shows: a search, or one category. */
type Listing = { kind: 'search'; text: string } | { kind: 'category'; name: string };

/**
 * The Stock screen, called Inventory on screen (the header's Stock button is the availability lookup): for managers: a search or a category with every state of each product here, the recent
 * movements of the chosen one (what, why, which document, who, when), and Adjust (F2) to make an adjustment.
 * Keyboard: type to search, ↑/↓ to choose, F2 to adjust, Esc to close.
 */
export function StockScreen({ onClose }: { onClose: () => void }) {
  const { problem, report, dismiss } = useProblem();
  const stockVersion = useStockVersion();
  const [listing, setListing] = useState<Listing>({ kind: 'search', text: '' });
  const [categories, setCategories] = useState<string[]>([]);
  const [listed, setListed] = useState<StockLine[]>([]);
  const nothingAsked = listing.kind === 'search' && listing.text.trim() === '';
  const lines = nothingAsked ? [] : listed;
  const [chosenId, setChosenId] = useState<number | null>(null);
  const [adjusting, setAdjusting] = useState(false);
  const reportError = useEffectEvent(report);

  useEffect(() => whenAnswered(invoke('stock.categories'), setCategories, (error) => reportError(error)), []);
  useEffect(() => {
    if (listing.kind === 'search' && listing.text.trim() === '') return;
    const query = listing.kind === 'search' ? { search: listing.text } : { category: listing.name };
    return whenAnswered(invoke('stock.list', query), setListed, (error) => reportError(error));
  }, [listing, stockVersion]);

  const chosen = lines.find((line) => line.product.id === chosenId) ?? lines[0] ?? null;
  const move = (step: number) => {
    if (lines.length === 0) return;
    const at = chosen ? lines.indexOf(chosen) : -1;
    const next = lines[Math.min(lines.length - 1, Math.max(0, at + step))]!;
    setChosenId(next.product.id);
  };
  const onKeyDown = onKeys({
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    F2: () => {
      if (chosen) setAdjusting(true);
    },
  });

  return (
    <Dialog
      title="Stock levels"
      className="stock-screen"
      onClose={onClose}
      onKeyDown={adjusting ? undefined : onKeyDown}
    >
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      <div className="stock-filters">
        <ProductFinderField
          testId="stock-search"
          label="Find products"
          value={listing.kind === 'search' ? listing.text : ''}
          onChange={(text) => setListing({ kind: 'search', text })}
        />
        <label className="field stock-category">
          <span>Category</span>
          <select
            data-testid="stock-category"
            value={listing.kind === 'category' ? listing.name : ''}
            onChange={(event) =>
              setListing(
                event.target.value === ''
                  ? { kind: 'search', text: '' }
                  : { kind: 'category', name: event.target.value },
              )
            }
          >
            <option value="">All: use the search</option>
            {categories.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="stock-layout">
        <StockTable lines={lines} chosen={chosen} onChoose={setChosenId} listing={listing} />
        <section className="stock-detail detail-panel" aria-label="Chosen product">
          {chosen ? (
            <>
              <header className="stock-detail-head">
                <div>
                  <h3>{chosen.product.name}</h3>
                  <p className="muted">{chosen.product.sku}</p>
                </div>
                <button
                  type="button"
                  className="primary"
                  data-testid="stock-adjust"
                  onClick={() => setAdjusting(true)}
                >
                  Adjust <kbd>F2</kbd>
                </button>
              </header>
              <StateFigures
                figures={chosen.here}
                unit={chosen.product.unit}
                testId="stock-here"
                incoming={chosen.incomingHere}
              />
              <Movements line={chosen} version={stockVersion} onError={report} />
            </>
          ) : (
            <p className="muted stock-placeholder">Search or choose a category to see stock here.</p>
          )}
        </section>
      </div>
      {adjusting && chosen && (
        <AdjustForm line={chosen} onDone={() => setAdjusting(false)} onCancel={() => setAdjusting(false)} />
      )}
    </Dialog>
  );
}

function StockTable({
  lines,
  chosen,
  onChoose,
  listing,
}: {
  lines: StockLine[];
  chosen: StockLine | null;
  onChoose: (productId: number) => void;
  listing: Listing;
}) {
  if (lines.length === 0) {
    return (
      <p className="muted stock-placeholder">
        {listing.kind === 'search' && listing.text.trim() !== ''
          ? `Nothing matches “${listing.text.trim()}”.`
          : 'Type a name, SKU or barcode, or choose a category.'}
      </p>
    );
  }
  return (
    <div className="stock-table-wrap">
      <table className="stock-table" data-testid="stock-table">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <StateHeads incoming />
          </tr>
        </thead>
        <tbody>
          {lines.map(({ product, here, incomingHere }) => (
            <tr
              key={product.id}
              data-testid="stock-row"
              data-sku={product.sku}
              aria-selected={chosen?.product.id === product.id}
              onClick={() => onChoose(product.id)}
            >
              <td>
                <span className="stock-name">{product.name}</span>
                <span className="muted stock-sku">{product.sku}</span>
              </td>
              <StateCells figures={here} unit={product.unit} incoming={incomingHere} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Movements({
  line,
  version,
  onError,
}: {
  line: StockLine;
  version: number;
  onError: (error: unknown) => void;
}) {
  const store = useStore();
  const [movements, setMovements] = useState<StockMovementView[]>([]);
  const reportError = useEffectEvent(onError);
  const productId = line.product.id;
  useEffect(
    () => whenAnswered(invoke('stock.movements', { productId }), setMovements, (error) => reportError(error)),
    [productId, version],
  );
  return (
    <>
      <h4>Recent movements</h4>
      {movements.length === 0 ? (
        <p className="muted">No movements here yet.</p>
      ) : (
        <table className="stock-movements" data-testid="stock-movements">
          <TableHead
            columns={['When', 'What', { label: 'Change', className: 'amount' }, 'Why', 'Document', 'Who']}
          />
          <tbody>
            {movements.map((movement) => (
              <tr key={movement.id} data-testid="stock-movement">
                <td className="muted">{store.dateTime(movement.occurredAt)}</td>
                <td>
                  {movementReasonLabels[movement.reason]}
                  {movement.state !== 'on_hand' && (
                    <span className="tag">{stockStateLabels[movement.state]}</span>
                  )}
                </td>
                <td className={`amount ${movement.delta < 0 ? 'stock-out' : ''}`}>
                  {movement.delta > 0 ? '+' : movement.delta < 0 ? '−' : ''}
                  {store.quantity(Math.abs(movement.delta), line.product.unit)}
                </td>
                <td>{movement.detail ?? ''}</td>
                <td className="muted">
                  {movement.documentLabel ?? ''}
                  {movement.documentId && (
                    <span className="stock-document-id" title={movement.documentId}>
                      {movement.documentId}
                    </span>
                  )}
                </td>
                <td>{movement.userName ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
