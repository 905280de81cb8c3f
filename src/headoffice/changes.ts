/**
 * The downstream change log (SYNC.md): every catalog and tax change is appended per stream with a server
 * sequence, in the same transaction as the change itself. Registers pull it by cursor. The stock stream keeps
 * only each figure's latest state: its seqs are taken here but stored on the balances themselves (stock.ts).
 *
 * Sequence numbers come from stream_heads, whose row stays locked from the moment a writer takes numbers until
 * it commits. So entries become visible in sequence order and a reader that has seen seq N has seen everything
 * below N: a cursor never skips an entry that commits late.
 */
import type { StreamItems, StreamName } from '../shared/sync/protocol.ts';
import { nowIso, type HeadOffice, type PokeTarget, type Tx } from './context.ts';
import { insertRows } from './db/bulk.ts';

interface PendingChange {
  stream: StreamName;
  key: string;
  data: StreamItems[StreamName] | null;
}

/**
 * Collects a transaction's changes; they are written at the end of it and poked after it commits. A key changed
 * twice in one transaction is written once, with its last state (every change carries the key's full state).
 */
export class ChangeWriter {
  readonly #pending = new Map<string, PendingChange>();
  readonly #targets = new Map<string, PokeTarget>();

  /** `storeId`: only that store's registers care (tax); null: every register does. */
  append<S extends StreamName>(
    stream: S,
    key: string,
    data: StreamItems[S] | null,
    storeId: string | null = null,
  ): void {
    const id = `${stream}\0${key}`;
    this.#pending.delete(id);
    this.#pending.set(id, { stream, key, data });
    this.poke(stream, storeId);
  }

  /** A change of a stream that keeps its own seqs (stock, in stock_balances): registers are poked after commit. */
  poke(stream: StreamName, storeId: string | null = null): void {
    this.#targets.set(`${stream}:${storeId ?? '*'}`, { stream, storeId });
  }

  get targets(): PokeTarget[] {
    return [...this.#targets.values()];
  }

  async flush(ho: HeadOffice, tx: Tx): Promise<void> {
    const createdAt = nowIso(ho);
    const pending = [...this.#pending.values()];
    const streams = [...new Set(pending.map((change) => change.stream))].sort();
    for (const stream of streams) {
      const changes = pending.filter((change) => change.stream === stream);
      const first = await takeSeqs(tx, stream, changes.length);
      await insertRows(
        ho.dialect,
        tx,
        'change_log',
        changes.map((change, i) => ({
          stream,
          seq: first + i,
          key: change.key,
          data: change.data === null ? null : JSON.stringify(change.data),
          created_at: createdAt,
        })),
      ).execute();
    }
  }
}

/** Takes the next `count` seqs of `stream` and returns the first; the stream stays locked until the commit. */
export async function takeSeqs(tx: Tx, stream: StreamName, count: number): Promise<number> {
  const head = await tx
    .updateTable('stream_heads')
    .set((eb) => ({ seq: eb('seq', '+', count) }))
    .where('stream', '=', stream)
    .returning('seq')
    .executeTakeFirstOrThrow();
  return head.seq - count + 1;
}

/** One business action: one transaction, its change-log entries in it, registers poked after the commit. */
export async function writeTransaction<T>(
  ho: HeadOffice,
  work: (tx: Tx, changes: ChangeWriter) => Promise<T>,
): Promise<T> {
  const changes = new ChangeWriter();
  const result = await ho.db.transaction().execute(async (tx) => {
    const value = await work(tx, changes);
    await changes.flush(ho, tx);
    return value;
  });
  if (changes.targets.length > 0) ho.poke(changes.targets);
  return result;
}

/**
 * Drops change-log entries older than the retention, per stream, as a prefix of the sequence (so "pruned
 * through N" is exact even if clocks of several nodes disagree a little).
 */
export async function pruneChangeLog(ho: HeadOffice): Promise<void> {
  const cutoff = new Date(ho.now().getTime() - ho.changeRetentionMs).toISOString();
  await ho.db.transaction().execute(async (tx) => {
    const prunable = await tx
      .selectFrom('change_log')
      .select(['stream', (eb) => eb.fn.max('seq').as('through')])
      .where('created_at', '<', cutoff)
      .groupBy('stream')
      .execute();
    for (const { stream, through } of prunable) {
      await tx.deleteFrom('change_log').where('stream', '=', stream).where('seq', '<=', through).execute();
      await tx
        .updateTable('stream_heads')
        .set({ pruned_through: through })
        .where('stream', '=', stream)
        .where('pruned_through', '<', through)
        .execute();
    }
  });
}
