/**
 * 'purchase-order.drafted': a store manager's draft from a register. Head office keeps it as a draft order of
 * the register's store under the register's id for it, numbered like any other, for a buyer to edit and order.
 * A line's unit cost left null is the supplier item's (0 when the supplier has none for the SKU: the buyer sets
 * it). A supplier head office does not know is a 'purchase_order_mismatch' and the draft is not kept.
 */
import type {
  purchaseOrderDrafted,
  PurchaseOrderDraftedPayload,
} from '../../shared/documents/purchase-order.ts';
import { anyOf } from '../db/bulk.ts';
import { insertOrder } from '../purchase-orders.ts';
import { foundAt, type DocumentHandler, type RegisterFinding } from './handler.ts';

const describe = (draft: PurchaseOrderDraftedPayload): string =>
  `Purchase order draft ${draft.purchaseOrderId}`;

export const purchaseOrderDraftHandler: DocumentHandler<typeof purchaseOrderDrafted.type> = {
  async checkReferences({ ho, tx }, docs) {
    const known = await tx
      .selectFrom('suppliers')
      .select('id')
      .where('id', 'in', anyOf(ho.dialect, [...new Set(docs.map((doc) => doc.payload.supplierId))]))
      .execute();
    const suppliers = new Set(known.map((row) => row.id));
    const findings: RegisterFinding[] = [];
    const apply = docs.filter(({ register, seq, payload }) => {
      if (suppliers.has(payload.supplierId)) return true;
      findings.push(
        foundAt(register)({
          seq,
          kind: 'purchase_order_mismatch',
          details: `${describe(payload)} is for supplier "${payload.supplierId}", which head office does not know: it was not kept. Add the supplier, then draft the order again.`,
        }),
      );
      return false;
    });
    return { apply, findings };
  },

  rows: {
    key: (draft) => draft.purchaseOrderId,
    describe,
    async insert({ ho, tx }, docs) {
      const written: string[] = [];
      for (const { register, seq, payload: draft } of docs) {
        const supplier = await tx
          .selectFrom('suppliers')
          .select('currency')
          .where('id', '=', draft.supplierId)
          .executeTakeFirstOrThrow();
        const costs = await tx
          .selectFrom('supplier_items')
          .select(['sku', 'unit_cost_minor'])
          .where('supplier_id', '=', draft.supplierId)
          .where(
            'sku',
            'in',
            anyOf(
              ho.dialect,
              draft.lines.map((line) => line.sku),
            ),
          )
          .execute();
        const costOf = new Map(costs.map((row) => [row.sku, Number(row.unit_cost_minor)]));
        const kept = await insertOrder(ho, tx, {
          id: draft.purchaseOrderId,
          supplierId: draft.supplierId,
          storeId: register.store_id,
          currency: supplier.currency,
          expectedAt: draft.expectedAt,
          note: draft.note,
          createdBy: `register:${register.id}/${draft.userId}`,
          at: draft.draftedAt,
          lines: draft.lines.map((line) => ({
            sku: line.sku,
            name: line.name,
            quantity: line.quantity,
            unitCostMinor: line.unitCostMinor ?? costOf.get(line.sku) ?? 0,
          })),
          register: { id: register.id, seq },
        });
        if (kept) written.push(draft.purchaseOrderId);
      }
      return written;
    },
  },
};
