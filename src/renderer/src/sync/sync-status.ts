/**
 * How the register shows its sync with head office: a state and a few words for the status bar, ages and times
 * for people. Everything comes from main's SyncStatus ('sync.status'); the words for a problem are main's own.
 */
import { kindOf } from '../../../shared/documents/registry.ts';
import type { SyncStatus, WaitingEvent } from '../../../shared/sync/status.ts';

export type SyncState = 'not-set-up' | 'connected' | 'offline' | 'stopped';

/** ok: all sent; busy: sending; warn: cannot reach head office, trying again; bad: a person has to act. */
export type SyncTone = 'idle' | 'ok' | 'busy' | 'warn' | 'bad';

export interface SyncView {
  state: SyncState;
  tone: SyncTone;
  /** A few words: "Head office connected". */
  label: string;
  /** What stops or troubles sync, in main's words; null when nothing does. */
  problem: string | null;
}

export function syncView(status: SyncStatus): SyncView {
  if (!status.enrolled) {
    return { state: 'not-set-up', tone: 'idle', label: 'Head office not set up', problem: null };
  }
  if (status.blockedReason) {
    return { state: 'stopped', tone: 'bad', label: 'Sync stopped', problem: status.blockedReason };
  }
  if (!status.connected) {
    return { state: 'offline', tone: 'warn', label: 'Head office offline', problem: status.lastError };
  }
  return {
    state: 'connected',
    tone: status.lastError ? 'warn' : status.eventsWaiting > 0 ? 'busy' : 'ok',
    label: 'Head office connected',
    problem: status.lastError,
  };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** How long ago, roughly: "under a minute", "12 min", "3 h 5 min", "2 days". */
export function formatAge(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return plural(Math.floor(hours / 24), 'day', 'days');
}

/** "3 waiting, oldest 12 min" or "0 waiting". */
export function waitingSummary(status: SyncStatus, now: Date): string {
  if (status.eventsWaiting === 0 || !status.oldestWaitingAt) return `${status.eventsWaiting} waiting`;
  return `${status.eventsWaiting} waiting, oldest ${formatAge(now.getTime() - Date.parse(status.oldestWaitingAt))}`;
}

/** A time of today as "21:40", any other day with its date too. */
export function formatWhen(iso: string, now: Date, locale: string): string {
  const when = new Date(iso);
  const sameDay = when.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(
    locale,
    sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' },
  ).format(when);
}

/** "Sale R1-000056" for a sale, "Shift close #57" for anything without a receipt number. */
export function waitingEventLabel(event: WaitingEvent): string {
  const name = kindOf(event.type)?.label ?? event.type;
  return event.receiptNumber ? `${name} ${event.receiptNumber}` : `${name} #${event.seq}`;
}

/** Why events are still waiting, for the shift-end check: the stop or the last problem, else the link. */
export function waitingReason(status: SyncStatus): string {
  if (!status.enrolled) return 'This register is not enrolled with head office yet: set it up under Sync.';
  return (
    status.blockedReason ??
    status.lastError ??
    (status.connected ? 'Sending them now.' : 'Not connected to head office; trying again.')
  );
}
