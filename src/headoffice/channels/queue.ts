/**
 * The durable push queue (channel_pushes): a row per push, claimed in the database, so it survives a restart and
 * several head-office nodes share it (PostgreSQL FOR UPDATE SKIP LOCKED; SQLite has one writer anyway). A claim
 * moves the row's due_at a lease ahead: a node that dies mid-push leaves it to be claimed again when the lease
 * ends. The figure is computed when the push goes, from the balances as they are then, so however many changes
 * joined the row, the shop gets the latest. A change that joins while the push is out makes it go again.
 *
 * Outcomes: set → sent; stale (the shop's figure moved since we read it) → we keep what it shows, fetch its
 * orders (the likely cause) and go again; refused or unreachable → failed, retried with backoff up to every 5
 * minutes for as long as it takes; rate-limited → the whole channel waits as long as the shop asked.
 */
import { CounterError } from '../../shared/errors.ts';
import { nowIso, type HeadOffice } from '../context.ts';
import { ChannelThrottled, type ChannelConnection, type SetOutcome } from './channel.ts';
import type { ChannelDeps } from './deps.ts';
import { channelFigures } from './figures.ts';
import { pollOrders } from './orders.ts';

export const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** A figure that moved this many times in a row is reported as failed (and still retried with backoff). */
const STALE_TRIES = 5;

interface Claimed {
  id: number;
  channel_id: string;
  sku: string;
  changes: number;
  attempts: number;
}

const later = (ho: HeadOffice, ms: number): string => new Date(ho.now().getTime() + ms).toISOString();
export const backoffMs = (attempts: number): number =>
  Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));

/** Pushes what is due now; returns how many pushes it took. */
export async function pushDue(deps: ChannelDeps, limit = 500): Promise<number> {
  const claimed = await claim(deps.ho, limit);
  const byChannel = new Map<string, Claimed[]>();
  for (const row of claimed) byChannel.set(row.channel_id, [...(byChannel.get(row.channel_id) ?? []), row]);
  for (const [channelId, rows] of byChannel) await pushChannel(deps, channelId, rows);
  return claimed.length;
}

async function claim(ho: HeadOffice, limit: number): Promise<Claimed[]> {
  return ho.db.transaction().execute(async (tx) => {
    const now = nowIso(ho);
    let query = tx
      .selectFrom('channel_pushes')
      .select(['id', 'channel_id', 'sku', 'changes', 'attempts'])
      .where('due_at', '<=', now)
      .where('channel_id', 'not in', (eb) =>
        eb.selectFrom('channels').select('channels.id').where('paused_until', '>', now),
      )
      .orderBy('due_at')
      .limit(limit);
    if (ho.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const rows = await query.execute();
    if (rows.length > 0) {
      await tx
        .updateTable('channel_pushes')
        .set({ due_at: later(ho, LEASE_MS) })
        .where(
          'id',
          'in',
          rows.map((row) => row.id),
        )
        .execute();
    }
    return rows.map((row) => ({ ...row, changes: Number(row.changes), attempts: Number(row.attempts) }));
  });
}

async function pushChannel(deps: ChannelDeps, channelId: string, rows: Claimed[]): Promise<void> {
  const { ho } = deps;
  const skus = rows.map((row) => row.sku);
  const items = await ho.db
    .selectFrom('channel_items')
    .select(['sku', 'item_id', 'channel_figure'])
    .where('channel_id', '=', channelId)
    .where('sku', 'in', skus)
    .execute();
  const itemOf = new Map(items.map((item) => [item.sku, item]));
  const figures = await channelFigures(ho.db, channelId, skus);
  let outcomes = new Map<string, SetOutcome>();
  let failure: string | null = null;
  let pauseMs: number | null = null;
  try {
    const connection: ChannelConnection = await deps.connect(channelId);
    outcomes = await connection.set(
      items.map((item) => ({
        itemId: item.item_id,
        quantity: figures.get(item.sku)!,
        compare: item.channel_figure === null ? null : Number(item.channel_figure),
      })),
    );
  } catch (error) {
    if (error instanceof ChannelThrottled) pauseMs = error.retryAfterMs;
    else failure = (error as Error).message;
  }

  let stale = false;
  await ho.db.transaction().execute(async (tx) => {
    const now = nowIso(ho);
    if (pauseMs !== null)
      await tx
        .updateTable('channels')
        .set({ paused_until: later(ho, pauseMs) })
        .where('id', '=', channelId)
        .execute();
    for (const row of rows) {
      const item = itemOf.get(row.sku);
      const quantity = figures.get(row.sku)!;
      const outcome: SetOutcome | undefined = item && outcomes.get(item.item_id);
      const attempts = row.attempts + 1;
      /** Failed with the reason, to go again after the backoff. */
      const failed = (error: string) => ({
        state: 'failed' as const,
        quantity,
        attempts,
        error,
        due_at: later(ho, backoffMs(attempts)),
        updated_at: now,
      });
      const update = tx.updateTable('channel_pushes').where('id', '=', row.id);
      if (!item) {
        await update
          .set({
            state: 'failed',
            due_at: null,
            attempts,
            error: 'The SKU is no longer mapped to the channel.',
            updated_at: now,
          })
          .execute();
      } else if (pauseMs !== null) {
        await update.set({ due_at: later(ho, pauseMs), updated_at: now }).execute();
      } else if (failure !== null || outcome === undefined || outcome.outcome === 'refused') {
        const error =
          failure ?? (outcome?.outcome === 'refused' ? outcome.reason : 'The shop did not answer for it.');
        await update.set(failed(error)).execute();
      } else if (outcome.outcome === 'stale') {
        stale = true;
        await tx
          .updateTable('channel_items')
          .set({ channel_figure: outcome.actual })
          .where('channel_id', '=', channelId)
          .where('sku', '=', row.sku)
          .execute();
        const error = `The shop showed ${outcome.actual}, not ${item.channel_figure ?? 'what we read'}: read again, going again after fetching its orders.`;
        await update
          .set(
            attempts >= STALE_TRIES
              ? failed(error)
              : { quantity, attempts, error, due_at: now, updated_at: now },
          )
          .execute();
      } else {
        await tx
          .updateTable('channel_items')
          .set({ channel_figure: quantity, pushed_at: now })
          .where('channel_id', '=', channelId)
          .where('sku', '=', row.sku)
          .execute();
        const sent = await update
          .set({
            state: 'sent',
            quantity,
            attempts,
            error: null,
            due_at: null,
            sent_at: now,
            updated_at: now,
          })
          .where('changes', '=', row.changes)
          .executeTakeFirst();
        // A change joined while it was out: the figure sent may be old, so it goes again at once.
        if (sent.numUpdatedRows === 0n)
          await tx
            .updateTable('channel_pushes')
            .set({ quantity, attempts: 0, error: null, due_at: now, updated_at: now })
            .where('id', '=', row.id)
            .execute();
      }
    }
  });
  if (stale) {
    await pollOrders(deps, channelId).catch((error: unknown) =>
      deps.log(`channel ${channelId}: fetching orders after a moved figure failed: ${String(error)}`),
    );
  }
}

/** A person's retry of a failed push: it goes at once. */
export async function retryPush(ho: HeadOffice, channelId: string, pushId: number): Promise<void> {
  const result = await ho.db
    .updateTable('channel_pushes')
    .set({ state: 'pending', due_at: nowIso(ho), attempts: 0, updated_at: nowIso(ho) })
    .where('id', '=', pushId)
    .where('channel_id', '=', channelId)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new CounterError(
      'NOT_FOUND',
      `Channel ${channelId} has no failed push ${pushId}: it may have gone already; reload the list.`,
    );
  }
}
