/**
 * Cost at head office (issue 17): the moving average per currency and SKU (cost.ts has the formula), moved by
 * every goods receipt with a unit cost, and the cost stamped on each stock movement of a document as head office
 * applies it (stock_costs), so the books (books/sources.ts) and a sale's cost of goods never change when the
 * average does later.
 *
 * The average is the company's, per SKU, as INVENTORY.md says, kept per currency because stores in different
 * currencies cannot share a figure. A movement is valued at the average when it is applied, except a receipt
 * line (at its own unit cost: what the supplier bills) and a transfer's arrival (at the cost its sending was
 * valued at, so the transfer nets to zero in stock in transit). The batch's receipts move the average before its
 * movements are stamped: a sale pushed in the same batch as the receipt before it takes the new average.
 */
import { sql, type RawBuilder } from 'kysely';
import type { StockValue } from '../shared/cost.ts';
import { transferReceived, transferSent } from '../shared/documents/transfer.ts';
import { nowIso, type Executor, type HeadOffice, type Tx } from './context.ts';
import { movingAverage, valueAtCost } from './cost.ts';
import { anyOf, insertRows, lookup } from './db/bulk.ts';
import type { Dialect } from './db/connect.ts';
import { findStore } from './find.ts';
import { pageOf } from './paging.ts';
import type { Movement } from './stock.ts';
import type { StockState } from '../shared/stock.ts';

const costKey = (currency: string, sku: string): string => `${currency}\0${sku}`;

/**
 * `column` is one of `values`, one parameter whatever their number. On PostgreSQL as an array (anyOf's JSON
 * set looks like a hundred rows to the planner, which then scans every balance instead of the SKU index).
 */
function isOneOf(dialect: Dialect, column: string, values: string[]): RawBuilder<boolean> {
  const distinct = [...new Set(values)];
  return dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} = any(${distinct}::text[])`
    : sql<boolean>`${sql.ref(column)} in ${anyOf(dialect, distinct)}`;
}

/** Head office's currency of each of these stores. */
export const storeCurrencies = (
  ho: HeadOffice,
  db: Executor,
  storeIds: readonly string[],
): Promise<Map<string, string>> =>
  lookup(db, ho.dialect, { table: 'stores', key: 'id', value: 'currency' }, storeIds);

/** The averages of the SKUs, by currency and SKU. */
async function averagesOf(ho: HeadOffice, db: Executor, skus: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('item_costs')
    .select(['currency', 'sku', 'unit_cost_minor'])
    .where(isOneOf(ho.dialect, 'sku', skus))
    .execute();
  return new Map(rows.map((row) => [costKey(row.currency, row.sku), row.unit_cost_minor]));
}

/** What the company holds of the SKUs (on hand, damaged and in transit, every store), by currency and SKU. */
async function heldUnits(ho: HeadOffice, db: Executor, skus: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('stock_balances as b')
    .innerJoin('stores as s', 's.id', 'b.store_id')
    .select(['s.currency', 'b.sku', sql<number>`sum(b.on_hand + b.damaged + b.in_transit)`.as('units')])
    .where(isOneOf(ho.dialect, 'b.sku', skus))
    .groupBy(['s.currency', 'b.sku'])
    .execute();
  return new Map(rows.map((row) => [costKey(row.currency, row.sku), Number(row.units)]));
}

/** A goods receipt as the average sees it: where it arrived and each line's units at its unit cost. */
export interface ReceiptAtCost {
  storeId: string;
  lines: { sku: string; quantity: number; unitCostMinor: number | null }[];
}

/**
 * Moves the averages by goods receipts, in order, before their units are recorded (they count on top of what
 * is held). Every goods receipt the goods-receipt handler applies comes through here, against a purchase order
 * or not; purchasing calls it for receipts it applies itself. A line without a unit cost changes nothing.
 */
export async function applyReceiptCosts(ho: HeadOffice, tx: Tx, receipts: ReceiptAtCost[]): Promise<void> {
  const lines = receipts.flatMap((receipt) =>
    receipt.lines
      .filter((line) => line.unitCostMinor !== null)
      .map((line) => ({ ...line, storeId: receipt.storeId })),
  );
  if (lines.length === 0) return;
  const skus = lines.map((line) => line.sku);
  const currencies = await storeCurrencies(
    ho,
    tx,
    lines.map((line) => line.storeId),
  );
  const held = await heldUnits(ho, tx, skus);
  const averages = await averagesOf(ho, tx, skus);
  const changed = new Set<string>();
  for (const line of lines) {
    const key = costKey(currencies.get(line.storeId)!, line.sku);
    const before = { units: held.get(key) ?? 0, unitCostMinor: averages.get(key) ?? null };
    averages.set(key, movingAverage(before, { units: line.quantity, unitCostMinor: line.unitCostMinor })!);
    held.set(key, before.units + line.quantity);
    changed.add(key);
  }
  const updatedAt = nowIso(ho);
  await insertRows(
    ho.dialect,
    tx,
    'item_costs',
    [...changed].map((key) => {
      const [currency, sku] = key.split('\0') as [string, string];
      return { currency, sku, unit_cost_minor: averages.get(key)!, updated_at: updatedAt };
    }),
  )
    .onConflict((oc) =>
      oc.columns(['currency', 'sku']).doUpdateSet((eb) => ({
        unit_cost_minor: eb.ref('excluded.unit_cost_minor'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** The unit cost each transfer's sending was valued at, by transfer id and SKU. */
async function sentCostsOf(
  db: Executor,
  ho: HeadOffice,
  transferIds: string[],
): Promise<Map<string, number>> {
  if (transferIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('stock_costs')
    .select(['ref', 'sku', 'unit_cost_minor'])
    .where('document_kind', '=', transferSent.type)
    .where('state', '=', 'in_transit')
    .where('ref', 'in', anyOf(ho.dialect, [...new Set(transferIds)]))
    .execute();
  const costs = new Map<string, number>();
  for (const row of rows)
    if (row.unit_cost_minor !== null) costs.set(`${row.ref}\0${row.sku}`, row.unit_cost_minor);
  return costs;
}

/**
 * Stamps the cost of each movement of documents being applied (in the order given, which is the order they are
 * recorded in): one stock_costs row per movement, with the unit cost it was valued at and its value.
 */
export async function stampCosts(ho: HeadOffice, tx: Tx, movements: Movement[]): Promise<void> {
  const documented = movements.filter(
    (m): m is Movement & { registerId: string; seq: number; documentKind: string } =>
      m.registerId !== null && m.seq !== null && typeof m.documentKind === 'string',
  );
  if (documented.length === 0) return;
  const currencies = await storeCurrencies(
    ho,
    tx,
    documented.map((m) => m.storeId),
  );
  const averages = await averagesOf(
    ho,
    tx,
    documented.map((m) => m.sku),
  );
  const sentCosts = await sentCostsOf(
    tx,
    ho,
    documented.filter((m) => m.documentKind === transferReceived.type).map((m) => m.ref!),
  );
  const recordedAt = nowIso(ho);
  const rows = documented.map((m) => {
    const state = m.state ?? 'on_hand';
    const transferLine = `${m.ref}\0${m.sku}`;
    const average = averages.get(costKey(currencies.get(m.storeId)!, m.sku)) ?? null;
    const unitCostMinor =
      m.reason === 'RECEIVE'
        ? (m.unitCostMinor ?? null)
        : m.documentKind === transferReceived.type
          ? (sentCosts.get(transferLine) ?? average)
          : average;
    // A transfer sent and received in one batch: its arrival finds its sending here.
    if (m.documentKind === transferSent.type && state === 'in_transit' && unitCostMinor !== null)
      sentCosts.set(transferLine, unitCostMinor);
    return {
      register_id: m.registerId,
      seq: m.seq,
      document_kind: m.documentKind,
      ref: m.ref,
      store_id: m.storeId,
      sku: m.sku,
      state,
      reason: m.reason,
      quantity: m.quantity,
      unit_cost_minor: unitCostMinor,
      value_minor: valueAtCost(m.quantity, unitCostMinor),
      recorded_at: recordedAt,
    };
  });
  await insertRows(ho.dialect, tx, 'stock_costs', rows).execute();
}

/** What one stamped movement posts from: its document's kind, its state and its value. */
export interface MovementCost {
  documentKind: string;
  state: StockState;
  valueMinor: number;
}

/** A count approved at head office: its kind in stock_costs (not a register's document kind). */
export const countApproved = 'count.approved';
/** A web shop's order head office fulfilled, returned or refunded (channels/orders.ts). */
export const channelOrder = 'channel.order';

/** What head office itself moved on hand (not a register's document): a count's approval, a web order. */
export interface HeadOfficeMove {
  kind: typeof countApproved | typeof channelOrder;
  /** The count's or the order's id. */
  ref: string;
  storeId: string;
  reason: 'COUNT' | 'SALE' | 'RETURN';
}

/**
 * Stamps what head office itself changed on hand, per SKU, at the average: a count's variances (which the books
 * post to shrink) or the goods a web order took or brought back (cost of goods).
 */
export async function stampHeadOfficeCosts(
  ho: HeadOffice,
  tx: Tx,
  move: HeadOfficeMove,
  quantities: { sku: string; quantity: number }[],
): Promise<void> {
  const changed = quantities.filter((line) => line.quantity !== 0);
  if (changed.length === 0) return;
  const store = await findStore(tx, move.storeId);
  const averages = await averagesOf(
    ho,
    tx,
    changed.map((line) => line.sku),
  );
  const recordedAt = nowIso(ho);
  await insertRows(
    ho.dialect,
    tx,
    'stock_costs',
    changed.map(({ sku, quantity }) => {
      const unitCostMinor = averages.get(costKey(store.currency, sku)) ?? null;
      return {
        register_id: null,
        seq: null,
        document_kind: move.kind,
        ref: move.ref,
        store_id: move.storeId,
        sku,
        state: 'on_hand' as const,
        reason: move.reason,
        quantity,
        unit_cost_minor: unitCostMinor,
        value_minor: valueAtCost(quantity, unitCostMinor),
        recorded_at: recordedAt,
      };
    }),
  ).execute();
}

/** What head office itself moved at a store in [from, to) (up to `through`), each count or order with its costs. */
export async function headOfficeCosts(
  db: Executor,
  storeId: string,
  day: { from: Date; to: Date },
  through: string | null,
): Promise<{ kind: string; ref: string; recordedAt: string; costs: MovementCost[] }[]> {
  let query = db
    .selectFrom('stock_costs')
    .select(['ref', 'recorded_at', 'document_kind', 'state', 'value_minor'])
    .where('store_id', '=', storeId)
    .where('document_kind', 'in', [countApproved, channelOrder])
    .where('register_id', 'is', null)
    .where('recorded_at', '>=', day.from.toISOString())
    .where('recorded_at', '<', day.to.toISOString());
  if (through !== null) query = query.where('recorded_at', '<=', through);
  const moves = new Map<string, { kind: string; ref: string; recordedAt: string; costs: MovementCost[] }>();
  for (const row of await query.orderBy('id').execute()) {
    // One entry per count, and per order and day it moved (fulfilled, then perhaps returned).
    const key = `${row.document_kind}\0${row.ref ?? ''}\0${row.recorded_at}`;
    const move = moves.get(key) ?? {
      kind: row.document_kind,
      ref: row.ref ?? '',
      recordedAt: row.recorded_at,
      costs: [],
    };
    move.costs.push({ documentKind: row.document_kind, state: row.state, valueMinor: row.value_minor });
    moves.set(key, move);
  }
  return [...moves.values()];
}

/** The stamped costs of register documents, by register and seq. */
export async function costsOfDocuments(
  db: Executor,
  documents: { registerId: string; seq: number }[],
): Promise<Map<string, MovementCost[]>> {
  const byDocument = new Map<string, MovementCost[]>();
  if (documents.length === 0) return byDocument;
  const registerIds = [...new Set(documents.map((doc) => doc.registerId))];
  const seqs = documents.map((doc) => doc.seq);
  const rows = await db
    .selectFrom('stock_costs')
    .select(['register_id', 'seq', 'document_kind', 'state', 'value_minor'])
    .where('register_id', 'in', registerIds)
    .where('seq', '>=', Math.min(...seqs))
    .where('seq', '<=', Math.max(...seqs))
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const key = documentKey(row.register_id!, row.seq!);
    const costs = byDocument.get(key) ?? [];
    costs.push({ documentKind: row.document_kind, state: row.state, valueMinor: row.value_minor });
    byDocument.set(key, costs);
  }
  return byDocument;
}

export const documentKey = (registerId: string, seq: number): string => `${registerId}\0${seq}`;

/** A store's stock at cost: a page of SKUs and the whole store's total. */
export async function stockValue(
  ho: HeadOffice,
  storeId: string,
  page: { after?: string; limit: number },
): Promise<StockValue> {
  const store = await findStore(ho.db, storeId);
  const valued = ho.db
    .selectFrom('stock_balances as b')
    .leftJoin('item_costs as c', (join) =>
      join.onRef('c.sku', '=', 'b.sku').on('c.currency', '=', store.currency),
    )
    .where('b.store_id', '=', store.id);
  const held = sql<number>`(b.on_hand + b.damaged + b.in_transit)`;
  let query = valued
    .leftJoin('products as p', 'p.sku', 'b.sku')
    .select(['b.sku', 'p.name', 'b.on_hand', 'b.damaged', 'b.in_transit', 'c.unit_cost_minor'])
    .orderBy('b.sku')
    .limit(page.limit + 1);
  if (page.after !== undefined) query = query.where('b.sku', '>', page.after);
  const { rows, next } = pageOf(await query.execute(), page.limit, (last) => last.sku);
  const totals = await valued
    .select([
      sql<number>`coalesce(sum(${held} * c.unit_cost_minor), 0)`.as('value'),
      sql<number>`sum(case when c.unit_cost_minor is null and ${held} <> 0 then 1 else 0 end)`.as('uncosted'),
    ])
    .executeTakeFirstOrThrow();
  const items = rows.map((row) => ({
    sku: row.sku,
    name: row.name,
    onHand: row.on_hand,
    damaged: row.damaged,
    inTransit: row.in_transit,
    unitCostMinor: row.unit_cost_minor,
    valueMinor: valueAtCost(row.on_hand + row.damaged + row.in_transit, row.unit_cost_minor),
  }));
  return {
    storeId: store.id,
    currency: store.currency,
    totalValueMinor: Number(totals.value),
    skusWithoutCost: Number(totals.uncosted ?? 0),
    items,
    next,
  };
}
