/**
 * What every head-office service needs: the database, which dialect it speaks, a clock, and a way to poke
 * registers after a change commits.
 */
import type { StreamName } from '../shared/sync/protocol.ts';
import type { Dialect } from './db/connect.ts';
import type { Db, Executor, Tx } from './db/schema.ts';

/** A stream that changed, and for whom: one store's registers, or every register (storeId null). */
export interface PokeTarget {
  stream: StreamName;
  storeId: string | null;
}

export interface HeadOffice {
  db: Db;
  dialect: Dialect;
  now: () => Date;
  /** Change-log entries older than this are pruned; registers behind them must refetch a snapshot. */
  changeRetentionMs: number;
  poke: (targets: PokeTarget[]) => void;
}

export const nowIso = (ho: HeadOffice): string => ho.now().toISOString();

/**
 * SELECT … FOR UPDATE on PostgreSQL. SQLite has no row locks and needs none here: kysely's SQLite driver runs
 * every query and transaction on one connection, one at a time, so writers are already serialised.
 */
export function forUpdate<Q extends { forUpdate(): Q }>(ho: HeadOffice, query: Q): Q {
  return ho.dialect === 'postgres' ? query.forUpdate() : query;
}

export type { Executor, Tx };
