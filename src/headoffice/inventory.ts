/**
 * What the admin API reads of stock beyond a store's list (stock.ts): one SKU at every store in every state, the
 * movements of a SKU at a store, and the adjustments registers made. Every list pages by a key its index answers.
 */
import type { Selectable } from 'kysely';
import { kindOf } from '../shared/documents/registry.ts';
import type { AdjustmentLine } from '../shared/documents/adjustment.ts';
import { CounterError } from '../shared/errors.ts';
import { adjustmentReasons, type AdjustmentReason } from '../shared/stock.ts';
import type {
  AdjustmentsQuery,
  AdjustmentView,
  Page,
  SkuStock,
  StockMovementView,
} from '../shared/sync/admin-api.ts';
import type { HeadOffice } from './context.ts';
import type { AdjustmentsTable } from './db/schema.ts';
import { notFound } from './find.ts';
import { pageOf } from './paging.ts';
import { documentsPage, originView } from './reports.ts';
import { incomingBySku } from './purchase-orders.ts';
import { stockViewOf } from './stock.ts';

/** One SKU at every store of `storeIds` (null: every store), stores with none of it included at zero. */
export async function skuStock(
  ho: HeadOffice,
  sku: string,
  storeIds: readonly string[] | null,
): Promise<SkuStock> {
  let stores = ho.db.selectFrom('stores').select(['id', 'name', 'kind']).orderBy('name').orderBy('id');
  if (storeIds !== null) stores = stores.where('id', 'in', storeIds.length > 0 ? storeIds : ['']);
  const [storeRows, balances, product, incoming] = await Promise.all([
    stores.execute(),
    ho.db.selectFrom('stock_balances').selectAll().where('sku', '=', sku).execute(),
    ho.db.selectFrom('products').select('name').where('sku', '=', sku).executeTakeFirst(),
    incomingBySku(ho.db, ho.dialect, storeIds, [sku]),
  ]);
  const name = product?.name ?? null;
  const byStore = new Map(balances.map((row) => [row.store_id, row]));
  return {
    sku,
    name,
    stores: storeRows.map((store) => {
      const balance = byStore.get(store.id) ?? {
        store_id: store.id,
        sku,
        on_hand: 0,
        damaged: 0,
        committed: 0,
        in_transit: 0,
        counted_at: null,
        updated_at: '',
        change_seq: 0,
      };
      return {
        ...stockViewOf({ ...balance, name }, incoming.get(`${store.id}\0${sku}`)),
        updatedAt: balance.updated_at === '' ? null : balance.updated_at,
        storeName: store.name,
        storeKind: store.kind,
      };
    }),
  };
}

/** The movements of one SKU at one store, newest first; `after` is the last id of the page before. */
export async function skuMovements(
  ho: HeadOffice,
  storeId: string,
  sku: string,
  page: { after?: string; limit: number },
): Promise<Page<StockMovementView>> {
  let query = ho.db
    .selectFrom('stock_movements as m')
    .leftJoin('adjustments as a', (join) =>
      join.onRef('a.adjustment_id', '=', 'm.ref').on('m.reason', '=', 'ADJUST'),
    )
    .selectAll('m')
    .select(['a.reason as adjustment_reason', 'a.custom_reason'])
    .where('m.store_id', '=', storeId)
    .where('m.sku', '=', sku)
    .orderBy('m.id', 'desc')
    .limit(page.limit + 1);
  if (page.after !== undefined) {
    const after = Number(page.after);
    if (!Number.isSafeInteger(after))
      throw new CounterError('INVALID_INPUT', 'after: pass the "next" value of the previous page unchanged.');
    query = query.where('m.id', '<', after);
  }
  const { rows, next } = pageOf(await query.execute(), page.limit, (last) => String(last.id));
  const items = rows.map((row): StockMovementView => {
    const headOffice = row.register_id === null && row.document_kind === null;
    return {
      id: row.id,
      storeId: row.store_id,
      sku: row.sku,
      state: row.state,
      reason: row.reason,
      quantity: row.quantity,
      documentKind: row.document_kind,
      documentLabel:
        row.document_kind === null ? null : (kindOf(row.document_kind)?.label ?? row.document_kind),
      // A movement head office made itself (no register, no document) holds its note where a document's id goes.
      documentId: headOffice ? null : row.ref,
      detail: headOffice
        ? row.ref
        : row.adjustment_reason
          ? reasonLabel(row.adjustment_reason, null)
          : (row.custom_reason ?? null),
      actor: row.actor,
      registerId: row.register_id,
      seq: row.seq,
      occurredAt: row.occurred_at,
      recordedAt: row.recorded_at,
    };
  });
  return { items, next };
}

const reasonLabel = (reason: string | null, customReason: string | null): string =>
  reason !== null && reason in adjustmentReasons
    ? adjustmentReasons[reason as AdjustmentReason].label
    : (reason ?? customReason ?? '');

function adjustmentView(row: Selectable<AdjustmentsTable>): AdjustmentView {
  return {
    adjustmentId: row.adjustment_id,
    ...originView(row),
    reason: row.reason,
    reasonLabel: reasonLabel(row.reason, row.custom_reason),
    customReason: row.custom_reason,
    note: row.note,
    userName: row.user_name,
    approverName: row.approver_name,
    valueMinor: row.value_minor,
    completedAt: row.completed_at,
    lines: (JSON.parse(row.lines) as AdjustmentLine[]).map(({ sku, name, quantity, valueMinor, moves }) => ({
      sku,
      name,
      quantity,
      valueMinor,
      moves,
    })),
  };
}

/** Adjustments by time (oldest or newest first) of `storeIds` (null: every store). */
export async function listAdjustments(
  ho: HeadOffice,
  q: Omit<AdjustmentsQuery, 'storeId'> & { storeIds: readonly string[] | null },
): Promise<Page<AdjustmentView>> {
  const { rows, next } = await documentsPage<Selectable<AdjustmentsTable>>(
    ho,
    'adjustments',
    'adjustment_id',
    q,
  );
  return { items: rows.map(adjustmentView), next };
}

export async function readAdjustment(ho: HeadOffice, adjustmentId: string): Promise<AdjustmentView> {
  const row = await ho.db
    .selectFrom('adjustments')
    .selectAll()
    .where('adjustment_id', '=', adjustmentId)
    .executeTakeFirst();
  if (!row) throw notFound('adjustments', adjustmentId);
  return adjustmentView(row);
}
