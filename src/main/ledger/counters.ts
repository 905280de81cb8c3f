/**
 * The ledger's gapless numbers: outbox seqs, document numbers (sales, returns and voids share the receipt
 * numbers; goods receipts and transfers have their own), Z report numbers. Call `next` inside the transaction
 * that uses the number: a rolled-back action leaves no gap.
 */
import type { Db } from './database.ts';

/** A counter per document number; the names are rows of the `counters` table. */
export type DocumentCounter = 'receipt' | 'goods-receipt' | 'transfer';
export type CounterName = 'outbox' | 'z_report' | DocumentCounter;

export interface Counters {
  next(name: CounterName): number;
  /** The next number of a document: the prefix and six or more digits ("R1-000042", "R1-GR-000003"). */
  nextNumber(name: DocumentCounter, prefix: string): string;
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
    nextNumber: (name, prefix) => `${prefix}${String(next(name)).padStart(6, '0')}`,
  };
}
