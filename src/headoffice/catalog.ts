/** The head-office catalog: products keyed by SKU, their prices and barcodes. Changes go to the 'catalog' stream. */
import type { ProductView } from '../shared/sync/admin-api.ts';
import type { CatalogItem } from '../shared/sync/protocol.ts';
import { purchaseOrderNumber } from '../shared/purchasing.ts';
import { reorderKey } from '../shared/replenishment.ts';
import { CounterError } from '../shared/errors.ts';
import { foldForSearch } from '../shared/search.ts';
import type { StyleAxis, VariantOf } from '../shared/styles.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { nowIso, type Executor, type HeadOffice, type Tx } from './context.ts';
import { insertRows } from './db/bulk.ts';
import { notFound } from './find.ts';
import { someOf } from './validation.ts';

/** Full catalog items, barcodes included, for the given SKUs or a page of SKUs after `after`. */
export async function loadProducts(
  db: Executor,
  select: { skus: string[] } | { after: string | null; limit: number },
): Promise<ProductView[]> {
  let query = db.selectFrom('products').selectAll().orderBy('sku');
  if ('skus' in select) {
    if (select.skus.length === 0) return [];
    query = query.where('sku', 'in', select.skus);
  } else {
    query = query.limit(select.limit);
    if (select.after !== null) query = query.where('sku', '>', select.after);
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const barcodes = await db
    .selectFrom('barcodes')
    .select(['code', 'sku'])
    .where(
      'sku',
      'in',
      rows.map((row) => row.sku),
    )
    .orderBy('code')
    .execute();
  const codesBySku = new Map<string, string[]>();
  for (const { sku, code } of barcodes) codesBySku.set(sku, [...(codesBySku.get(sku) ?? []), code]);
  const styleOf = await variantsOf(db, rows);
  return rows.map((row) => ({
    sku: row.sku,
    name: row.name,
    priceMinor: row.price_minor,
    taxCode: row.tax_code,
    category: row.category,
    unit: row.unit === 'kg' ? 'kg' : 'each',
    active: row.active === 1,
    barcodes: codesBySku.get(row.sku) ?? [],
    ...(styleOf.has(row.sku) ? { style: styleOf.get(row.sku) } : {}),
    updatedAt: row.updated_at,
  }));
}

/** What each variant among `rows` says of its style (shared/styles.ts), by SKU. */
async function variantsOf(
  db: Executor,
  rows: { sku: string; style_id: string | null; options: string | null }[],
): Promise<Map<string, VariantOf>> {
  const ids = [...new Set(rows.flatMap((row) => (row.style_id === null ? [] : [row.style_id])))];
  if (ids.length === 0) return new Map();
  const styles = new Map(
    (await db.selectFrom('styles').select(['id', 'name', 'axes']).where('id', 'in', ids).execute()).map(
      (style) => [style.id, style],
    ),
  );
  return new Map(
    rows.flatMap((row) => {
      const style = row.style_id === null ? undefined : styles.get(row.style_id);
      if (!style || row.options === null) return [];
      const variant: VariantOf = {
        id: style.id,
        name: style.name,
        axes: JSON.parse(style.axes) as StyleAxis[],
        options: JSON.parse(row.options) as string[],
      };
      return [[row.sku, variant] as const];
    }),
  );
}

export function catalogItem(product: ProductView): CatalogItem {
  const { updatedAt: _updatedAt, ...item } = product;
  return item;
}

/** Each store's tax codes: a product is sold in every store, so its tax code must exist in each of them. */
export async function storeTaxCodes(db: Executor): Promise<Map<string, string[]>> {
  const stores = await db.selectFrom('stores').select(['id', 'tax_rates']).orderBy('id').execute();
  return new Map(
    stores.map((store) => [
      store.id,
      (JSON.parse(store.tax_rates) as { code: string }[]).map((rate) => rate.code),
    ]),
  );
}

/** Why a product with this tax code could not be sold in some store, or null when every store has the code. */
export function taxCodeProblem(taxCodes: Map<string, string[]>, code: string): string | null {
  const missing = [...taxCodes].filter(([, codes]) => !codes.includes(code)).map(([storeId]) => storeId);
  if (missing.length === 0) return null;
  const everywhere = [...new Set([...taxCodes.values()].flat())].filter((candidate) =>
    [...taxCodes.values()].every((codes) => codes.includes(candidate)),
  );
  return (
    `tax code "${code}" is not set up in store ${missing.slice(0, 5).join(', ')}` +
    `${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: add it to the store's tax settings, ` +
    `or use a code every store has (${everywhere.join(', ') || 'none yet'})`
  );
}

/**
 * Creates or replaces products (all or nothing). A barcode may belong to one product only: to move one, remove it
 * from its old product first, or send both products in the same request. A tax code must exist in every store.
 */
export async function upsertProducts(
  ho: HeadOffice,
  items: CatalogItem[],
): Promise<{ created: number; updated: number }> {
  return writeTransaction(ho, async (tx, changes) => {
    const taxCodes = await storeTaxCodes(tx);
    const problems = items.flatMap((item) => {
      const problem = taxCodeProblem(taxCodes, item.taxCode);
      return problem === null ? [] : [`${item.sku}: ${problem}`];
    });
    if (problems.length > 0) {
      throw new CounterError(
        'INVALID_INPUT',
        `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}.`,
        problems,
      );
    }
    return writeProducts(ho, tx, changes, items, new Set(items.map((item) => item.sku)));
  });
}

/**
 * Writes products in the caller's transaction. A barcode may move to one of them from a product of `movable`
 * (the SKUs the whole request or file sets), never from another.
 */
export async function writeProducts(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  given: CatalogItem[],
  movable: ReadonlySet<string>,
): Promise<{ created: number; updated: number }> {
  if (given.length === 0) return { created: 0, updated: 0 };
  const skus = given.map((item) => item.sku);
  const before = await tx
    .selectFrom('products')
    .select(['sku', 'style_id', 'options'])
    .where('sku', 'in', skus)
    .execute();
  const existing = new Set(before.map((row) => row.sku));
  // An item that does not say (a PUT of plain products, a CSV row) stays the variant it was: only the style's
  // own writer (styles.ts) makes and unmakes variants.
  const keptStyles = await variantsOf(tx, before);
  const items = given.map((item) =>
    item.style === undefined && keptStyles.has(item.sku)
      ? { ...item, style: keptStyles.get(item.sku) }
      : item,
  );
  const codes = items.flatMap((item) => item.barcodes);
  const owners =
    codes.length === 0
      ? []
      : await tx.selectFrom('barcodes').selectAll().where('code', 'in', codes).execute();
  const sent = new Map(items.flatMap((item) => item.barcodes.map((code) => [code, item.sku] as const)));
  if (sent.size !== codes.length) {
    throw new CounterError(
      'INVALID_INPUT',
      'A barcode appears twice in this request: each barcode belongs to one product.',
    );
  }
  const taken = owners.find((owner) => !movable.has(owner.sku));
  if (taken) {
    throw new CounterError(
      'CONFLICT',
      `Barcode ${taken.code} already belongs to SKU ${taken.sku}: remove it there first, or send both products.`,
    );
  }

  const now = nowIso(ho);
  await tx.deleteFrom('barcodes').where('sku', 'in', skus).execute();
  if (owners.length > 0)
    await tx
      .deleteFrom('barcodes')
      .where(
        'code',
        'in',
        owners.map((owner) => owner.code),
      )
      .execute();
  const rows = items.map((item) => ({
    sku: item.sku,
    name: item.name,
    search_name: foldForSearch(item.name),
    price_minor: item.priceMinor,
    tax_code: item.taxCode,
    category: item.category,
    unit: item.unit,
    active: item.active ? 1 : 0,
    updated_at: now,
    style_id: item.style?.id ?? null,
    options: item.style ? JSON.stringify(item.style.options) : null,
  }));
  await insertRows(ho.dialect, tx, 'products', rows)
    .onConflict((oc) =>
      oc.column('sku').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        search_name: eb.ref('excluded.search_name'),
        price_minor: eb.ref('excluded.price_minor'),
        tax_code: eb.ref('excluded.tax_code'),
        category: eb.ref('excluded.category'),
        unit: eb.ref('excluded.unit'),
        active: eb.ref('excluded.active'),
        updated_at: eb.ref('excluded.updated_at'),
        style_id: eb.ref('excluded.style_id'),
        options: eb.ref('excluded.options'),
      })),
    )
    .execute();
  for (const item of items)
    changes.append('catalog', item.sku, { ...item, barcodes: [...item.barcodes].sort() });
  if (codes.length > 0)
    await tx
      .insertInto('barcodes')
      .values([...sent].map(([code, sku]) => ({ code, sku })))
      .execute();
  return { created: items.length - existing.size, updated: existing.size };
}

/** One product as the admin API shows it. */
export async function readProduct(ho: HeadOffice, sku: string): Promise<ProductView> {
  const [product] = await loadProducts(ho.db, { skus: [sku] });
  if (!product) throw notFound('products', sku);
  return product;
}

/** Changes only the fields given of one product; it reaches registers like any catalog change. */
export async function patchProduct(
  ho: HeadOffice,
  sku: string,
  patch: Partial<Omit<CatalogItem, 'sku'>>,
): Promise<ProductView> {
  const product = await readProduct(ho, sku);
  await upsertProducts(ho, [{ ...catalogItem(product), ...patch }]);
  return readProduct(ho, sku);
}

/** What still needs product `sku`: stores holding stock of it, open purchase orders and transfers naming it. */
async function productUses(tx: Tx, sku: string): Promise<string[]> {
  const stocked = await tx
    .selectFrom('stock_balances')
    .select('store_id')
    .where('sku', '=', sku)
    .where((eb) =>
      eb.or([
        eb('on_hand', '!=', 0),
        eb('damaged', '!=', 0),
        eb('committed', '!=', 0),
        eb('in_transit', '!=', 0),
      ]),
    )
    .orderBy('store_id')
    .execute();
  const ordered = await tx
    .selectFrom('purchase_order_lines')
    .innerJoin('purchase_orders', 'purchase_orders.id', 'purchase_order_lines.purchase_order_id')
    .select('purchase_orders.running')
    .distinct()
    .where('purchase_order_lines.sku', '=', sku)
    .where('purchase_orders.state', 'in', ['draft', 'ordered', 'partly_received'])
    .orderBy('purchase_orders.running')
    .execute();
  // A transfer's lines are JSON on its stages: those of the ones not yet received are read here.
  const stages = await tx
    .selectFrom('transfers')
    .innerJoin('transfer_requests', 'transfer_requests.transfer_id', 'transfers.transfer_id')
    .select([
      'transfers.transfer_id',
      'transfers.number',
      'transfers.from_store_id',
      'transfers.to_store_id',
      'transfer_requests.lines',
    ])
    .where('transfers.status', '!=', 'received')
    .union((eb) =>
      eb
        .selectFrom('transfers')
        .innerJoin('transfer_sends', 'transfer_sends.transfer_id', 'transfers.transfer_id')
        .select([
          'transfers.transfer_id',
          'transfers.number',
          'transfers.from_store_id',
          'transfers.to_store_id',
          'transfer_sends.lines',
        ])
        .where('transfers.status', '!=', 'received'),
    )
    .execute();
  const moving = [
    ...new Set(
      stages
        .filter((stage) => (JSON.parse(stage.lines) as { sku: string }[]).some((line) => line.sku === sku))
        // As people know it: its packing-list number once sent, else where it goes.
        .map((stage) => stage.number ?? `from ${stage.from_store_id} to ${stage.to_store_id}`),
    ),
  ].sort();
  const few = (names: string[]) => someOf(names, 3);
  return [
    ...(stocked.length > 0 ? [`stock in store ${few(stocked.map((row) => row.store_id))}`] : []),
    ...(ordered.length > 0
      ? [`open purchase order ${few(ordered.map((row) => purchaseOrderNumber(row.running)))}`]
      : []),
    ...(moving.length > 0 ? [`open transfer ${few(moving)}`] : []),
  ];
}

/**
 * Removes a product nothing needs any more (no stock, no open order or transfer). Sales of it that arrive later
 * still apply, with an unknown-SKU exception.
 */
export async function deleteProduct(ho: HeadOffice, sku: string): Promise<void> {
  await writeTransaction(ho, async (tx, changes) => {
    const uses = await productUses(tx, sku);
    if (uses.length > 0) {
      throw new CounterError(
        'CONFLICT',
        `SKU ${sku} still has ${uses.join('; ')}, so it cannot be removed: take it off sale (active: false) ` +
          'instead, or remove it once its stock is gone and those are received or cancelled.',
      );
    }
    await deleteWhatDescribes(tx, changes, sku);
    const deleted = await tx.deleteFrom('products').where('sku', '=', sku).executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw notFound('products', sku);
    changes.append('catalog', sku, null);
  });
}

/**
 * The rows that only describe a removed product go with it, so the SKU added again starts clean: its barcodes,
 * what suppliers sell it for, each store's reorder levels (and the registers are told) and low-stock alert, each
 * channel's listing of it, safety stock and unsent push. Its history stays: movements, balances, sales, counts,
 * closed orders, costs (its average still values a sale of it that arrives late) and the audit log.
 */
async function deleteWhatDescribes(tx: Tx, changes: ChangeWriter, sku: string): Promise<void> {
  await tx.deleteFrom('barcodes').where('sku', '=', sku).execute();
  await tx.deleteFrom('supplier_items').where('sku', '=', sku).execute();
  // These tables are keyed by store or channel first: naming every one lets the key find the rows, not a scan.
  const storeIds = (await tx.selectFrom('stores').select('id').execute()).map((row) => row.id);
  if (storeIds.length > 0) {
    const levels = await tx
      .deleteFrom('reorder_levels')
      .where('store_id', 'in', storeIds)
      .where('sku', '=', sku)
      .returning('store_id')
      .execute();
    for (const { store_id: storeId } of levels)
      changes.append('reorder', reorderKey({ storeId, sku }), null, storeId);
    await tx
      .deleteFrom('low_stock_alerts')
      .where('store_id', 'in', storeIds)
      .where('sku', '=', sku)
      .execute();
  }
  const channelIds = (await tx.selectFrom('channels').select('id').execute()).map((row) => row.id);
  if (channelIds.length > 0) {
    await tx
      .deleteFrom('channel_items')
      .where('channel_id', 'in', channelIds)
      .where('sku', '=', sku)
      .execute();
    await tx
      .deleteFrom('channel_safety_stock')
      .where('channel_id', 'in', channelIds)
      .where('scope', '=', 'sku')
      .where('key', '=', sku)
      .execute();
    await tx
      .deleteFrom('channel_pushes')
      .where('channel_id', 'in', channelIds)
      .where('sku', '=', sku)
      .where('state', '!=', 'sent')
      .execute();
  }
}
