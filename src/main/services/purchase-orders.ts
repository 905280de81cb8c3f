/**
 * Purchase orders at the register (issue 17): this store's open orders as head office sent them down, what is
 * still incoming of each SKU, and the receipt in progress saved to be resumed.
 *
 * Received so far = head office's figure + this register's receipts against the order that head office had not
 * counted when it sent the order (`receiptIds`): what was just received here shows at once, and is not counted
 * twice once head office's figure includes it. Incoming = ordered − received so far, never below zero, over the
 * orders still expected (ordered or partly received). Lines head office flagged (received although not ordered)
 * are not the order's: receiving them again flags them again.
 */
import { CounterError } from '../../shared/errors.ts';
import {
  type OrderLineView,
  type PurchaseOrderSummary,
  type PurchaseOrderView,
  type ReceivingDraft,
  type SavedReceivingDraft,
} from '../../shared/purchase-receiving.ts';
import { openPurchaseOrderStates, type PurchaseOrderItem } from '../../shared/purchasing.ts';
import type { Db } from '../ledger/database.ts';
import type { CatalogService } from './catalog.ts';
import type { PeopleService } from './people.ts';

/** Ordered, received so far and the ordered unit cost of each SKU of one order. */
export type OrderFigures = Map<
  string,
  { ordered: number; receivedSoFar: number; unitCostMinor: number | null }
>;

export interface PurchaseOrdersService {
  /** Head office's state of an order (downstream); a closed or cancelled one stops being incoming. */
  saveFromHeadOffice(order: PurchaseOrderItem, at: string): void;
  /** Head office expects nothing more of it: it stops being incoming. Returns the SKUs it had. */
  removeFromHeadOffice(purchaseOrderId: string): string[];
  /** The orders still expected here, soonest expected first. */
  openOrders(): PurchaseOrderSummary[];
  /** An open order by its id (its barcode) or its number, as the current user may see it. */
  open(code: string): PurchaseOrderView;
  /** Ordered and received so far per SKU of an open order; throws when it is not open here. */
  figures(purchaseOrderId: string): OrderFigures;
  /** Units of the SKU on open orders not received yet. */
  incoming(sku: string): number;
  /** The line of an open order whose case (carton) barcode `code` is: its SKU and how many units a case holds. */
  caseOf(purchaseOrderId: string, code: string): { sku: string; packSize: number } | null;
  /** The receipt in progress of an order (null: without an order), or null when none was saved. */
  draft(purchaseOrderId: string | null): SavedReceivingDraft | null;
  saveDraft(draft: ReceivingDraft): SavedReceivingDraft;
  /** Throws the saved receipt away (done in the receipt's own transaction when it completes). */
  discardDraft(purchaseOrderId: string | null): void;
}

export interface PurchaseOrdersDeps {
  db: Db;
  now: () => Date;
  catalog: Pick<CatalogService, 'lookupCode'>;
  people: Pick<PeopleService, 'current' | 'requireUser' | 'check' | 'userRef'>;
}

interface LineRow {
  sku: string;
  name: string;
  ordered: number;
  received: number;
  unit_cost_minor: number | null;
  pack_size: number;
  case_barcode: string | null;
}

interface OrderRow {
  purchase_order_id: string;
  number: string;
  supplier_name: string | null;
  state: string;
  expected_at: string | null;
}

const openStates = openPurchaseOrderStates.map((state) => `'${state}'`).join(', ');
/** Of line `l` of order `o`: the units this register received against the order that head office has not counted. */
const pendingSql = `coalesce((SELECT sum(json_extract(line.value, '$.quantity'))
  FROM goods_receipts r, json_each(r.document, '$.lines') line
  WHERE r.purchase_order_id = o.purchase_order_id
    AND r.receipt_id NOT IN (SELECT value FROM json_each(o.counted_receipts))
    AND json_extract(line.value, '$.sku') = l.sku), 0)`;
/** The key of the receipt in progress without an order. */
const withoutOrder = '-';

export function createPurchaseOrdersService({
  db,
  now,
  catalog,
  people,
}: PurchaseOrdersDeps): PurchaseOrdersService {
  const statements = {
    upsert: db.prepare<[string, string, string | null, string, string | null, string, string]>(
      `INSERT INTO purchase_orders (purchase_order_id, number, supplier_name, state, expected_at,
         counted_receipts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(purchase_order_id) DO UPDATE SET number = excluded.number, supplier_name = excluded.supplier_name,
         state = excluded.state, expected_at = excluded.expected_at, counted_receipts = excluded.counted_receipts,
         updated_at = excluded.updated_at`,
    ),
    clearLines: db.prepare<[string]>('DELETE FROM purchase_order_lines WHERE purchase_order_id = ?'),
    insertLine: db.prepare<
      [string, number, string, string, number, number, number | null, number, string | null]
    >(
      `INSERT INTO purchase_order_lines (purchase_order_id, position, sku, name, ordered, received,
         unit_cost_minor, pack_size, case_barcode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    remove: db.prepare<[string]>('DELETE FROM purchase_orders WHERE purchase_order_id = ?'),
    caseLine: db.prepare<[string, string], { sku: string; packSize: number }>(
      `SELECT sku, pack_size AS packSize FROM purchase_order_lines WHERE purchase_order_id = ? AND case_barcode = ?`,
    ),
    skus: db
      .prepare<[string], string>('SELECT sku FROM purchase_order_lines WHERE purchase_order_id = ?')
      .pluck(),
    openList: db.prepare<[], OrderRow & { line_count: number }>(
      `SELECT o.purchase_order_id, o.number, o.supplier_name, o.state, o.expected_at,
         (SELECT count(*) FROM purchase_order_lines l WHERE l.purchase_order_id = o.purchase_order_id) AS line_count
       FROM purchase_orders o WHERE o.state IN (${openStates})
       ORDER BY o.expected_at IS NULL, o.expected_at, o.number`,
    ),
    find: db.prepare<[string, string], OrderRow>(
      `SELECT purchase_order_id, number, supplier_name, state, expected_at FROM purchase_orders
       WHERE (purchase_order_id = ? OR number = ?) AND state IN (${openStates})`,
    ),
    // Each line with this register's units received against the order since head office's figure.
    lines: db.prepare<[string], LineRow & { pending: number }>(
      `SELECT l.sku, l.name, l.ordered, l.received, l.unit_cost_minor, l.pack_size, l.case_barcode,
         ${pendingSql} AS pending
       FROM purchase_order_lines l JOIN purchase_orders o ON o.purchase_order_id = l.purchase_order_id
       WHERE l.purchase_order_id = ? ORDER BY l.position`,
    ),
    incoming: db
      .prepare<[string], number>(
        `SELECT coalesce(sum(max(0, l.ordered - l.received - ${pendingSql})), 0)
         FROM purchase_order_lines l JOIN purchase_orders o ON o.purchase_order_id = l.purchase_order_id
         WHERE l.sku = ? AND o.state IN (${openStates})`,
      )
      .pluck(),
    draft: db.prepare<[string], { user_id: string; saved_at: string; draft: string }>(
      'SELECT user_id, saved_at, draft FROM receiving_drafts WHERE draft_key = ?',
    ),
    saveDraft: db.prepare<[string, string, string, string]>(
      `INSERT INTO receiving_drafts (draft_key, user_id, saved_at, draft) VALUES (?, ?, ?, ?)
       ON CONFLICT(draft_key) DO UPDATE SET user_id = excluded.user_id, saved_at = excluded.saved_at,
         draft = excluded.draft`,
    ),
    discardDraft: db.prepare<[string]>('DELETE FROM receiving_drafts WHERE draft_key = ?'),
  };
  const lineRows = (purchaseOrderId: string) => statements.lines.all(purchaseOrderId);

  const save = db.transaction((order: PurchaseOrderItem, at: string) => {
    statements.upsert.run(
      order.id,
      order.number,
      order.supplierName,
      order.state,
      order.expectedAt,
      JSON.stringify(order.receiptIds),
      at,
    );
    statements.clearLines.run(order.id);
    for (const [position, line] of order.lines.filter((each) => !each.flagged).entries())
      statements.insertLine.run(
        order.id,
        position,
        line.sku,
        line.name,
        line.quantity,
        line.receivedQuantity,
        line.unitCostMinor,
        line.packSize,
        line.caseBarcode,
      );
  });

  const findOpen = (code: string): OrderRow => {
    const row = statements.find.get(code, code);
    if (!row)
      throw new CounterError(
        'NOT_FOUND',
        `No open purchase order ${code} for this store: pick it from the list, or sync and scan it again.`,
      );
    return row;
  };
  const figures = (purchaseOrderId: string): OrderFigures =>
    new Map(
      lineRows(findOpen(purchaseOrderId).purchase_order_id).map((row) => [
        row.sku,
        {
          ordered: row.ordered,
          receivedSoFar: row.received + row.pending,
          unitCostMinor: row.unit_cost_minor,
        },
      ]),
    );
  const draftKey = (purchaseOrderId: string | null): string => purchaseOrderId ?? withoutOrder;
  const readDraft = (purchaseOrderId: string | null): SavedReceivingDraft | null => {
    const row = statements.draft.get(draftKey(purchaseOrderId));
    if (!row) return null;
    return {
      ...(JSON.parse(row.draft) as ReceivingDraft),
      savedAt: row.saved_at,
      savedBy: people.userRef(row.user_id).name,
    };
  };

  return {
    saveFromHeadOffice: (order, at) => save(order, at),
    removeFromHeadOffice: (purchaseOrderId) => {
      const skus = statements.skus.all(purchaseOrderId);
      statements.remove.run(purchaseOrderId);
      return skus;
    },
    openOrders: () =>
      statements.openList.all().map((row) => ({
        purchaseOrderId: row.purchase_order_id,
        number: row.number,
        supplierName: row.supplier_name,
        state: row.state,
        expectedAt: row.expected_at,
        lineCount: row.line_count,
      })),
    open: (code) => {
      const order = findOpen(code.trim());
      const blind = !people.current().permissions.includes('receiving.seeOrdered');
      const lines: OrderLineView[] = lineRows(order.purchase_order_id).map((row) => {
        const product = catalog.lookupCode(row.sku);
        return {
          sku: row.sku,
          productId: product?.id ?? null,
          unit: product?.unit ?? 'each',
          name: row.name,
          ordered: blind ? null : row.ordered,
          receivedSoFar: blind ? null : row.received + row.pending,
          unitCostMinor: row.unit_cost_minor,
          packSize: row.pack_size,
          caseBarcode: row.case_barcode,
        };
      });
      return {
        purchaseOrderId: order.purchase_order_id,
        number: order.number,
        supplierName: order.supplier_name,
        state: order.state,
        expectedAt: order.expected_at,
        blind,
        lines,
      };
    },
    figures,
    incoming: (sku) => statements.incoming.get(sku) ?? 0,
    caseOf: (purchaseOrderId, code) => statements.caseLine.get(purchaseOrderId, code) ?? null,
    draft: readDraft,
    saveDraft: (draft) => {
      const who = people.check('stock.receive');
      if (draft.purchaseOrderId !== null) findOpen(draft.purchaseOrderId);
      statements.saveDraft.run(
        draftKey(draft.purchaseOrderId),
        who.userId,
        now().toISOString(),
        JSON.stringify(draft),
      );
      return readDraft(draft.purchaseOrderId)!;
    },
    discardDraft: (purchaseOrderId) => statements.discardDraft.run(draftKey(purchaseOrderId)),
  };
}
