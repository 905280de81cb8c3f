import { useStore } from '../store.ts';

interface OverShortProps {
  overShortMinor: number;
  countedMinor: number;
  expectedMinor: number;
}

/** Counted against expected: green when exact, amber when over, red when short. */
export function OverShort({ overShortMinor, countedMinor, expectedMinor }: OverShortProps) {
  const store = useStore();
  const state = overShortMinor === 0 ? 'exact' : overShortMinor > 0 ? 'over' : 'short';
  const label = { exact: 'Drawer exact', over: 'Over', short: 'Short' }[state];
  return (
    <div className={`over-short over-short-${state}`} data-testid="over-short" data-state={state}>
      <span>{label}</span>
      <strong data-testid="over-short-amount">{store.money(Math.abs(overShortMinor))}</strong>
      <small>
        Counted {store.money(countedMinor)} · expected {store.money(expectedMinor)}
      </small>
    </div>
  );
}
