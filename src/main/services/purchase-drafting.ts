/**
 * A store manager drafts a purchase order at the register, offline too (issue 17): one transaction writes the
 * 'purchase-order.drafted' document, its outbox event and the audit entry ('purchase.draft'). Head office keeps it
 * as a draft order of this store that a buyer edits and orders; once ordered it comes back down on the
 * 'purchaseOrders' stream like any other. The suppliers to pick from are those head office sent ('suppliers').
 */
import {
  purchaseOrderDrafted,
  type PurchaseOrderDraftedPayload,
} from '../../shared/documents/purchase-order.ts';
import { CounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type {
  DraftedPurchaseOrder,
  PurchaseOrderDraftInput,
  SupplierChoice,
} from '../../shared/purchase-receiving.ts';
import type { SupplierStreamItem } from '../../shared/purchasing.ts';
import type { StockDocumentDeps } from './stock-documents.ts';
import { pickedProduct } from './catalog.ts';

export interface PurchaseDraftingService {
  /** The suppliers head office sent, by name. */
  suppliers(): SupplierChoice[];
  saveSupplier(supplier: SupplierStreamItem, at: string): void;
  removeSupplier(supplierId: string): void;
  /** Needs 'purchase.draft'. `input` as the contract's schema checked it. */
  draftOrder(input: PurchaseOrderDraftInput): DraftedPurchaseOrder;
  /** The orders drafted here, newest first. */
  drafted(limit: number): DraftedPurchaseOrder[];
}

export type PurchaseDraftingDeps = Pick<
  StockDocumentDeps,
  'db' | 'now' | 'settings' | 'catalog' | 'people' | 'audit' | 'appendOutbox'
>;

export function createPurchaseDraftingService(deps: PurchaseDraftingDeps): PurchaseDraftingService {
  const { db, now, settings, catalog, people, audit, appendOutbox } = deps;
  const statements = {
    suppliers: db.prepare<[], SupplierChoice>(
      'SELECT supplier_id AS supplierId, name, currency FROM suppliers ORDER BY name, supplier_id',
    ),
    supplier: db.prepare<[string], SupplierChoice>(
      'SELECT supplier_id AS supplierId, name, currency FROM suppliers WHERE supplier_id = ?',
    ),
    saveSupplier: db.prepare<[string, string, string, string]>(
      `INSERT INTO suppliers (supplier_id, name, currency, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(supplier_id) DO UPDATE SET name = excluded.name, currency = excluded.currency,
         updated_at = excluded.updated_at`,
    ),
    removeSupplier: db.prepare<[string]>('DELETE FROM suppliers WHERE supplier_id = ?'),
    insert: db.prepare<[string, string, string, number, string]>(
      `INSERT INTO purchase_order_drafts (purchase_order_id, user_id, drafted_at, outbox_seq, document)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    recent: db
      .prepare<[number], string>(
        'SELECT document FROM purchase_order_drafts ORDER BY drafted_at DESC, outbox_seq DESC LIMIT ?',
      )
      .pluck(),
  };

  const commit = db.transaction((input: PurchaseOrderDraftInput): DraftedPurchaseOrder => {
    const who = people.check('purchase.draft', input.approval);
    const supplier = statements.supplier.get(input.supplierId);
    if (!supplier)
      throw new CounterError(
        'NOT_FOUND',
        'Head office has not sent that supplier to this register: pick another, or sync and try again.',
      );
    const lines = input.lines.map((line) => {
      const product = pickedProduct(
        catalog,
        line.productId,
        'A product on the order is not in the catalog any more: remove it and scan it again.',
      );
      return { sku: product.sku, name: product.name, quantity: line.quantity, unitCostMinor: null };
    });
    const register = settings.register();
    const draftedAt = now().toISOString();
    const payload: PurchaseOrderDraftedPayload = {
      purchaseOrderId: newId(),
      storeId: register.storeId,
      registerId: register.registerId,
      userId: who.userId,
      supplierId: supplier.supplierId,
      draftedAt,
      expectedAt: input.expectedAt ?? null,
      note: input.note ?? null,
      lines,
    };
    const outboxSeq = appendOutbox(purchaseOrderDrafted.type, draftedAt, payload);
    const drafted: DraftedPurchaseOrder = {
      ...payload,
      outboxSeq,
      supplierName: supplier.name,
      userName: people.userRef(who.userId).name,
    };
    statements.insert.run(payload.purchaseOrderId, who.userId, draftedAt, outboxSeq, JSON.stringify(drafted));
    audit.record({
      action: 'purchase.draft',
      ...who,
      details: {
        purchaseOrderId: payload.purchaseOrderId,
        supplierId: supplier.supplierId,
        lines: lines.length,
        units: lines.reduce((sum, line) => sum + line.quantity, 0),
      },
    });
    return drafted;
  });

  return {
    suppliers: () => statements.suppliers.all(),
    saveSupplier: (supplier, at) =>
      statements.saveSupplier.run(supplier.id, supplier.name, supplier.currency, at),
    removeSupplier: (supplierId) => statements.removeSupplier.run(supplierId),
    draftOrder: (input) => commit.immediate(input),
    drafted: (limit) => statements.recent.all(limit).map((json) => JSON.parse(json) as DraftedPurchaseOrder),
  };
}
