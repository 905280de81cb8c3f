import { useState } from 'react';
import { describeScope, type UncountedChoice } from '../../../shared/counts.ts';
import type { Unit } from '../../../shared/domain.ts';
import type { CountDetail, CountVariance } from '../../../shared/sync/counts-api.ts';
import { plural } from '../../../shared/words.ts';
import { useStore } from '../store.ts';
import { Segmented } from '../ui/Segmented.tsx';
import { TableHead } from '../ui/TableHead.tsx';

/** Rows the review lays out at once; the totals always cover every SKU. */
const ROWS_SHOWN = 300;

type Order = 'sku' | 'value';

interface CountReviewProps {
  count: CountDetail;
  onApprove: (uncounted: UncountedChoice) => void;
  onBack: () => void;
}

/** Biggest change of value first; SKUs that approving leaves as they are go last. */
const byValue =
  (changes: (item: CountVariance) => boolean) =>
  (a: CountVariance, b: CountVariance): number =>
    weight(b, changes) - weight(a, changes) || a.sku.localeCompare(b.sku);
const weight = (item: CountVariance, changes: (item: CountVariance) => boolean): number =>
  changes(item) ? Math.abs(item.varianceValueMinor ?? 0) : -1;

/**
 * A manager's review of a count: every register's lines merged by head office, each SKU against what was
 * expected on hand when it was counted (sales during the count are no variance), by SKU or by value; what the
 * SKUs nobody counted become; approve.
 */
export function CountReview({ count, onApprove, onBack }: CountReviewProps) {
  const { money, quantity } = useStore();
  // A head office before units sends none: its figures count in pieces.
  const unitOf = (item: CountVariance): Unit => item.unit ?? 'each';
  const signed = (variance: number, unit: Unit) => `${variance > 0 ? '+' : ''}${quantity(variance, unit)}`;
  const [order, setOrder] = useState<Order>('value');
  const [uncounted, setUncounted] = useState<UncountedChoice>('leave');
  const notCounted = count.items.filter((item) => item.counted === null);
  // What approving would change: uncounted SKUs only if they become zero. The rows say the same as the total.
  const changes = (item: CountVariance): boolean => item.counted !== null || uncounted === 'zero';
  const items = order === 'sku' ? count.items : count.items.slice().sort(byValue(changes));
  const changing = count.items.filter(changes);
  // Pieces and grams do not add up: the weighed goods' variance is a weight beside the units.
  const varianceIn = (unit: Unit) =>
    changing.filter((item) => unitOf(item) === unit).reduce((sum, item) => sum + item.variance, 0);
  const units = varianceIn('each');
  const grams = varianceIn('kg');
  const value = changing.reduce((sum, item) => sum + (item.varianceValueMinor ?? 0), 0);
  return (
    <section className="count-review" data-testid="count-review">
      <header className="count-head">
        <p>
          <strong>{describeScope(count.scope)}</strong> · {plural(count.lines, 'line')} from{' '}
          {plural(count.registers.length, 'register')}
        </p>
        <Segmented
          label="Order"
          testId="count-review-by"
          small
          value={order}
          onChange={setOrder}
          options={[
            { value: 'value', label: 'By value' },
            { value: 'sku', label: 'By SKU' },
          ]}
        />
      </header>
      <div className="count-review-table">
        <table>
          <TableHead
            columns={[
              'SKU',
              'Product',
              { label: 'Expected', className: 'number' },
              { label: 'Counted', className: 'number' },
              { label: 'Variance', className: 'number' },
              { label: 'Value', className: 'number' },
            ]}
          />
          <tbody>
            {items.slice(0, ROWS_SHOWN).map((item) => (
              <tr key={item.sku} data-testid={`count-review-${item.sku}`}>
                <td>{item.sku}</td>
                <td>{item.name ?? 'Not in the catalog'}</td>
                <td className="number">{quantity(item.expected, unitOf(item))}</td>
                <td className="number">
                  {item.counted === null ? 'not counted' : quantity(item.counted, unitOf(item))}
                </td>
                {changes(item) ? (
                  <>
                    <td className={item.variance < 0 ? 'number short' : 'number'}>
                      {signed(item.variance, unitOf(item))}
                    </td>
                    <td className="number">
                      {item.varianceValueMinor === null ? 'no price' : money(item.varianceValueMinor)}
                    </td>
                  </>
                ) : (
                  <td className="number muted" colSpan={2}>
                    left as it is
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {items.length > ROWS_SHOWN && (
          <p className="count-empty">
            Showing {ROWS_SHOWN} of {items.length.toLocaleString()} SKUs; the totals cover them all.
          </p>
        )}
      </div>
      {notCounted.length > 0 && (
        <div className="count-uncounted">
          <span>{plural(notCounted.length, 'SKU')} of the count nobody counted:</span>
          <Segmented
            label="Uncounted SKUs"
            testId="count-uncounted"
            value={uncounted}
            onChange={setUncounted}
            options={[
              { value: 'leave', label: 'Leave as they are' },
              { value: 'zero', label: 'Set to zero' },
            ]}
          />
        </div>
      )}
      <footer className="count-actions">
        <p className="count-review-total" data-testid="count-review-total">
          Variance {signed(units, 'each')} units{grams !== 0 && ` and ${signed(grams, 'kg')}`} ·{' '}
          {money(value)}
        </p>
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button
          type="button"
          className="primary"
          data-testid="count-approve"
          onClick={() => onApprove(uncounted)}
        >
          Approve count
        </button>
      </footer>
    </section>
  );
}
