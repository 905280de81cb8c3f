import type { ProductHit } from '../../../shared/domain.ts';
import { useStore } from '../store.ts';

interface ProductHitRowProps {
  hit: ProductHit;
  /** The hit stands for its style: picking it opens the style's grid. */
  asStyle?: boolean;
  active: boolean;
  testId: string;
  onPick: (hit: ProductHit) => void;
  onHover: () => void;
}

/**
 * One search result: name and codes, on hand here, price. Inactive products are greyed out. A hit standing for
 * its style shows the style's name and options instead, and no stock (each variant has its own, in the grid).
 */
export function ProductHitRow({ hit, asStyle = false, active, testId, onPick, onHover }: ProductHitRowProps) {
  const store = useStore();
  const style = asStyle ? hit.style : undefined;
  const inactive = !style && !hit.active;
  const classes = ['hit', active && 'hit-active', inactive && 'hit-inactive'].filter(Boolean).join(' ');
  return (
    <li
      role="option"
      aria-selected={active}
      aria-disabled={inactive}
      className={classes}
      data-testid={testId}
      data-sku={style ? undefined : hit.sku}
      data-style={style?.id}
      // Keep focus in the search field, so typing and ↑/↓ carry on after a tap.
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={active ? undefined : onHover}
      onClick={() => onPick(hit)}
    >
      {style ? (
        <>
          <span className="hit-name">
            {style.name}
            <span className="tag">
              Choose {style.axes.map((axis) => axis.name.toLowerCase()).join(' & ')}
            </span>
          </span>
          <span className="hit-codes">{style.axes.map((axis) => axis.values.join(' ')).join(' · ')}</span>
        </>
      ) : (
        <>
          <span className="hit-name">
            {hit.name}
            {inactive && <span className="tag">Inactive</span>}
          </span>
          <span className="hit-codes">
            {hit.sku}
            {hit.barcodes[0] && ` · ${hit.barcodes[0]}`}
          </span>
          <span className={`hit-stock ${hit.onHand <= 0 ? 'hit-stock-out' : ''}`}>
            {store.quantity(hit.onHand, hit.unit)} on hand
          </span>
        </>
      )}
      <span className="hit-price">
        {store.money(hit.priceMinor)}
        {hit.unit === 'kg' && <small> / kg</small>}
      </span>
    </li>
  );
}
