/**
 * Channels as a person sets them up: kind, shop address, the stores that feed it, the store its orders commit at,
 * safety stock (default, per SKU, per category), secrets (sealed, secrets.ts); the mapping of SKUs to the shop's
 * items by SKU or barcode, with a report of what did not match; and the lists of pushes and orders.
 * A change of what a figure depends on (stores, safety stock, mapping) queues a push of every mapped SKU.
 */
import type {
  ChannelCreate,
  ChannelItemView,
  ChannelOrderView,
  ChannelPushState,
  ChannelPushView,
  ChannelOrderState,
  ChannelUpdate,
  ChannelView,
  MappingReport,
} from '../../shared/channels.ts';
import { CounterError } from '../../shared/errors.ts';
import type { Page } from '../../shared/sync/admin-api.ts';
import { nowIso, type Executor, type HeadOffice, type Tx } from '../context.ts';
import { findChannel } from '../find.ts';
import { pageOf } from '../paging.ts';
import type { ChannelDeps } from './deps.ts';
import { channelFigures, queueWholeChannel } from './figures.ts';
import { sealSecrets } from './secrets.ts';

const LISTED = 1000;

async function checkStores(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set(
    (await tx.selectFrom('stores').select('id').where('id', 'in', ids).execute()).map((s) => s.id),
  );
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new CounterError(
      'NOT_FOUND',
      `There is no store ${missing.map((id) => `"${id}"`).join(', ')}: check the ids in GET /api/stores.`,
    );
}

async function writeLocationsAndSafety(
  tx: Tx,
  channelId: string,
  settings: Pick<ChannelUpdate, 'locationIds' | 'safetyOverrides'>,
): Promise<void> {
  if (settings.locationIds) {
    await tx.deleteFrom('channel_locations').where('channel_id', '=', channelId).execute();
    await tx
      .insertInto('channel_locations')
      .values(settings.locationIds.map((storeId) => ({ channel_id: channelId, store_id: storeId })))
      .execute();
  }
  if (settings.safetyOverrides) {
    await tx.deleteFrom('channel_safety_stock').where('channel_id', '=', channelId).execute();
    const unique = new Map(settings.safetyOverrides.map((o) => [`${o.scope}\0${o.key}`, o]));
    const rows = [...unique.values()].map((o) => ({
      channel_id: channelId,
      scope: o.scope,
      key: o.key,
      quantity: o.quantity,
    }));
    for (let i = 0; i < rows.length; i += 1000)
      await tx
        .insertInto('channel_safety_stock')
        .values(rows.slice(i, i + 1000))
        .execute();
  }
}

export async function createChannel(
  ho: HeadOffice,
  key: Buffer | null,
  input: ChannelCreate,
): Promise<ChannelView> {
  if (input.kind === 'shopify' && input.remoteLocationId === null)
    throw new CounterError(
      'INVALID_INPUT',
      'A Shopify channel needs its location (remoteLocationId, gid://shopify/Location/…): the figures are set there.',
    );
  const secrets = sealSecrets(key, input.secrets);
  await ho.db.transaction().execute(async (tx) => {
    await checkStores(tx, [...input.locationIds, input.fulfilmentStoreId]);
    const exists = await tx.selectFrom('channels').select('id').where('id', '=', input.id).executeTakeFirst();
    if (exists)
      throw new CounterError(
        'CONFLICT',
        `There is a channel "${input.id}" already: choose another id, or change that one.`,
      );
    const now = nowIso(ho);
    await tx
      .insertInto('channels')
      .values({
        id: input.id,
        name: input.name,
        kind: input.kind,
        base_url: input.baseUrl,
        remote_location_id: input.remoteLocationId,
        fulfilment_store_id: input.fulfilmentStoreId,
        safety_stock: input.safetyStock,
        secrets,
        paused_until: null,
        order_cursor: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeLocationsAndSafety(tx, input.id, input);
  });
  return channelView(ho.db, input.id);
}

export async function updateChannel(
  ho: HeadOffice,
  key: Buffer | null,
  channelId: string,
  input: ChannelUpdate,
): Promise<ChannelView> {
  const secrets = input.secrets ? sealSecrets(key, input.secrets) : undefined;
  await ho.db.transaction().execute(async (tx) => {
    await findChannel(tx, channelId);
    await checkStores(tx, [
      ...(input.locationIds ?? []),
      ...(input.fulfilmentStoreId ? [input.fulfilmentStoreId] : []),
    ]);
    await tx
      .updateTable('channels')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.baseUrl !== undefined && { base_url: input.baseUrl }),
        ...(input.remoteLocationId !== undefined && { remote_location_id: input.remoteLocationId }),
        ...(input.fulfilmentStoreId !== undefined && { fulfilment_store_id: input.fulfilmentStoreId }),
        ...(input.safetyStock !== undefined && { safety_stock: input.safetyStock }),
        ...(secrets !== undefined && { secrets, paused_until: null }),
        updated_at: nowIso(ho),
      })
      .where('id', '=', channelId)
      .execute();
    await writeLocationsAndSafety(tx, channelId, input);
    await queueWholeChannel(ho, tx, channelId);
  });
  return channelView(ho.db, channelId);
}

export async function listChannels(db: Executor): Promise<ChannelView[]> {
  const ids = await db.selectFrom('channels').select('id').orderBy('id').execute();
  return Promise.all(ids.map(({ id }) => channelView(db, id)));
}

export async function channelView(db: Executor, channelId: string): Promise<ChannelView> {
  const row = await findChannel(db, channelId);
  const locations = await db
    .selectFrom('channel_locations')
    .select('store_id')
    .where('channel_id', '=', channelId)
    .orderBy('store_id')
    .execute();
  const overrides = await db
    .selectFrom('channel_safety_stock')
    .select(['scope', 'key', 'quantity'])
    .where('channel_id', '=', channelId)
    .orderBy('scope')
    .orderBy('key')
    .execute();
  const count = async (
    table: 'channel_items' | 'channel_pushes' | 'channel_orders',
    where?: [string, string],
  ) => {
    let query = db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId);
    if (where) query = query.where(where[0] as never, '=', where[1] as never);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url,
    remoteLocationId: row.remote_location_id,
    locationIds: locations.map((l) => l.store_id),
    fulfilmentStoreId: row.fulfilment_store_id,
    safetyStock: Number(row.safety_stock),
    safetyOverrides: overrides.map((o) => ({ scope: o.scope, key: o.key, quantity: Number(o.quantity) })),
    mappedSkus: await count('channel_items'),
    pendingPushes: await count('channel_pushes', ['state', 'pending']),
    failedPushes: await count('channel_pushes', ['state', 'failed']),
    oversoldOrders: await count('channel_orders', ['state', 'oversold']),
    pausedUntil: row.paused_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Maps the shop's items to catalog SKUs: by SKU first, then by barcode. The mapping is replaced (an item the
 * shop no longer has is unmapped) and every mapped SKU is pushed.
 */
export async function mapChannel(deps: ChannelDeps, channelId: string): Promise<MappingReport> {
  const { ho } = deps;
  await findChannel(ho.db, channelId);
  const connection = await deps.connect(channelId);
  const items = [];
  for await (const page of connection.catalog()) items.push(...page);
  const skus = new Set((await ho.db.selectFrom('products').select('sku').execute()).map((p) => p.sku));
  const barcodes = new Map(
    (await ho.db.selectFrom('barcodes').select(['code', 'sku']).execute()).map((b) => [b.code, b.sku]),
  );
  const mapping = new Map<string, string>();
  const report: MappingReport = {
    mapped: 0,
    bySku: 0,
    byBarcode: 0,
    unmatchedItems: [],
    unmatchedItemCount: 0,
    unmappedSkus: [],
    unmappedSkuCount: 0,
  };
  for (const item of items) {
    const bySku = item.sku !== null && skus.has(item.sku) && !mapping.has(item.sku) ? item.sku : null;
    const byBarcode = bySku === null && item.barcode !== null ? barcodes.get(item.barcode) : undefined;
    if (bySku !== null) {
      mapping.set(bySku, item.itemId);
      report.bySku += 1;
    } else if (byBarcode !== undefined && !mapping.has(byBarcode)) {
      mapping.set(byBarcode, item.itemId);
      report.byBarcode += 1;
    } else {
      report.unmatchedItemCount += 1;
      if (report.unmatchedItems.length < LISTED) report.unmatchedItems.push(item);
    }
  }
  for (const sku of [...skus].sort()) {
    if (mapping.has(sku)) continue;
    report.unmappedSkuCount += 1;
    if (report.unmappedSkus.length < LISTED) report.unmappedSkus.push(sku);
  }
  report.mapped = mapping.size;
  await ho.db.transaction().execute(async (tx) => {
    const before = new Map(
      (
        await tx
          .selectFrom('channel_items')
          .select(['sku', 'item_id', 'channel_figure'])
          .where('channel_id', '=', channelId)
          .execute()
      ).map((row) => [row.sku, row]),
    );
    await tx.deleteFrom('channel_items').where('channel_id', '=', channelId).execute();
    const rows = [...mapping].map(([sku, itemId]) => {
      const kept = before.get(sku);
      return {
        channel_id: channelId,
        sku,
        item_id: itemId,
        channel_figure: kept?.item_id === itemId ? kept.channel_figure : null,
        pushed_at: null,
      };
    });
    for (let i = 0; i < rows.length; i += 1000)
      await tx
        .insertInto('channel_items')
        .values(rows.slice(i, i + 1000))
        .execute();
    await queueWholeChannel(ho, tx, channelId);
  });
  return report;
}

export async function listItems(
  db: Executor,
  channelId: string,
  page: { after?: string; limit: number },
): Promise<Page<ChannelItemView>> {
  await findChannel(db, channelId);
  let query = db
    .selectFrom('channel_items')
    .selectAll()
    .where('channel_id', '=', channelId)
    .orderBy('sku')
    .limit(page.limit + 1);
  if (page.after !== undefined) query = query.where('sku', '>', page.after);
  const { rows, next } = pageOf(await query.execute(), page.limit, (last) => last.sku);
  const figures = await channelFigures(
    db,
    channelId,
    rows.map((row) => row.sku),
  );
  return {
    items: rows.map((row) => ({
      sku: row.sku,
      itemId: row.item_id,
      figure: figures.get(row.sku)!,
      channelFigure: row.channel_figure === null ? null : Number(row.channel_figure),
      pushedAt: row.pushed_at,
    })),
    next,
  };
}

/** Pushes, newest first. */
export async function listPushes(
  db: Executor,
  channelId: string,
  page: { after?: string; limit: number; state?: ChannelPushState; sku?: string },
): Promise<Page<ChannelPushView>> {
  await findChannel(db, channelId);
  let query = db
    .selectFrom('channel_pushes')
    .selectAll()
    .where('channel_id', '=', channelId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.after !== undefined) query = query.where('id', '<', Number(page.after));
  if (page.state !== undefined) query = query.where('state', '=', page.state);
  if (page.sku !== undefined) query = query.where('sku', '=', page.sku);
  const { rows, next } = pageOf(await query.execute(), page.limit, (last) => String(last.id));
  return {
    items: rows.map((row) => ({
      id: Number(row.id),
      sku: row.sku,
      state: row.state,
      quantity: row.quantity === null ? null : Number(row.quantity),
      attempts: Number(row.attempts),
      error: row.error,
      dueAt: row.due_at,
      createdAt: row.created_at,
      sentAt: row.sent_at,
    })),
    next,
  };
}

/** Orders, latest change first. */
export async function listOrders(
  db: Executor,
  channelId: string,
  page: { after?: string; limit: number; state?: ChannelOrderState },
): Promise<Page<ChannelOrderView>> {
  await findChannel(db, channelId);
  let query = db
    .selectFrom('channel_orders')
    .selectAll()
    .where('channel_id', '=', channelId)
    .orderBy('updated_at', 'desc')
    .orderBy('order_id', 'desc')
    .limit(page.limit + 1);
  if (page.after !== undefined) {
    const [updatedAt, orderId] = page.after.split('|');
    query = query.where((eb) =>
      eb.or([
        eb('updated_at', '<', updatedAt ?? ''),
        eb.and([eb('updated_at', '=', updatedAt ?? ''), eb('order_id', '<', orderId ?? '')]),
      ]),
    );
  }
  if (page.state !== undefined) query = query.where('state', '=', page.state);
  const { rows, next } = pageOf(
    await query.execute(),
    page.limit,
    (last) => `${last.updated_at}|${last.order_id}`,
  );
  return {
    items: rows.map((row) => ({
      orderId: row.order_id,
      number: row.number,
      storeId: row.store_id,
      state: row.state,
      lines: JSON.parse(row.lines) as { sku: string; quantity: number }[],
      exceptionId: row.exception_id === null ? null : Number(row.exception_id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    })),
    next,
  };
}
