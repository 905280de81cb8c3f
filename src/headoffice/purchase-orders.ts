/**
 * Purchase orders at head office (src/shared/purchasing.ts says what one is and how its state moves). An order
 * is written in one transaction per business action; its lines' received quantities move only with the goods
 * receipts against it (handlers/goods-receipt.ts), in the receipt's own transaction. Whenever an open order
 * changes it goes down the 'purchaseOrders' stream to its store's registers in the same transaction.
 */
import { CounterError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { dayOf } from '../shared/time-zone.ts';
import { sql, type Updateable } from 'kysely';
import {
  isOpenPurchaseOrder,
  openPurchaseOrderStates,
  purchaseOrderKey,
  purchaseOrderLinesInputSchema,
  purchaseOrderNumber,
  purchaseOrderStateLabels,
  type PurchaseOrder,
  type PurchaseOrderCreate,
  type PurchaseOrderEdit,
  type PurchaseOrderLineInput,
  type PurchaseOrderState,
} from '../shared/purchasing.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { forUpdate, nowIso, type Executor, type HeadOffice, type Tx } from './context.ts';
import { anyOf, insertRows, lookup } from './db/bulk.ts';
import type { Dialect } from './db/connect.ts';
import type { PurchaseOrdersTable, Store } from './db/schema.ts';
import { findStore, findSupplier, notFound } from './find.ts';
import { pageOf } from './paging.ts';
import { invalidInput, someOf } from './validation.ts';

/** What a draft is made of: one supplier, one store (createDraftPurchaseOrder). */
export interface DraftPurchaseOrder {
  supplierId: string;
  storeId: string;
  /** Each SKU once; a unit cost left out is the supplier item's. */
  lines: PurchaseOrderLineInput[];
  /** Who drafts it: "user:<id>", "token:<id>", "system"… */
  createdBy: string;
  /** YYYY-MM-DD; null or left out: set from the supplier's lead time when it is ordered. */
  expectedAt?: string | null;
  note?: string | null;
}

/** The day a person expects the goods has not passed yet at the store that receives them (a typo such as 2020). */
function checkExpectedDay(ho: HeadOffice, store: Store, expectedAt: string | null | undefined): void {
  const today = dayOf(ho.now(), store.time_zone);
  if (expectedAt && expectedAt < today) {
    const problem = `expectedAt: ${expectedAt} has passed at ${store.name} (today is ${today}): give a day from today on, or none for the supplier's lead time.`;
    throw new CounterError('INVALID_INPUT', problem, [problem]);
  }
}

/** A line as it is written: its product's name and unit cost settled. */
export interface SettledLine {
  sku: string;
  name: string;
  quantity: number;
  unitCostMinor: number;
}

/**
 * Drafts one purchase order and returns it. Replenishment's "create purchase orders" calls it once per supplier
 * and store inside its own transaction (`tx`); without one it runs in a transaction of its own. Refused (nothing
 * written) when the supplier or store is unknown, a SKU is not in the catalog, or a line has no unit cost and the
 * supplier has no item for its SKU.
 */
export async function createDraftPurchaseOrder(
  ho: HeadOffice,
  draft: DraftPurchaseOrder,
  tx?: Tx,
): Promise<PurchaseOrder> {
  const parsed = purchaseOrderLinesInputSchema.safeParse(draft.lines);
  if (!parsed.success) throw invalidInput(parsed.error, 'purchase order');
  const work = async (tx: Tx): Promise<PurchaseOrder> => {
    const supplier = await findSupplier(tx, draft.supplierId);
    checkExpectedDay(ho, await findStore(tx, draft.storeId), draft.expectedAt);
    const lines = await settleLines(ho, tx, draft.supplierId, parsed.data, 'refuse');
    const at = nowIso(ho);
    const id = newId();
    await insertOrder(ho, tx, {
      id,
      supplierId: supplier.id,
      storeId: draft.storeId,
      currency: supplier.currency,
      expectedAt: draft.expectedAt ?? null,
      note: draft.note ?? null,
      createdBy: draft.createdBy,
      at,
      lines,
      register: null,
    });
    const [order] = await purchaseOrderViews(tx, ho.dialect, [id]);
    return order!;
  };
  return tx ? work(tx) : writeTransaction(ho, (tx) => work(tx));
}

/** The catalog's names of these SKUs; refused, naming them, when the catalog does not have some. */
export async function catalogNames(
  ho: HeadOffice,
  db: Executor,
  skus: readonly string[],
): Promise<Map<string, string>> {
  const nameOf = await lookup(db, ho.dialect, { table: 'products', key: 'sku', value: 'name' }, skus);
  const unknown = skus.filter((sku) => !nameOf.has(sku));
  if (unknown.length > 0)
    throw new CounterError(
      'INVALID_INPUT',
      `${someOf(unknown, 10)} ${unknown.length === 1 ? 'is' : 'are'} not in the catalog: add the product first, or order SKUs of the catalog.`,
    );
  return nameOf;
}

/**
 * The lines with their products' names and unit costs: a cost left out is the supplier item's; without one,
 * 'refuse' throws (a person can give it) and 'zero' takes 0 (a register's draft, for a buyer to correct).
 * SKUs not in the catalog are refused either way.
 */
export async function settleLines(
  ho: HeadOffice,
  tx: Executor,
  supplierId: string,
  lines: readonly { sku: string; quantity: number; unitCostMinor?: number | null }[],
  noCost: 'refuse' | 'zero',
): Promise<SettledLine[]> {
  const skus = lines.map((line) => line.sku);
  const [nameOf, items] = await Promise.all([
    catalogNames(ho, tx, skus),
    tx
      .selectFrom('supplier_items')
      .select(['sku', 'unit_cost_minor'])
      .where('supplier_id', '=', supplierId)
      .where('sku', 'in', anyOf(ho.dialect, skus))
      .execute(),
  ]);
  const costOf = new Map(items.map((row) => [row.sku, Number(row.unit_cost_minor)]));
  const uncosted = lines.filter((line) => line.unitCostMinor == null && !costOf.has(line.sku));
  if (noCost === 'refuse' && uncosted.length > 0)
    throw new CounterError(
      'INVALID_INPUT',
      `lines: give a unitCostMinor for ${uncosted.map((line) => line.sku).join(', ')}, or add ${uncosted.length === 1 ? 'it' : 'them'} to the supplier's items.`,
    );
  return lines.map((line) => ({
    sku: line.sku,
    name: nameOf.get(line.sku)!,
    quantity: line.quantity,
    unitCostMinor: line.unitCostMinor ?? costOf.get(line.sku) ?? 0,
  }));
}

export interface NewOrder {
  id: string;
  supplierId: string;
  storeId: string;
  currency: string;
  expectedAt: string | null;
  note: string | null;
  createdBy: string;
  at: string;
  lines: SettledLine[];
  /** A register's draft: its register and the seq of its event. */
  register: { id: string; seq: number } | null;
}

/** Writes a draft order and its lines; false when an order of that id is already held (nothing written). */
export async function insertOrder(ho: HeadOffice, tx: Tx, order: NewOrder): Promise<boolean> {
  const written = await tx
    .insertInto('purchase_orders')
    .values({
      id: order.id,
      supplier_id: order.supplierId,
      store_id: order.storeId,
      state: 'draft',
      currency: order.currency,
      note: order.note,
      expected_at: order.expectedAt,
      register_id: order.register?.id ?? null,
      seq: order.register?.seq ?? null,
      created_by: order.createdBy,
      created_at: order.at,
      ordered_at: null,
      updated_by: order.createdBy,
      updated_at: order.at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('running')
    .executeTakeFirst();
  if (!written) return false;
  await writeLines(ho, tx, order.id, order.lines);
  return true;
}

/** The order's lines, replacing any it had (only a draft's lines are replaced). */
export async function writeLines(
  ho: HeadOffice,
  tx: Tx,
  orderId: string,
  lines: SettledLine[],
): Promise<void> {
  await tx.deleteFrom('purchase_order_lines').where('purchase_order_id', '=', orderId).execute();
  await insertRows(
    ho.dialect,
    tx,
    'purchase_order_lines',
    lines.map((line, position) => ({
      purchase_order_id: orderId,
      sku: line.sku,
      position,
      name: line.name,
      quantity: line.quantity,
      unit_cost_minor: line.unitCostMinor,
      received_quantity: 0,
      flagged: 0,
    })),
  ).execute();
}

/** Orders as the admin API and the registers see them, in the order of `ids` (ids not held are left out). */
export async function purchaseOrderViews(
  db: Executor,
  dialect: Dialect,
  ids: readonly string[],
): Promise<PurchaseOrder[]> {
  if (ids.length === 0) return [];
  const list = anyOf(dialect, ids);
  const [orders, lines, receipts] = await Promise.all([
    db
      .selectFrom('purchase_orders')
      .innerJoin('suppliers', 'suppliers.id', 'purchase_orders.supplier_id')
      .selectAll('purchase_orders')
      .select('suppliers.name as supplier_name')
      .where('purchase_orders.id', 'in', list)
      .execute(),
    db
      .selectFrom('purchase_order_lines as line')
      .innerJoin('purchase_orders as po', 'po.id', 'line.purchase_order_id')
      .leftJoin('supplier_items as item', (join) =>
        join.onRef('item.supplier_id', '=', 'po.supplier_id').onRef('item.sku', '=', 'line.sku'),
      )
      .selectAll('line')
      .select(['item.supplier_code', 'item.pack_size', 'item.case_barcode'])
      .where('line.purchase_order_id', 'in', list)
      .orderBy('line.purchase_order_id')
      .orderBy('line.position')
      .execute(),
    db
      .selectFrom('purchase_order_receipts')
      .select(['purchase_order_id', 'receipt_id'])
      .where('purchase_order_id', 'in', list)
      .orderBy('received_at')
      .orderBy('receipt_id')
      .execute(),
  ]);
  const byId = new Map(orders.map((row) => [row.id, row]));
  return ids.flatMap((id): PurchaseOrder[] => {
    const row = byId.get(id);
    if (!row) return [];
    const mine = lines
      .filter((line) => line.purchase_order_id === id)
      .map((line) => ({
        sku: line.sku,
        name: line.name,
        supplierCode: line.supplier_code,
        packSize: line.pack_size ?? 1,
        caseBarcode: line.case_barcode,
        quantity: Number(line.quantity),
        unitCostMinor: Number(line.unit_cost_minor),
        receivedQuantity: Number(line.received_quantity),
        flagged: line.flagged === 1,
      }));
    return [
      {
        id,
        number: purchaseOrderNumber(Number(row.running)),
        supplierId: row.supplier_id,
        supplierName: row.supplier_name,
        storeId: row.store_id,
        state: row.state,
        currency: row.currency,
        lines: mine,
        totalMinor: mine.reduce((total, line) => total + line.quantity * line.unitCostMinor, 0),
        note: row.note,
        createdBy: row.created_by,
        createdAt: row.created_at,
        orderedAt: row.ordered_at,
        expectedAt: row.expected_at,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
        receiptIds: receipts.filter((receipt) => receipt.purchase_order_id === id).map((r) => r.receipt_id),
      },
    ];
  });
}

/** Sends orders down to their stores' registers: open ones in full, others as removed (nothing more expected). */
export function sendDown(changes: ChangeWriter, orders: readonly PurchaseOrder[]): void {
  for (const order of orders) {
    if (order.state === 'draft') continue;
    changes.append(
      'purchaseOrders',
      purchaseOrderKey(order.storeId, order.id),
      isOpenPurchaseOrder(order.state) ? order : null,
      order.storeId,
    );
  }
}

/** A snapshot page of the 'purchaseOrders' stream: the store's open orders, by id. */
export async function openPurchaseOrdersPage(
  ho: HeadOffice,
  tx: Tx,
  storeId: string,
  afterId: string | null,
  limit: number,
): Promise<{ key: string; data: PurchaseOrder }[]> {
  let query = tx
    .selectFrom('purchase_orders')
    .select('id')
    .where('store_id', '=', storeId)
    .where('state', 'in', ['ordered', 'partly_received'])
    .orderBy('id')
    .limit(limit);
  if (afterId !== null) query = query.where('id', '>', afterId);
  const ids = (await query.execute()).map((row) => row.id);
  const orders = await purchaseOrderViews(tx, ho.dialect, ids);
  return orders.map((order) => ({ key: purchaseOrderKey(storeId, order.id), data: order }));
}

export async function readPurchaseOrder(ho: HeadOffice, orderId: string): Promise<PurchaseOrder> {
  const [order] = await purchaseOrderViews(ho.db, ho.dialect, [orderId]);
  if (!order) throw notFound('purchase_orders', orderId);
  return order;
}

/** Orders newest first, of the given stores (null: every store), by supplier and state. */
export async function listPurchaseOrders(
  ho: HeadOffice,
  q: {
    storeIds: readonly string[] | null;
    supplierId?: string;
    state?: PurchaseOrderState;
    open?: 'true' | 'false';
    after?: string;
    limit: number;
  },
): Promise<{ items: PurchaseOrder[]; next: string | null }> {
  let query = ho.db
    .selectFrom('purchase_orders')
    .select(['id', 'running'])
    .orderBy('running', 'desc')
    .limit(q.limit + 1);
  if (q.storeIds) query = query.where('store_id', 'in', anyOf(ho.dialect, q.storeIds));
  if (q.supplierId !== undefined) query = query.where('supplier_id', '=', q.supplierId);
  if (q.state !== undefined) query = query.where('state', '=', q.state);
  if (q.open === 'true') query = query.where('state', 'in', [...openPurchaseOrderStates]);
  if (q.open === 'false') query = query.where('state', 'not in', [...openPurchaseOrderStates]);
  if (q.after !== undefined) {
    if (!/^\d{1,15}$/.test(q.after))
      throw new CounterError('INVALID_INPUT', 'after: pass the `next` of the previous page unchanged.');
    query = query.where('running', '<', Number(q.after));
  }
  const { rows, next } = pageOf(await query.execute(), q.limit, (last) => String(last.running));
  return {
    items: await purchaseOrderViews(
      ho.db,
      ho.dialect,
      rows.map((row) => row.id),
    ),
    next,
  };
}

/** POST /api/purchase-orders: one draft per store the lines name, in one transaction (all or none). */
export function createPurchaseOrders(
  ho: HeadOffice,
  request: PurchaseOrderCreate,
  createdBy: string,
): Promise<PurchaseOrder[]> {
  const byStore = new Map<string, PurchaseOrderLineInput[]>();
  for (const { storeId, ...line } of request.lines)
    byStore.set(storeId, [...(byStore.get(storeId) ?? []), line]);
  return writeTransaction(ho, async (tx) => {
    const orders: PurchaseOrder[] = [];
    for (const [storeId, lines] of byStore)
      orders.push(
        await createDraftPurchaseOrder(
          ho,
          {
            supplierId: request.supplierId,
            storeId,
            lines,
            createdBy,
            expectedAt: request.expectedAt,
            note: request.note,
          },
          tx,
        ),
      );
    return orders;
  });
}

/** The order's row, locked until the transaction ends (PostgreSQL), so its changes and receipts take turns. */
async function lockOrder(ho: HeadOffice, tx: Tx, orderId: string) {
  return forUpdate(
    ho,
    tx.selectFrom('purchase_orders').selectAll().where('id', '=', orderId),
  ).executeTakeFirst();
}

/**
 * One change of an order by a person: locks it, refuses (CONFLICT, in words) unless it is in one of the
 * `allowed` states, lets `change` write, stamps who and when, and sends it down. Returns the order as it is now.
 */
function changeOrder(
  ho: HeadOffice,
  orderId: string,
  by: string,
  allowed: readonly PurchaseOrderState[],
  refusal: (order: PurchaseOrder) => string,
  change: (tx: Tx, order: PurchaseOrder, at: string) => Promise<Partial<Updateable<PurchaseOrdersTable>>>,
): Promise<PurchaseOrder> {
  return writeTransaction(ho, async (tx, changes) => {
    if (!(await lockOrder(ho, tx, orderId))) throw notFound('purchase_orders', orderId);
    const [before] = await purchaseOrderViews(tx, ho.dialect, [orderId]);
    if (!allowed.includes(before!.state)) throw new CounterError('CONFLICT', refusal(before!));
    const at = nowIso(ho);
    const set = await change(tx, before!, at);
    await tx
      .updateTable('purchase_orders')
      .set({ ...set, updated_at: at, updated_by: by })
      .where('id', '=', orderId)
      .execute();
    const [after] = await purchaseOrderViews(tx, ho.dialect, [orderId]);
    sendDown(changes, [after!]);
    return after!;
  });
}

const stateWords = (order: PurchaseOrder): string =>
  `${order.number} is ${purchaseOrderStateLabels[order.state].toLowerCase()}`;

/** Replaces a draft's lines, expected day and note. */
export function editPurchaseOrder(
  ho: HeadOffice,
  orderId: string,
  edit: PurchaseOrderEdit,
  by: string,
): Promise<PurchaseOrder> {
  return changeOrder(
    ho,
    orderId,
    by,
    ['draft'],
    (order) =>
      `${stateWords(order)}: only a draft is edited. Close it short or cancel it and draft a new one.`,
    async (tx, order) => {
      checkExpectedDay(ho, await findStore(tx, order.storeId), edit.expectedAt);
      await writeLines(ho, tx, orderId, await settleLines(ho, tx, order.supplierId, edit.lines, 'refuse'));
      return { expected_at: edit.expectedAt, note: edit.note };
    },
  );
}

/** Sends a draft to the supplier: its quantities become incoming at its store. */
export function orderPurchaseOrder(ho: HeadOffice, orderId: string, by: string): Promise<PurchaseOrder> {
  return changeOrder(
    ho,
    orderId,
    by,
    ['draft'],
    (order) => `${stateWords(order)}: only a draft is ordered.`,
    async (tx, order, at) => {
      const supplier = await findSupplier(tx, order.supplierId);
      const expected = new Date(Date.parse(at) + supplier.lead_time_days * 24 * 60 * 60 * 1000);
      return {
        state: 'ordered',
        ordered_at: at,
        expected_at: order.expectedAt ?? expected.toISOString().slice(0, 10),
      };
    },
  );
}

/** Cancels a draft, or an order nothing of which was received yet. */
export function cancelPurchaseOrder(ho: HeadOffice, orderId: string, by: string): Promise<PurchaseOrder> {
  return changeOrder(
    ho,
    orderId,
    by,
    ['draft', 'ordered'],
    (order) =>
      order.state === 'partly_received'
        ? `${stateWords(order)}: goods were received against it, so it cannot be cancelled. Close it short: what is left stops being expected.`
        : `${stateWords(order)}: it cannot be cancelled.`,
    () => Promise.resolve({ state: 'cancelled' }),
  );
}

/** Ends an order the supplier will not complete: what is left of it stops being incoming. */
export function closePurchaseOrderShort(ho: HeadOffice, orderId: string, by: string): Promise<PurchaseOrder> {
  return changeOrder(
    ho,
    orderId,
    by,
    openPurchaseOrderStates,
    (order) =>
      order.state === 'draft'
        ? `${stateWords(order)}: nothing of it is expected yet. Cancel it instead.`
        : `${stateWords(order)}: nothing of it is expected any more.`,
    () => Promise.resolve({ state: 'closed_short' }),
  );
}

/**
 * Per store and SKU ("storeId\0sku"), what open orders still expect: ordered less received, per line, never
 * below zero. `storeIds` null: every store.
 */
export async function incomingBySku(
  db: Executor,
  dialect: Dialect,
  storeIds: readonly string[] | null,
  skus: readonly string[],
): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  let query = db
    .selectFrom('purchase_order_lines as line')
    .innerJoin('purchase_orders as po', 'po.id', 'line.purchase_order_id')
    .select(['po.store_id', 'line.sku'])
    .select(
      sql<number>`sum(case when line.quantity > line.received_quantity then line.quantity - line.received_quantity else 0 end)`.as(
        'incoming',
      ),
    )
    .where('po.state', 'in', [...openPurchaseOrderStates])
    .where('line.sku', 'in', anyOf(dialect, skus))
    .groupBy(['po.store_id', 'line.sku']);
  if (storeIds) query = query.where('po.store_id', 'in', anyOf(dialect, storeIds));
  const rows = await query.execute();
  return new Map(rows.map((row) => [`${row.store_id}\0${row.sku}`, Number(row.incoming)]));
}
