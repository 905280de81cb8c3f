/**
 * Transfers at head office: one id from request (or head office's plan) to receipt. Each stage is a document
 * written once (transfer_requests, transfer_sends, transfer_receipts); `transfers` is their projection, one row
 * per transfer with its state. Whenever a stage is written the transfer goes down the 'transfers' stream to both
 * of its stores, in the same transaction: the receiving store gets an inbound transfer even if it was offline
 * when it was sent (it pulls by cursor when it is back).
 */
import type { TransferReceivedLine, TransferLine } from '../shared/documents/transfer.ts';
import { CounterError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { TransferPlan, TransferStore } from '../shared/inventory-admin.ts';
import { transferKey, type TransferStatus, type TransferView } from '../shared/transfers.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { nowIso, type Executor, type HeadOffice, type Tx } from './context.ts';
import { findStore, notFound } from './find.ts';
import { anyOf, insertRows, lookup } from './db/bulk.ts';
import type { Dialect } from './db/connect.ts';
import { pageOf } from './paging.ts';

/** A stage of a transfer as written. */
export interface TransferStage {
  transferId: string;
  fromStoreId: string;
  toStoreId: string;
  registerId: string | null;
  seq: number | null;
  plannedBy: string | null;
  at: string;
  note: string | null;
  lines: TransferLine[] | TransferReceivedLine[];
}

export type StageTable = 'transfer_requests' | 'transfer_sends' | 'transfer_receipts';

/** The state a transfer is in once a stage is written (a request of head office's is a plan). */
const statusAfter = (table: StageTable, stage: TransferStage): TransferStatus => {
  if (table === 'transfer_sends') return 'sent';
  if (table === 'transfer_receipts') return 'received';
  return stage.plannedBy === null ? 'requested' : 'planned';
};

/**
 * Writes stages that head office does not have yet (one row per transfer id and stage), moves the projection and
 * sends the transfers down to their stores. Returns the ids written.
 */
export async function writeStages(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  table: StageTable,
  stages: (TransferStage & { number?: string })[],
  at: string,
): Promise<string[]> {
  if (stages.length === 0) return [];
  const written = await insertRows(
    ho.dialect,
    tx,
    table,
    stages.map((stage) => ({
      transfer_id: stage.transferId,
      from_store_id: stage.fromStoreId,
      to_store_id: stage.toStoreId,
      register_id: stage.registerId,
      seq: stage.seq,
      planned_by: stage.plannedBy,
      at: stage.at,
      note: stage.note,
      lines: JSON.stringify(stage.lines),
    })),
  )
    .onConflict((oc) => oc.column('transfer_id').doNothing())
    .returning('transfer_id as id')
    .execute();
  const ids = new Set(written.map((row) => row.id));
  const fresh = stages.filter((stage) => ids.has(stage.transferId));
  if (fresh.length === 0) return [];
  await insertRows(
    ho.dialect,
    tx,
    'transfers',
    fresh.map((stage) => ({
      transfer_id: stage.transferId,
      from_store_id: stage.fromStoreId,
      to_store_id: stage.toStoreId,
      status: statusAfter(table, stage),
      number: stage.number ?? null,
      created_at: stage.at,
      updated_at: at,
    })),
  )
    // A request or plan starts a transfer; a later stage moves it on.
    .onConflict((oc) =>
      table === 'transfer_requests'
        ? oc.column('transfer_id').doNothing()
        : oc.column('transfer_id').doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            number: eb.fn.coalesce('excluded.number', 'transfers.number'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
    )
    .execute();
  const views = await transferViews(tx, ho.dialect, [...ids]);
  for (const view of views) {
    for (const storeId of [view.fromStoreId, view.toStoreId])
      changes.append('transfers', transferKey(storeId, view.transferId), view, storeId);
  }
  return [...ids];
}

/** The stages head office holds of these transfers, per id. */
export async function stagesOf(
  db: Executor,
  dialect: Dialect,
  table: StageTable,
  transferIds: string[],
): Promise<Map<string, TransferStage>> {
  if (transferIds.length === 0) return new Map();
  const rows = await db
    .selectFrom(table)
    .selectAll()
    .where('transfer_id', 'in', anyOf(dialect, [...new Set(transferIds)]))
    .execute();
  return new Map(
    rows.map((row) => [
      row.transfer_id,
      {
        transferId: row.transfer_id,
        fromStoreId: row.from_store_id,
        toStoreId: row.to_store_id,
        registerId: row.register_id,
        seq: row.seq === null ? null : Number(row.seq),
        plannedBy: row.planned_by,
        at: row.at,
        note: row.note,
        lines: JSON.parse(row.lines) as TransferLine[],
      },
    ]),
  );
}

/** Transfers as their stores see them, in the order of `transferIds` (ids head office does not hold are left out). */
export async function transferViews(
  db: Executor,
  dialect: Dialect,
  transferIds: string[],
): Promise<TransferView[]> {
  if (transferIds.length === 0) return [];
  const [rows, requests, sends, receipts] = await Promise.all([
    db
      .selectFrom('transfers')
      .innerJoin('stores as origin', 'origin.id', 'transfers.from_store_id')
      .innerJoin('stores as destination', 'destination.id', 'transfers.to_store_id')
      .selectAll('transfers')
      .select(['origin.name as from_name', 'destination.name as to_name'])
      .where('transfer_id', 'in', anyOf(dialect, transferIds))
      .execute(),
    stagesOf(db, dialect, 'transfer_requests', transferIds),
    stagesOf(db, dialect, 'transfer_sends', transferIds),
    stagesOf(db, dialect, 'transfer_receipts', transferIds),
  ]);
  const byId = new Map(rows.map((row) => [row.transfer_id, row]));
  const skus = [...requests.values(), ...sends.values(), ...receipts.values()].flatMap((stage) =>
    stage.lines.map((line) => line.sku),
  );
  // A SKU head office's catalog does not hold (any more) counts in pieces, as the view had it before units.
  const unitOf = await lookup(db, dialect, { table: 'products', key: 'sku', value: 'unit' }, skus);
  return transferIds.flatMap((id): TransferView[] => {
    const row = byId.get(id);
    if (!row) return [];
    const request = requests.get(id);
    const send = sends.get(id);
    const receipt = receipts.get(id);
    const lines = new Map<string, TransferView['lines'][number]>();
    const line = (sku: string, name: string): TransferView['lines'][number] => {
      const found = lines.get(sku) ?? {
        sku,
        name,
        unit: unitOf.get(sku) === 'kg' ? 'kg' : 'each',
        requested: 0,
        sent: 0,
        received: 0,
        damaged: 0,
      };
      lines.set(sku, found);
      return found;
    };
    for (const asked of (request?.lines ?? []) as TransferLine[])
      line(asked.sku, asked.name).requested += asked.quantity;
    for (const sent of (send?.lines ?? []) as TransferLine[]) line(sent.sku, sent.name).sent += sent.quantity;
    for (const arrived of (receipt?.lines ?? []) as TransferReceivedLine[]) {
      const each = line(arrived.sku, arrived.name);
      each.received += arrived.received;
      each.damaged += arrived.damaged;
    }
    return [
      {
        transferId: id,
        number: row.number,
        fromStoreId: row.from_store_id,
        fromStoreName: row.from_name,
        toStoreId: row.to_store_id,
        toStoreName: row.to_name,
        status: row.status,
        note: receipt?.note ?? send?.note ?? request?.note ?? null,
        requestedAt: request?.at ?? null,
        sentAt: send?.at ?? null,
        receivedAt: receipt?.at ?? null,
        lines: [...lines.values()],
      },
    ];
  });
}

/** Transfers newest first (ids begin with their time), from or to the given stores (null: every store). */
export async function listTransfers(
  ho: HeadOffice,
  q: { storeIds: readonly string[] | null; status?: TransferStatus; after?: string; limit: number },
): Promise<{ items: TransferView[]; next: string | null }> {
  let query = ho.db
    .selectFrom('transfers')
    .select('transfer_id')
    .orderBy('transfer_id', 'desc')
    .limit(q.limit + 1);
  if (q.storeIds) {
    const storeIds = q.storeIds;
    query = query.where((eb) =>
      eb.or([eb('from_store_id', 'in', storeIds), eb('to_store_id', 'in', storeIds)]),
    );
  }
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.after !== undefined) query = query.where('transfer_id', '<', q.after);
  const ids = (await query.execute()).map((row) => row.transfer_id);
  const { rows: page, next } = pageOf(ids, q.limit, (last) => last);
  return { items: await transferViews(ho.db, ho.dialect, page), next };
}

/** One transfer, as both of its stores see it. */
export async function readTransfer(ho: HeadOffice, transferId: string): Promise<TransferView> {
  const [view] = await transferViews(ho.db, ho.dialect, [transferId]);
  if (!view) throw notFound('transfers', transferId);
  return view;
}

/**
 * Head office plans a transfer: it goes down the 'transfers' stream to the sending store's registers, which
 * pick and send it under its id (and to the receiving store's, which see it coming).
 */
export function planTransfer(ho: HeadOffice, plan: TransferPlan, plannedBy: string): Promise<TransferView> {
  return writeTransaction(ho, async (tx, changes) => {
    await findStore(tx, plan.fromStoreId);
    await findStore(tx, plan.toStoreId);
    const nameOf = await lookup(
      tx,
      ho.dialect,
      { table: 'products', key: 'sku', value: 'name' },
      plan.lines.map((line) => line.sku),
    );
    const unknown = plan.lines.filter((line) => !nameOf.has(line.sku)).map((line) => line.sku);
    if (unknown.length > 0)
      throw new CounterError(
        'INVALID_INPUT',
        `lines: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the catalog: plan SKUs of the catalog.`,
      );
    const at = nowIso(ho);
    const transferId = newId();
    await writeStages(
      ho,
      tx,
      changes,
      'transfer_requests',
      [
        {
          transferId,
          fromStoreId: plan.fromStoreId,
          toStoreId: plan.toStoreId,
          registerId: null,
          seq: null,
          plannedBy,
          at,
          note: plan.note ?? null,
          lines: plan.lines.map((line) => ({
            sku: line.sku,
            name: nameOf.get(line.sku)!,
            quantity: line.quantity,
          })),
        },
      ],
      at,
    );
    const [view] = await transferViews(tx, ho.dialect, [transferId]);
    return view!;
  });
}

/** Every store a transfer may go from or to, by name: the planner picks from them (a manager from all). */
export const transferStores = (db: Executor): Promise<TransferStore[]> =>
  db.selectFrom('stores').select(['id', 'name']).orderBy('name').orderBy('id').execute();
