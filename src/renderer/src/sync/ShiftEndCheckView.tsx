import type { ReactNode } from 'react';
import { waitingEventName, type ShiftEndCheck, type SyncStatus } from '../../../shared/sync/status.ts';
import { useStore } from '../store.ts';
import { AlertIcon, CheckIcon } from '../ui/icons.tsx';
import { waitingReason } from './sync-status.ts';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

interface ShiftEndCheckViewProps {
  check: ShiftEndCheck;
  status: SyncStatus | null;
  /** The box's heading. */
  title: string;
  /** Buttons under the check (Sync now). */
  children?: ReactNode;
}

/**
 * Main's shift-end check: "All N events acknowledged by head office." or exactly which events still wait, from
 * when, and why. Laid out like the Z report's head-office box.
 */
export function ShiftEndCheckView({ check, status, title, children }: ShiftEndCheckViewProps) {
  const store = useStore();
  const more = check.waitingCount - check.waiting.length;
  return (
    <section
      className={`head-office shift-end-check head-office-${check.allAcknowledged ? 'all-acknowledged' : 'waiting'}`}
      data-testid="shift-end-check"
      data-state={check.allAcknowledged ? 'all-acknowledged' : 'waiting'}
      aria-live="polite"
    >
      <h3>{title}</h3>
      {check.allAcknowledged ? (
        <p className="shift-end-headline" data-testid="shift-end-message">
          <CheckIcon />
          {check.message}
        </p>
      ) : (
        <>
          <p className="shift-end-headline" data-testid="shift-end-message">
            <AlertIcon />
            {plural(check.waitingCount, 'event', 'events')} still waiting for head office
          </p>
          <ul className="shift-end-waiting">
            {check.waiting.map((event) => (
              <li key={event.seq} data-testid="shift-end-waiting">
                <span>{waitingEventName(event)}</span>
                <span className="muted">{store.dateTime(event.occurredAt)}</span>
              </li>
            ))}
            {more > 0 && <li className="muted">and {more} more</li>}
          </ul>
          {status && (
            <p data-testid="shift-end-why">
              <strong>Why: </strong>
              {waitingReason(status)}
            </p>
          )}
          <p className="muted">
            {plural(check.acknowledged, 'event', 'events')} acknowledged. The waiting ones stay on this
            register and are sent as soon as head office can be reached.
          </p>
        </>
      )}
      {children}
    </section>
  );
}
