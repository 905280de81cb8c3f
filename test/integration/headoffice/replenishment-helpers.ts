/**
 * The ground replenishment tests stand on, written straight into head office's tables: suppliers and their
 * items, a SKU's past movements with its balance now, an ordered purchase order, a transfer on its way.
 */
import { newId } from '../../../src/shared/ids.ts';
import { foldForSearch } from '../../../src/shared/search.ts';
import type { MovementReason } from '../../../src/shared/stock.ts';
import type { Db } from '../../../src/headoffice/db/schema.ts';
import type { AdminClient } from './helpers.ts';

const DAY_MS = 24 * 60 * 60_000;
const daysAgo = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString();

export async function putCatalog(
  admin: AdminClient,
  products: { sku: string; category: string | null; active?: boolean }[],
): Promise<void> {
  const reply = await admin('PUT', '/api/products', {
    products: products.map((product) => ({
      sku: product.sku,
      name: `Product ${product.sku}`,
      priceMinor: 250,
      taxCode: 'STD',
      category: product.category,
      unit: 'each',
      active: product.active ?? true,
      barcodes: [],
    })),
  });
  if (reply.status !== 200) throw new Error(`putCatalog: ${JSON.stringify(reply.body)}`);
}

/** A supplier and what it sells, each item its preferred one. */
export async function givenSupplier(
  db: Db,
  supplier: { id: string; name: string; leadTimeDays: number },
  items: { sku: string; packSize: number; minimumQuantity: number; unitCostMinor: number }[],
): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insertInto('suppliers')
    .values({
      id: supplier.id,
      name: supplier.name,
      search_name: foldForSearch(supplier.name),
      contact: null,
      email: null,
      currency: 'EUR',
      lead_time_days: supplier.leadTimeDays,
      minimum_order_minor: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  if (items.length === 0) return;
  await db
    .insertInto('supplier_items')
    .values(
      items.map((item) => ({
        supplier_id: supplier.id,
        sku: item.sku,
        supplier_code: `${supplier.id}-${item.sku}`,
        unit_cost_minor: item.unitCostMinor,
        pack_size: item.packSize,
        case_barcode: null,
        minimum_quantity: item.minimumQuantity,
        preferred: 1,
        updated_at: at,
      })),
    )
    .execute();
}

/** Movements of a SKU at a store, `daysAgo` each, and its balance now (`onHand`, which they should add up to;
 * none: the balance alone, as a count would leave it). */
export async function givenHistory(
  db: Db,
  storeId: string,
  sku: string,
  onHand: number,
  movements: { daysAgo: number; reason: MovementReason; quantity: number }[],
): Promise<void> {
  const at = new Date().toISOString();
  if (movements.length > 0)
    await db
      .insertInto('stock_movements')
      .values(
        movements.map((movement) => ({
          store_id: storeId,
          sku,
          reason: movement.reason,
          state: 'on_hand' as const,
          quantity: movement.quantity,
          ref: null,
          document_kind: null,
          actor: null,
          register_id: null,
          seq: null,
          occurred_at: daysAgo(movement.daysAgo),
          recorded_at: at,
        })),
      )
      .execute();
  await db
    .insertInto('stock_balances')
    .values({
      store_id: storeId,
      sku,
      on_hand: onHand,
      damaged: 0,
      committed: 0,
      in_transit: 0,
      counted_at: null,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['store_id', 'sku']).doUpdateSet({ on_hand: onHand, updated_at: at }))
    .execute();
}

/** A purchase order the supplier is delivering: its quantity is incoming at the store. */
export async function givenOrderedPurchaseOrder(
  db: Db,
  order: { supplierId: string; storeId: string; sku: string; quantity: number },
): Promise<void> {
  const at = new Date().toISOString();
  const id = newId();
  await db
    .insertInto('purchase_orders')
    .values({
      id,
      supplier_id: order.supplierId,
      store_id: order.storeId,
      state: 'ordered',
      currency: 'EUR',
      note: null,
      expected_at: null,
      register_id: null,
      seq: null,
      created_by: 'test',
      created_at: at,
      ordered_at: at,
      updated_by: 'test',
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('purchase_order_lines')
    .values({
      purchase_order_id: id,
      sku: order.sku,
      position: 1,
      name: `Product ${order.sku}`,
      quantity: order.quantity,
      unit_cost_minor: 100,
      received_quantity: 0,
      flagged: 0,
    })
    .execute();
}

/** A transfer sent from one store to another and not received yet. */
export async function givenSentTransfer(
  db: Db,
  transfer: { from: string; to: string; sku: string; quantity: number },
): Promise<void> {
  const at = new Date().toISOString();
  const transferId = newId();
  await db
    .insertInto('transfers')
    .values({
      transfer_id: transferId,
      from_store_id: transfer.from,
      to_store_id: transfer.to,
      status: 'sent',
      number: 'TR-1',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('transfer_sends')
    .values({
      transfer_id: transferId,
      from_store_id: transfer.from,
      to_store_id: transfer.to,
      register_id: null,
      seq: null,
      planned_by: null,
      at,
      note: null,
      lines: JSON.stringify([
        { sku: transfer.sku, name: `Product ${transfer.sku}`, quantity: transfer.quantity },
      ]),
    })
    .execute();
}
