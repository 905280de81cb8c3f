import type { JoinableCount } from '../../../shared/counts.ts';
import { describeScope } from '../../../shared/counts.ts';
import { useStore } from '../store.ts';

interface StoreCountsProps {
  counts: JoinableCount[];
  onJoin: (countId: string) => void;
  onReview: (countId: string) => void;
}

/** Where a count stands, in words, as this register knows it. */
function stateOf(count: JoinableCount): string {
  if (count.status === 'approved') return `Approved${count.approvedBy ? ` by ${count.approvedBy}` : ''}`;
  if (count.approvalSent) return 'Approved here: on its way to head office';
  if (count.here === 'counting') return 'Counting here';
  if (count.here === 'submitted') return 'Open · this register’s lines sent';
  return 'Open';
}

/**
 * The store's counts: opened at head office or at any register of the store. Anyone who may count joins an
 * open one and counts into it with the others; a manager reviews every register's lines merged and approves.
 */
export function StoreCounts({ counts, onJoin, onReview }: StoreCountsProps) {
  const { dateTime } = useStore();
  if (counts.length === 0) return null;
  return (
    <section className="store-counts" aria-label="Counts of this store">
      <h3>Counts of this store</h3>
      <ul>
        {counts.map((count) => {
          const open = count.status === 'open' && !count.approvalSent;
          return (
            <li key={count.countId} className="store-count" data-testid={`store-count-${count.countId}`}>
              <div>
                <strong>{describeScope(count.scope)}</strong>
                {count.blind ? ' · blind' : ''}
                <br />
                <small>
                  Opened {dateTime(count.openedAt)}{' '}
                  {count.openedAtRegister === null ? 'by head office' : `at ${count.openedAtRegister.name}`}
                </small>
              </div>
              <span className="store-count-state" data-testid="store-count-state">
                {stateOf(count)}
              </span>
              {open && (
                <div className="store-count-actions">
                  <button type="button" data-testid="store-count-join" onClick={() => onJoin(count.countId)}>
                    {count.here === 'submitted' ? 'Count more' : 'Join'}
                  </button>
                  <button
                    type="button"
                    data-testid="store-count-review"
                    onClick={() => onReview(count.countId)}
                  >
                    Review & approve
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
