import { useEffect, useEffectEvent, useState } from 'react';
import type { Availability, ProductHit } from '../../../shared/domain.ts';
import { invoke, whenAnswered } from '../api.ts';
import { StateCells, StateFigures, StateHeads } from '../stock/StateFigures.tsx';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { onKeys } from '../ui/useHotkeys.ts';
import { ProductFinderField } from './ProductFinderField.tsx';
import { ProductHitRow } from './ProductHitRow.tsx';
import { useProductSearch } from './useProductSearch.ts';
import { useStockVersion } from './useStockVersion.ts';

export interface StockLookup {
  query: string;
  productId: number | null;
}

interface AvailabilityDialogProps {
  lookup: StockLookup;
  onLookup: (lookup: StockLookup) => void;
  onClose: () => void;
  onError: (error: unknown) => void;
}

/**
 * "Do we have it?": find any product and see on hand here, live: a completed sale (or any stock change)
 * re-fetches at once. Other stores appear once the register syncs with head office.
 */
export function AvailabilityDialog({ lookup, onLookup, onClose, onError }: AvailabilityDialogProps) {
  const stockVersion = useStockVersion();
  const search = useProductSearch(lookup.query, onError, stockVersion);
  const [availability, setAvailability] = useState<Availability | null>(null);
  const reportError = useEffectEvent(onError);

  useEffect(() => {
    if (lookup.productId === null) return;
    return whenAnswered(
      invoke('stock.availability', { productId: lookup.productId }),
      setAvailability,
      (error) => reportError(error),
    );
  }, [lookup.productId, stockVersion]);

  const select = (hit: ProductHit) => onLookup({ ...lookup, productId: hit.id });
  const shown = availability && availability.product.id === lookup.productId ? availability : null;

  const onKeyDown = onKeys({
    ArrowDown: () => search.move(1),
    ArrowUp: () => search.move(-1),
    Enter: () => {
      search.pick().then((hit) => hit && select(hit), onError);
    },
  });

  return (
    <Dialog title="Stock availability" className="availability-dialog" onClose={onClose}>
      <div className="availability-layout">
        <div className="availability-search">
          <ProductFinderField
            testId="availability-search"
            label="Find a product"
            value={lookup.query}
            onChange={(query) => onLookup({ query, productId: lookup.productId })}
            onKeyDown={onKeyDown}
          />
          <ul className="availability-results" role="listbox" aria-label="Matching products">
            {search.hits.map((hit, index) => (
              <ProductHitRow
                key={hit.id}
                hit={hit}
                active={hit.id === lookup.productId || (lookup.productId === null && index === search.active)}
                testId="availability-result"
                onPick={select}
                onHover={() => search.highlight(index)}
              />
            ))}
            {search.fresh && search.hits.length === 0 && (
              <li className="search-empty">Nothing matches “{search.term}”.</li>
            )}
          </ul>
        </div>
        <AvailabilityDetail availability={shown} />
      </div>
    </Dialog>
  );
}

function AvailabilityDetail({ availability }: { availability: Availability | null }) {
  const store = useStore();
  if (!availability) {
    return <div className="detail-panel availability-placeholder">Choose a product to see its stock.</div>;
  }
  const { product, onHandHere, here, otherStores } = availability;
  return (
    <div className="detail-panel" aria-live="polite">
      <h3>{product.name}</h3>
      <p className="availability-codes">
        {product.sku}
        {product.barcodes.length > 0 && ` · ${product.barcodes.join(', ')}`}
        {' · '}
        {store.money(product.priceMinor)}
        {product.unit === 'kg' && ' / kg'}
        {!product.active && <span className="tag">Inactive</span>}
      </p>
      <div className={`on-hand ${onHandHere <= 0 ? 'on-hand-out' : ''}`}>
        <span>On hand here</span>
        <strong data-testid="availability-on-hand">{store.quantity(onHandHere, product.unit)}</strong>
      </div>
      <StateFigures
        figures={here}
        unit={product.unit}
        testId="availability-here"
        incoming={availability.incomingHere}
      />
      <h4>Other stores</h4>
      {otherStores.length === 0 ? (
        <p className="muted">Other stores’ stock shows here once this register syncs with head office.</p>
      ) : (
        <table className="other-stores">
          <thead>
            <tr>
              <th scope="col">Store</th>
              <StateHeads />
              <th scope="col">Figures</th>
            </tr>
          </thead>
          <tbody>
            {otherStores.map((other) => (
              <tr key={other.storeId} data-testid="availability-other-store">
                <td>{other.storeName}</td>
                <StateCells
                  figures={other.figures}
                  unit={product.unit}
                  availableTestId="availability-other-available"
                />
                <td className="muted">{other.asOf ? `as of ${store.dateTime(other.asOf)}` : 'live'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
