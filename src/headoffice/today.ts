/**
 * The back office's first page: per store, the sales and returns since its own midnight, the exceptions nobody
 * has resolved and the SKUs with nothing on hand; and every register's sync health. Each part is left out
 * (null) for a caller without the permission to read it. A handful of grouped queries, whatever the number of
 * stores, each on an index.
 */
import type { Permission } from '../shared/backoffice/roles.ts';
import type { Today } from '../shared/sync/admin-api.ts';
import { sql } from 'kysely';
import { hourOf, startOfDay } from '../shared/time-zone.ts';
import type { HeadOffice } from './context.ts';
import { listRegisters } from './registers.ts';
import { listStores } from './stores.ts';

/** Rows of (store_id, n, total) as a map by store. */
function byStore<R extends { store_id: string }>(rows: R[]): Map<string, R> {
  return new Map(rows.map((row) => [row.store_id, row]));
}

/**
 * Each store's count, total and hourly totals on its own clock, from its sales summed by UTC hour. Many stores
 * share a zone and an hour: each UTC hour is turned into a zone's hour once, as Intl is slow.
 */
function salesByStore(
  stores: readonly { id: string; timeZone: string }[],
  rows: readonly { store_id: string; hour: string; n: number; total: number }[],
): Map<string, { count: number; totalMinor: number; byHour: number[] }> {
  const salesBy = new Map(
    stores.map((store) => [
      store.id,
      { count: 0, totalMinor: 0, byHour: Array.from({ length: 24 }, () => 0) },
    ]),
  );
  const zoneOf = new Map(stores.map((store) => [store.id, store.timeZone]));
  const hours = new Map<string, number>();
  for (const row of rows) {
    const zone = zoneOf.get(row.store_id)!;
    const key = `${zone} ${row.hour}`;
    let hour = hours.get(key);
    if (hour === undefined) {
      hour = hourOf(new Date(`${row.hour}:00:00.000Z`), zone);
      hours.set(key, hour);
    }
    const sales = salesBy.get(row.store_id)!;
    sales.count += Number(row.n);
    sales.totalMinor += Number(row.total);
    sales.byHour[hour]! += Number(row.total);
  }
  return salesBy;
}

export async function todaySummary(
  ho: HeadOffice,
  storeIds: readonly string[] | null,
  may: (permission: Permission) => boolean,
): Promise<Today> {
  const stores = await listStores(ho, storeIds);
  if (stores.length === 0) return { stores: [], registers: may('registers.read') ? [] : null };
  const now = ho.now();
  // Stores in one time zone share a midnight: worked out once, and one condition reads their documents.
  const zones = new Map<string, string[]>();
  for (const store of stores) zones.set(store.timeZone, [...(zones.get(store.timeZone) ?? []), store.id]);
  const midnights = new Map([...zones.keys()].map((zone) => [zone, startOfDay(now, zone).toISOString()]));
  const ids = stores.map((store) => store.id);

  /** Each store's documents since its own midnight. */
  const sinceMidnight = (table: 'sales' | 'returns') =>
    ho.db
      .selectFrom(table)
      .where((eb) =>
        eb.or(
          [...zones].map(([zone, storeIds]) =>
            eb.and([eb('store_id', 'in', storeIds), eb('completed_at', '>=', midnights.get(zone)!)]),
          ),
        ),
      );

  /**
   * Each store's sales today by UTC hour (the ISO time's first 13 characters), as stores in zones a whole number
   * of hours from UTC turn them into their own clock's hours; the day's count and total are their sums.
   */
  const hourly = () =>
    sinceMidnight('sales')
      .select((eb) => [
        'store_id',
        sql<string>`substr(completed_at, 1, 13)`.as('hour'),
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('total_minor').as('total'),
      ])
      .groupBy(['store_id', sql`substr(completed_at, 1, 13)`])
      .execute();

  const [byHour, returns, exceptions, low, registers] = await Promise.all([
    may('sales.read') ? hourly() : null,
    may('sales.read')
      ? sinceMidnight('returns')
          .select((eb) => [
            'store_id',
            eb.fn.countAll<number>().as('n'),
            eb.fn.sum<number>('total_minor').as('total'),
          ])
          .groupBy('store_id')
          .execute()
      : null,
    may('exceptions.read')
      ? ho.db
          .selectFrom('exceptions')
          .select((eb) => ['store_id', eb.fn.countAll<number>().as('n')])
          .where('resolved_at', 'is', null)
          .where('store_id', 'in', ids)
          .groupBy('store_id')
          .execute()
      : null,
    may('stock.read')
      ? ho.db
          .selectFrom('stock_balances')
          .select((eb) => ['store_id', eb.fn.countAll<number>().as('n')])
          .where('on_hand', '<=', 0)
          .where('store_id', 'in', ids)
          .groupBy('store_id')
          .execute()
      : null,
    may('registers.read') ? listRegisters(ho, ids) : null,
  ]);
  const returnsBy = returns && byStore(returns);
  const exceptionsBy = exceptions && byStore(exceptions);
  const lowBy = low && byStore(low);
  const salesBy = byHour && salesByStore(stores, byHour);

  return {
    stores: stores.map((store) => ({
      storeId: store.id,
      name: store.name,
      currency: store.currency,
      locale: store.locale,
      timeZone: store.timeZone,
      since: midnights.get(store.timeZone)!,
      sales:
        salesBy && returnsBy
          ? {
              ...salesBy.get(store.id)!,
              returnsCount: Number(returnsBy.get(store.id)?.n ?? 0),
              returnsTotalMinor: Number(returnsBy.get(store.id)?.total ?? 0),
            }
          : null,
      openExceptions: exceptionsBy && Number(exceptionsBy.get(store.id)?.n ?? 0),
      lowStock: lowBy && Number(lowBy.get(store.id)?.n ?? 0),
    })),
    registers,
  };
}
