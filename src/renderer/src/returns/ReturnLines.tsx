import { useRef } from 'react';
import type { ProductHit, ReturnDisposition, ReturnableSale } from '../../../shared/domain.ts';
import { ProductSearch } from '../catalog/ProductSearch.tsx';
import { useStore } from '../store.ts';
import { CloseIcon } from '../ui/icons.tsx';
import { DispositionToggle } from './DispositionToggle.tsx';
import { ReturnQuantity } from './ReturnQuantity.tsx';

export interface LinePick {
  quantity: number;
  disposition: ReturnDisposition;
}

const none: LinePick = { quantity: 0, disposition: 'sellable' };

interface ReceiptLinesProps {
  found: ReturnableSale;
  picks: Record<string, LinePick>;
  onPick: (lineId: string, pick: LinePick) => void;
}

/** The receipt's lines: sold, returned already, still returnable; how many come back and where they go. */
export function ReceiptLines({ found, picks, onPick }: ReceiptLinesProps) {
  const store = useStore();
  const { sale } = found;
  return (
    <div className="cart return-lines" data-testid="return-lines">
      <div className="return-head">
        <span>
          Receipt <strong data-testid="return-receipt-number">{sale.receiptNumber}</strong> ·{' '}
          {store.dateTime(sale.completedAt)} · {store.money(sale.totals.totalMinor)}
        </span>
        {found.source === 'head-office' && <span className="tag">Another register</span>}
        {found.voided && <span className="tag tag-danger">Voided</span>}
      </div>
      <ul className="cart-lines" aria-label="Items on the receipt">
        {found.lines.map(({ line, returnedQuantity, returnableQuantity }) => {
          const pick = picks[line.lineId] ?? none;
          const all = returnableQuantity === 0;
          return (
            <li
              key={line.lineId}
              className={`return-line ${pick.quantity > 0 ? 'return-line-picked' : ''}`}
              data-testid="return-line"
              data-sku={line.sku}
            >
              <div className="line-item">
                <span className="line-name">{line.name}</span>
                <span className="line-sku" data-testid="return-line-status">
                  Sold {store.quantity(line.quantity, line.unit)}
                  {returnedQuantity > 0 &&
                    ` · returned ${store.quantity(returnedQuantity, line.unit)}`} ·{' '}
                  {all
                    ? 'nothing left to return'
                    : `${store.quantity(returnableQuantity, line.unit)} returnable`}
                </span>
              </div>
              <span className="line-price">{store.money(line.totalMinor)}</span>
              {all ? (
                <span className="muted return-none">—</span>
              ) : (
                <>
                  <ReturnQuantity
                    name={line.name}
                    unit={line.unit}
                    quantity={pick.quantity}
                    max={returnableQuantity}
                    onQuantity={(quantity) => onPick(line.lineId, { ...pick, quantity })}
                  />
                  <DispositionToggle
                    name={line.name}
                    disposition={pick.disposition}
                    onDisposition={(disposition) => onPick(line.lineId, { ...pick, disposition })}
                  />
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export interface NoReceiptItem {
  product: ProductHit;
  quantity: number;
  disposition: ReturnDisposition;
}

interface NoReceiptItemsProps {
  items: NoReceiptItem[];
  onItems: (items: NoReceiptItem[]) => void;
  onAdd: (product: ProductHit) => void;
  /** Digits typed in the search that match no name: looked up as a barcode. */
  onCode: (code: string) => Promise<boolean>;
  onError: (error: unknown) => void;
  /** Whether scanned items land here (rather than on the exchange). */
  scansHere: boolean;
}

/** A return without receipt: items found in the catalog (priced as today), how many and where they go. */
export function NoReceiptItems({ items, onItems, onAdd, onCode, onError, scansHere }: NoReceiptItemsProps) {
  const store = useStore();
  const searchRef = useRef<HTMLInputElement>(null);
  const update = (index: number, change: Partial<NoReceiptItem>) =>
    onItems(items.map((item, at) => (at === index ? { ...item, ...change } : item)));

  return (
    <div className="cart return-lines" data-testid="no-receipt-items">
      <div className="return-head">
        <span>
          <strong>Return without receipt</strong> · priced as in the catalog today; needs a reason and a
          manager’s approval
        </span>
        {scansHere && <span className="tag">Scans go here</span>}
      </div>
      <div className="return-search">
        <ProductSearch
          inputRef={searchRef}
          placeholder="Find the item coming back — name, SKU or barcode"
          testId="no-receipt-search"
          onAdd={(hit) => {
            onAdd(hit);
            return Promise.resolve(true);
          }}
          onCode={onCode}
          onError={onError}
          hotkey={null}
        />
      </div>
      <ul className="cart-lines" aria-label="Items coming back">
        {items.map((item, index) => (
          <li
            key={item.product.id}
            className="return-line return-line-picked"
            data-testid="return-line"
            data-sku={item.product.sku}
          >
            <div className="line-item">
              <span className="line-name">{item.product.name}</span>
              <span className="line-sku">{item.product.sku}</span>
            </div>
            <span className="line-price">
              {store.money(item.product.priceMinor)}
              {item.product.unit === 'kg' && <small> / kg</small>}
            </span>
            <ReturnQuantity
              name={item.product.name}
              unit={item.product.unit}
              quantity={item.quantity}
              max={null}
              onQuantity={(quantity) => update(index, { quantity })}
            />
            <DispositionToggle
              name={item.product.name}
              disposition={item.disposition}
              onDisposition={(disposition) => update(index, { disposition })}
            />
            <button
              type="button"
              className="icon-button line-remove"
              aria-label={`Take ${item.product.name} off the return`}
              onClick={() => onItems(items.filter((_, at) => at !== index))}
            >
              <CloseIcon />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
