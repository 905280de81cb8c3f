/**
 * Purchasing (issue 17): suppliers, what each supplier sells us (supplier items) and purchase orders, as head
 * office keeps them, its admin API shows them and registers get them down the 'suppliers' and 'purchaseOrders'
 * streams (src/shared/sync/protocol.ts). The document a register drafts a purchase order with is
 * 'purchase-order.drafted' (src/shared/documents/purchase-order.ts); goods received against an order are
 * 'receipt.completed' with its `purchaseOrderId`.
 *
 * A purchase order is for one supplier and one store:
 *   draft → ordered → partly_received → received
 *                   ↘ closed_short (the rest is no longer expected)      draft / ordered → cancelled
 * Only a draft is edited; an order is cancelled only while nothing of it was received. What is ordered and not
 * yet received on an open order (ordered or partly received) is the store's `incoming` stock: never a movement,
 * always derived from the lines (`incomingOf`).
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from './limits.ts';
import { multiLineText, plainText } from './text.ts';

/** The most lines one purchase order holds: more goods go as two orders. */
export const MAX_PURCHASE_ORDER_LINES = 500;

export const purchaseOrderStates = [
  'draft',
  'ordered',
  'partly_received',
  'received',
  'closed_short',
  'cancelled',
] as const;
export type PurchaseOrderState = (typeof purchaseOrderStates)[number];
export const purchaseOrderStateSchema = z.enum(purchaseOrderStates);

export const purchaseOrderStateLabels: Record<PurchaseOrderState, string> = {
  draft: 'Draft',
  ordered: 'Ordered',
  partly_received: 'Partly received',
  received: 'Received',
  closed_short: 'Closed short',
  cancelled: 'Cancelled',
};

/** Orders the supplier is still delivering: their unreceived quantities are incoming, registers receive them. */
export const openPurchaseOrderStates: readonly PurchaseOrderState[] = ['ordered', 'partly_received'];
export const isOpenPurchaseOrder = (state: PurchaseOrderState): boolean =>
  openPurchaseOrderStates.includes(state);

/** What a person reads and a supplier quotes: "PO-000123", from head office's running number of the order. */
export const purchaseOrderNumber = (running: number): string => `PO-${String(running).padStart(6, '0')}`;

/** The running number in "PO-000123" (any case, spaces around ignored); null when the text is not one. */
export function parsePurchaseOrderNumber(text: string): number | null {
  const match = /^\s*PO-?(\d{1,12})\s*$/i.exec(text);
  return match ? Number(match[1]) : null;
}

// ------------------------------------------------------------------------------------------------ fields

const idText = (field: string) => plainText(field).trim().min(1, `${field}: required`).max(64);
const units = (field: string) =>
  z
    .number()
    .int(`${field} must be a whole number`)
    .min(0, `${field} cannot be negative`)
    .max(MAX_QUANTITY, `${field} is too large`);
const minorAmount = (field: string) =>
  z
    .number()
    .int(`${field}: a whole number of minor units (cents)`)
    .min(0, `${field} cannot be negative`)
    .max(MAX_AMOUNT_MINOR, `${field} is too large`);
const optionalText = (field: string, max: number) =>
  plainText(field)
    .trim()
    .max(max, `${field}: at most ${max} characters`)
    .transform((text) => (text === '' ? null : text))
    .nullable();

export const supplierIdSchema = idText('Supplier');
export const purchaseOrderIdSchema = idText('Purchase order');
export const purchasingSkuSchema = plainText('SKU').trim().min(1, 'SKU: required').max(64);
/** A delivery day, as the supplier promises it: 2026-12-24. */
export const deliveryDateSchema = z.iso.date({ error: 'a day such as 2026-12-24' });
/** The barcode on a case or carton: scanning it receives (or drafts) one pack of `packSize` units. */
export const caseBarcodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{1,64}$/, 'Case barcode: letters and digits only');
const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Currency: a three-letter code such as EUR');
const noteSchema = multiLineText('Note')
  .trim()
  .max(500, 'Note: at most 500 characters')
  .transform((text) => (text === '' ? null : text))
  .nullable();

// --------------------------------------------------------------------------------------------- suppliers

/** What a person types for a supplier (POST /api/suppliers, PUT /api/suppliers/:supplierId). */
export const supplierInputSchema = z
  .object({
    name: plainText('Name').trim().min(1, 'Name: required').max(120, 'Name: at most 120 characters'),
    /** The person to call or write to. */
    contact: optionalText('Contact', 120).default(null),
    email: plainText('Email')
      .trim()
      .max(254, 'Email: at most 254 characters')
      .regex(/^([^\s@]+@[^\s@]+)?$/, 'Email: an address such as orders@supplier.example')
      .transform((text) => (text === '' ? null : text))
      .nullable()
      .default(null),
    /** What the supplier invoices in; unit costs of its items and orders are in it. */
    currency: currencyCode,
    /** Days from ordering to delivery: an order's expected day when none is given. */
    leadTimeDays: z
      .number()
      .int('Lead time: whole days')
      .min(0, 'Lead time cannot be negative')
      .max(365, 'Lead time: at most 365 days')
      .default(0),
    /** The smallest order value the supplier takes, in minor units; 0: none. */
    minimumOrderMinor: minorAmount('Minimum order').default(0),
  })
  .strict();
export type SupplierInput = z.output<typeof supplierInputSchema>;

export const supplierSchema = z.object({
  id: z.string(),
  name: z.string(),
  contact: z.string().nullable(),
  email: z.string().nullable(),
  currency: z.string(),
  leadTimeDays: z.number().int(),
  minimumOrderMinor: z.number().int(),
});
export type Supplier = z.infer<typeof supplierSchema>;

/** A SKU as one supplier sells it (PUT /api/suppliers/:supplierId/items/:sku; one row of the items CSV). */
export const supplierItemInputSchema = z
  .object({
    /** The supplier's own code for it, printed on the order beside our SKU. */
    supplierCode: plainText('Supplier code')
      .trim()
      .min(1, 'Supplier code: required')
      .max(64, 'Supplier code: at most 64 characters'),
    /** What one unit costs from this supplier, in minor units of the supplier's currency. */
    unitCostMinor: minorAmount('Unit cost'),
    /** Units in a pack: orders are rounded up to whole packs. */
    packSize: units('Pack size').min(1, 'Pack size: at least 1').default(1),
    caseBarcode: caseBarcodeSchema
      .nullable()
      .default(null)
      .or(z.literal('').transform(() => null)),
    /** The least the supplier sells of it in one order (0: no minimum). */
    minimumQuantity: units('Minimum quantity').default(0),
    /** The supplier this SKU is ordered from by default: one per SKU. */
    preferred: z.boolean().default(false),
  })
  .strict();
export type SupplierItemInput = z.output<typeof supplierItemInputSchema>;

export const supplierItemSchema = z.object({
  supplierId: z.string(),
  sku: z.string(),
  supplierCode: z.string(),
  unitCostMinor: z.number().int(),
  packSize: z.number().int(),
  caseBarcode: z.string().nullable(),
  minimumQuantity: z.number().int(),
  preferred: z.boolean(),
});
export type SupplierItem = z.infer<typeof supplierItemSchema>;

// ---------------------------------------------------------------------------------------- purchase orders

/** A line as a person or a suggestion asks for it: the unit cost defaults to the supplier item's. */
export const purchaseOrderLineInputSchema = z
  .object({
    sku: purchasingSkuSchema,
    quantity: units('Quantity').min(1, 'Quantity: at least 1'),
    unitCostMinor: minorAmount('Unit cost').optional(),
  })
  .strict();
export type PurchaseOrderLineInput = z.output<typeof purchaseOrderLineInputSchema>;

const oneLinePerSku = <T extends { sku: string }>(lines: T[]): boolean =>
  new Set(lines.map((line) => line.sku)).size === lines.length;

export const purchaseOrderLinesInputSchema = z
  .array(purchaseOrderLineInputSchema)
  .min(1, 'Order at least one line')
  .max(MAX_PURCHASE_ORDER_LINES, `At most ${MAX_PURCHASE_ORDER_LINES} lines: split it into two orders`)
  .refine(oneLinePerSku, { message: 'Each SKU once: add up its quantities.' });

/**
 * POST /api/purchase-orders: draft orders from one supplier. Each line names its store; a request for several
 * stores becomes one draft per store (an order is for one store).
 */
export const purchaseOrderCreateSchema = z
  .object({
    supplierId: supplierIdSchema,
    expectedAt: deliveryDateSchema.nullable().default(null),
    note: noteSchema.default(null),
    lines: z
      .array(
        purchaseOrderLineInputSchema.extend({
          storeId: plainText('Store').trim().min(1, 'Store: required').max(40),
        }),
      )
      .min(1, 'Order at least one line')
      .max(MAX_PURCHASE_ORDER_LINES * 10)
      .refine((lines) => new Set(lines.map((line) => `${line.storeId}\0${line.sku}`)).size === lines.length, {
        message: 'Each SKU once per store: add up its quantities.',
      }),
  })
  .strict();
export type PurchaseOrderCreate = z.output<typeof purchaseOrderCreateSchema>;

/** PUT /api/purchase-orders/:purchaseOrderId: a draft's lines, expected day and note, replaced whole. */
export const purchaseOrderEditSchema = z
  .object({
    expectedAt: deliveryDateSchema.nullable().default(null),
    note: noteSchema.default(null),
    lines: purchaseOrderLinesInputSchema,
  })
  .strict();
export type PurchaseOrderEdit = z.output<typeof purchaseOrderEditSchema>;

export const purchaseOrderLineSchema = z.object({
  sku: z.string(),
  /** The product's name when the line was written. */
  name: z.string(),
  /** The supplier's code for the SKU (null: the supplier has no item for it). */
  supplierCode: z.string().nullable(),
  packSize: z.number().int(),
  caseBarcode: z.string().nullable(),
  /** Ordered; 0 for a flagged line. */
  quantity: z.number().int(),
  unitCostMinor: z.number().int(),
  /** The sum of the receipts against the order (over-receipts included). */
  receivedQuantity: z.number().int(),
  /** Received against the order although it was not on it: for a person to look at. */
  flagged: z.boolean(),
});
export type PurchaseOrderLine = z.infer<typeof purchaseOrderLineSchema>;

export const purchaseOrderSchema = z.object({
  id: z.string(),
  /** "PO-000123". */
  number: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  storeId: z.string(),
  state: purchaseOrderStateSchema,
  /** The supplier's currency: unit costs and the total are in it. */
  currency: z.string(),
  lines: z.array(purchaseOrderLineSchema),
  /** Σ quantity × unit cost of the ordered lines. */
  totalMinor: z.number().int(),
  note: z.string().nullable(),
  /** Who drafted it: "user:<id>", "token:<id>", or "register:<registerId>/<userId>" for a register's draft. */
  createdBy: z.string(),
  createdAt: z.string(),
  orderedAt: z.string().nullable(),
  /** The day the goods are expected (YYYY-MM-DD). */
  expectedAt: z.string().nullable(),
  /** When it was last changed (edited, ordered, received against, closed or cancelled), and by whom. */
  updatedAt: z.string(),
  updatedBy: z.string(),
  /** The goods receipts counted in receivedQuantity (a register adds its own that are not among them yet). */
  receiptIds: z.array(z.string()),
});
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;

/** A line's quantity still incoming: ordered less received, never below zero; 0 once the order is not open. */
export const incomingOf = (
  state: PurchaseOrderState,
  line: Pick<PurchaseOrderLine, 'quantity' | 'receivedQuantity'>,
): number => (isOpenPurchaseOrder(state) ? Math.max(0, line.quantity - line.receivedQuantity) : 0);

/** The state an ordered order is in once its lines have received what they have. */
export function stateAfterReceiving(
  lines: Pick<PurchaseOrderLine, 'quantity' | 'receivedQuantity'>[],
): PurchaseOrderState {
  if (lines.every((line) => line.receivedQuantity >= line.quantity)) return 'received';
  return lines.some((line) => line.receivedQuantity > 0) ? 'partly_received' : 'ordered';
}

// ------------------------------------------------------------------------------------------------ streams

/**
 * The 'purchaseOrders' stream (key `${storeId}:${purchaseOrderId}`, only the register's own store): the store's
 * open orders, full state on every change, so its registers receive against them and show their unreceived
 * quantities as incoming. null once the order is received, closed short or cancelled (nothing more is expected).
 */
export const purchaseOrderItemSchema = purchaseOrderSchema;
export type PurchaseOrderItem = PurchaseOrder;
export const purchaseOrderKey = (storeId: string, purchaseOrderId: string): string =>
  `${storeId}:${purchaseOrderId}`;

/** The 'suppliers' stream (key: supplier id, every register): whom a register may draft an order for. */
export const supplierStreamItemSchema = supplierSchema;
export type SupplierStreamItem = Supplier;
