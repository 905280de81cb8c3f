import { useEffect, useRef, type ReactNode } from 'react';
import type { OpenSale, SaleLine } from '../../../shared/domain.ts';
import { BarcodeIcon, PauseIcon, TagIcon } from '../ui/icons.tsx';
import { CancelSaleButton } from './CancelSaleButton.tsx';
import { CartLine } from './CartLine.tsx';

interface CartProps {
  sale: OpenSale;
  onSetQuantity: (lineId: string, quantity: number) => Promise<boolean>;
  onStepQuantity: (lineId: string, step: 1 | -1) => Promise<boolean>;
  onRemove: (lineId: string) => void;
  onAdjust: (line: SaleLine) => void;
  onInvalidQuantity: (line: SaleLine, message: string) => void;
  onCartDiscount: () => void;
  onPark: () => void;
  onCancel: () => void;
  /** Shown under the prompt while the cart is empty: the parked sales to resume. */
  emptyExtra?: ReactNode;
  /** How many sales are parked: shown during a sale, and a tap lists them (`onShowParked`). */
  parkedCount: number;
  onShowParked: () => void;
}

export function Cart({
  sale,
  onCancel,
  onCartDiscount,
  onPark,
  emptyExtra,
  parkedCount,
  onShowParked,
  ...handlers
}: CartProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const lineCount = sale.lines.length;
  // A new line appears at the bottom: keep it in view on a long sale.
  useEffect(() => {
    listRef.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [lineCount]);

  if (sale.lines.length === 0) {
    return (
      <div className="cart-empty">
        <BarcodeIcon size={48} />
        <p>Scan an item or search to start the sale.</p>
        {emptyExtra}
      </div>
    );
  }
  return (
    <div className="cart">
      <div className="cart-head" aria-hidden="true">
        <span>Item</span>
        <span>Quantity</span>
        <span>Price</span>
        <span>Amount</span>
        <span />
      </div>
      <ul className="cart-lines" ref={listRef} aria-label="Items in this sale">
        {sale.lines.map((line) => (
          <CartLine
            key={line.lineId}
            line={line}
            pricesIncludeTax={sale.totals.pricesIncludeTax}
            warning={sale.stockWarnings.find((warning) => warning.productId === line.productId)}
            {...handlers}
          />
        ))}
      </ul>
      <div className="cart-foot">
        <span className="cart-count">
          {sale.lines.length} {sale.lines.length === 1 ? 'line' : 'lines'} · {itemCount(sale)}
          {parkedCount > 0 && (
            <button type="button" className="parked-badge" data-testid="parked-badge" onClick={onShowParked}>
              <PauseIcon size={16} />
              {parkedCount} parked
            </button>
          )}
        </span>
        <div className="cart-actions">
          <button type="button" className="cart-action" data-testid="cart-discount" onClick={onCartDiscount}>
            <TagIcon size={18} />
            {sale.cartDiscount ? 'Sale discount' : 'Discount on sale'}
          </button>
          <button
            type="button"
            className="cart-action"
            data-testid="park-sale"
            // A sale with payments taken cannot be parked: the money is in the drawer.
            disabled={sale.tenders.length > 0}
            onClick={onPark}
          >
            <PauseIcon size={18} />
            Park <kbd>F3</kbd>
          </button>
          <CancelSaleButton onCancel={onCancel} />
        </div>
      </div>
    </div>
  );
}

/** "5 items", counting weighed goods as one item each (their quantity is grams). */
function itemCount(sale: OpenSale): string {
  const count = sale.lines.reduce((sum, line) => sum + (line.unit === 'kg' ? 1 : line.quantity), 0);
  return `${count} ${count === 1 ? 'item' : 'items'}`;
}
