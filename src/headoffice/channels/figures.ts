/**
 * A channel's figure for a SKU (INVENTORY.md): max(0, Σ available (on hand − committed) at the stores that feed
 * it − its safety stock for the SKU). The safety stock is the SKU's own override, else its category's, else the
 * channel's default. And the hook every stock write calls (stock.ts): a change of a mapped SKU at a store that
 * feeds a channel queues a push for it, in the same transaction.
 */
import { sql } from 'kysely';
import { nowIso, type Executor, type HeadOffice, type Tx } from '../context.ts';

/** Changes within this window go out as one push per SKU (the first change opens it). */
export const COALESCE_MS = 1000;

const CHUNK = 1000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The channel's figures of these SKUs (every one of them, zero when nothing is anywhere). */
export async function channelFigures(
  db: Executor,
  channelId: string,
  skus: string[],
): Promise<Map<string, number>> {
  const figures = new Map<string, number>();
  if (skus.length === 0) return figures;
  const channel = await db
    .selectFrom('channels')
    .select('safety_stock')
    .where('id', '=', channelId)
    .executeTakeFirstOrThrow();
  const overrides = await db
    .selectFrom('channel_safety_stock')
    .select(['scope', 'key', 'quantity'])
    .where('channel_id', '=', channelId)
    .execute();
  const bySku = new Map(overrides.filter((o) => o.scope === 'sku').map((o) => [o.key, Number(o.quantity)]));
  const byCategory = new Map(
    overrides.filter((o) => o.scope === 'category').map((o) => [o.key, Number(o.quantity)]),
  );
  for (const part of chunks(skus)) {
    const rows = await db
      .selectFrom('products')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('stock_balances')
            .innerJoin('channel_locations', 'channel_locations.store_id', 'stock_balances.store_id')
            .select(['stock_balances.sku', (e) => e.fn.sum<number>(sql`on_hand - committed`).as('available')])
            .where('channel_locations.channel_id', '=', channelId)
            .where('stock_balances.sku', 'in', part)
            .groupBy('stock_balances.sku')
            .as('stock'),
        (join) => join.onRef('stock.sku', '=', 'products.sku'),
      )
      .select(['products.sku', 'products.category', 'stock.available'])
      .where('products.sku', 'in', part)
      .execute();
    for (const row of rows) {
      const safety =
        bySku.get(row.sku) ??
        (row.category !== null ? byCategory.get(row.category) : undefined) ??
        Number(channel.safety_stock);
      figures.set(row.sku, Math.max(0, Number(row.available ?? 0) - safety));
    }
  }
  for (const sku of skus) if (!figures.has(sku)) figures.set(sku, 0);
  return figures;
}

/**
 * Queues a push of every mapped SKU among these balances, for each channel their store feeds. A SKU that already
 * has an open push joins it (its `changes` goes up, so one out at this moment goes again).
 */
export async function queueChannelPushes(
  ho: HeadOffice,
  tx: Tx,
  balances: { storeId: string; sku: string }[],
): Promise<void> {
  if (balances.length === 0) return;
  const stores = [...new Set(balances.map((b) => b.storeId))];
  const wanted = new Set(balances.map((b) => `${b.storeId}\0${b.sku}`));
  const targets: { channel_id: string; sku: string }[] = [];
  for (const part of chunks([...new Set(balances.map((b) => b.sku))])) {
    const rows = await tx
      .selectFrom('channel_items')
      .innerJoin('channel_locations', 'channel_locations.channel_id', 'channel_items.channel_id')
      .select(['channel_items.channel_id', 'channel_items.sku', 'channel_locations.store_id'])
      .where('channel_locations.store_id', 'in', stores)
      .where('channel_items.sku', 'in', part)
      .execute();
    for (const row of rows)
      if (wanted.has(`${row.store_id}\0${row.sku}`))
        targets.push({ channel_id: row.channel_id, sku: row.sku });
  }
  await queuePushes(ho, tx, targets);
}

/** Opens a push for each (channel, SKU), or joins its open one. */
export async function queuePushes(
  ho: HeadOffice,
  tx: Tx,
  targets: { channel_id: string; sku: string }[],
): Promise<void> {
  const unique = [...new Map(targets.map((t) => [`${t.channel_id}\0${t.sku}`, t])).values()].sort((a, b) =>
    a.channel_id === b.channel_id ? (a.sku < b.sku ? -1 : 1) : a.channel_id < b.channel_id ? -1 : 1,
  );
  if (unique.length === 0) return;
  const now = nowIso(ho);
  const dueAt = new Date(ho.now().getTime() + COALESCE_MS).toISOString();
  for (const part of chunks(unique)) {
    await tx
      .insertInto('channel_pushes')
      .values(
        part.map((t) => ({
          channel_id: t.channel_id,
          sku: t.sku,
          state: 'pending' as const,
          due_at: dueAt,
          changes: 1,
          attempts: 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['channel_id', 'sku'])
          .where(sql<boolean>`state <> 'sent'`)
          .doUpdateSet({ changes: sql`channel_pushes.changes + 1`, updated_at: now }),
      )
      .execute();
  }
}

/** Queues a push of every SKU mapped to the channel (its settings changed). */
export async function queueWholeChannel(ho: HeadOffice, tx: Tx, channelId: string): Promise<void> {
  const items = await tx
    .selectFrom('channel_items')
    .select(['channel_id', 'sku'])
    .where('channel_id', '=', channelId)
    .execute();
  await queuePushes(ho, tx, items);
}
