/**
 * What the register shows about sync (the status bar, the shift-end check). JSON-shaped, like every IPC output.
 */
import { permissionLabels, type PermissionAction } from '../permissions.ts';
import { auditRecorded } from '../documents/audit.ts';
import { kindOf } from '../documents/registry.ts';
import { plural } from '../words.ts';

export interface SyncStatus {
  /** Enrolled with a head office; until then the register sells on its own and keeps every event. */
  enrolled: boolean;
  headOfficeUrl: string | null;
  storeName: string | null;
  connected: boolean;
  /** Completed events head office has not acknowledged yet. */
  eventsWaiting: number;
  /** When the oldest of them happened (ISO); null when nothing waits. */
  oldestWaitingAt: string | null;
  /** Highest seq head office has acknowledged. */
  lastAckedSeq: number;
  /** Last time head office acknowledged events or sent changes (ISO). */
  lastSuccessAt: string | null;
  /** The last problem in words; null when the last attempt worked. */
  lastError: string | null;
  /** Why sync is stopped until a person acts (revoked token, quarantine, upgrade needed); selling goes on. */
  blockedReason: string | null;
}

export interface WaitingEvent {
  seq: number;
  type: string;
  occurredAt: string;
  /** For a sale, a return or a void: its receipt number, so the shift-end check names what is still waiting. */
  receiptNumber: string | null;
  /** For an audit entry: what was done (a PermissionAction). */
  action: string | null;
}

/**
 * A waiting event as the people at the register know it: "Sale R1-000056", "Return R1-000057", "Shift close",
 * "Log entry: cancel the sale" (an audit entry, by what was done).
 */
export function waitingEventName({
  type,
  receiptNumber,
  action,
}: Omit<WaitingEvent, 'seq' | 'occurredAt'>): string {
  if (type === auditRecorded.type) {
    const what = action && (permissionLabels[action as PermissionAction] ?? action);
    return what ? `Log entry: ${what}` : 'Log entry';
  }
  const name = kindOf(type)?.label ?? 'Record for head office';
  return receiptNumber ? `${name} ${receiptNumber}` : name;
}

export interface ShiftEndCheck {
  allAcknowledged: boolean;
  /** Events head office has acknowledged. */
  acknowledged: number;
  waitingCount: number;
  /** The oldest waiting events, at most `shiftEndListLimit`. */
  waiting: WaitingEvent[];
  /** One paragraph for the person closing the shift. */
  message: string;
}

export const shiftEndListLimit = 20;

/** Why events are waiting for head office, in words, without a final full stop. */
export function waitReason(
  status: Pick<SyncStatus, 'blockedReason' | 'lastError' | 'connected'> | undefined,
): string {
  const why =
    status?.blockedReason ??
    status?.lastError ??
    (status?.connected ? 'sending now' : 'not connected to head office');
  return why.replace(/\.$/, '');
}

/** The shift-end sentence: "All N events acknowledged by head office." or exactly what is still waiting and why. */
export function describeShiftEnd(
  status: SyncStatus,
  totalEvents: number,
  waiting: WaitingEvent[],
): ShiftEndCheck {
  const acknowledged = totalEvents - status.eventsWaiting;
  if (status.eventsWaiting === 0) {
    return {
      allAcknowledged: true,
      acknowledged,
      waitingCount: 0,
      waiting: [],
      message: `All ${plural(totalEvents, 'event')} acknowledged by head office.`,
    };
  }
  const named = waiting.map(waitingEventName);
  const more = status.eventsWaiting - waiting.length;
  const list = more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
  // Waiting events are always the consecutive seqs after the last acknowledged one.
  const firstSeq = status.lastAckedSeq + 1;
  const lastSeq = status.lastAckedSeq + status.eventsWaiting;
  const range = firstSeq === lastSeq ? `seq ${firstSeq}` : `seq ${firstSeq}–${lastSeq}`;
  const why = waitReason(status);
  return {
    allAcknowledged: false,
    acknowledged,
    waitingCount: status.eventsWaiting,
    waiting,
    message:
      `${plural(status.eventsWaiting, 'event')} still waiting for head office (${range}, the oldest from ` +
      `${status.oldestWaitingAt ?? 'unknown'}): ${list}. ${plural(acknowledged, 'event')} acknowledged. ` +
      `Why: ${why}. They stay on this register and are sent as soon as head office can be reached.`,
  };
}
