import { describe, expect, it } from 'vitest';
import {
  describeShiftEnd,
  waitingEventName,
  type SyncStatus,
  type WaitingEvent,
} from '../../src/shared/sync/status.ts';

const status = (overrides: Partial<SyncStatus>): SyncStatus => ({
  enrolled: true,
  headOfficeUrl: 'https://hq.example.com',
  storeName: 'Harbour Street',
  connected: true,
  eventsWaiting: 0,
  oldestWaitingAt: null,
  lastAckedSeq: 0,
  lastSuccessAt: null,
  lastError: null,
  blockedReason: null,
  ...overrides,
});

const sale = (seq: number): WaitingEvent => ({
  seq,
  type: 'sale.completed',
  occurredAt: '2025-03-01T17:58:00.000Z',
  receiptNumber: `R1-${String(seq).padStart(6, '0')}`,
  action: null,
});

describe('the shift-end check', () => {
  it('says all events were acknowledged when nothing waits', () => {
    expect(describeShiftEnd(status({ lastAckedSeq: 57 }), 57, [])).toEqual({
      allAcknowledged: true,
      acknowledged: 57,
      waitingCount: 0,
      waiting: [],
      message: 'All 57 events acknowledged by head office.',
    });
    expect(describeShiftEnd(status({ lastAckedSeq: 1 }), 1, []).message).toBe(
      'All 1 event acknowledged by head office.',
    );
  });

  it('names what still waits, from when, and why', () => {
    const check = describeShiftEnd(
      status({
        connected: false,
        lastAckedSeq: 55,
        eventsWaiting: 2,
        oldestWaitingAt: '2025-03-01T17:58:00.000Z',
      }),
      57,
      [
        sale(56),
        {
          seq: 57,
          type: 'shift.closed',
          occurredAt: '2025-03-01T18:00:00.000Z',
          receiptNumber: null,
          action: null,
        },
      ],
    );
    expect(check).toMatchObject({ allAcknowledged: false, acknowledged: 55, waitingCount: 2 });
    expect(check.message).toBe(
      '2 events still waiting for head office (seq 56–57, the oldest from 2025-03-01T17:58:00.000Z): ' +
        'Sale R1-000056, Shift close. 55 events acknowledged. Why: not connected to head office. ' +
        'They stay on this register and are sent as soon as head office can be reached.',
    );
  });

  it('gives the stop reason first, and says how many more wait beyond the list', () => {
    const check = describeShiftEnd(
      status({
        lastAckedSeq: 0,
        eventsWaiting: 30,
        blockedReason: 'Head office has revoked this register’s access.',
        lastError: 'timeout',
      }),
      30,
      Array.from({ length: 20 }, (_, i) => sale(i + 1)),
    );
    expect(check.message).toContain('Sale R1-000020 and 10 more.');
    expect(check.message).toContain('Why: Head office has revoked this register’s access. They stay');
  });
});

describe('a waiting event’s name', () => {
  it('is what people at the register call it, never an event type or a sequence number', () => {
    const named = (type: string, receiptNumber: string | null, action: string | null = null) =>
      waitingEventName({ type, receiptNumber, action });
    expect(named('sale.completed', 'R1-000056')).toBe('Sale R1-000056');
    expect(named('return.completed', 'R1-000057')).toBe('Return R1-000057');
    expect(named('sale.voided', 'R1-000058')).toBe('Void R1-000058');
    expect(named('shift.closed', null)).toBe('Shift close');
    expect(named('audit.recorded', null, 'sale.cancel')).toBe('Log entry: cancel the sale');
    expect(named('audit.recorded', null)).toBe('Log entry');
  });
});
