/**
 * Purchase orders at head office (src/shared/purchasing.ts says what one is and how its state moves). An order
 * is written in one transaction per business action; its lines' received quantities move only with the goods
 * receipts against it (handlers/goods-receipt.ts), in the receipt's own transaction. Whenever an open order
 * changes it goes down the 'purchaseOrders' stream to its store's registers in the same transaction.
 */
import { CounterError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import {
  isOpenPurchaseOrder,
  purchaseOrderKey,
  purchaseOrderLinesInputSchema,
  purchaseOrderNumber,
  type PurchaseOrder,
  type PurchaseOrderLineInput,
} from '../shared/purchasing.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { nowIso, type Executor, type HeadOffice, type Tx } from './context.ts';
import { anyOf, insertRows } from './db/bulk.ts';
import type { Dialect } from './db/connect.ts';
import { findStore } from './find.ts';
import { invalidInput } from './validation.ts';

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
    await findStore(tx, draft.storeId);
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

export async function findSupplier(db: Executor, supplierId: string) {
  const row = await db.selectFrom('suppliers').selectAll().where('id', '=', supplierId).executeTakeFirst();
  if (!row)
    throw new CounterError(
      'NOT_FOUND',
      `There is no supplier "${supplierId}": check the id in GET /api/suppliers.`,
    );
  return row;
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
  const [products, items] = await Promise.all([
    tx.selectFrom('products').select(['sku', 'name']).where('sku', 'in', anyOf(ho.dialect, skus)).execute(),
    tx
      .selectFrom('supplier_items')
      .select(['sku', 'unit_cost_minor'])
      .where('supplier_id', '=', supplierId)
      .where('sku', 'in', anyOf(ho.dialect, skus))
      .execute(),
  ]);
  const nameOf = new Map(products.map((row) => [row.sku, row.name]));
  const costOf = new Map(items.map((row) => [row.sku, Number(row.unit_cost_minor)]));
  const unknown = skus.filter((sku) => !nameOf.has(sku));
  if (unknown.length > 0)
    throw new CounterError(
      'INVALID_INPUT',
      `lines: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the catalog: order SKUs of the catalog.`,
    );
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
      .selectFrom('goods_receipts')
      .select(['purchase_order_id', 'receipt_id'])
      .where('purchase_order_id', 'in', list)
      .orderBy('completed_at')
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
  afterKey: string | null,
  limit: number,
): Promise<{ key: string; data: PurchaseOrder }[] | null> {
  const prefix = `${storeId}:`;
  if (afterKey !== null && !afterKey.startsWith(prefix)) return null;
  let query = tx
    .selectFrom('purchase_orders')
    .select('id')
    .where('store_id', '=', storeId)
    .where('state', 'in', ['ordered', 'partly_received'])
    .orderBy('id')
    .limit(limit);
  if (afterKey !== null) query = query.where('id', '>', afterKey.slice(prefix.length));
  const ids = (await query.execute()).map((row) => row.id);
  const orders = await purchaseOrderViews(tx, ho.dialect, ids);
  return orders.map((order) => ({ key: purchaseOrderKey(storeId, order.id), data: order }));
}
