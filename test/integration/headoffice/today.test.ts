/**
 * Today's sales on SQLite and on PostgreSQL when stores share a time zone (they share one midnight, read with
 * one condition): each store still gets its own sales since that midnight, by the hour of its own clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Today } from '../../../src/shared/sync/admin-api.ts';
import {
  completedSale,
  connectRegister,
  dialects,
  enrollRegister,
  outboxEvent,
  startTestHeadOffice,
  taxRates,
  type TestHeadOffice,
} from './helpers.ts';

/** 15:00 UTC on 10 March 2025: 15:00 in Dublin (winter time, UTC+0), 11:00 in New York (summer time). */
const NOW = new Date('2025-03-10T15:00:00Z');

const stores = [
  { id: 'DUB-1', timeZone: 'Europe/Dublin' },
  { id: 'NYC', timeZone: 'America/New_York' },
  { id: 'DUB-2', timeZone: 'Europe/Dublin' },
];

/** Each store's sales: when (UTC) and for how much. */
const sales: Record<string, [at: string, totalMinor: number][]> = {
  'DUB-1': [
    ['2025-03-09T23:30:00Z', 100], // yesterday in Dublin
    ['2025-03-10T10:15:00Z', 250],
    ['2025-03-10T10:45:00Z', 300],
  ],
  'DUB-2': [['2025-03-10T00:30:00Z', 700]],
  NYC: [
    ['2025-03-10T03:30:00Z', 900], // 23:30 on the 9th in New York: before its midnight, after Dublin's
    ['2025-03-10T13:00:00Z', 400],
  ],
};

const hours = (totals: Record<number, number>) => Array.from({ length: 24 }, (_, hour) => totals[hour] ?? 0);

describe.each(dialects)("today's sales of stores sharing a time zone, on %s", (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect, { now: () => NOW });
    for (const { id, timeZone } of stores) {
      const reply = await ho.admin('POST', '/api/stores', {
        id,
        name: `Store ${id}`,
        currency: 'EUR',
        timeZone,
        pricesIncludeTax: true,
        taxRates,
      });
      expect(reply.status).toBe(201);
      const { token, registerId } = await enrollRegister(ho.admin, id);
      const events = sales[id]!.map(([at, totalMinor], i) =>
        outboxEvent(
          i + 1,
          completedSale(i + 1, { storeId: id, registerId }, [{ sku: 'MUG', unitPriceMinor: totalMinor }], {
            completedAt: at,
          }),
        ),
      );
      const socket = await connectRegister(ho.url, token);
      expect((await socket.emitWithAck('push', { events })).status).toBe('ok');
      socket.close();
    }
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  it("counts each store's own sales since its midnight, by its own clock's hours", async () => {
    const today = (await ho.admin<Today>('GET', '/api/today')).body;
    expect(
      today.stores.map(({ storeId, since, sales }) => ({
        storeId,
        since,
        count: sales!.count,
        totalMinor: sales!.totalMinor,
        byHour: sales!.byHour,
      })),
    ).toEqual([
      {
        storeId: 'DUB-1',
        since: '2025-03-10T00:00:00.000Z',
        count: 2,
        totalMinor: 550,
        byHour: hours({ 10: 550 }),
      },
      {
        storeId: 'DUB-2',
        since: '2025-03-10T00:00:00.000Z',
        count: 1,
        totalMinor: 700,
        byHour: hours({ 0: 700 }),
      },
      {
        storeId: 'NYC',
        since: '2025-03-10T04:00:00.000Z',
        count: 1,
        totalMinor: 400,
        byHour: hours({ 9: 400 }),
      },
    ]);
    const one = (await ho.admin<Today>('GET', '/api/today?storeId=DUB-2')).body;
    expect(one.stores.map(({ storeId, sales }) => [storeId, sales!.count])).toEqual([['DUB-2', 1]]);
  });
});
