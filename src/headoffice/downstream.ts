/**
 * Downstream (SYNC.md): registers pull the change log by cursor, or load a paged snapshot when their cursor is
 * older than the log keeps. The stock stream is read from the balances, which carry their own seqs (stock.ts).
 * Each page is read in one repeatable-read transaction so it is consistent with the cursor it reports, even
 * while entries are being appended or pruned.
 */
import type {
  PullReply,
  PullRequest,
  SnapshotReply,
  SnapshotRequest,
  StockItem,
  StreamItems,
} from '../shared/sync/protocol.ts';
import { catalogItem, loadProducts } from './catalog.ts';
import { storeCountsPage } from './counts.ts';
import type { HeadOffice, Tx } from './context.ts';
import { pageOf } from './paging.ts';
import { appliedSeqsByStore, stockKey } from './stock.ts';
import { taxItem } from './stores.ts';
import { transferViews } from './transfers.ts';
import { transferKey } from '../shared/transfers.ts';
import { openPurchaseOrdersPage } from './purchase-orders.ts';
import { suppliersPage } from './suppliers.ts';
import { reorderPage } from './replenishment.ts';

function readTransaction<T>(ho: HeadOffice, read: (tx: Tx) => Promise<T>): Promise<T> {
  // SQLite ignores the isolation level: its one connection runs transactions one at a time.
  return ho.db.transaction().setIsolationLevel('repeatable read').execute(read);
}

/** `storeId`: the register's own store (the 'tax' stream only carries that store's settings to it). */
export function pull(ho: HeadOffice, storeId: string, request: PullRequest): Promise<PullReply> {
  return readTransaction(ho, async (tx) => {
    const head = await tx
      .selectFrom('stream_heads')
      .select(['seq', 'pruned_through'])
      .where('stream', '=', request.stream)
      .executeTakeFirstOrThrow();
    // Older than the log keeps, or newer than head office has ever been (its database was replaced).
    if (request.cursor < head.pruned_through || request.cursor > head.seq) {
      return { status: 'must_refetch', snapshotCursor: head.seq };
    }
    const rows =
      request.stream === 'stock'
        ? await stockChanges(tx, request)
        : await loggedChanges(tx, storeId, request);
    const hasMore = rows.length > request.limit;
    const changes = rows.slice(0, request.limit);
    return { status: 'ok', changes, nextCursor: hasMore ? changes.at(-1)!.cursor : head.seq, hasMore };
  });
}

type Change = Extract<PullReply, { status: 'ok' }>['changes'][number];

/** Up to limit + 1 change-log entries after the cursor (the extra one says there is more). */
async function loggedChanges(tx: Tx, storeId: string, request: PullRequest): Promise<Change[]> {
  let query = tx
    .selectFrom('change_log')
    .select(['seq', 'key', 'data'])
    .where('stream', '=', request.stream)
    .where('seq', '>', request.cursor)
    .orderBy('seq')
    .limit(request.limit + 1);
  if (request.stream === 'tax') query = query.where('key', '=', storeId);
  // A transfer goes down once per store it concerns, a count, a purchase order and a store's reorder levels to
  // their own store: under a key that starts with that store's id.
  if (['transfers', 'counts', 'purchaseOrders', 'reorder'].includes(request.stream))
    query = query.where('key', 'like', `${storeId}:%`);
  const rows = await query.execute();
  return rows.map((row) => ({
    cursor: row.seq,
    key: row.key,
    data: row.data === null ? null : (JSON.parse(row.data) as Change['data']),
  }));
}

/** Up to limit + 1 stock figures changed after the cursor, each as it is now (stock.ts keeps their seqs). */
async function stockChanges(tx: Tx, request: PullRequest): Promise<Change[]> {
  const rows = await stockRows(tx)
    .where('stock_balances.change_seq', '>', request.cursor)
    .orderBy('stock_balances.change_seq')
    .limit(request.limit + 1)
    .execute();
  const items = await stockItems(tx, rows);
  return rows.map((row, i) => ({ cursor: row.change_seq, ...items[i]! }));
}

export function snapshot(ho: HeadOffice, storeId: string, request: SnapshotRequest): Promise<SnapshotReply> {
  return readTransaction(ho, async (tx) => {
    const head = await tx
      .selectFrom('stream_heads')
      .select('seq')
      .where('stream', '=', request.stream)
      .executeTakeFirstOrThrow();
    const items = await snapshotItems(ho, tx, storeId, request);
    if (items === null)
      return {
        status: 'invalid',
        reason: `afterKey "${request.afterKey}" is not a key of the ${request.stream} stream.`,
      };
    const { rows: page, next } = pageOf(items, request.limit, (last) => last.key);
    return { status: 'ok', items: page, nextKey: next, done: next === null, cursor: head.seq };
  });
}

type Item = { key: string; data: StreamItems[keyof StreamItems] };

/** Up to limit + 1 items after afterKey (the extra one says there is more); null: afterKey is not a key. */
async function snapshotItems(
  ho: HeadOffice,
  tx: Tx,
  storeId: string,
  { stream, afterKey, limit }: SnapshotRequest,
): Promise<Item[] | null> {
  if (stream === 'catalog') {
    const products = await loadProducts(tx, { after: afterKey, limit: limit + 1 });
    return products.map((product) => ({ key: product.sku, data: catalogItem(product) }));
  }
  if (stream === 'tax') {
    if (afterKey !== null) return afterKey === storeId ? [] : null;
    const store = await tx.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirst();
    return store ? [{ key: store.id, data: taxItem(store) }] : [];
  }
  if (stream === 'transfers' || stream === 'counts' || stream === 'purchaseOrders') {
    // These streams key each item `<storeId>:<id>`: a page goes on after the id.
    const prefix = `${storeId}:`;
    if (afterKey !== null && !afterKey.startsWith(prefix)) return null;
    const afterId = afterKey === null ? null : afterKey.slice(prefix.length);
    if (stream === 'transfers') return transfersPage(ho, tx, storeId, afterId, limit + 1);
    if (stream === 'counts')
      return storeCountsPage(ho, tx, storeId, { afterCountId: afterId, limit: limit + 1 });
    return openPurchaseOrdersPage(ho, tx, storeId, afterId, limit + 1);
  }
  if (stream === 'customers') return erasedCustomersPage(tx, afterKey, limit + 1);
  if (stream === 'suppliers') return suppliersPage(tx, afterKey, limit + 1);
  if (stream === 'reorder') return reorderPage(tx, storeId, afterKey, limit + 1);
  return stockPage(tx, afterKey, limit + 1);
}

/** How long a received transfer stays on its stores' registers after a snapshot. */
const RECEIVED_TRANSFERS_KEPT_MS = 14 * 24 * 60 * 60 * 1000;

/** The store's transfers either way: every open one and those received lately, by id. */
async function transfersPage(
  ho: HeadOffice,
  tx: Tx,
  storeId: string,
  afterId: string | null,
  limit: number,
): Promise<Item[]> {
  const since = new Date(ho.now().getTime() - RECEIVED_TRANSFERS_KEPT_MS).toISOString();
  let query = tx
    .selectFrom('transfers')
    .select('transfer_id')
    .where((eb) => eb.or([eb('from_store_id', '=', storeId), eb('to_store_id', '=', storeId)]))
    .where((eb) => eb.or([eb('status', '!=', 'received'), eb('updated_at', '>=', since)]))
    .orderBy('transfer_id')
    .limit(limit);
  if (afterId !== null) query = query.where('transfer_id', '>', afterId);
  const ids = (await query.execute()).map((row) => row.transfer_id);
  const views = await transferViews(tx, ho.dialect, ids);
  return views.map((view) => ({ key: transferKey(storeId, view.transferId), data: view }));
}

/** Every erased record, by id: a register that loads a snapshot still blanks what it holds of them. */
async function erasedCustomersPage(tx: Tx, afterKey: string | null, limit: number): Promise<Item[]> {
  let query = tx
    .selectFrom('customers')
    .select(['customer_id', 'erased_at'])
    .where('erased_at', 'is not', null)
    .orderBy('customer_id')
    .limit(limit);
  if (afterKey !== null) query = query.where('customer_id', '>', afterKey);
  const rows = await query.execute();
  return rows.map((row) => ({
    key: row.customer_id,
    data: { customerId: row.customer_id, erasedAt: row.erased_at! },
  }));
}

async function stockPage(tx: Tx, afterKey: string | null, limit: number): Promise<Item[] | null> {
  let query = stockRows(tx).orderBy('stock_balances.store_id').orderBy('stock_balances.sku').limit(limit);
  if (afterKey !== null) {
    // Store ids never contain ':', so the first one splits the key.
    const split = afterKey.indexOf(':');
    if (split < 0) return null;
    const [afterStore, afterSku] = [afterKey.slice(0, split), afterKey.slice(split + 1)];
    query = query.where((eb) =>
      eb.or([
        eb('stock_balances.store_id', '>', afterStore),
        eb.and([eb('stock_balances.store_id', '=', afterStore), eb('stock_balances.sku', '>', afterSku)]),
      ]),
    );
  }
  return stockItems(tx, await query.execute());
}

function stockRows(tx: Tx) {
  return tx
    .selectFrom('stock_balances')
    .innerJoin('stores', 'stores.id', 'stock_balances.store_id')
    .select([
      'stock_balances.store_id',
      'stores.name',
      'stock_balances.sku',
      'stock_balances.on_hand',
      'stock_balances.damaged',
      'stock_balances.committed',
      'stock_balances.in_transit',
      'stock_balances.updated_at',
      'stock_balances.change_seq',
    ]);
}

type StockRow = Awaited<ReturnType<ReturnType<typeof stockRows>['execute']>>[number];

/**
 * The figures as registers see them. Each says, per register of its store, the last seq it includes, read in
 * the same transaction as the figure: a register adds only its own movements after that seq.
 */
async function stockItems(tx: Tx, rows: StockRow[]): Promise<{ key: string; data: StockItem }[]> {
  const seqs = await appliedSeqsByStore(tx, [...new Set(rows.map((row) => row.store_id))]);
  return rows.map((row) => ({
    key: stockKey(row.store_id, row.sku),
    data: {
      storeId: row.store_id,
      storeName: row.name,
      sku: row.sku,
      onHand: row.on_hand,
      damaged: row.damaged,
      committed: row.committed,
      inTransit: row.in_transit,
      asOf: row.updated_at,
      appliedSeqs: seqs.get(row.store_id) ?? {},
    },
  }));
}
