/**
 * Which tab of a page shows, kept in the address under `param` so a reload or a link shows the same one. The
 * first tab is shown when the address names none (or one the page does not have), and choosing it takes the
 * param out of the address.
 */
import { useUrlState } from './useUrlState.ts';

export function useUrlTab<Id extends string>(
  param: string,
  tabs: Record<Id, string>,
  /** Params that belong to one tab (its filter), cleared when another is chosen. */
  clears: readonly string[] = [],
): [shown: Id, show: (id: Id) => void] {
  const [url, setUrl] = useUrlState([param, ...clears]);
  const ids = Object.keys(tabs) as Id[];
  const first = ids[0]!;
  const asked = url[param];
  const shown = ids.find((id) => id === asked) ?? first;
  const show = (id: Id) =>
    setUrl({
      ...Object.fromEntries(clears.map((key) => [key, undefined])),
      [param]: id === first ? undefined : id,
    });
  return [shown, show];
}
