import type { ProductHit } from '../../../shared/domain.ts';
import { useStore } from '../store.ts';

interface ProductHitRowProps {
  hit: ProductHit;
  active: boolean;
  testId: string;
  onPick: (hit: ProductHit) => void;
  onHover: () => void;
}

/** One search result: name and codes, on hand here, price. Inactive products are greyed out. */
export function ProductHitRow({ hit, active, testId, onPick, onHover }: ProductHitRowProps) {
  const store = useStore();
  const classes = ['hit', active && 'hit-active', !hit.active && 'hit-inactive'].filter(Boolean).join(' ');
  return (
    <li
      role="option"
      aria-selected={active}
      aria-disabled={!hit.active}
      className={classes}
      data-testid={testId}
      data-sku={hit.sku}
      // Keep focus in the search field, so typing and ↑/↓ carry on after a tap.
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={active ? undefined : onHover}
      onClick={() => onPick(hit)}
    >
      <span className="hit-name">
        {hit.name}
        {!hit.active && <span className="tag">Inactive</span>}
      </span>
      <span className="hit-codes">
        {hit.sku}
        {hit.barcodes[0] && ` · ${hit.barcodes[0]}`}
      </span>
      <span className={`hit-stock ${hit.onHand <= 0 ? 'hit-stock-out' : ''}`}>
        {store.quantity(hit.onHand, hit.unit)} on hand
      </span>
      <span className="hit-price">
        {store.money(hit.priceMinor)}
        {hit.unit === 'kg' && <small> / kg</small>}
      </span>
    </li>
  );
}
