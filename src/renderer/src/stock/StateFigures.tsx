import type { Unit } from '../../../shared/domain.ts';
import { availableToSell, stockStateLabels, stockStates, type StockFigures } from '../../../shared/stock.ts';
import { useStore } from '../store.ts';
import './stock.css';

/** Every stock state of one product at one place, and what of it can be sold (on hand − committed). */
export function StateFigures({
  figures,
  unit,
  testId,
}: {
  figures: StockFigures;
  unit: Unit;
  testId: string;
}) {
  const store = useStore();
  return (
    <dl className="state-figures" data-testid={testId}>
      {stockStates.map((state) => (
        <div key={state} className={`state-figure state-${state}`}>
          <dt>{stockStateLabels[state]}</dt>
          <dd data-testid={`${testId}-${state}`}>{store.quantity(figures[state], unit)}</dd>
        </div>
      ))}
      <div className="state-figure state-available">
        <dt>Available</dt>
        <dd data-testid={`${testId}-available`}>{store.quantity(availableToSell(figures), unit)}</dd>
      </div>
    </dl>
  );
}
