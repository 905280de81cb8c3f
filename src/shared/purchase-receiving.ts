/**
 * Purchase orders at the register (issue 17): what the Receiving screen shows of an open order it receives
 * against, the receipt in progress that can be saved and resumed, the shelf labels a receipt may print, and the
 * order a store manager drafts here.
 * Head office owns the orders and sends its store's open ones down (the 'purchaseOrders' stream); the register
 * keeps them and adds what it received since head office last counted.
 */
import { z } from 'zod';
import type { PurchaseOrderDraftedPayload } from './documents/purchase-order.ts';
import type { ProductHit, Unit } from './domain.ts';
import { MAX_QUANTITY } from './limits.ts';
import { approvalSchema } from './permissions.ts';
import { MAX_PURCHASE_ORDER_LINES } from './purchasing.ts';
import { optionalNote, plainText } from './text.ts';

/** A code scanned while receiving: the product, and the units it counts for (a whole pack for a case barcode). */
export interface ScannedUnits {
  product: ProductHit;
  units: number;
}

/** One SKU of an order as the register shows it while receiving. */
export interface OrderLineView {
  sku: string;
  /** The catalog's product for the SKU; null when the catalog here does not know it (yet). */
  productId: number | null;
  name: string;
  /** The catalog's ('each' when it does not know the SKU): ordered and received of goods sold by kg are grams. */
  unit: Unit;
  /** Null in blind mode (a user without 'receiving.seeOrdered'): they count what arrived without knowing. */
  ordered: number | null;
  /** Head office's received figure plus this register's receipts head office has not counted yet; null blind. */
  receivedSoFar: number | null;
  unitCostMinor: number | null;
  /** Units in one pack: scanning the case barcode receives a pack. */
  packSize: number;
  caseBarcode: string | null;
}

export interface PurchaseOrderView {
  purchaseOrderId: string;
  number: string;
  supplierName: string | null;
  state: string;
  expectedAt: string | null;
  /** Whether ordered and received-so-far figures are hidden from the current user. */
  blind: boolean;
  lines: OrderLineView[];
}

/** What a list of open orders shows, for the picker. */
export interface PurchaseOrderSummary {
  purchaseOrderId: string;
  number: string;
  supplierName: string | null;
  state: string;
  expectedAt: string | null;
  lineCount: number;
}

/** Shelf labels a receipt prints on the receipt printer: none, one per unit received, or one per line. */
export const shelfLabelModes = ['none', 'unit', 'line'] as const;
export const shelfLabelModeSchema = z.enum(shelfLabelModes);
export type ShelfLabelMode = z.infer<typeof shelfLabelModeSchema>;

/** One shelf label: what it says and how many copies print. */
export interface ShelfLabel {
  sku: string;
  name: string;
  priceMinor: number;
  /** The barcode printed on it: the product's first barcode, else its SKU. */
  code: string;
  copies: number;
}

/** How far above what was ordered a delivery may go before a manager approves it, when head office says nothing. */
export const defaultReceivingTolerancePercent = 10;

export const receivingTolerancePercentSchema = z
  .number()
  .int('The receiving tolerance is a whole percentage')
  .min(0, 'The receiving tolerance cannot be negative')
  .max(1000, 'The receiving tolerance is at most 1000 %');

/** The most a receipt in progress may hold: as many lines as one receipt, by count and by unknown code. */
const draftUnits = z.number().int().min(0).max(MAX_QUANTITY);

/**
 * A receipt in progress, as the Receiving screen holds it: saved at the register (it survives a restart) and
 * resumed later, by anyone allowed to receive. One per purchase order, and one without an order.
 */
export const receivingDraftSchema = z
  .object({
    purchaseOrderId: plainText('Purchase order').min(1).max(64).nullable(),
    supplier: plainText('Supplier').max(120),
    deliveryNote: plainText('Delivery note').max(60),
    lines: z
      .array(
        z
          .object({
            productId: z.number().int().positive(),
            /** To find the product again when the receipt is resumed. */
            sku: plainText('SKU').min(1).max(64),
            name: plainText('Product name').min(1).max(200),
            /** 'kg': quantity and damaged are grams. Absent in receipts saved before it was kept: pieces. */
            unit: z.enum(['each', 'kg']).optional(),
            quantity: draftUnits,
            damaged: draftUnits,
            /** As typed: it is checked when the receipt completes. */
            unitCost: plainText('Unit cost').max(20),
          })
          .strict(),
      )
      .max(300),
    unknownLines: z
      .array(z.object({ code: plainText('Barcode').min(1).max(64), quantity: draftUnits }).strict())
      .max(300),
  })
  .strict();
export type ReceivingDraft = z.infer<typeof receivingDraftSchema>;

/** A saved receipt in progress, with who saved it and when. */
export interface SavedReceivingDraft extends ReceivingDraft {
  savedAt: string;
  savedBy: string;
}

/** A supplier as the register knows it (the 'suppliers' stream), to draft an order for. */
export interface SupplierChoice {
  supplierId: string;
  name: string;
  currency: string;
}

/** A store manager's draft purchase order at the register, offline too: head office keeps it as a draft. */
export const purchaseOrderDraftRequestSchema = z
  .object({
    supplierId: plainText('Supplier').trim().min(1, 'Pick a supplier.').max(64),
    /** The day the goods are wanted; absent or null: head office takes the supplier's lead time. */
    expectedAt: z.iso.date({ error: 'Expected: a day such as 2026-12-24' }).nullable().optional(),
    note: optionalNote,
    lines: z
      .array(
        z
          .object({
            productId: z.number().int().positive(),
            quantity: z
              .number()
              .int('Quantity must be a whole number')
              .min(1, 'Quantity must be at least 1')
              .max(MAX_QUANTITY, 'Quantity is too large'),
          })
          .strict(),
      )
      .min(1, 'Scan or add at least one item to order.')
      .max(MAX_PURCHASE_ORDER_LINES, `At most ${MAX_PURCHASE_ORDER_LINES} lines: draft two orders`)
      .refine((lines) => new Set(lines.map((line) => line.productId)).size === lines.length, {
        message: 'Each product once: add up its quantities.',
      }),
    approval: approvalSchema.optional(),
  })
  .strict();
export type PurchaseOrderDraftRequest = z.input<typeof purchaseOrderDraftRequestSchema>;
export type PurchaseOrderDraftInput = z.output<typeof purchaseOrderDraftRequestSchema>;

/** A purchase order drafted here, as sent to head office: its payload, the event's seq and who drafted it. */
export interface DraftedPurchaseOrder extends PurchaseOrderDraftedPayload {
  outboxSeq: number;
  supplierName: string;
  userName: string;
}

/** A SKU at or below its reorder point here, as the managers' low-stock list shows it. */
export interface LowStockLine {
  productId: number;
  sku: string;
  name: string;
  /** 'kg': the figures are grams. */
  unit: Unit;
  /** On hand − committed here. */
  available: number;
  /** On open purchase orders, not received yet. */
  incoming: number;
  /** From other stores: sent and not received yet, or asked for or planned and not sent yet. */
  inboundTransit: number;
  reorderPoint: number;
  desiredLevel: number;
}
