/**
 * A web shop's orders at head office (INVENTORY.md "Channel order"): taken in by signed webhook (deduped by the
 * webhook's id) and by a cursor poll that catches what a webhook missed; both end here, and taking the same
 * order in the same state twice changes nothing. An order commits its stock at the channel's fulfilment store;
 * fulfilled → the committed units leave on hand as a sale; cancelled → released; refunded after fulfilment →
 * back on hand. An order whose store has not got the units available is an oversell exception and waits for a
 * person's choice (fulfil from another store, cancel, backorder): never lost, never silently negative.
 * Every stock change here queues the channels' pushes by itself (stock.ts).
 * Cost of goods: not taken here yet (the moving average cost of branch cost-books was not on main).
 */
import { CounterError } from '../../shared/errors.ts';
import type { ChannelOrderState, OversellChoice } from '../../shared/channels.ts';
import { takeSeqs, writeTransaction, type ChangeWriter } from '../changes.ts';
import { nowIso, type HeadOffice, type Tx } from '../context.ts';
import { findChannel } from '../find.ts';
import type { Actor } from '../people/principal.ts';
import { channelOrder, stampHeadOfficeCosts } from '../costing.ts';
import { recordMovements, type Movement } from '../stock.ts';
import type { RemoteOrder } from './channel.ts';
import type { ChannelDeps } from './deps.ts';
import { queuePushes } from './figures.ts';

interface Line {
  sku: string;
  quantity: number;
}

interface Order {
  channelId: string;
  channelName: string;
  orderId: string;
  number: string;
  storeId: string;
  lines: Line[];
}

export type TakeOutcome = 'taken' | 'duplicate';

/** Takes an order in (from a webhook with its id, or from the poll). */
export async function takeOrder(
  ho: HeadOffice,
  channelId: string,
  remote: RemoteOrder,
  webhookId: string | null = null,
): Promise<TakeOutcome> {
  return writeTransaction(ho, async (tx, changes) => {
    if (webhookId !== null) {
      const taken = await tx
        .insertInto('channel_webhooks')
        .values({ channel_id: channelId, webhook_id: webhookId, received_at: nowIso(ho) })
        .onConflict((oc) => oc.columns(['channel_id', 'webhook_id']).doNothing())
        .executeTakeFirst();
      if (Number(taken.numInsertedOrUpdatedRows ?? 0n) === 0) return 'duplicate';
    }
    // Every writer of stock takes the stock stream's head before it reads a balance (stock.ts): two orders and a
    // store's sale that race for the last unit queue here, and the second sees the first's commitment.
    await takeSeqs(tx, 'stock', 0);
    const channel = await tx
      .selectFrom('channels')
      .select(['name', 'fulfilment_store_id'])
      .where('id', '=', channelId)
      .executeTakeFirstOrThrow();
    // The shop changed its own figure for the order: it gets ours again, whatever became of the order here.
    await queueOrderPushes(ho, tx, channelId, remote);
    const existing = await tx
      .selectFrom('channel_orders')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('order_id', '=', remote.orderId)
      .executeTakeFirst();
    const now = nowIso(ho);
    if (!existing) {
      const lines = await linesOf(ho, tx, channelId, remote);
      const order: Order = {
        channelId,
        channelName: channel.name,
        orderId: remote.orderId,
        number: remote.number,
        storeId: channel.fulfilment_store_id,
        lines,
      };
      let state: ChannelOrderState;
      let exceptionId: number | null = null;
      if (remote.status === 'cancelled' || remote.status === 'refunded') state = remote.status;
      else if (!(await hasAvailable(tx, order.storeId, lines))) {
        state = 'oversold';
        exceptionId = await oversellException(tx, order, now);
      } else if (remote.status === 'fulfilled') {
        await move(ho, tx, changes, order, 'fulfil_uncommitted');
        state = 'fulfilled';
      } else {
        await move(ho, tx, changes, order, 'commit');
        state = 'committed';
      }
      await tx
        .insertInto('channel_orders')
        .values({
          channel_id: channelId,
          order_id: remote.orderId,
          number: remote.number,
          store_id: order.storeId,
          state,
          lines: JSON.stringify(lines),
          exception_id: exceptionId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return 'taken';
    }
    const order: Order = {
      channelId,
      channelName: channel.name,
      orderId: existing.order_id,
      number: existing.number,
      storeId: existing.store_id,
      lines: JSON.parse(existing.lines) as Line[],
    };
    const next = await transition(ho, tx, changes, order, existing.state, remote.status);
    if (next !== existing.state) {
      await setState(tx, order, next, now);
      if (existing.state === 'oversold' && existing.exception_id !== null)
        await resolveOversell(
          tx,
          Number(existing.exception_id),
          { id: 'system', name: channel.name },
          `The order was ${next} in the shop.`,
          now,
        );
    }
    return 'taken';
  });
}

async function queueOrderPushes(
  ho: HeadOffice,
  tx: Tx,
  channelId: string,
  remote: RemoteOrder,
): Promise<void> {
  const itemIds = remote.lines.flatMap((line) => (line.itemId === null ? [] : [line.itemId]));
  const skus = remote.lines.flatMap((line) => (line.sku === null ? [] : [line.sku]));
  const mapped = await tx
    .selectFrom('channel_items')
    .select(['channel_id', 'sku'])
    .where('channel_id', '=', channelId)
    .where((eb) => eb.or([eb('item_id', 'in', [...itemIds, '']), eb('sku', 'in', [...skus, ''])]))
    .execute();
  await queuePushes(ho, tx, mapped);
}

/** What an order in `from` becomes when the shop says `status`, with the stock moved accordingly. */
async function transition(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  order: Order,
  from: ChannelOrderState,
  status: RemoteOrder['status'],
): Promise<ChannelOrderState> {
  const committed = from === 'committed' || from === 'backordered';
  if (committed && status === 'fulfilled') {
    await move(ho, tx, changes, order, 'fulfil');
    return 'fulfilled';
  }
  if (committed && (status === 'cancelled' || status === 'refunded')) {
    await move(ho, tx, changes, order, 'release');
    return status;
  }
  if (from === 'fulfilled' && status === 'refunded') {
    await move(ho, tx, changes, order, 'return');
    return 'refunded';
  }
  // An oversold order the shop cancels needs nobody's choice any more; one it ships waits for the person.
  if (from === 'oversold' && (status === 'cancelled' || status === 'refunded')) return status;
  return from;
}

type Step = 'commit' | 'release' | 'fulfil' | 'fulfil_uncommitted' | 'return';

async function move(ho: HeadOffice, tx: Tx, changes: ChangeWriter, order: Order, step: Step): Promise<void> {
  const movements: Movement[] = [];
  const base = {
    storeId: order.storeId,
    ref: order.orderId,
    documentKind: channelOrder,
    actor: order.channelName,
    registerId: null,
    seq: null,
    occurredAt: nowIso(ho),
  };
  for (const { sku, quantity } of order.lines) {
    if (step === 'commit') movements.push({ ...base, sku, state: 'committed', reason: 'ORDER', quantity });
    if (step === 'release' || step === 'fulfil')
      movements.push({ ...base, sku, state: 'committed', reason: 'ORDER', quantity: -quantity });
    if (step === 'fulfil' || step === 'fulfil_uncommitted')
      movements.push({ ...base, sku, state: 'on_hand', reason: 'SALE', quantity: -quantity });
    if (step === 'return') movements.push({ ...base, sku, state: 'on_hand', reason: 'RETURN', quantity });
  }
  await recordMovements(ho, tx, changes, movements);
  // The goods that left or came back, at the average cost: cost of goods in the store's books.
  const onHand = movements.filter((m) => m.state === 'on_hand');
  if (onHand.length > 0)
    await stampHeadOfficeCosts(
      ho,
      tx,
      {
        kind: channelOrder,
        ref: order.orderId,
        storeId: order.storeId,
        reason: step === 'return' ? 'RETURN' : 'SALE',
      },
      onHand.map((m) => ({ sku: m.sku, quantity: m.quantity })),
    );
}

/** The order's lines by our SKU: the shop's item through the mapping, else the SKU the shop has for it. */
async function linesOf(ho: HeadOffice, tx: Tx, channelId: string, remote: RemoteOrder): Promise<Line[]> {
  const itemIds = remote.lines.flatMap((line) => (line.itemId === null ? [] : [line.itemId]));
  const mapped = itemIds.length
    ? await tx
        .selectFrom('channel_items')
        .select(['item_id', 'sku'])
        .where('channel_id', '=', channelId)
        .where('item_id', 'in', itemIds)
        .execute()
    : [];
  const skuOfItem = new Map(mapped.map((row) => [row.item_id, row.sku]));
  const named = remote.lines.flatMap((line) => (line.sku === null ? [] : [line.sku]));
  const known = new Set(
    named.length
      ? (await tx.selectFrom('products').select('sku').where('sku', 'in', named).execute()).map(
          (row) => row.sku,
        )
      : [],
  );
  const bySku = new Map<string, number>();
  const unknown: string[] = [];
  for (const line of remote.lines) {
    const sku =
      (line.itemId !== null ? skuOfItem.get(line.itemId) : undefined) ??
      (line.sku !== null && known.has(line.sku) ? line.sku : null);
    if (line.quantity <= 0) continue;
    if (sku === null) unknown.push(line.sku ?? line.itemId ?? '?');
    else bySku.set(sku, (bySku.get(sku) ?? 0) + line.quantity);
  }
  if (unknown.length > 0) {
    const channel = await tx
      .selectFrom('channels')
      .select('fulfilment_store_id')
      .where('id', '=', channelId)
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('exceptions')
      .values({
        kind: 'unknown_sku',
        store_id: channel.fulfilment_store_id,
        register_id: null,
        seq: null,
        sku: unknown[0]!,
        details: `Web order ${remote.number} (channel ${channelId}) has items head office cannot match to a SKU: ${unknown.join(', ')}. Map them on the Channels page; their stock was not committed.`,
        created_at: nowIso(ho),
      })
      .execute();
  }
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

async function hasAvailable(tx: Tx, storeId: string, lines: Line[]): Promise<boolean> {
  return (await shortOf(tx, storeId, lines)).length === 0;
}

/** The lines the store has not got available (on hand − committed), with what it has. */
async function shortOf(tx: Tx, storeId: string, lines: Line[]): Promise<(Line & { available: number })[]> {
  if (lines.length === 0) return [];
  const rows = await tx
    .selectFrom('stock_balances')
    .select(['sku', 'on_hand', 'committed'])
    .where('store_id', '=', storeId)
    .where(
      'sku',
      'in',
      lines.map((line) => line.sku),
    )
    .execute();
  const available = new Map(rows.map((row) => [row.sku, Number(row.on_hand) - Number(row.committed)]));
  return lines
    .map((line) => ({ ...line, available: available.get(line.sku) ?? 0 }))
    .filter((line) => line.available < line.quantity);
}

async function oversellException(tx: Tx, order: Order, now: string): Promise<number> {
  const short = await shortOf(tx, order.storeId, order.lines);
  const wants = short
    .map((line) => `${line.quantity} × ${line.sku} (${line.available} available)`)
    .join(', ');
  const row = await tx
    .insertInto('exceptions')
    .values({
      kind: 'oversell',
      store_id: order.storeId,
      register_id: null,
      seq: null,
      sku: short[0]?.sku ?? null,
      details:
        `Web order ${order.number} of channel ${order.channelId} wants ${wants} at store ${order.storeId}: nothing was committed. ` +
        'Choose on the Channels page: fulfil from another store, cancel, or backorder.',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function setState(
  tx: Tx,
  order: Order,
  state: ChannelOrderState,
  now: string,
  storeId = order.storeId,
): Promise<void> {
  await tx
    .updateTable('channel_orders')
    .set({ state, store_id: storeId, updated_at: now })
    .where('channel_id', '=', order.channelId)
    .where('order_id', '=', order.orderId)
    .execute();
}

async function resolveOversell(
  tx: Tx,
  exceptionId: number,
  by: Actor,
  note: string,
  now: string,
): Promise<void> {
  await tx
    .updateTable('exceptions')
    .set({ resolved_at: now, resolved_by: by.id, resolved_by_name: by.name, resolution_note: note })
    .where('id', '=', exceptionId)
    .where('resolved_at', 'is', null)
    .execute();
}

/** A person's choice for an oversold order. */
export async function chooseForOversold(
  ho: HeadOffice,
  channelId: string,
  orderId: string,
  choice: OversellChoice,
  by: Actor,
): Promise<void> {
  await writeTransaction(ho, async (tx, changes) => {
    await takeSeqs(tx, 'stock', 0);
    const row = await tx
      .selectFrom('channel_orders')
      .innerJoin('channels', 'channels.id', 'channel_orders.channel_id')
      .select([
        'channel_orders.number',
        'channel_orders.store_id',
        'channel_orders.state',
        'channel_orders.lines',
        'channel_orders.exception_id',
        'channels.name',
      ])
      .where('channel_id', '=', channelId)
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    if (!row) throw new CounterError('NOT_FOUND', `Channel ${channelId} has no order ${orderId}.`);
    if (row.state !== 'oversold')
      throw new CounterError(
        'CONFLICT',
        `Order ${row.number} is ${row.state}, not waiting for a choice: reload the list.`,
      );
    const now = nowIso(ho);
    const order: Order = {
      channelId,
      channelName: row.name,
      orderId,
      number: row.number,
      storeId: choice.choice === 'fulfil_from' ? choice.storeId : row.store_id,
      lines: JSON.parse(row.lines) as Line[],
    };
    let note: string;
    if (choice.choice === 'fulfil_from') {
      const store = await tx
        .selectFrom('stores')
        .select('id')
        .where('id', '=', choice.storeId)
        .executeTakeFirst();
      if (!store)
        throw new CounterError('NOT_FOUND', `There is no store ${choice.storeId}: choose one from the list.`);
      const short = await shortOf(tx, choice.storeId, order.lines);
      if (short.length > 0)
        throw new CounterError(
          'INVALID_INPUT',
          `Store ${choice.storeId} has not got it either: ${short.map((l) => `${l.sku} ${l.available} available of ${l.quantity}`).join(', ')}. Choose another store, cancel or backorder.`,
        );
      await move(ho, tx, changes, order, 'commit');
      await setState(tx, order, 'committed', now, choice.storeId);
      note = `Fulfilled from store ${choice.storeId}.`;
    } else if (choice.choice === 'backorder') {
      await move(ho, tx, changes, order, 'commit');
      await setState(tx, order, 'backordered', now);
      note = `Backordered at store ${order.storeId}: committed though short.`;
    } else {
      await setState(tx, order, 'cancelled', now);
      note = 'Cancelled: cancel it in the shop too.';
    }
    if (row.exception_id !== null) await resolveOversell(tx, Number(row.exception_id), by, note, now);
  });
}

/** Fetches the orders changed since the channel's cursor and takes each in; returns how many it read. */
export async function pollOrders(deps: ChannelDeps, channelId: string): Promise<number> {
  const { ho } = deps;
  const channel = await findChannel(ho.db, channelId);
  const connection = await deps.connect(channelId);
  const { orders, cursor } = await connection.ordersSince(channel.order_cursor);
  for (const order of orders) await takeOrder(ho, channelId, order);
  await ho.db.updateTable('channels').set({ order_cursor: cursor }).where('id', '=', channelId).execute();
  return orders.length;
}
