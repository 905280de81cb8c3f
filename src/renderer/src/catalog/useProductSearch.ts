import { useEffect, useEffectEvent, useState } from 'react';
import type { ProductHit } from '../../../shared/domain.ts';
import { oneHitPerStyle } from '../../../shared/styles.ts';
import { invoke } from '../api.ts';

const DEBOUNCE_MS = 80;
const RESULT_LIMIT = 20;

interface Results {
  term: string;
  hits: ProductHit[];
  active: number;
}

/**
 * Instant product search by name, SKU or barcode. Lightly debounced; a response for anything but the latest
 * text is dropped. `refreshKey` re-runs the same search (e.g. after stock changed). Keeps ↑/↓ highlight state.
 * With `byStyle`, a style's variants show as one hit (its grid picks the variant) unless one is matched by code.
 */
export function useProductSearch(
  query: string,
  onError: (error: unknown) => void,
  refreshKey = 0,
  byStyle = false,
) {
  const term = query.trim();

  const [results, setResults] = useState<Results>({ term: '', hits: [], active: 0 });
  const reportError = useEffectEvent(onError);

  useEffect(() => {
    if (!term) return;
    let stale = false;
    const timer = setTimeout(() => {
      invoke('catalog.search', { query: term, limit: RESULT_LIMIT }).then(
        (found) => {
          if (stale) return;
          const hits = byStyle ? oneHitPerStyle(found, term) : found;
          // A refresh of the same text keeps the highlighted row; new text starts at the top.
          setResults((previous) => ({
            term,
            hits,
            active: previous.term === term ? Math.min(previous.active, Math.max(0, hits.length - 1)) : 0,
          }));
        },
        (error: unknown) => {
          if (!stale) reportError(error);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [term, refreshKey, byStyle]);

  // While new results are on their way the previous ones stay visible (no flicker), but are not "fresh".
  const hits = term ? results.hits : [];
  const fresh = term !== '' && results.term === term;

  function move(delta: number): void {
    setResults((previous) => {
      if (previous.hits.length === 0) return previous;
      const active = (previous.active + delta + previous.hits.length) % previous.hits.length;
      return { ...previous, active };
    });
  }

  function highlight(index: number): void {
    setResults((previous) => ({ ...previous, active: index }));
  }

  /** The row Enter should act on, for exactly the text typed: waits for the search if it is still running. */
  async function pick(): Promise<ProductHit | null> {
    if (!term) return null;
    if (fresh) return results.hits[results.active] ?? null;
    const latest = await invoke('catalog.search', { query: term, limit: RESULT_LIMIT });
    return (byStyle ? oneHitPerStyle(latest, term) : latest)[0] ?? null;
  }

  return { term, hits, fresh, active: results.active, move, highlight, pick };
}
