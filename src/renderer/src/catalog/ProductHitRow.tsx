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

/** One search result: name and codes, on hand here, price. Inactive products are greyed out. */
export function ProductHitRow({ hit, asStyle = false, active, testId, onPick, onHover }: ProductHitRowProps) {
  const store = useStore();
  if (asStyle && hit.style) {
    const { style } = hit;
    return (
      <li
        role="option"
        aria-selected={active}
        className={`hit hit-style ${active ? 'hit-active' : ''}`}
        data-testid={testId}
        data-style={style.id}
        onMouseDown={(event) => event.preventDefault()}
        onMouseMove={active ? undefined : onHover}
        onClick={() => onPick(hit)}
      >
        <span className="hit-name">
          {style.name}
          <span className="tag">Choose {style.axes.map((axis) => axis.name.toLowerCase()).join(' & ')}</span>
        </span>
        <span className="hit-codes">{style.axes.map((axis) => axis.values.join(' ')).join(' · ')}</span>
        <span className="hit-stock" />
        <span className="hit-price">{store.money(hit.priceMinor)}</span>
      </li>
    );
  }
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
