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

export async function todaySummary(
  ho: HeadOffice,
  storeIds: readonly string[] | null,
  may: (permission: Permission) => boolean,
): Promise<Today> {
  const stores = await listStores(ho, storeIds);
  if (stores.length === 0) return { stores: [], registers: may('registers.read') ? [] : null };
  const now = ho.now();
  const since = new Map(stores.map((store) => [store.id, startOfDay(now, store.timeZone).toISOString()]));
  const ids = stores.map((store) => store.id);

  /** Each store's documents since its own midnight. */
  const sinceMidnight = (table: 'sales' | 'returns') =>
    ho.db
      .selectFrom(table)
      .select((eb) => [
        'store_id',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('total_minor').as('total'),
      ])
      .where((eb) =>
        eb.or(ids.map((id) => eb.and([eb('store_id', '=', id), eb('completed_at', '>=', since.get(id)!)]))),
      )
      .groupBy('store_id')
      .execute();

  /**
   * Each store's sales today by UTC hour (the ISO time's first 13 characters), as stores in zones a whole number
   * of hours from UTC turn them into their own clock's hours; one grouped query on the same index.
   */
  const hourly = () =>
    ho.db
      .selectFrom('sales')
      .select((eb) => [
        'store_id',
        sql<string>`substr(completed_at, 1, 13)`.as('hour'),
        eb.fn.sum<number>('total_minor').as('total'),
      ])
      .where((eb) =>
        eb.or(ids.map((id) => eb.and([eb('store_id', '=', id), eb('completed_at', '>=', since.get(id)!)]))),
      )
      .groupBy(['store_id', sql`substr(completed_at, 1, 13)`])
      .execute();

  const [sales, returns, byHour, exceptions, low, registers] = await Promise.all([
    may('sales.read') ? sinceMidnight('sales') : null,
    may('sales.read') ? sinceMidnight('returns') : null,
    may('sales.read') ? hourly() : null,
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
  const salesBy = sales && byStore(sales);
  const returnsBy = returns && byStore(returns);
  const exceptionsBy = exceptions && byStore(exceptions);
  const lowBy = low && byStore(low);
  const hoursBy = new Map(stores.map((store) => [store.id, Array.from({ length: 24 }, () => 0)]));
  const zoneOf = new Map(stores.map((store) => [store.id, store.timeZone]));
  for (const row of byHour ?? []) {
    const hour = hourOf(new Date(`${row.hour}:00:00.000Z`), zoneOf.get(row.store_id)!);
    hoursBy.get(row.store_id)![hour]! += Number(row.total);
  }

  return {
    stores: stores.map((store) => ({
      storeId: store.id,
      name: store.name,
      currency: store.currency,
      locale: store.locale,
      timeZone: store.timeZone,
      since: since.get(store.id)!,
      sales:
        salesBy && returnsBy
          ? {
              count: Number(salesBy.get(store.id)?.n ?? 0),
              totalMinor: Number(salesBy.get(store.id)?.total ?? 0),
              returnsCount: Number(returnsBy.get(store.id)?.n ?? 0),
              returnsTotalMinor: Number(returnsBy.get(store.id)?.total ?? 0),
              byHour: hoursBy.get(store.id)!,
            }
          : null,
      openExceptions: exceptionsBy && Number(exceptionsBy.get(store.id)?.n ?? 0),
      lowStock: lowBy && Number(lowBy.get(store.id)?.n ?? 0),
    })),
    registers,
  };
}
