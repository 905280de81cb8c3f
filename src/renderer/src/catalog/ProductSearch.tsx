import { useId, useState, type RefObject } from 'react';
import type { ProductHit } from '../../../shared/domain.ts';
import { CounterError } from '../../../shared/errors.ts';
import { isCodeOf } from '../../../shared/styles.ts';
import { SearchIcon } from '../ui/icons.tsx';
import { onKeys } from '../ui/useHotkeys.ts';
import { ProductHitRow } from './ProductHitRow.tsx';
import { useProductSearch } from './useProductSearch.ts';
import { useStockVersion } from './useStockVersion.ts';

interface ProductSearchProps {
  inputRef: RefObject<HTMLInputElement | null>;
  /** Resolve to true when the item went on the sale, so the field can clear. */
  onAdd: (hit: ProductHit) => Promise<boolean>;
  /** Digits that match nothing are treated as a typed barcode (main reads weight/price codes too). */
  onCode: (code: string) => Promise<boolean>;
  onError: (error: unknown) => void;
  /** Set where a style's variants show as one hit that opens its grid (the sale screen): picking such a hit. */
  onStyle?: (styleId: string) => void;
  placeholder?: string;
  testId?: string;
  /** The key that focuses the field, shown in it; null when there is none. */
  hotkey?: string | null;
}

/** Search by name, SKU or barcode: ↑/↓ to choose, Enter adds, Esc clears; click or tap adds too. */
export function ProductSearch({
  inputRef,
  onAdd,
  onCode,
  onError,
  onStyle,
  placeholder = 'Search by name, SKU or barcode — or just scan',
  testId = 'search-input',
  hotkey = 'F2',
}: ProductSearchProps) {
  const [query, setQuery] = useState('');
  const [focused, setFocused] = useState(false);
  // Re-run on stock changes, so the on-hand figures in an open list stay current.
  const stockVersion = useStockVersion();
  const search = useProductSearch(query, onError, stockVersion, onStyle !== undefined);
  const listId = useId();

  async function add(hit: ProductHit) {
    if (onStyle && hit.style && !isCodeOf(hit, search.term)) {
      setQuery('');
      return onStyle(hit.style.id);
    }
    if (await onAdd(hit)) setQuery('');
  }

  async function enter() {
    const hit = await search.pick();
    if (hit) return await add(hit);
    if (/^\d+$/.test(search.term)) {
      if (await onCode(search.term)) setQuery('');
      return;
    }
    onError(
      new CounterError(
        'NOT_FOUND',
        `Nothing in the catalog matches “${search.term}”. Check the spelling, or scan the item.`,
      ),
    );
  }

  const onKeyDown = onKeys({
    ArrowDown: () => search.move(1),
    ArrowUp: () => search.move(-1),
    Enter: () => {
      if (!search.term) return false;
      enter().catch(onError);
    },
    Escape: () => {
      if (!query) return false;
      setQuery('');
    },
  });

  // Opens once results arrive, so a scanner burst typed into the field never pops an empty list open.
  const open = focused && search.term !== '' && (search.fresh || search.hits.length > 0);
  return (
    <div className="search" onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}>
      <label className="search-field">
        <SearchIcon size={22} />
        <input
          ref={inputRef}
          type="search"
          data-testid={testId}
          placeholder={placeholder}
          aria-label="Search products"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          autoFocus
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {hotkey && <kbd>{hotkey}</kbd>}
      </label>
      {open && (
        <ul className="search-results" id={listId} role="listbox" aria-label="Matching products">
          {search.hits.map((hit, index) => (
            <ProductHitRow
              key={hit.id}
              hit={hit}
              asStyle={onStyle !== undefined && hit.style !== undefined && !isCodeOf(hit, search.term)}
              active={index === search.active}
              testId="search-result"
              onPick={(picked) => {
                add(picked).catch(onError);
              }}
              onHover={() => search.highlight(index)}
            />
          ))}
          {search.fresh && search.hits.length === 0 && (
            <li className="search-empty">
              Nothing matches “{search.term}”.
              {/^\d+$/.test(search.term) && ' Press Enter to look it up as a barcode.'}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
