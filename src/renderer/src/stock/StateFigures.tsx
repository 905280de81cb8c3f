import type { Unit } from '../../../shared/domain.ts';
import { availableToSell, stockStateLabels, stockStates, type StockFigures } from '../../../shared/stock.ts';
import { useStore } from '../store.ts';
import './stock.css';

/**
 * Every stock state of one product at one place, what of it can be sold (on hand − committed) and, when given,
 * what is incoming on open purchase orders.
 */
export function StateFigures({
  figures,
  unit,
  testId,
  incoming,
}: {
  figures: StockFigures;
  unit: Unit;
  testId: string;
  incoming?: number;
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
      {incoming !== undefined && (
        <div className="state-figure state-incoming">
          <dt>Incoming</dt>
          <dd data-testid={`${testId}-incoming`}>{store.quantity(incoming, unit)}</dd>
        </div>
      )}
    </dl>
  );
}

/** Table column heads for every state, what can be sold and (`incoming`) what is on order; StateCells fills them. */
export function StateHeads({ incoming = false }: { incoming?: boolean }) {
  return (
    <>
      {stockStates.map((state) => (
        <th key={state} scope="col" className="amount">
          {stockStateLabels[state]}
        </th>
      ))}
      <th scope="col" className="amount">
        Available
      </th>
      {incoming && (
        <th scope="col" className="amount">
          Incoming
        </th>
      )}
    </>
  );
}

/** One row's cells under StateHeads; `availableTestId` marks the available cell. */
export function StateCells({
  figures,
  unit,
  availableTestId,
  incoming,
}: {
  figures: StockFigures;
  unit: Unit;
  availableTestId?: string;
  /** Given when the heads show Incoming. */
  incoming?: number;
}) {
  const store = useStore();
  const available = availableToSell(figures);
  return (
    <>
      {stockStates.map((state) => (
        <td key={state} className="amount">
          {store.quantity(figures[state], unit)}
        </td>
      ))}
      <td className={`amount ${available <= 0 ? 'stock-out' : ''}`} data-testid={availableTestId}>
        {store.quantity(available, unit)}
      </td>
      {incoming !== undefined && <td className="amount">{store.quantity(incoming, unit)}</td>}
    </>
  );
}
