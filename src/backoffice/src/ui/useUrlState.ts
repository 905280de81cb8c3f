/**
 * A page's filters and sort kept in the address (?q=mug&sort=-price): a reload, a bookmark or a link someone
 * sends shows the same list, and Back goes to the filter before.
 */
import { useLocation, useSearchParams } from 'react-router';

export function useUrlState<K extends string>(
  keys: readonly K[],
): [values: Partial<Record<K, string>>, set: (changes: Partial<Record<K, string | undefined>>) => void] {
  const [params, setParams] = useSearchParams();
  const { pathname } = useLocation();
  const values: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null && value !== '') values[key] = value;
  }
  const set = (changes: Partial<Record<K, string | undefined>>) => {
    // A search box sends its text a moment after the last key. If the person has meanwhile clicked to another
    // page, the address already says so while that page draws, and this change would take them back.
    if (window.location.pathname !== pathname) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes) as [K, string | undefined][]) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: 'q' in changes },
    );
  };
  return [values, set];
}
