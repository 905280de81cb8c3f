/**
 * Stock per store: append-only movements, each of one state (on hand, damaged, committed, in transit), plus the
 * stock_balances projection with one column per state, updated in the same transaction.
 * The balances are also the downstream 'stock' stream: every write of a balance gives it the stream's next seq
 * (change_seq), and registers pull the balances changed after their cursor (downstream.ts). Only the latest
 * figure of each SKU travels, however often it changed in between.
 *
 * A count is absolute and supersedes every movement that happened before it, by occurrence time (Square's
 * model). A sale rung up offline at 9:58 that reaches head office after a 10:00 count does not change the
 * balance (the count already saw the shelf without it); one rung up at 10:02 does. A count is of on hand: the
 * other states move by their movements alone.
 */
import { sql, type Selectable } from 'kysely';
import type { StockMovementRequest, StockView } from '../shared/sync/admin-api.ts';
import { CounterError } from '../shared/errors.ts';
import { takeSeqs, writeTransaction, type ChangeWriter } from './changes.ts';
import { nowIso, type Executor, type HeadOffice, type Tx } from './context.ts';
import { stockStates, type MovementReason, type StockFigures, type StockState } from '../shared/stock.ts';
import { insertRows, rowsOf } from './db/bulk.ts';
import type { StockBalancesTable } from './db/schema.ts';
import type { Dialect } from './db/connect.ts';
import { hasWords, startsWithText } from './db/search.ts';
import { findStore } from './find.ts';
import { incomingBySku } from './purchase-orders.ts';
import { queueChannelPushes } from './channels/figures.ts';
import type { Actor } from './people/principal.ts';
import { MAX_QUANTITY } from '../shared/limits.ts';

interface MovementRow {
  storeId: string;
  sku: string;
  /** Default on hand. */
  state?: StockState;
  reason: MovementReason;
  /** Signed change; for COUNT the quantity counted. */
  quantity: number;
  /** The document's id, or a note for an admin movement. */
  ref: string | null;
  /** The document's kind (documents.ts sets it from the event); null for an admin movement. */
  documentKind?: string | null;
  /** Who made the document, as named there. */
  actor?: string | null;
  registerId: string | null;
  seq: number | null;
  occurredAt: string;
}

export interface Movement extends MovementRow {
  reason: Exclude<MovementReason, 'COUNT'>;
  /** A goods receipt line's unit cost (null: not given): the receipt is valued at it (costing.ts). */
  unitCostMinor?: number | null;
}

export interface Count {
  storeId: string;
  sku: string;
  /** The quantity counted on the shelf. */
  quantity: number;
  ref: string | null;
  /** Who counted, for a count made through the admin API. */
  actor?: string | null;
  occurredAt: string;
}

/** A balance as stock_balances holds it: every state, and when on hand was last counted. */
export type Balance = StockFigures & { counted_at: string | null };

const noBalance = (): Balance => ({ on_hand: 0, damaged: 0, committed: 0, in_transit: 0, counted_at: null });

/**
 * Records movements in order and updates the balances; returns the balance of its state after each movement. An
 * on-hand movement that happened before the SKU's latest count changes nothing: the count already saw its effect
 * on the shelf.
 */
export async function recordMovements(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  movements: Movement[],
): Promise<number[]> {
  if (movements.length === 0) return [];
  const recordedAt = nowIso(ho);
  await insertMovements(ho, tx, movements, recordedAt);
  const { balances, firstSeq } = await balancesToWrite(ho, tx, movements);
  const after = movements.map((m) => {
    const key = balanceKey(m.storeId, m.sku);
    const balance = balances.get(key)!;
    const state = m.state ?? 'on_hand';
    if (state !== 'on_hand' || balance.counted_at === null || m.occurredAt >= balance.counted_at)
      balance[state] += m.quantity;
    return balance[state];
  });
  await writeBalances(ho, tx, changes, balances, firstSeq, recordedAt);
  return after;
}

/** A count: the balance becomes the counted quantity plus whatever is recorded as happening after it. */
export async function recordCount(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  count: Count,
): Promise<number> {
  const [onHand] = await recordCounts(ho, tx, changes, [count]);
  return onHand!;
}

/**
 * Counts of several SKUs (one each) in three statements whatever their number, as recordCount does one; returns
 * each SKU's on hand after it. A count older than the SKU's latest count changes no balance.
 */
export async function recordCounts(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  counts: Count[],
): Promise<number[]> {
  if (counts.length === 0) return [];
  const recordedAt = nowIso(ho);
  const { balances, firstSeq } = await balancesToWrite(ho, tx, counts);
  const earliest = counts.reduce(
    (min, count) => (count.occurredAt < min ? count.occurredAt : min),
    counts[0]!.occurredAt,
  );
  // What happened on the shelves after the earliest count; each count takes what happened after its own time.
  const later = await tx
    .selectFrom('stock_movements')
    .select(['store_id', 'sku', 'quantity', 'occurred_at'])
    .where(
      sql<boolean>`(store_id, sku) in (${rowsOf(
        ho.dialect,
        'stock_movements',
        counts.map(({ storeId, sku }) => ({ store_id: storeId, sku })),
      )})`,
    )
    .where('reason', '!=', 'COUNT')
    .where('state', '=', 'on_hand')
    .where('occurred_at', '>', earliest)
    .execute();
  const after = counts.map((count) => {
    const balance = balances.get(balanceKey(count.storeId, count.sku))!;
    if (balance.counted_at === null || count.occurredAt > balance.counted_at) {
      balance.on_hand =
        count.quantity +
        later
          .filter(
            (m) => m.store_id === count.storeId && m.sku === count.sku && m.occurred_at > count.occurredAt,
          )
          .reduce((sum, m) => sum + Number(m.quantity), 0);
      balance.counted_at = count.occurredAt;
    }
    return balance.on_hand;
  });
  await insertMovements(
    ho,
    tx,
    counts.map((count) => ({ ...count, reason: 'COUNT' as const, registerId: null, seq: null })),
    recordedAt,
  );
  await writeBalances(ho, tx, changes, balances, firstSeq, recordedAt);
  return after;
}

const balanceKey = (storeId: string, sku: string): string => `${storeId}\0${sku}`;

async function insertMovements(
  ho: HeadOffice,
  tx: Tx,
  movements: MovementRow[],
  recordedAt: string,
): Promise<void> {
  await insertRows(
    ho.dialect,
    tx,
    'stock_movements',
    movements.map((m) => ({
      store_id: m.storeId,
      sku: m.sku,
      state: m.state ?? 'on_hand',
      reason: m.reason,
      quantity: m.quantity,
      ref: m.ref,
      document_kind: m.documentKind ?? null,
      actor: m.actor ?? null,
      register_id: m.registerId,
      seq: m.seq,
      occurred_at: m.occurredAt,
      recorded_at: recordedAt,
    })),
  ).execute();
}

/**
 * The balances of the given SKUs as they are now (a missing one reads as zero, never counted), and the first of
 * the stock stream's seqs they will be written with. Taking the seqs locks the stream's head until commit, and
 * every transaction that writes stock takes it before it reads a balance: on PostgreSQL, no other writer can
 * change these balances before this transaction commits, so they need no row locks, two registers selling a new
 * SKU at once queue on the head instead of one losing its update, and the stream's seqs commit in order (a
 * register pulling by cursor never skips one). SQLite has one writer at a time anyway. Two statements, whatever
 * the number of stores and SKUs.
 */
async function balancesToWrite(
  ho: HeadOffice,
  tx: Tx,
  items: { storeId: string; sku: string }[],
): Promise<{ balances: Map<string, Balance>; firstSeq: number }> {
  const keys = [...new Set(items.map(({ storeId, sku }) => balanceKey(storeId, sku)))].sort().map((key) => {
    const [storeId, sku] = key.split('\0') as [string, string];
    return { storeId, sku };
  });
  const firstSeq = await takeSeqs(tx, 'stock', keys.length);
  const wanted = rowsOf(
    ho.dialect,
    'stock_balances',
    keys.map(({ storeId, sku }) => ({ store_id: storeId, sku })),
  );
  const rows = await tx
    .selectFrom('stock_balances')
    .select(['store_id', 'sku', 'on_hand', 'damaged', 'committed', 'in_transit', 'counted_at'])
    .where(sql<boolean>`(store_id, sku) in (${wanted})`)
    .execute();
  const balances = new Map<string, Balance>(
    keys.map(({ storeId, sku }) => [balanceKey(storeId, sku), noBalance()]),
  );
  for (const { store_id, sku, ...balance } of rows) balances.set(balanceKey(store_id, sku), balance);
  return { balances, firstSeq };
}

/** Writes the balances read by balancesToWrite, with the seqs it took, in the order it read them. */
async function writeBalances(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  balances: Map<string, Balance>,
  firstSeq: number,
  updatedAt: string,
): Promise<void> {
  const rows = [...balances].map(([key, balance], i) => {
    const [storeId, sku] = key.split('\0') as [string, string];
    return {
      store_id: storeId,
      sku,
      ...balance,
      updated_at: updatedAt,
      change_seq: firstSeq + i,
    };
  });
  await insertRows(ho.dialect, tx, 'stock_balances', rows)
    .onConflict((oc) =>
      oc.columns(['store_id', 'sku']).doUpdateSet((eb) => ({
        ...Object.fromEntries(stockStates.map((state) => [state, eb.ref(`excluded.${state}`)])),
        counted_at: eb.ref('excluded.counted_at'),
        updated_at: eb.ref('excluded.updated_at'),
        change_seq: eb.ref('excluded.change_seq'),
      })),
    )
    .execute();
  changes.poke('stock');
  await queueChannelPushes(
    ho,
    tx,
    rows.map((row) => ({ storeId: row.store_id, sku: row.sku })),
  );
}

/**
 * Overwrites balances with figures rebuilt from the movements (the stock check's repair), each with the stock
 * stream's next seq, so the registers get the repaired figures.
 */
export async function overwriteBalances(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  rebuilt: { storeId: string; sku: string; balance: Balance }[],
): Promise<void> {
  if (rebuilt.length === 0) return;
  const { balances, firstSeq } = await balancesToWrite(ho, tx, rebuilt);
  for (const { storeId, sku, balance } of rebuilt) balances.set(balanceKey(storeId, sku), balance);
  await writeBalances(ho, tx, changes, balances, firstSeq, nowIso(ho));
}

/** Sends every stock figure of the store to the registers again (after a rename: they show its name). */
export async function resendStoreStock(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  storeId: string,
): Promise<void> {
  const skus = await tx.selectFrom('stock_balances').select('sku').where('store_id', '=', storeId).execute();
  if (skus.length === 0) return;
  const { balances, firstSeq } = await balancesToWrite(
    ho,
    tx,
    skus.map(({ sku }) => ({ storeId, sku })),
  );
  await writeBalances(ho, tx, changes, balances, firstSeq, nowIso(ho));
}

/** Per store, each of its registers' last applied seq: what the store's figures include. */
export async function appliedSeqsByStore(
  db: Executor,
  storeIds: string[],
): Promise<Map<string, Record<string, number>>> {
  const byStore = new Map<string, Record<string, number>>();
  if (storeIds.length === 0) return byStore;
  const registers = await db
    .selectFrom('registers')
    .select(['id', 'store_id', 'last_applied_seq'])
    .where('store_id', 'in', storeIds)
    .execute();
  for (const register of registers) {
    const seqs = byStore.get(register.store_id) ?? {};
    seqs[register.id] = register.last_applied_seq;
    byStore.set(register.store_id, seqs);
  }
  return byStore;
}

export const stockKey = (storeId: string, sku: string): string => `${storeId}:${sku}`;

/** How far ahead of head office's clock a caller's clock may be (skew) before a movement's time is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * An admin movement (goods received, a correction, a count) at one store, made by `actor` (the signed-in user or
 * API token), with the caller's note as its note.
 */
export async function addStockMovement(
  ho: HeadOffice,
  storeId: string,
  input: StockMovementRequest,
  actor: Actor,
): Promise<StockView> {
  const occurredAt = input.occurredAt ? new Date(input.occurredAt).toISOString() : nowIso(ho);
  // A future time would outrank every later movement (a count) or be skipped by later counts (a receipt).
  if (Date.parse(occurredAt) > ho.now().getTime() + CLOCK_SKEW_MS) {
    throw new CounterError(
      'INVALID_INPUT',
      `occurredAt ${input.occurredAt} is in the future: send the time the stock moved, or leave it out for now.`,
    );
  }
  return writeTransaction(ho, async (tx, changes) => {
    await findStore(tx, storeId);
    const product = await tx
      .selectFrom('products')
      .select('sku')
      .where('sku', '=', input.sku)
      .executeTakeFirst();
    if (!product) {
      throw new CounterError(
        'NOT_FOUND',
        `There is no product with SKU "${input.sku}": check the SKU, or add the product under Products first.`,
      );
    }
    const made = { storeId, sku: input.sku, ref: input.note ?? null, actor: actor.name, occurredAt };
    const onHand =
      input.kind === 'count'
        ? await recordCount(ho, tx, changes, { ...made, quantity: input.quantity })
        : (
            await recordMovements(ho, tx, changes, [
              {
                ...made,
                reason: input.kind === 'receive' ? 'RECEIVE' : 'ADJUST',
                quantity: input.quantity,
                registerId: null,
                seq: null,
              },
            ])
          )[0]!;
    if (Math.abs(onHand) > MAX_QUANTITY) {
      throw new CounterError(
        'INVALID_INPUT',
        `On hand of "${input.sku}" would be ${onHand}, beyond the limit of ${onHand > 0 ? '' : '-'}${MAX_QUANTITY}: check the quantity, or count the shelf to set the figure.`,
      );
    }
    const [view] = await listStock(tx, ho.dialect, storeId, { sku: input.sku, limit: 1 });
    return view!;
  });
}

/**
 * A store's stock by SKU, with each product's name: `q` finds the start of a SKU or the words of the name (as
 * the catalog search does), `low` keeps the SKUs with nothing on hand.
 */
export async function listStock(
  db: Executor,
  dialect: Dialect,
  storeId: string,
  page: { sku?: string; q?: string; low?: 'true' | 'false'; after?: string; limit: number },
): Promise<StockView[]> {
  const balances = () => {
    let query = db
      .selectFrom('stock_balances')
      .leftJoin('products', 'products.sku', 'stock_balances.sku')
      .selectAll('stock_balances')
      .select('products.name')
      .where('store_id', '=', storeId);
    if (page.sku !== undefined) query = query.where('stock_balances.sku', '=', page.sku);
    if (page.after !== undefined) query = query.where('stock_balances.sku', '>', page.after);
    if (page.low === 'true') query = query.where('on_hand', '<=', 0);
    return query;
  };
  const search = page.q;
  // A search is two lookups, each on its own index (the start of the balance's SKU; the words of the product's
  // name), put together: one OR over both would read every balance of the store.
  const source =
    search === undefined
      ? balances()
      : balances()
          .where(startsWithText('stock_balances.sku', search))
          .union(balances().where(hasWords(dialect, 'products.search_name', search)));
  const rows = await db.selectFrom(source.as('found')).selectAll().orderBy('sku').limit(page.limit).execute();
  const incoming = await incomingBySku(
    db,
    dialect,
    [storeId],
    rows.map((row) => row.sku),
  );
  return rows.map((row) => stockViewOf(row, incoming.get(`${storeId}\0${row.sku}`)));
}

/** A balance row as the admin API shows it, every state and what can be sold. */
export function stockViewOf(
  row: Selectable<StockBalancesTable> & { name: string | null },
  incoming = 0,
): StockView {
  return {
    storeId: row.store_id,
    sku: row.sku,
    name: row.name,
    onHand: row.on_hand,
    damaged: row.damaged,
    committed: row.committed,
    inTransit: row.in_transit,
    incoming,
    available: row.on_hand - row.committed,
    countedAt: row.counted_at,
    updatedAt: row.updated_at,
  };
}
