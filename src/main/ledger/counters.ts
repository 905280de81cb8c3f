/**
 * The ledger's gapless numbers: outbox seqs, receipt numbers (sales, returns and voids share them), Z report
 * numbers. Call `next` inside the transaction that uses the number: a rolled-back action leaves no gap.
 */
import type { Db } from './database.ts';

export type CounterName = 'outbox' | 'receipt' | 'z_report';

export interface Counters {
  next(name: CounterName): number;
  /** The next receipt number: the register's prefix and six or more digits. */
  nextReceiptNumber(prefix: string): string;
}

export function createCounters(db: Db): Counters {
  const upsert = db
    .prepare<[CounterName], number>(
      `INSERT INTO counters (name, value) VALUES (?, 1)
       ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
    )
    .pluck();
  const next = (name: CounterName): number => {
    if (!db.inTransaction) throw new Error(`The ${name} counter must move in its action's transaction`);
    return upsert.get(name)!;
  };
  return {
    next,
    nextReceiptNumber: (prefix) => `${prefix}${String(next('receipt')).padStart(6, '0')}`,
  };
}
