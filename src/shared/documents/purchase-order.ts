/**
 * 'purchase-order.drafted': a store manager drafts a purchase order at the register, offline too. Head office
 * applies it as a draft order of the register's store under the register's id for it (the same id again is a
 * 'duplicate_document'), numbers it (PO-000123), and a buyer edits and orders it from the back office. A line's
 * unit cost null is the supplier item's cost at head office (0 when the supplier has no item for the SKU). A
 * supplier head office does not know is a 'purchase_order_mismatch' exception and nothing is applied.
 */
import { z } from 'zod';
import { MAX_QUANTITY } from '../limits.ts';
import { MAX_PURCHASE_ORDER_LINES } from '../purchasing.ts';
import {
  eachSkuOnce,
  idSchema,
  madeByFields,
  noteSchema,
  productNameSchema,
  skuSchema,
  timeSchema,
  unitCostSchema,
} from './fields.ts';
import { documentKind } from './kind.ts';

export const purchaseOrderDraftLineSchema = z.object({
  sku: skuSchema.max(64),
  name: productNameSchema,
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
  /** Minor units of the supplier's currency; null: head office takes the supplier item's cost. */
  unitCostMinor: unitCostSchema,
});
export type PurchaseOrderDraftLine = z.output<typeof purchaseOrderDraftLineSchema>;

export const purchaseOrderDraftedPayloadSchema = z.object({
  /** The order's id, made by the register: head office keeps it. */
  purchaseOrderId: idSchema,
  ...madeByFields,
  supplierId: idSchema,
  draftedAt: timeSchema,
  /** The day the goods are wanted (YYYY-MM-DD); null: head office sets it from the supplier's lead time. */
  expectedAt: z.iso.date().nullable(),
  note: noteSchema,
  lines: eachSkuOnce(z.array(purchaseOrderDraftLineSchema).min(1).max(MAX_PURCHASE_ORDER_LINES)),
});
export type PurchaseOrderDraftedPayload = z.output<typeof purchaseOrderDraftedPayloadSchema>;

export const purchaseOrderDrafted = documentKind({
  type: 'purchase-order.drafted',
  label: 'Purchase order draft',
  schema: purchaseOrderDraftedPayloadSchema,
});
