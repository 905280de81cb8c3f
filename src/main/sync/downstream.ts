/**
 * Downstream sync (SYNC.md): head office pokes, the register pulls each stream by cursor and applies every page
 * together with its cursor in one SQLite transaction, so a flaky link resumes where it stopped. A cursor too old
 * for head office gets a paged snapshot, itself checkpointed page by page.
 *
 * - catalog: products, barcodes and prices, through the catalog service's upsert; visible to the next scan or
 *   search without a restart. The open sale keeps the prices it was rung up at (its draft holds them).
 * - tax: this store's name, currency, tax rates, whether prices include tax and its receipts' address, header
 *   and footer, through the settings service; the screens show them at once.
 * - stock: head office's figures for every store (see store-stock.ts for how on hand here is derived).
 * - transfers: this store's transfers either way, through the transfers service (what this register did to
 *   one since stays on top until head office is as far along).
 * - counts: this store's counts, opened at head office or at any register of the store, so a person here can
 *   join one; and their approval (through the counts service).
 * - purchaseOrders: this store's open orders, through the purchase-orders service (received against here and
 *   shown as incoming); null once head office expects nothing more of one.
 * - suppliers: whom a manager may draft an order for here.
 * - reorder: this store's reorder levels, for the managers' low-stock list (src/main/services/low-stock.ts).
 * - customers: those head office erased on request. Their row here (if this register made or looked them up)
 *   says "Erased customer" with no phone or email, and so does their 'customer.created' event in the outbox
 *   once head office has acknowledged it (migration 010 allows exactly that rewrite). An event still waiting
 *   must go as it was made (head office checks its hash): every pull of this stream blanks those acknowledged
 *   since. Her name also goes from the receipts in the print queue. Sales keep the customer id.
 *
 * Every change carries the full state of its key, so applying one twice is harmless. An item that fails its
 * schema is skipped and reported, never retried forever: one bad item must not wedge a stream.
 */
import type { Socket } from 'socket.io-client';
import type { z } from 'zod';
import {
  MAX_PULL_LIMIT,
  MAX_SNAPSHOT_LIMIT,
  catalogItemSchema,
  countItemSchema,
  customerErasureSchema,
  pullReplySchema,
  purchaseOrderItemSchema,
  supplierStreamItemSchema,
  snapshotReplySchema,
  stockItemSchema,
  streamNames,
  taxItemSchema,
  transferItemSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type StreamItems,
  type StreamName,
} from '../../shared/sync/protocol.ts';
import { ERASED_NAME } from '../../shared/customers.ts';
import { reorderItemSchema, reorderKey } from '../../shared/replenishment.ts';
import { hasControlCharacters } from '../../shared/text.ts';
import { printedNameBlanker } from '../devices/print-queue.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { CatalogService } from '../services/catalog.ts';
import type { CountsService } from '../services/counts.ts';
import type { LowStockService } from '../services/low-stock.ts';
import type { PurchaseDraftingService } from '../services/purchase-drafting.ts';
import type { PurchaseOrdersService } from '../services/purchase-orders.ts';
import type { SalesService } from '../services/sales.ts';
import type { SettingsService } from '../services/settings.ts';
import type { TransfersService } from '../services/transfers.ts';
import { Alarm, type Clock } from './clock.ts';
import type { SyncStore } from './state.ts';

export type PullSocket = Pick<Socket<ServerToClientEvents, ClientToServerEvents>, 'connected' | 'timeout'>;

export interface DownstreamOptions {
  db: Db;
  store: SyncStore;
  events: EventBus;
  catalog: Pick<CatalogService, 'upsert'>;
  settings: Pick<SettingsService, 'store' | 'saveStore' | 'appInfo'>;
  sales: Pick<SalesService, 'current'>;
  transfers: Pick<TransfersService, 'saveFromHeadOffice'>;
  counts: Pick<CountsService, 'saveFromHeadOffice'>;
  purchaseOrders: Pick<PurchaseOrdersService, 'saveFromHeadOffice' | 'removeFromHeadOffice'>;
  suppliers: Pick<PurchaseDraftingService, 'saveSupplier' | 'removeSupplier'>;
  reorder: Pick<LowStockService, 'saveLevels' | 'removeLevels'>;
  socket: PullSocket;
  clock: Clock;
  ackTimeoutMs: number;
  /** Streams are pulled again this often even without a poke (a poke can be lost with the connection). */
  pollIntervalMs: number;
  pullLimit?: number;
  snapshotLimit?: number;
  onChange: () => void;
}

/** One per socket, like the pump: started once, stopped for good. */
export interface Downstream {
  start(): void;
  stop(): void;
  /** Pulls these streams (all by default) as soon as the current pull is done. */
  wake(streams?: readonly StreamName[]): void;
}

interface CursorRow {
  cursor: number;
  snapshot_loading: number;
  snapshot_after_key: string | null;
}

/** What one page changed, for the events the screens refresh on. */
interface Applied {
  /** When the page was applied: every change in it gets this time. */
  at: string;
  productIds: Set<number>;
  storeChanged: boolean;
  transferIds: Set<string>;
  countsChanged: boolean;
  /** A customer on a sale may now show as erased. */
  customersErased: boolean;
  /** Items that failed their schema: skipped and reported (`why` in the validator's words, for the log). */
  skipped: { what: string; why: string }[];
}

/** The schema each stream's items must fit, and what the list of skipped changes calls one. */
const streamItems: { [S in StreamName]: { schema: z.ZodType<StreamItems[S]>; what: string } } = {
  catalog: { schema: catalogItemSchema, what: 'product' },
  tax: { schema: taxItemSchema, what: 'tax rates of store' },
  stock: { schema: stockItemSchema, what: 'stock' },
  transfers: { schema: transferItemSchema, what: 'transfer' },
  customers: { schema: customerErasureSchema, what: 'customer erasure' },
  counts: { schema: countItemSchema, what: 'count' },
  purchaseOrders: { schema: purchaseOrderItemSchema, what: 'purchase order' },
  suppliers: { schema: supplierStreamItemSchema, what: 'supplier' },
  reorder: { schema: reorderItemSchema, what: 'reorder levels' },
};

export function createDownstream(options: DownstreamOptions): Downstream {
  const { db, store, events, catalog, settings, sales, transfers, counts, socket, clock } = options;
  const { purchaseOrders, suppliers, reorder } = options;
  const pullLimit = options.pullLimit ?? MAX_PULL_LIMIT;
  const snapshotLimit = options.snapshotLimit ?? MAX_SNAPSHOT_LIMIT;

  const readCursor = db.prepare<[string], CursorRow>(
    'SELECT cursor, snapshot_loading, snapshot_after_key FROM sync_cursors WHERE stream = ?',
  );
  const writeCursor = db.prepare<[string, number, string]>(
    `INSERT INTO sync_cursors (stream, cursor, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  const beginSnapshotRow = db.prepare<[string, string]>(
    `INSERT INTO sync_cursors (stream, snapshot_loading, updated_at) VALUES (?, 1, ?)
     ON CONFLICT(stream) DO UPDATE SET snapshot_loading = 1, snapshot_after_key = NULL, snapshot_cursor = NULL,
       updated_at = excluded.updated_at`,
  );
  const advanceSnapshot = db.prepare<[string | null, number, string, string]>(
    `UPDATE sync_cursors SET snapshot_after_key = ?, snapshot_cursor = coalesce(snapshot_cursor, ?),
       updated_at = ? WHERE stream = ?`,
  );
  const finishSnapshotRow = db.prepare<[string, string]>(
    `UPDATE sync_cursors SET cursor = snapshot_cursor, snapshot_loading = 0, snapshot_after_key = NULL,
       snapshot_cursor = NULL, updated_at = ? WHERE stream = ?`,
  );
  const rememberKey = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO sync_snapshot_keys (stream, key) VALUES (?, ?)',
  );
  const forgetKeys = db.prepare<[string]>('DELETE FROM sync_snapshot_keys WHERE stream = ?');

  const productIdBySku = db.prepare<[string], { id: number }>('SELECT id FROM products WHERE sku = ?');
  const deactivate = db.prepare<[string, string], { id: number }>(
    'UPDATE products SET active = 0, updated_at = ? WHERE sku = ? AND active = 1 RETURNING id',
  );
  const deactivateUnseen = db.prepare<[string], { id: number }>(
    `UPDATE products SET active = 0, updated_at = ? WHERE active = 1
       AND sku NOT IN (SELECT key FROM sync_snapshot_keys WHERE stream = 'catalog') RETURNING id`,
  );
  const upsertStock = db.prepare<
    [string, string, string, string, number, number, number, number, string, number | null]
  >(
    `INSERT INTO head_office_stock (key, store_id, store_name, sku, on_hand, damaged, committed, in_transit, as_of,
       applied_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET store_id = excluded.store_id, store_name = excluded.store_name,
       sku = excluded.sku, on_hand = excluded.on_hand, damaged = excluded.damaged, committed = excluded.committed,
       in_transit = excluded.in_transit, as_of = excluded.as_of, applied_seq = excluded.applied_seq`,
  );
  const deleteStock = db.prepare<[string], { sku: string }>(
    'DELETE FROM head_office_stock WHERE key = ? RETURNING sku',
  );
  const deleteUnseenStock = db.prepare<[], { sku: string }>(
    `DELETE FROM head_office_stock
     WHERE key NOT IN (SELECT key FROM sync_snapshot_keys WHERE stream = 'stock') RETURNING sku`,
  );

  const deleteTransfer = db.prepare<[string]>('DELETE FROM transfers WHERE transfer_id = ?');
  // A transfer is keyed by store and id: those of this store that a snapshot did not hold are gone.
  const deleteUnseenTransfers = db.prepare<[string]>(
    `DELETE FROM transfers WHERE ? || ':' || transfer_id NOT IN
       (SELECT key FROM sync_snapshot_keys WHERE stream = 'transfers')`,
  );

  const deleteCount = db.prepare<[string]>('DELETE FROM store_counts WHERE count_id = ?');
  // A count is keyed by store and id: those of this store that a snapshot did not hold are gone.
  const deleteUnseenCounts = db.prepare<[string]>(
    `DELETE FROM store_counts WHERE ? || ':' || count_id NOT IN
       (SELECT key FROM sync_snapshot_keys WHERE stream = 'counts')`,
  );
  // An order is keyed by store and id, like a transfer.
  const deleteUnseenOrders = db.prepare<[string]>(
    `DELETE FROM purchase_orders WHERE ? || ':' || purchase_order_id NOT IN
       (SELECT key FROM sync_snapshot_keys WHERE stream = 'purchaseOrders')`,
  );
  const deleteUnseenLevels = db.prepare(
    `DELETE FROM reorder_levels WHERE key NOT IN (SELECT key FROM sync_snapshot_keys WHERE stream = 'reorder')`,
  );
  const deleteUnseenSuppliers = db.prepare(
    `DELETE FROM suppliers WHERE supplier_id NOT IN (SELECT key FROM sync_snapshot_keys WHERE stream = 'suppliers')`,
  );

  const eraseCustomer = db.prepare<[string, string, string]>(
    `UPDATE customers SET name = ?, phone = NULL, email = NULL, phone_key = NULL, email_key = NULL,
       name_on_receipt = 0, erased_at = ? WHERE customer_id = ? AND erased_at IS NULL`,
  );
  const blankPrintedName = printedNameBlanker(db);
  // The 'customer.created' events of erased customers that head office has acknowledged and still hold a name.
  const blankErasedEvents = db.prepare<{ erasedName: string }>(
    `UPDATE outbox SET payload = json_set(payload, '$.name', :erasedName, '$.phone', NULL, '$.email', NULL,
       '$.nameOnReceipt', json('false'))
     WHERE seq IN (SELECT outbox_seq FROM customers WHERE erased_at IS NOT NULL)
       AND seq <= (SELECT last_acked_seq FROM sync_state WHERE id = 1)
       AND json_extract(payload, '$.name') IS NOT :erasedName`,
  );

  const now = (): string => clock.now().toISOString();
  const noteSku = (applied: Applied, sku: string): void => {
    const id = productIdBySku.get(sku)?.id;
    if (id !== undefined) applied.productIds.add(id);
  };
  const problem = (error: { issues: { path: PropertyKey[]; message: string }[] }): string =>
    error.issues.map((issue) => `${issue.path.join('.') || 'item'}: ${issue.message}`).join('; ');

  /** Applies one item's full state (null: removed). Runs inside the page's transaction. */
  function applyItem(stream: StreamName, key: string, data: unknown, applied: Applied): void {
    // What was skipped is shown and kept as the last error: never with a control character of its key.
    const shown = hasControlCharacters(key) ? JSON.stringify(key) : key;
    /**
     * The item as its stream's schema reads it, if it fits its key; else null, and `skipped` says why. Each case
     * passes `stream` as its case narrowed it, so the item has that stream's type.
     */
    const read = <S extends StreamName>(
      of: S,
      fitsKey: (item: StreamItems[S]) => boolean,
      differs: string,
    ): StreamItems[S] | null => {
      const { schema, what } = streamItems[of];
      const item = schema.safeParse(data);
      if (item.success && fitsKey(item.data)) return item.data;
      applied.skipped.push({ what: `${what} ${shown}`, why: item.success ? differs : problem(item.error) });
      return null;
    };
    /** A stream keyed `${storeId}:${id}`: the id, when the key is of this register's store; else null. */
    const ownStore = (): { storeId: string; id: string } | null => {
      const storeId = store.read().enrollment?.storeId;
      return storeId !== undefined && key.startsWith(`${storeId}:`)
        ? { storeId, id: key.slice(storeId.length + 1) }
        : null;
    };
    switch (stream) {
      case 'catalog': {
        if (data === null) {
          for (const { id } of deactivate.all(applied.at, key)) applied.productIds.add(id);
          return;
        }
        const item = read(stream, (product) => product.sku === key, 'SKU differs from its key');
        if (item) applied.productIds.add(catalog.upsert(item, applied.at).productId);
        return;
      }
      case 'tax': {
        const enrollment = store.read().enrollment;
        if (data === null || key !== enrollment?.storeId) return;
        const item = read(stream, (tax) => tax.taxRates.length > 0, 'no rates');
        if (!item) return;
        // Every field but the id is a store setting head office keeps; the rest (locale, barcodes, cash
        // rounding) stay as set here.
        const { storeId: _storeId, ...fromHeadOffice } = item;
        settings.saveStore({ ...settings.store(), ...fromHeadOffice });
        applied.storeChanged = true;
        return;
      }
      case 'stock': {
        if (data === null) {
          for (const { sku } of deleteStock.all(key)) noteSku(applied, sku);
          return;
        }
        const item = read(
          stream,
          (stock) => key === `${stock.storeId}:${stock.sku}`,
          'store and SKU differ from its key',
        );
        if (!item) return;
        const enrollment = store.read().enrollment;
        const { storeId, storeName, sku, onHand, damaged, committed, inTransit, asOf, appliedSeqs } = item;
        const ownStore = enrollment !== null && storeId === enrollment.storeId;
        const appliedSeq = ownStore ? (appliedSeqs[enrollment.registerId] ?? 0) : null;
        upsertStock.run(
          key,
          storeId,
          storeName,
          sku,
          onHand,
          damaged,
          committed,
          inTransit,
          asOf,
          appliedSeq,
        );
        noteSku(applied, sku);
        return;
      }
      case 'transfers': {
        const own = ownStore();
        if (own === null) return;
        applied.transferIds.add(own.id);
        if (data === null) {
          deleteTransfer.run(own.id);
          return;
        }
        const item = read(
          stream,
          (transfer) => transfer.transferId === own.id,
          'transfer id differs from its key',
        );
        if (item) transfers.saveFromHeadOffice(item, applied.at);
        return;
      }
      case 'counts': {
        const own = ownStore();
        if (own === null) return;
        applied.countsChanged = true;
        if (data === null) {
          deleteCount.run(own.id);
          return;
        }
        const item = read(
          stream,
          (count) => count.countId === own.id && count.storeId === own.storeId,
          'count or store differs from its key',
        );
        if (item) counts.saveFromHeadOffice(item, applied.at);
        return;
      }
      case 'purchaseOrders': {
        const own = ownStore();
        if (own === null) return;
        if (data === null) {
          for (const sku of purchaseOrders.removeFromHeadOffice(own.id)) noteSku(applied, sku);
          return;
        }
        const item = read(
          stream,
          (order) => order.id === own.id && order.storeId === own.storeId,
          'order id or store differs from its key',
        );
        if (!item) return;
        purchaseOrders.saveFromHeadOffice(item, applied.at);
        for (const line of item.lines) noteSku(applied, line.sku);
        return;
      }
      case 'suppliers': {
        if (data === null) {
          suppliers.removeSupplier(key);
          return;
        }
        const item = read(stream, (supplier) => supplier.id === key, 'supplier id differs from its key');
        if (item) suppliers.saveSupplier(item, applied.at);
        return;
      }
      case 'reorder': {
        const own = ownStore();
        if (own === null) return;
        // A SKU's own levels tell the screens (the low-stock badge); a category's default shows on the next look.
        if (own.id.startsWith('sku:')) noteSku(applied, own.id.slice('sku:'.length));
        if (data === null) {
          reorder.removeLevels(key);
          return;
        }
        const item = read(
          stream,
          (levels) => reorderKey(levels) === key,
          'store, SKU or category differs from its key',
        );
        if (item) reorder.saveLevels(key, item, applied.at);
        return;
      }
      case 'customers': {
        if (data === null) return;
        const item = read(
          stream,
          (erasure) => erasure.customerId === key,
          'customer id differs from its key',
        );
        if (item && eraseCustomer.run(ERASED_NAME, item.erasedAt, key).changes > 0) {
          blankPrintedName(key);
          applied.customersErased = true;
        }
        return;
      }
    }
  }

  /** After a complete snapshot: what it did not contain no longer exists at head office. */
  function removeUnseen(stream: StreamName, applied: Applied): void {
    if (stream === 'catalog')
      for (const { id } of deactivateUnseen.all(applied.at)) applied.productIds.add(id);
    if (stream === 'stock') for (const { sku } of deleteUnseenStock.all()) noteSku(applied, sku);
    const storeId = store.read().enrollment?.storeId;
    if (stream === 'transfers' && storeId !== undefined) deleteUnseenTransfers.run(storeId);
    if (stream === 'counts' && storeId !== undefined) {
      deleteUnseenCounts.run(storeId);
      applied.countsChanged = true;
    }
    if (stream === 'purchaseOrders' && storeId !== undefined) deleteUnseenOrders.run(storeId);
    if (stream === 'suppliers') deleteUnseenSuppliers.run();
    if (stream === 'reorder') deleteUnseenLevels.run();
  }

  /** Applies a page's items (inside its transaction) and says what they changed. */
  function applyItems(stream: StreamName, items: { key: string; data: unknown }[]): Applied {
    const applied: Applied = {
      at: now(),
      productIds: new Set(),
      storeChanged: false,
      transferIds: new Set(),
      countsChanged: false,
      customersErased: false,
      skipped: [],
    };
    for (const item of items) applyItem(stream, item.key, item.data, applied);
    if (stream === 'customers') blankErasedEvents.run({ erasedName: ERASED_NAME });
    return applied;
  }

  const applyPage = db.transaction(
    (stream: StreamName, changes: { key: string; data: unknown }[], nextCursor: number): Applied => {
      const applied = applyItems(stream, changes);
      writeCursor.run(stream, nextCursor, applied.at);
      return applied;
    },
  );

  const applySnapshotPage = db.transaction(
    (
      stream: StreamName,
      items: { key: string; data: unknown }[],
      page: { nextKey: string | null; done: boolean; cursor: number },
    ): Applied => {
      const applied = applyItems(stream, items);
      for (const item of items) rememberKey.run(stream, item.key);
      advanceSnapshot.run(page.nextKey, page.cursor, applied.at, stream);
      if (page.done) {
        removeUnseen(stream, applied);
        finishSnapshotRow.run(applied.at, stream);
        forgetKeys.run(stream);
      }
      return applied;
    },
  );

  const beginSnapshot = db.transaction((stream: StreamName) => {
    beginSnapshotRow.run(stream, now());
    forgetKeys.run(stream);
  });

  /** After a page has committed: tell the screens, and say what was skipped. */
  function announce(applied: Applied): void {
    store.succeeded(now());
    if (applied.skipped.length > 0) {
      const skipped = applied.skipped.map(({ what }) => what).join(', ');
      console.error(
        `Head office sent changes this register could not use: ${applied.skipped.map(({ what, why }) => `${what} (${why})`).join(', ')}`,
      );
      // The validator's reasons stay in the log: at the register, what was skipped and whom to tell.
      store.setError(
        `Head office sent changes this register could not use, so they were skipped: ${skipped}. Tell head office.`,
      );
    }
    if (applied.productIds.size > 0) events.emit('stock.changed', { productIds: [...applied.productIds] });
    for (const transferId of applied.transferIds) events.emit('transfers.changed', { transferId });
    if (applied.countsChanged) events.emit('counts.changed', {});
    if (applied.storeChanged) events.emit('settings.changed', settings.appInfo());
    if (applied.storeChanged || applied.customersErased) events.emit('sale.changed', sales.current());
    options.onChange();
  }

  const alarm = new Alarm(clock);
  const dirty = new Set<StreamName>();
  let stopped = true;
  let running = false;
  let pollTimer: unknown = null;

  /** Asks head office; null (with the reason recorded) when the link or the answer failed. */
  async function ask<T>(what: string, send: () => Promise<unknown>, schema: z.ZodType<T>): Promise<T | null> {
    let answer: unknown;
    try {
      answer = await send();
    } catch {
      if (stopped) return null;
      store.setError(
        socket.connected
          ? `Head office did not send the ${what} within ${options.ackTimeoutMs / 1000} s; trying again later.`
          : `The link to head office dropped while loading the ${what}; trying again once it is back.`,
      );
      options.onChange();
      return null;
    }
    const reply = schema.safeParse(answer);
    if (reply.success) return reply.data;
    store.setError(`Head office sent ${what} this register does not understand; trying again later.`);
    options.onChange();
    return null;
  }

  /** A reply that is not a page: wait and go on (true), or give up until the next wake (false). */
  async function handleTrouble(
    stream: StreamName,
    reply: { status: 'retry'; retryAfterMs: number } | { status: 'invalid'; reason: string },
  ): Promise<boolean> {
    if (reply.status === 'retry') {
      await alarm.sleep(reply.retryAfterMs);
      return true;
    }
    store.setError(`Head office refused to send the ${stream} changes (${reply.reason}); call support.`);
    options.onChange();
    return false;
  }

  /** Pulls one stream until head office has nothing more. False when it stopped early (link, error). */
  async function pullStream(stream: StreamName): Promise<boolean> {
    const ackTimeout = options.ackTimeoutMs;
    type PullAnswer = z.infer<typeof pullReplySchema> | null;
    const pull = (cursor: number): Promise<PullAnswer> =>
      ask(
        `${stream} changes`,
        () => socket.timeout(ackTimeout).emitWithAck('pull', { stream, cursor, limit: pullLimit }),
        pullReplySchema,
      );
    // The next page, asked for before the current one is written: head office reads it and it travels while
    // this register writes. Used only if the cursor is still the one it was asked from.
    let next = null as { cursor: number; reply: Promise<PullAnswer> } | null;
    for (;;) {
      if (stopped || !socket.connected) return false;
      const position = readCursor.get(stream) ?? { cursor: 0, snapshot_loading: 0, snapshot_after_key: null };
      if (position.snapshot_loading === 1) {
        const afterKey = position.snapshot_after_key;
        const request = { stream, afterKey, limit: snapshotLimit };
        const reply = await ask(
          `${stream} snapshot`,
          () => socket.timeout(ackTimeout).emitWithAck('snapshot', request),
          snapshotReplySchema,
        );
        if (reply === null || stopped) return false;
        if (reply.status === 'ok') announce(applySnapshotPage(stream, reply.items, reply));
        else if (!(await handleTrouble(stream, reply))) return false;
        continue;
      }
      const asked = next;
      next = null;
      const reply = await (asked?.cursor === position.cursor ? asked.reply : pull(position.cursor));
      if (reply === null || stopped) return false;
      if (reply.status === 'ok') {
        if (reply.hasMore) next = { cursor: reply.nextCursor, reply: pull(reply.nextCursor) };
        announce(applyPage(stream, reply.changes, reply.nextCursor));
        if (!reply.hasMore) return true;
      } else if (reply.status === 'must_refetch') {
        beginSnapshot(stream);
      } else if (!(await handleTrouble(stream, reply))) {
        return false;
      }
    }
  }

  async function run(): Promise<void> {
    running = true;
    try {
      for (const stream of dirty) {
        if (stopped || !socket.connected) break;
        dirty.delete(stream);
        if (!(await pullStream(stream))) break;
      }
    } catch (error) {
      // A ledger write failed (disk trouble): say so; the next poke, reconnect or poll tries again.
      console.error('Applying head-office changes failed', error);
      store.setError('Changes from head office could not be saved on this register; trying again later.');
      options.onChange();
    } finally {
      running = false;
    }
  }

  function schedulePoll(): void {
    pollTimer = clock.setTimeout(() => {
      downstream.wake();
      schedulePoll();
    }, options.pollIntervalMs);
  }

  const downstream: Downstream = {
    start: () => {
      stopped = false;
      schedulePoll();
    },
    stop: () => {
      stopped = true;
      clock.clearTimeout(pollTimer);
      alarm.wake();
    },
    wake: (streams = streamNames) => {
      for (const stream of streams) dirty.add(stream);
      if (!running && !stopped)
        run()
          .then(() => {
            // A poke that arrived while this run was finishing is still waiting.
            if (dirty.size > 0 && !stopped && socket.connected) downstream.wake([]);
          })
          .catch((error: unknown) => console.error('Applying head-office changes stopped', error));
    },
  };
  return downstream;
}
