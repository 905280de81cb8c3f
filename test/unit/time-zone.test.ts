/**
 * A store's day in its own time zone: midnight where the store is, whatever zone the server or browser is in,
 * on ordinary days and on the days summer time starts and ends (23 and 25 hours long).
 */
import { describe, expect, it } from 'vitest';
import { dayOf, dayRange, startOfDay } from '../../src/shared/time-zone.ts';

describe("a store's day", () => {
  it.each([
    ['Europe/Dublin', '2025-01-15T10:00:00Z', '2025-01-15T00:00:00.000Z'],
    ['Europe/Dublin', '2025-07-15T10:00:00Z', '2025-07-14T23:00:00.000Z'],
    // 23:30 on the 14th in New York is already the 15th in UTC.
    ['America/New_York', '2025-01-15T04:30:00Z', '2025-01-14T05:00:00.000Z'],
    ['Asia/Kolkata', '2025-01-15T20:00:00Z', '2025-01-15T18:30:00.000Z'],
    ['Pacific/Kiritimati', '2025-01-15T11:00:00Z', '2025-01-15T10:00:00.000Z'],
  ])('in %s, %s belongs to the day that began at %s', (zone, instant, midnight) => {
    expect(startOfDay(new Date(instant), zone).toISOString()).toBe(midnight);
  });

  it('is 23 hours long when summer time starts and 25 when it ends', () => {
    const spring = dayRange('2025-03-30', 'Europe/Dublin');
    expect([spring.from.toISOString(), spring.to.toISOString()]).toEqual([
      '2025-03-30T00:00:00.000Z',
      '2025-03-30T23:00:00.000Z',
    ]);
    const autumn = dayRange('2025-11-02', 'America/New_York');
    expect(autumn.to.getTime() - autumn.from.getTime()).toBe(25 * 3_600_000);
    expect(autumn.from.toISOString()).toBe('2025-11-02T04:00:00.000Z');
  });

  it('names the day an instant falls on, and steps whole days from it', () => {
    expect(dayOf(new Date('2025-03-10T03:30:00Z'), 'America/New_York')).toBe('2025-03-09');
    expect(dayOf(new Date('2025-03-10T03:30:00Z'), 'Europe/Dublin')).toBe('2025-03-10');
    expect(startOfDay(new Date('2025-03-10T15:00:00Z'), 'America/New_York', -1).toISOString()).toBe(
      '2025-03-09T05:00:00.000Z',
    );
  });
});
