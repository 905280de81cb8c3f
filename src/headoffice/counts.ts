/**
 * Stock counts at head office (issue 15): the lines every register of the store submitted for a count, merged
 * per SKU; the variance of each SKU against what was expected on hand at the moment it was counted; approval.
 *
 * A SKU counted in several places (or at several registers) is the sum of its lines, as of its last line's
 * counted_at: the moment its count was complete. Expected at a moment = the latest count of the SKU before it
 * plus the movements between (stock.ts keeps the balance the same way), so a sale made during the count, even
 * one that reaches head office after the count was approved, is neither lost nor counted twice.
 */
import { sql } from 'kysely';
import {
  storeCountKey,
  storeCountOf,
  type CountScope,
  type StoreCount,
  type UncountedChoice,
} from '../shared/counts.ts';
import { CounterError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { lineAmount } from '../shared/tax.ts';
import type { CountDetail, CountOpening, CountVariance, CountView } from '../shared/sync/counts-api.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { nowIso, type Executor, type HeadOffice, type Tx } from './context.ts';
import { findCount, findStore, notFound } from './find.ts';
import { anyOf, insertRows, lookup, rowsOf } from './db/bulk.ts';
import type { Dialect } from './db/connect.ts';
import type { CountResultsTable, CountsTable } from './db/schema.ts';
import { pageOf } from './paging.ts';
import type { Actor } from './people/principal.ts';
import { recordCount } from './stock.ts';
import { countApproved, stampHeadOfficeCosts } from './costing.ts';
import { someOf } from './validation.ts';

type CountRow = CountsTable;

/** The counts as their stores' registers see them, with the names of the registers they were opened at. */
async function storeCountsOf(db: Executor, dialect: Dialect, rows: CountRow[]): Promise<StoreCount[]> {
  const names = await lookup(
    db,
    dialect,
    { table: 'registers', key: 'id', value: 'name' },
    rows.flatMap((row) => row.opened_at_register ?? []),
  );
  return rows.map((row) =>
    storeCountOf(row, row.opened_at_register === null ? null : (names.get(row.opened_at_register) ?? null)),
  );
}

/** Sends the counts down to the registers of their stores, in the caller's transaction. */
export async function announceCounts(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  rows: CountRow[],
): Promise<void> {
  for (const count of await storeCountsOf(tx, ho.dialect, rows))
    changes.append('counts', storeCountKey(count.storeId, count.countId), count, count.storeId);
}

/** The store's counts for a register's snapshot: every open one and those approved lately, by id. */
export async function storeCountsPage(
  ho: HeadOffice,
  tx: Tx,
  storeId: string,
  q: { afterCountId: string | null; limit: number },
): Promise<{ key: string; data: StoreCount }[]> {
  const since = new Date(ho.now().getTime() - APPROVED_COUNTS_KEPT_MS).toISOString();
  let query = tx
    .selectFrom('counts')
    .selectAll()
    .where('store_id', '=', storeId)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('approved_at', '>=', since)]))
    .orderBy('count_id')
    .limit(q.limit);
  if (q.afterCountId !== null) query = query.where('count_id', '>', q.afterCountId);
  const counts = await storeCountsOf(tx, ho.dialect, await query.execute());
  return counts.map((count) => ({ key: storeCountKey(storeId, count.countId), data: count }));
}

/** How long an approved count stays on its store's registers after a snapshot. */
const APPROVED_COUNTS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Head office opens a count for a store: it goes down the 'counts' stream to the store's registers, where anyone
 * allowed to count joins it; their lines merge here under its id.
 */
export function openCount(ho: HeadOffice, opening: CountOpening, by: Actor): Promise<CountView> {
  return writeTransaction(ho, async (tx, changes) => {
    await findStore(tx, opening.storeId);
    await checkScope(tx, ho.dialect, opening.scope);
    const row: CountRow = {
      count_id: newId(),
      store_id: opening.storeId,
      scope: JSON.stringify(opening.scope),
      blind: opening.blind ? 1 : 0,
      opened_at: nowIso(ho),
      opened_by: by.id,
      status: 'open',
      approved_at: null,
      approved_by: null,
      uncounted: null,
      opened_at_register: null,
      opening: 0,
    };
    await tx.insertInto('counts').values(row).execute();
    await announceCounts(ho, tx, changes, [row]);
    return viewOf(tx, row);
  });
}

/** The most unknown SKUs or known categories a refusal names. */
const NAMED_AT_MOST = 10;

/**
 * Refuses a scope naming a SKU no product has, or a category no product is in: approving it would count
 * nothing there, or make stock of a SKU the catalog does not know.
 */
async function checkScope(db: Executor, dialect: Dialect, scope: CountScope): Promise<void> {
  if (scope.kind === 'skus') {
    const known = await db
      .selectFrom('products')
      .select('sku')
      .where('sku', 'in', anyOf(dialect, scope.skus))
      .execute();
    const knownSkus = new Set(known.map((row) => row.sku));
    const unknown = scope.skus.filter((sku) => !knownSkus.has(sku));
    if (unknown.length > 0)
      throw new CounterError(
        'NOT_FOUND',
        `No product has the SKU${unknown.length === 1 ? '' : 's'} ${someOf(unknown, NAMED_AT_MOST)}: check the SKUs, or add ` +
          'the products under Products first.',
      );
  }
  if (scope.kind === 'categories') {
    const used = await db
      .selectFrom('products')
      .select('category')
      .distinct()
      .where('category', 'in', anyOf(dialect, scope.categories))
      .execute();
    const usedNames = new Set(used.map((row) => row.category));
    const unknown = scope.categories.filter((category) => !usedNames.has(category));
    if (unknown.length === 0) return;
    const existing = await db
      .selectFrom('products')
      .select('category')
      .distinct()
      .where('category', 'is not', null)
      .orderBy('category')
      .limit(NAMED_AT_MOST + 1)
      .execute();
    const names = existing.map((row) => row.category!);
    const some =
      names.length === 0
        ? 'no product has a category yet'
        : names.length > NAMED_AT_MOST
          ? `categories include ${names.slice(0, NAMED_AT_MOST).join(', ')}`
          : `the categories are ${names.join(', ')}`;
    throw new CounterError(
      'NOT_FOUND',
      `No product is in the categor${unknown.length === 1 ? 'y' : 'ies'} ${someOf(unknown, NAMED_AT_MOST)}: ${some}.`,
    );
  }
}

/** Counts, newest first; `storeIds` null: every store. */
export async function listCounts(
  ho: HeadOffice,
  q: { storeIds: string[] | null; status?: 'open' | 'approved'; after?: string; limit: number },
): Promise<{ items: CountView[]; next: string | null }> {
  let query = ho.db
    .selectFrom('counts')
    .selectAll()
    .orderBy('count_id', 'desc')
    .limit(q.limit + 1);
  if (q.storeIds !== null) query = query.where('store_id', 'in', anyOf(ho.dialect, q.storeIds));
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.after !== undefined) query = query.where('count_id', '<', q.after);
  const { rows, next } = pageOf(await query.execute(), q.limit, (last) => last.count_id);
  return { items: await Promise.all(rows.map((row) => viewOf(ho.db, row))), next };
}

async function viewOf(db: Executor, row: CountRow): Promise<CountView> {
  const submissions = await db
    .selectFrom('count_submissions')
    .select(['register_id', 'line_count'])
    .where('count_id', '=', row.count_id)
    .execute();
  const { openedAtRegister: _named, ...count } = storeCountOf(row, null);
  return {
    ...count,
    uncounted: row.uncounted,
    openedAtRegister: row.opened_at_register,
    registers: [...new Set(submissions.map((s) => s.register_id))].sort(),
    lines: submissions.reduce((sum, s) => sum + Number(s.line_count), 0),
    opening: Number(row.opening) === 1,
  };
}

/** A count with its variance by SKU: as approved, or (open) as it would be approved now. */
export async function readCount(ho: HeadOffice, countId: string): Promise<CountDetail> {
  const row = await findCount(ho.db, countId);
  const items =
    row.status === 'approved'
      ? await approvedItems(ho.db, countId)
      : await pendingItems(ho.db, ho.dialect, row);
  return detailOf(await viewOf(ho.db, row), items);
}

/** A count of the register's own store, merged, for a manager approving it there ('countReview'). */
export async function reviewForRegister(
  ho: HeadOffice,
  storeId: string,
  countId: string,
): Promise<{ status: 'found'; count: CountDetail } | { status: 'not_found' }> {
  const row = await ho.db
    .selectFrom('counts')
    .select('store_id')
    .where('count_id', '=', countId)
    .executeTakeFirst();
  // Another store's count is not this register's to see.
  if (row?.store_id !== storeId) return { status: 'not_found' };
  return { status: 'found', count: await readCount(ho, countId) };
}

function detailOf(view: CountView, items: CountVariance[]): CountDetail {
  const changes = items.filter((item) => item.outcome !== 'left' && item.outcome !== 'superseded');
  return {
    ...view,
    items,
    varianceUnits: changes.reduce((sum, item) => sum + item.variance, 0),
    varianceValueMinor: changes.reduce((sum, item) => sum + (item.varianceValueMinor ?? 0), 0),
  };
}

interface Merged {
  sku: string;
  counted: number | null;
  as_of: string;
}

/** Every SKU of the count: counted ones (lines added up) and the scope's uncounted ones, with what was expected. */
async function pendingItems(db: Executor, dialect: Dialect, count: CountRow): Promise<CountVariance[]> {
  const counted = await db
    .selectFrom('count_lines')
    .select((eb) => ['sku', eb.fn.sum<number>('quantity').as('counted'), eb.fn.max('counted_at').as('as_of')])
    .where('count_id', '=', count.count_id)
    .groupBy('sku')
    .execute();
  const merged: Merged[] = counted.map((row) => ({
    sku: row.sku,
    counted: Number(row.counted),
    as_of: row.as_of,
  }));
  // The uncounted SKUs are as of the end of counting: the last line, or the last submission of an empty count.
  const end = await db
    .selectFrom('count_submissions')
    .select((eb) => eb.fn.max('submitted_at').as('at'))
    .where('count_id', '=', count.count_id)
    .executeTakeFirst();
  const lastLine = merged.reduce<string | null>(
    (max, m) => (max === null || m.as_of > max ? m.as_of : max),
    null,
  );
  const endedAt = lastLine ?? end?.at ?? count.opened_at;
  const countedSkus = new Set(merged.map((m) => m.sku));
  for (const sku of await skusInScope(db, dialect, count)) {
    if (!countedSkus.has(sku)) merged.push({ sku, counted: null, as_of: endedAt });
  }
  return (await expectedAt(db, dialect, count.store_id, merged)).map((row) =>
    varianceOf({ ...row, outcome: 'pending' }),
  );
}

/** The SKUs a count covers that have stock at the store or are named by it (for its uncounted ones). */
async function skusInScope(db: Executor, dialect: Dialect, count: CountRow): Promise<string[]> {
  // An opening count is what one register held: what it did not name was not counted, not found empty.
  if (Number(count.opening) === 1) return [];
  const scope = JSON.parse(count.scope) as CountScope;
  // Once each: a register before newCountScopeSchema could open a count naming a SKU twice.
  if (scope.kind === 'skus') return [...new Set(scope.skus)];
  let query = db
    .selectFrom('stock_balances')
    .select('stock_balances.sku')
    .where('store_id', '=', count.store_id)
    .where('on_hand', '!=', 0);
  if (scope.kind === 'categories') {
    query = query.where(
      'stock_balances.sku',
      'in',
      db
        .selectFrom('products')
        .select('products.sku')
        .where('category', 'in', anyOf(dialect, scope.categories)),
    );
  }
  return (await query.execute()).map((row) => row.sku);
}

/**
 * What head office expected on hand of each SKU at its `as_of`: the latest count of the SKU at or before then,
 * plus the on-hand movements after that count up to then (damaged and the other states are not counted). One statement for any number of SKUs.
 */
async function expectedAt(
  db: Executor,
  dialect: Dialect,
  storeId: string,
  items: Merged[],
): Promise<
  (Merged & { expected: number; name: string | null; unit: string | null; price_minor: number | null })[]
> {
  if (items.length === 0) return [];
  const wanted = rowsOf(dialect, 'count_results', items);
  const lastCount = (column: 'quantity' | 'occurred_at') => sql`(
    select m.${sql.ref(column)} from stock_movements m
    where m.store_id = ${storeId} and m.sku = w.sku and m.state = 'on_hand' and m.reason = 'COUNT'
      and m.occurred_at <= w.as_of
    order by m.occurred_at desc, m.id desc limit 1)`;
  const rows = await sql<{
    sku: string;
    counted: number | string | null;
    as_of: string;
    expected: number | string;
    name: string | null;
    unit: string | null;
    price_minor: number | string | null;
  }>`
    select b.sku, b.counted, b.as_of, p.name, p.unit, p.price_minor,
      coalesce(b.base, 0) + coalesce((
        select sum(m.quantity) from stock_movements m
        where m.store_id = ${storeId} and m.sku = b.sku and m.state = 'on_hand' and m.reason <> 'COUNT'
          and m.occurred_at <= b.as_of
          and (b.base_at is null or m.occurred_at > b.base_at)), 0) as expected
    from (
      select w.sku, w.counted, w.as_of, ${lastCount('quantity')} as base, ${lastCount('occurred_at')} as base_at
      from (${wanted}) w
    ) b
    left join products p on p.sku = b.sku
    order by b.sku`.execute(db);
  return rows.rows.map((row) => ({
    sku: row.sku,
    counted: row.counted === null ? null : Number(row.counted),
    as_of: row.as_of,
    expected: Number(row.expected),
    name: row.name,
    unit: row.unit,
    price_minor: row.price_minor === null ? null : Number(row.price_minor),
  }));
}

/** A SKU's line of the review: counted against expected, in units and at its price. */
function varianceOf(row: {
  sku: string;
  name: string | null;
  unit: string | null;
  counted: number | null;
  expected: number;
  price_minor: number | null;
  as_of: string;
  outcome: CountVariance['outcome'];
}): CountVariance {
  const variance = (row.counted ?? 0) - row.expected;
  // A SKU no longer in the catalog counts in pieces.
  const unit = row.unit === 'kg' ? 'kg' : 'each';
  return {
    sku: row.sku,
    name: row.name,
    unit,
    counted: row.counted,
    expected: row.expected,
    variance,
    priceMinor: row.price_minor,
    // A weighed SKU's price is per kg and its variance grams.
    varianceValueMinor: row.price_minor === null ? null : lineAmount(row.price_minor, variance, unit),
    asOf: row.as_of,
    outcome: row.outcome,
  };
}

async function approvedItems(db: Executor, countId: string): Promise<CountVariance[]> {
  const rows = await db
    .selectFrom('count_results')
    .leftJoin('products', 'products.sku', 'count_results.sku')
    .selectAll('count_results')
    .select(['products.name', 'products.unit'])
    .where('count_id', '=', countId)
    .orderBy('count_results.sku')
    .execute();
  return rows.map((row) =>
    varianceOf({
      ...row,
      counted: row.counted === null ? null : Number(row.counted),
      expected: Number(row.expected),
      price_minor: row.price_minor === null ? null : Number(row.price_minor),
    }),
  );
}

/**
 * Approves an open count: each counted SKU's on hand becomes what was counted as of its counted-at (a COUNT
 * movement; later movements still apply on top), uncounted SKUs of the scope become zero or are left. A SKU
 * whose balance already holds a later count is not changed ('superseded', and a 'late_count' exception).
 */
export async function approveCount(
  ho: HeadOffice,
  countId: string,
  uncounted: UncountedChoice,
  by: Actor,
): Promise<CountDetail> {
  return writeTransaction(ho, async (tx, changes) => {
    const count = await lockCount(ho, tx, countId);
    if (!count) throw notFound('counts', countId);
    if (count.status === 'approved') {
      throw new CounterError(
        'CONFLICT',
        `Count ${countId} was approved already (${count.approved_at}, by ${count.approved_by}): open a new count to count again.`,
      );
    }
    const approved = await approveOpenCount(ho, tx, changes, count, {
      uncounted,
      by: by.name,
      at: nowIso(ho),
    });
    return detailOf(await viewOf(tx, approved), await approvedItems(tx, countId));
  });
}

/** The count, locked for the rest of the transaction (PostgreSQL; SQLite runs one writer at a time). */
export async function lockCount(ho: HeadOffice, tx: Tx, countId: string): Promise<CountRow | undefined> {
  let lock = tx.selectFrom('counts').selectAll().where('count_id', '=', countId);
  if (ho.dialect === 'postgres') lock = lock.forUpdate();
  return lock.executeTakeFirst();
}

/**
 * Approves an open count (locked by the caller) in the caller's transaction, as the admin API or a register's
 * count.approved asks: writes its results and movements and sends its new state down to the store's registers.
 */
export async function approveOpenCount(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  count: CountRow,
  approval: { uncounted: UncountedChoice; by: string; at: string },
): Promise<CountRow> {
  const { uncounted } = approval;
  const countId = count.count_id;
  const items = await pendingItems(tx, ho.dialect, count);
  const balances = new Map(
    (
      await tx
        .selectFrom('stock_balances')
        .select(['sku', 'counted_at', 'on_hand'])
        .where('store_id', '=', count.store_id)
        .where(
          'sku',
          'in',
          anyOf(
            ho.dialect,
            items.map((item) => item.sku),
          ),
        )
        .execute()
    ).map((row) => [row.sku, row]),
  );
  const results: CountResultsTable[] = [];
  const late: string[] = [];
  const variances: { sku: string; quantity: number }[] = [];
  for (const item of items) {
    const laterCount = balances.get(item.sku)?.counted_at;
    const outcome: CountResultsTable['outcome'] =
      item.counted === null && uncounted === 'leave'
        ? 'left'
        : laterCount != null && laterCount >= item.asOf
          ? 'superseded'
          : item.counted === null
            ? 'zeroed'
            : 'applied';
    if (outcome === 'applied' || outcome === 'zeroed') {
      const onHand = await recordCount(ho, tx, changes, {
        storeId: count.store_id,
        sku: item.sku,
        quantity: item.counted ?? 0,
        ref: `count ${countId}`,
        occurredAt: item.asOf,
      });
      variances.push({ sku: item.sku, quantity: onHand - (balances.get(item.sku)?.on_hand ?? 0) });
    }
    if (outcome === 'superseded') late.push(item.sku);
    results.push({
      count_id: countId,
      sku: item.sku,
      counted: item.counted,
      expected: item.expected,
      as_of: item.asOf,
      price_minor: item.priceMinor,
      outcome,
    });
  }
  if (results.length > 0) await insertRows(ho.dialect, tx, 'count_results', results).execute();
  // What the approval changed on hand, at cost: the books post it to shrink.
  await stampHeadOfficeCosts(
    ho,
    tx,
    { kind: countApproved, ref: countId, storeId: count.store_id, reason: 'COUNT' },
    variances,
  );
  const approvedAt = approval.at;
  if (late.length > 0) {
    await insertRows(
      ho.dialect,
      tx,
      'exceptions',
      late.map((sku) => ({
        kind: 'late_count' as const,
        store_id: count.store_id,
        register_id: null,
        seq: null,
        sku,
        details: `Count ${countId} counted SKU ${sku} before a later count that head office applied first: it did not change the stock.`,
        created_at: approvedAt,
        resolved_at: null,
      })),
    ).execute();
  }
  const approved: CountRow = {
    ...count,
    status: 'approved',
    approved_at: approvedAt,
    approved_by: approval.by,
    uncounted,
  };
  await tx
    .updateTable('counts')
    .set({ status: 'approved', approved_at: approvedAt, approved_by: approval.by, uncounted })
    .where('count_id', '=', countId)
    .execute();
  await announceCounts(ho, tx, changes, [approved]);
  return approved;
}
