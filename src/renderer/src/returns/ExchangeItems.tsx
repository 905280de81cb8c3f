import type { RefObject } from 'react';
import type { OpenSale, ProductHit } from '../../../shared/domain.ts';
import { ProductSearch } from '../catalog/ProductSearch.tsx';
import { useStore } from '../store.ts';
import { CheckField } from '../ui/CheckField.tsx';
import { CloseIcon } from '../ui/icons.tsx';

interface ExchangeItemsProps {
  on: boolean;
  onToggle: (on: boolean) => void;
  /** The open sale: an exchange's new items are its lines. */
  sale: OpenSale | null;
  searchRef: RefObject<HTMLInputElement | null>;
  onAdd: (hit: ProductHit) => Promise<boolean>;
  onCode: (code: string) => Promise<boolean>;
  onRemove: (lineId: string) => void;
  onError: (error: unknown) => void;
}

/** Exchange: the customer takes new items in the same document; they are the open sale's lines. */
export function ExchangeItems({
  on,
  onToggle,
  sale,
  searchRef,
  onAdd,
  onCode,
  onRemove,
  onError,
}: ExchangeItemsProps) {
  const store = useStore();
  const lines = sale?.lines ?? [];
  return (
    <section className={`exchange ${on ? 'exchange-on' : ''}`} aria-label="Exchange" data-testid="exchange">
      <CheckField className="exchange-toggle" testId="exchange-toggle" checked={on} onChange={onToggle}>
        <span>
          <strong>Exchange</strong> — the customer takes new items instead
        </span>
        {on && <span className="tag">Scans go here</span>}
      </CheckField>
      {on && (
        <>
          <ProductSearch
            inputRef={searchRef}
            placeholder="Add a new item — name, SKU or barcode, or scan it"
            testId="exchange-search"
            onAdd={onAdd}
            onCode={onCode}
            onError={onError}
            hotkey={null}
          />
          {lines.length > 0 ? (
            <ul className="exchange-lines" aria-label="New items">
              {lines.map((line) => (
                <li
                  key={line.lineId}
                  className="exchange-line"
                  data-testid="exchange-line"
                  data-sku={line.sku}
                >
                  <span className="line-name">{line.name}</span>
                  <span className="muted">× {store.quantity(line.quantity, line.unit)}</span>
                  <span className="amount">{store.money(line.totalMinor)}</span>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${line.name} from the exchange`}
                    onClick={() => onRemove(line.lineId)}
                  >
                    <CloseIcon size={18} />
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No new items yet.</p>
          )}
        </>
      )}
    </section>
  );
}
