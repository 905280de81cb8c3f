/**
 * Replenishment at head office (INVENTORY.md "Replenishment", issue 17): a store's reorder levels per SKU and per
 * category, what is low there, the suggestions with their formula, cover and 30/90-day sales, the velocity mode's
 * proposed levels, and the transfer a store short of a SKU is offered when another has it spare.
 *
 * Every figure of a store is read in a handful of statements whatever the number of SKUs. The suggestions read
 * the SKUs that may be low with their supplier and sales in one, beside the store's inbound transfers and open
 * purchase orders, and their transfer offers after (npm run bench -- purchasing).
 */
import { sql, type InferResult } from 'kysely';
import { CounterError } from '../shared/errors.ts';
import {
  daysOfCover,
  levelsFor,
  proposeLevels,
  reorderKey,
  suggestQuantity,
  type CategoryReorderLevels,
  type ReorderItem,
  type ReorderLevels,
  type SalesDay,
  type SkuReorderLevels,
  type StockPosition,
} from '../shared/replenishment.ts';
import type {
  CreatedPurchaseOrders,
  CreatePurchaseOrders,
  ReorderSettingsView,
  SuggestionLine,
  SuggestionSupplier,
  TransferOffer,
  VelocityLine,
  VelocityQuery,
} from '../shared/replenishment-api.ts';
import type { TransferLine } from '../shared/documents/transfer.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { nowIso, type Executor, type HeadOffice, type Tx } from './context.ts';
import { anyOf, insertRows } from './db/bulk.ts';
import type { Dialect } from './db/connect.ts';
import { findStore } from './find.ts';
import { createDraftPurchaseOrder } from './purchase-orders.ts';
import { openPurchaseOrderStates } from '../shared/purchasing.ts';
import { someOf } from './validation.ts';

const DAY_MS = 24 * 60 * 60_000;

/** Net sales: a sale takes units off the shelf, a return or a void puts them back. */
const salesReasons = ['SALE', 'RETURN', 'VOID'] as const;

const levelsOf = (row: { reorder_point: number; desired_level: number; safety_stock: number }) => ({
  reorderPoint: Number(row.reorder_point),
  desiredLevel: Number(row.desired_level),
  safetyStock: Number(row.safety_stock),
});

// ------------------------------------------------------------------------------------------- settings

export async function readReorderSettings(ho: HeadOffice, storeId: string): Promise<ReorderSettingsView> {
  await findStore(ho.db, storeId);
  return reorderSettingsOf(ho.db, storeId);
}

/**
 * Sets the levels of these SKUs (a CSV import, the velocity mode's proposals) and of these categories, in one
 * transaction, and sends them down the 'reorder' stream. SKUs head office does not know are refused, all of them
 * named, before anything is written.
 */
export async function saveReorderLevels(
  ho: HeadOffice,
  storeId: string,
  change: { skus?: SkuReorderLevels[]; categories?: CategoryReorderLevels[] },
): Promise<{ skus: number; categories: number }> {
  const skus = change.skus ?? [];
  const categories = change.categories ?? [];
  return writeTransaction(ho, async (tx, changes) => {
    await findStore(tx, storeId);
    await refuseUnknownSkus(
      ho.dialect,
      tx,
      skus.map((row) => row.sku),
    );
    const updatedAt = nowIso(ho);
    const columns = (levels: ReorderLevels) => ({
      store_id: storeId,
      reorder_point: levels.reorderPoint,
      desired_level: levels.desiredLevel,
      safety_stock: levels.safetyStock,
      updated_at: updatedAt,
    });
    for (const chunk of chunks(skus)) {
      await insertRows(
        ho.dialect,
        tx,
        'reorder_levels',
        chunk.map(({ sku, ...levels }) => ({ sku, ...columns(levels) })),
      )
        .onConflict((oc) => oc.columns(['store_id', 'sku']).doUpdateSet(replaceLevels))
        .execute();
    }
    for (const chunk of chunks(categories)) {
      await insertRows(
        ho.dialect,
        tx,
        'category_reorder_levels',
        chunk.map(({ category, ...levels }) => ({ category, ...columns(levels) })),
      )
        .onConflict((oc) => oc.columns(['store_id', 'category']).doUpdateSet(replaceLevels))
        .execute();
    }
    for (const { sku, ...levels } of skus) publish(changes, { kind: 'sku', storeId, sku, levels });
    for (const { category, ...levels } of categories)
      publish(changes, { kind: 'category', storeId, category, levels });
    return { skus: skus.length, categories: categories.length };
  });
}

/** Removes a category's default: its SKUs without levels of their own are no longer suggested. */
export async function removeCategoryLevels(ho: HeadOffice, storeId: string, category: string): Promise<void> {
  await writeTransaction(ho, async (tx, changes) => {
    const removed = await tx
      .deleteFrom('category_reorder_levels')
      .where('store_id', '=', storeId)
      .where('category', '=', category)
      .executeTakeFirst();
    if (removed.numDeletedRows === 0n)
      throw new CounterError(
        'NOT_FOUND',
        `Store ${storeId} has no reorder levels for category "${category}".`,
      );
    changes.append('reorder', reorderKey({ storeId, category }), null, storeId);
  });
}

const publish = (changes: ChangeWriter, item: ReorderItem) =>
  changes.append('reorder', reorderKey(item), item, item.storeId);

/** ON CONFLICT: the new levels replace the old (either levels table). */
const replaceLevels = {
  reorder_point: sql<number>`excluded.reorder_point`,
  desired_level: sql<number>`excluded.desired_level`,
  safety_stock: sql<number>`excluded.safety_stock`,
  updated_at: sql<string>`excluded.updated_at`,
};

/** Rows per statement: PostgreSQL's JSON parameter and SQLite's both take them whole, but a transaction's
 * memory stays flat. */
function chunks<T>(rows: T[], size = 5_000): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < rows.length; at += size) out.push(rows.slice(at, at + size));
  return out;
}

async function refuseUnknownSkus(dialect: Dialect, tx: Tx, skus: string[]): Promise<void> {
  if (skus.length === 0) return;
  const known = new Set<string>();
  for (const chunk of chunks(skus)) {
    const rows = await tx
      .selectFrom('products')
      .select('sku')
      .where('sku', 'in', anyOf(dialect, chunk))
      .execute();
    for (const row of rows) known.add(row.sku);
  }
  const unknown = skus.filter((sku) => !known.has(sku));
  if (unknown.length > 0)
    throw new CounterError(
      'INVALID_INPUT',
      `Head office has no product with SKU ${someOf(unknown, 10)}: add the products first, or take those rows out. Nothing was saved.`,
    );
}

/** The 'reorder' stream's snapshot for a store: its SKUs' levels, then its categories', by key. */
export async function reorderPage(
  tx: Tx,
  storeId: string,
  afterKey: string | null,
  limit: number,
): Promise<{ key: string; data: ReorderItem }[] | null> {
  if (afterKey !== null && !afterKey.startsWith(`${storeId}:`)) return null;
  const settings = await reorderSettingsOf(tx, storeId);
  const items: ReorderItem[] = [
    ...settings.skus.map(({ sku, ...levels }) => ({ kind: 'sku' as const, storeId, sku, levels })),
    ...settings.categories.map(({ category, ...levels }) => ({
      kind: 'category' as const,
      storeId,
      category,
      levels,
    })),
  ];
  return items
    .map((item) => ({ key: reorderKey(item), data: item }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .filter((item) => afterKey === null || item.key > afterKey)
    .slice(0, limit);
}

async function reorderSettingsOf(db: Executor, storeId: string): Promise<ReorderSettingsView> {
  const [skus, categories] = await Promise.all([
    db.selectFrom('reorder_levels').selectAll().where('store_id', '=', storeId).orderBy('sku').execute(),
    db
      .selectFrom('category_reorder_levels')
      .selectAll()
      .where('store_id', '=', storeId)
      .orderBy('category')
      .execute(),
  ]);
  return {
    skus: skus.map((row) => ({ sku: row.sku, ...levelsOf(row) })),
    categories: categories.map((row) => ({ category: row.category, ...levelsOf(row) })),
  };
}

// ----------------------------------------------------------------------------------------- suggestions

/** A SKU of the store that has levels (its own or its category's), with its position there. */
interface Positioned {
  sku: string;
  name: string;
  category: string | null;
  levels: ReorderLevels;
  position: StockPosition;
}

/** The store's active SKUs with what it has of each and their levels there (own and category's, if any). */
function levelledSkus(db: Executor, storeId: string) {
  return db
    .selectFrom('products')
    .leftJoin('reorder_levels as own', (join) =>
      join.onRef('own.sku', '=', 'products.sku').on('own.store_id', '=', storeId),
    )
    .leftJoin('category_reorder_levels as cat', (join) =>
      join.onRef('cat.category', '=', 'products.category').on('cat.store_id', '=', storeId),
    )
    .leftJoin('stock_balances as balance', (join) =>
      join.onRef('balance.sku', '=', 'products.sku').on('balance.store_id', '=', storeId),
    )
    .select([
      'products.sku',
      'products.name',
      'products.category',
      'own.reorder_point as own_reorder_point',
      'own.desired_level as own_desired_level',
      'own.safety_stock as own_safety_stock',
      'cat.reorder_point as cat_reorder_point',
      'cat.desired_level as cat_desired_level',
      'cat.safety_stock as cat_safety_stock',
      'balance.on_hand',
      'balance.committed',
    ])
    .where('products.active', '=', 1);
}

type LevelledSku = InferResult<ReturnType<typeof levelledSkus>>[number];

/** What the store expects of each SKU, per SKU. */
interface Expected {
  /** On its open purchase orders, not yet received. */
  incoming: Map<string, number>;
  /** Coming from other stores: sent and not yet received, or requested or planned and not sent yet. */
  inboundTransit: Map<string, number>;
  /** Still on its shelf but requested or planned to go to another store: as good as committed. */
  outboundUnsent: Map<string, number>;
  /** Every store's transfers not sent yet: a store offering its spare keeps back what it is to send. */
  unsent: UnsentTransfer[];
}

async function expectedAt(db: Executor, storeId: string): Promise<Expected> {
  const [incoming, sentHere, unsent] = await Promise.all([
    incomingAt(db, storeId),
    inboundTransitAt(db, storeId),
    unsentTransfers(db),
  ]);
  const inboundTransit = new Map(sentHere);
  const outboundUnsent = new Map<string, number>();
  for (const transfer of unsent) {
    if (transfer.toStoreId === storeId) addLines(inboundTransit, transfer.lines);
    else if (transfer.fromStoreId === storeId) addLines(outboundUnsent, transfer.lines);
  }
  return { incoming, inboundTransit, outboundUnsent, unsent };
}

/** A row of levelledSkus() that has levels, with what the store expects of it. */
function positionedOf(row: LevelledSku, expected: Expected): Positioned {
  const own =
    row.own_reorder_point === null
      ? undefined
      : levelsOf({
          reorder_point: row.own_reorder_point,
          desired_level: row.own_desired_level!,
          safety_stock: row.own_safety_stock!,
        });
  const categoryDefault =
    row.cat_reorder_point === null
      ? undefined
      : levelsOf({
          reorder_point: row.cat_reorder_point,
          desired_level: row.cat_desired_level!,
          safety_stock: row.cat_safety_stock!,
        });
  return {
    sku: row.sku,
    name: row.name,
    category: row.category,
    levels: levelsFor(own, categoryDefault)!,
    position: {
      onHand: Number(row.on_hand ?? 0),
      committed: Number(row.committed ?? 0) + (expected.outboundUnsent.get(row.sku) ?? 0),
      incoming: expected.incoming.get(row.sku) ?? 0,
      inboundTransit: expected.inboundTransit.get(row.sku) ?? 0,
    },
  };
}

/**
 * The store's active SKUs that have levels, each with what it has and expects there. Inactive SKUs have no
 * position, so they are never low and never suggested.
 */
export async function positions(db: Executor, storeId: string): Promise<Positioned[]> {
  const [rows, expected] = await Promise.all([
    levelledSkus(db, storeId)
      .where((eb) => eb.or([eb('own.sku', 'is not', null), eb('cat.category', 'is not', null)]))
      .execute(),
    expectedAt(db, storeId),
  ]);
  return rows.map((row) => positionedOf(row, expected));
}

/** Units sent to the store by others and not yet received, per SKU: the lines of its transfers still sent. */
async function inboundTransitAt(db: Executor, storeId: string): Promise<Map<string, number>> {
  const sends = await db
    .selectFrom('transfers')
    .innerJoin('transfer_sends', 'transfer_sends.transfer_id', 'transfers.transfer_id')
    .select('transfer_sends.lines')
    .where('transfers.to_store_id', '=', storeId)
    .where('transfers.status', '=', 'sent')
    .execute();
  const total = new Map<string, number>();
  for (const send of sends) addLines(total, JSON.parse(send.lines) as TransferLine[]);
  return total;
}

/** Adds the lines' units to their SKUs' totals. */
function addLines(total: Map<string, number>, lines: TransferLine[]): void {
  for (const line of lines) total.set(line.sku, (total.get(line.sku) ?? 0) + line.quantity);
}

interface UnsentTransfer {
  fromStoreId: string;
  toStoreId: string;
  lines: TransferLine[];
}

/**
 * Transfers requested or planned and not sent yet, every store's, with the lines asked for: counted like an
 * ordered purchase order, so a buyer who planned one is not offered the same shortfall or the same spare again.
 */
async function unsentTransfers(db: Executor): Promise<UnsentTransfer[]> {
  const requests = await db
    .selectFrom('transfers')
    .innerJoin('transfer_requests', 'transfer_requests.transfer_id', 'transfers.transfer_id')
    .select(['transfers.from_store_id', 'transfers.to_store_id', 'transfer_requests.lines'])
    .where('transfers.status', 'in', ['requested', 'planned'])
    .execute();
  return requests.map((request) => ({
    fromStoreId: request.from_store_id,
    toStoreId: request.to_store_id,
    lines: JSON.parse(request.lines) as TransferLine[],
  }));
}

const daysAgo = (ho: HeadOffice, days: number) => new Date(ho.now().getTime() - days * DAY_MS).toISOString();

/**
 * The store's SKUs that may be low, in one statement: those available at or below their reorder point (what
 * is incoming or in transit only adds to that) and those it is yet to send some of (`keptBack`: that takes
 * from what is available), with their preferred supplier and their net units sold since each of `since` (each
 * SKU's own movements, through stock_movements_by_sku_time).
 */
function lowCandidates(
  ho: HeadOffice,
  storeId: string,
  since: { days30: string; days90: string },
  keptBack: string[],
) {
  return levelledSkus(ho.db, storeId)
    .leftJoin('supplier_items as item', (join) =>
      join.onRef('item.sku', '=', 'products.sku').on('item.preferred', '=', 1),
    )
    .leftJoin('suppliers', 'suppliers.id', 'item.supplier_id')
    .select((eb) => {
      const soldSince = (time: string) =>
        eb
          .selectFrom('stock_movements as moved')
          .select((sum) => sum.fn.sum<number | null>('moved.quantity').as('units'))
          .whereRef('moved.sku', '=', 'products.sku')
          .where('moved.store_id', '=', storeId)
          .where('moved.occurred_at', '>=', time)
          .where('moved.reason', 'in', salesReasons)
          .where('moved.state', '=', 'on_hand');
      return [...supplierColumns, soldSince(since.days30).as('sold30'), soldSince(since.days90).as('sold90')];
    })
    .where((eb) =>
      eb.or([
        sql<boolean>`coalesce(balance.on_hand, 0) - coalesce(balance.committed, 0) <= coalesce(own.reorder_point, cat.reorder_point)`,
        ...(keptBack.length > 0 ? [eb('products.sku', 'in', anyOf(ho.dialect, keptBack))] : []),
      ]),
    )
    .execute();
}

/** Movements are signed from the shelf's side: a sale is negative. */
const unitsSold = (netMovement: number | null) => 0 - Number(netMovement ?? 0);

/** What to order for the store: every low SKU with levels, its formula, cover, sales, supplier and offer. */
export async function suggestions(ho: HeadOffice, storeId: string): Promise<SuggestionLine[]> {
  await findStore(ho.db, storeId);
  const expected = await expectedAt(ho.db, storeId);
  const candidates = await lowCandidates(ho, storeId, { days30: daysAgo(ho, 30), days90: daysAgo(ho, 90) }, [
    ...expected.outboundUnsent.keys(),
  ]);
  const lines: SuggestionLine[] = [];
  for (const row of candidates) {
    const item = positionedOf(row, expected);
    const supplier = supplierOf(row);
    const rules = supplier ?? { packSize: 1, minimumQuantity: 0 };
    const suggested = suggestQuantity(item.position, item.levels, rules);
    if (!suggested) continue;
    const sold30 = unitsSold(row.sold30);
    lines.push({
      sku: item.sku,
      name: item.name,
      category: item.category,
      ...item.position,
      ...item.levels,
      ...suggested,
      sold30,
      sold90: unitsSold(row.sold90),
      daysOfCover: daysOfCover(item.position, sold30),
      supplier,
      transferOffer: null,
    });
  }
  const offers = await transferOffers(ho, storeId, lines, expected.unsent);
  for (const line of lines) line.transferOffer = offers.get(line.sku) ?? null;
  return lines.sort((a, b) => (a.sku < b.sku ? -1 : 1));
}

/**
 * Per suggested SKU, the other store with most of it spare, if any: its available above its own desired level (a
 * store that set no levels for it, a warehouse say, keeps none back), less what it is yet to send on transfers
 * requested or planned. The offer is that spare, at most what the short store needs.
 */
async function transferOffers(
  ho: HeadOffice,
  storeId: string,
  lines: SuggestionLine[],
  unsent: UnsentTransfer[],
): Promise<Map<string, TransferOffer>> {
  const offers = new Map<string, TransferOffer>();
  const needed = new Map(lines.map((line) => [line.sku, line.needed]));
  // Per sending store, the units per SKU it is yet to send.
  const toSend = new Map<string, Map<string, number>>();
  for (const transfer of unsent) {
    if (!toSend.has(transfer.fromStoreId)) toSend.set(transfer.fromStoreId, new Map());
    addLines(toSend.get(transfer.fromStoreId)!, transfer.lines);
  }
  for (const chunk of chunks([...needed.keys()])) {
    const rows = await ho.db
      .selectFrom('stock_balances as balance')
      .innerJoin('stores', 'stores.id', 'balance.store_id')
      .innerJoin('products', 'products.sku', 'balance.sku')
      .leftJoin('reorder_levels as own', (join) =>
        join.onRef('own.sku', '=', 'balance.sku').onRef('own.store_id', '=', 'balance.store_id'),
      )
      .leftJoin('category_reorder_levels as cat', (join) =>
        join.onRef('cat.category', '=', 'products.category').onRef('cat.store_id', '=', 'balance.store_id'),
      )
      .select([
        'balance.store_id',
        'stores.name',
        'balance.sku',
        sql<number>`balance.on_hand - balance.committed - coalesce(own.desired_level, cat.desired_level, 0)`.as(
          'spare',
        ),
      ])
      .where('balance.sku', 'in', anyOf(ho.dialect, chunk))
      .where('balance.store_id', '!=', storeId)
      .execute();
    for (const row of rows) {
      const spare = Number(row.spare) - (toSend.get(row.store_id)?.get(row.sku) ?? 0);
      if (spare <= 0 || spare <= (offers.get(row.sku)?.spare ?? 0)) continue;
      offers.set(row.sku, {
        fromStoreId: row.store_id,
        fromStoreName: row.name,
        spare,
        quantity: Math.min(spare, needed.get(row.sku)!),
      });
    }
  }
  return offers;
}

// ------------------------------------------------------------------------------------------ purchasing

/** Units on the store's open purchase orders not yet received, per SKU (src/shared/purchasing.ts incomingOf). */
async function incomingAt(db: Executor, storeId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('purchase_order_lines as line')
    .innerJoin('purchase_orders as po', 'po.id', 'line.purchase_order_id')
    .select((eb) => [
      'line.sku',
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('line.quantity', '>', eb.ref('line.received_quantity'))
            .then(eb('line.quantity', '-', eb.ref('line.received_quantity')))
            .else(0)
            .end(),
        )
        .as('incoming'),
    ])
    .where('po.store_id', '=', storeId)
    .where('po.state', 'in', openPurchaseOrderStates)
    .groupBy('line.sku')
    .execute();
  return new Map(rows.map((row) => [row.sku, Number(row.incoming)]));
}

type PreferredSupplier = SuggestionSupplier & { leadTimeDays: number };

/** What supplierOf() reads, from `supplier_items as item` joined to suppliers. */
const supplierColumns = [
  'item.supplier_id',
  'suppliers.name as supplier_name',
  'item.supplier_code',
  'item.pack_size',
  'item.minimum_quantity',
  'item.unit_cost_minor',
] as const;

/** A supplier item and its supplier's name, as the suggestions show them (none: the SKU has no such item). */
function supplierOf(row: {
  supplier_id: string | null;
  supplier_name: string | null;
  supplier_code: string | null;
  pack_size: number | null;
  minimum_quantity: number | null;
  unit_cost_minor: number | null;
}): SuggestionSupplier | null {
  if (row.supplier_id === null || row.supplier_name === null) return null;
  return {
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    supplierCode: row.supplier_code,
    packSize: Number(row.pack_size),
    minimumQuantity: Number(row.minimum_quantity),
    unitCostMinor: Number(row.unit_cost_minor),
  };
}

/** Per SKU, its preferred supplier item (the supplier "create purchase orders" orders it from). */
async function preferredSuppliers(
  ho: HeadOffice,
  db: Executor,
  skus: string[],
): Promise<Map<string, PreferredSupplier>> {
  const out = new Map<string, PreferredSupplier>();
  for (const chunk of chunks(skus)) {
    const rows = await db
      .selectFrom('supplier_items as item')
      .innerJoin('suppliers', 'suppliers.id', 'item.supplier_id')
      .select(['item.sku', ...supplierColumns, 'suppliers.lead_time_days'])
      .where('item.preferred', '=', 1)
      .where('item.sku', 'in', anyOf(ho.dialect, chunk))
      .execute();
    for (const row of rows)
      out.set(row.sku, { ...supplierOf(row)!, leadTimeDays: Number(row.lead_time_days) });
  }
  return out;
}

/**
 * "Create purchase orders": the selected lines become one draft per preferred supplier, all in one transaction.
 * A SKU without a preferred supplier refuses the whole selection, naming it (nothing is drafted).
 */
export async function createPurchaseOrders(
  ho: HeadOffice,
  storeId: string,
  lines: CreatePurchaseOrders['lines'],
  createdBy: string,
): Promise<CreatedPurchaseOrders> {
  return writeTransaction(ho, async (tx) => {
    await findStore(tx, storeId);
    const suppliers = await preferredSuppliers(
      ho,
      tx,
      lines.map((line) => line.sku),
    );
    const without = lines.filter((line) => !suppliers.has(line.sku)).map((line) => line.sku);
    if (without.length > 0)
      throw new CounterError(
        'INVALID_INPUT',
        `No preferred supplier for ${without.join(', ')}: mark one of its supplier items preferred (Purchasing → Suppliers), or leave ${without.length === 1 ? 'it' : 'them'} out. Nothing was drafted.`,
      );
    const bySupplier = new Map<string, CreatePurchaseOrders['lines']>();
    for (const line of lines) {
      const supplierId = suppliers.get(line.sku)!.supplierId;
      bySupplier.set(supplierId, [...(bySupplier.get(supplierId) ?? []), line]);
    }
    const purchaseOrders: CreatedPurchaseOrders['purchaseOrders'] = [];
    for (const [supplierId, supplierLines] of [...bySupplier].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const order = await createDraftPurchaseOrder(
        ho,
        { supplierId, storeId, lines: supplierLines, createdBy },
        tx,
      );
      purchaseOrders.push({
        purchaseOrderId: order.id,
        number: order.number,
        supplierId,
        supplierName: order.supplierName,
        lines: order.lines.length,
      });
    }
    return { purchaseOrders };
  });
}

// -------------------------------------------------------------------------------------------- velocity

/**
 * Velocity mode: proposed levels from the last N days of sales, leaving out the days a SKU was out of stock.
 * A day is out of stock when it began with nothing on hand and sold nothing; what it began with is rebuilt
 * backwards from today's figure through the day's movements (counts left out: what a count corrected counts as
 * having been so all along). Days are UTC days. Only SKUs that sold in the window are proposed.
 */
export async function velocity(
  ho: HeadOffice,
  storeId: string,
  query: VelocityQuery,
): Promise<VelocityLine[]> {
  await findStore(ho.db, storeId);
  const today = ho.now().toISOString().slice(0, 10);
  const start = new Date(Date.parse(`${today}T00:00:00Z`) - (query.days - 1) * DAY_MS).toISOString();
  const day = sql<string>`substr(occurred_at, 1, 10)`;
  const daily = await ho.db
    .selectFrom('stock_movements')
    .select((eb) => [
      'sku',
      day.as('day'),
      eb.fn.sum<number>('quantity').as('net'),
      eb.fn
        .sum<number>(eb.case().when('reason', 'in', salesReasons).then(eb.ref('quantity')).else(0).end())
        .as('sales'),
    ])
    .where('store_id', '=', storeId)
    .where('state', '=', 'on_hand')
    .where('reason', '!=', 'COUNT')
    .where('occurred_at', '>=', start)
    .groupBy(['sku', day])
    .execute();
  const byDay = new Map<string, Map<string, DayMoves>>();
  const soldUnits = new Map<string, number>();
  for (const row of daily) {
    const days = byDay.get(row.sku) ?? new Map<string, DayMoves>();
    // Movements are signed from the shelf's side: a sale is negative.
    days.set(row.day, { net: Number(row.net), sold: -Number(row.sales) });
    byDay.set(row.sku, days);
    soldUnits.set(row.sku, (soldUnits.get(row.sku) ?? 0) - Number(row.sales));
  }
  const skus = [...soldUnits].filter(([, units]) => units > 0).map(([sku]) => sku);
  const [positioned, suppliers, products] = await Promise.all([
    positions(ho.db, storeId),
    preferredSuppliers(ho, ho.db, skus),
    productNames(ho, skus),
  ]);
  const levels = new Map(positioned.map((item) => [item.sku, item.levels]));
  const onHand = await onHandNow(ho, storeId, skus);
  const lines: VelocityLine[] = [];
  for (const sku of skus) {
    const product = products.get(sku);
    if (!product?.active) continue;
    const days = salesDays(
      byDay.get(sku) ?? new Map<string, DayMoves>(),
      onHand.get(sku) ?? 0,
      today,
      query.days,
    );
    const current = levels.get(sku);
    const leadTimeDays = suppliers.get(sku)?.leadTimeDays ?? query.leadTimeDays;
    const safetyStock = current?.safetyStock ?? 0;
    const proposal = proposeLevels(days, { leadTimeDays, reviewDays: query.reviewDays, safetyStock });
    if (!proposal) continue;
    lines.push({
      sku,
      name: product.name,
      sold: days.filter((d) => !d.outOfStock).reduce((sum, d) => sum + d.sold, 0),
      inStockDays: proposal.inStockDays,
      outOfStockDays: days.length - proposal.inStockDays,
      dailyRate: proposal.dailyRate,
      leadTimeDays,
      safetyStock,
      current: current ? { reorderPoint: current.reorderPoint, desiredLevel: current.desiredLevel } : null,
      reorderPoint: proposal.reorderPoint,
      desiredLevel: proposal.desiredLevel,
    });
  }
  return lines.sort((a, b) => (a.sku < b.sku ? -1 : 1));
}

/** A day's net on-hand change and units sold. */
interface DayMoves {
  net: number;
  sold: number;
}

/** The window's days, oldest first, each with its sales and whether it began with nothing on hand and sold nothing. */
function salesDays(
  movements: Map<string, DayMoves>,
  onHandNow: number,
  today: string,
  count: number,
): SalesDay[] {
  const days: SalesDay[] = [];
  let closing = onHandNow;
  for (let back = 0; back < count; back++) {
    const date = new Date(Date.parse(`${today}T00:00:00Z`) - back * DAY_MS).toISOString().slice(0, 10);
    const moved = movements.get(date) ?? { net: 0, sold: 0 };
    const opening = closing - moved.net;
    days.push({ sold: moved.sold, outOfStock: opening <= 0 && moved.sold <= 0 });
    closing = opening;
  }
  return days.reverse();
}

async function onHandNow(ho: HeadOffice, storeId: string, skus: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const chunk of chunks(skus)) {
    const rows = await ho.db
      .selectFrom('stock_balances')
      .select(['sku', 'on_hand'])
      .where('store_id', '=', storeId)
      .where('sku', 'in', anyOf(ho.dialect, chunk))
      .execute();
    for (const row of rows) out.set(row.sku, Number(row.on_hand));
  }
  return out;
}

async function productNames(
  ho: HeadOffice,
  skus: string[],
): Promise<Map<string, { name: string; active: boolean }>> {
  const out = new Map<string, { name: string; active: boolean }>();
  for (const chunk of chunks(skus)) {
    const rows = await ho.db
      .selectFrom('products')
      .select(['sku', 'name', 'active'])
      .where('sku', 'in', anyOf(ho.dialect, chunk))
      .execute();
    for (const row of rows) out.set(row.sku, { name: row.name, active: row.active === 1 });
  }
  return out;
}
