/**
 * The one contract between the renderer and the main process: channel names, an input schema per call, the
 * output type per call, and the events main sends. Preload, main and the tests all import it from here.
 *
 * To find what a call does, look its channel up in src/main/ipc/handlers.ts: each entry is one service call.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from './limits.ts';
import type {
  AppInfo,
  AuditEntry,
  AuthState,
  Availability,
  DeviceStatus,
  DrawerEvent,
  FoundDevices,
  ImportProgress,
  ImportReport,
  OpenSale,
  ParkedSaleSummary,
  PrintJobReport,
  ProductHit,
  RecentReturn,
  RecentSale,
  Receipt,
  SaleCompletion,
  ReturnableSale,
  ReturnQuote,
  ReturnReceipt,
  ReturnResult,
  SaleVoid,
  ScannerReading,
  ScanOrigin,
  ShiftState,
  StockCheckReport,
  StockLine,
  StockMovementView,
  UserSummary,
} from './domain.ts';
import { adjustmentRequestSchema, type AdjustmentResult } from './adjustments.ts';
import { scanCodeSchema } from './barcode.ts';
import { cashCountSchema } from './cash-count.ts';
import {
  countedQuantitySchema,
  newCountScopeSchema,
  uncountedChoiceSchema,
  type CountLineChange,
  type CountScan,
  type CountSubmission,
  type JoinableCount,
  type OpenCount,
} from './counts.ts';
import { idSchema } from './documents/fields.ts';
import type { CountDetail } from './sync/counts-api.ts';
import { customerSearchSchema, newCustomerSchema, type Customer, type CustomerHistory } from './customers.ts';
import { adjustmentReasonSchema, discountSchema } from './discount.ts';
import type { CounterErrorData, Envelope } from './errors.ts';
import { approvalSchema, pinSchema, roleSchema } from './permissions.ts';
import { maxPairingHours, type PhonePairingOffer, type PhonesState } from './phone.ts';
import {
  purchaseOrderDraftRequestSchema,
  receivingDraftSchema,
  type DraftedPurchaseOrder,
  type LowStockLine,
  type SupplierChoice,
  type PurchaseOrderSummary,
  type PurchaseOrderView,
  type SavedReceivingDraft,
  type ScannedUnits,
} from './purchase-receiving.ts';
import { goodsReceiptRequestSchema, type GoodsReceiptDocument } from './receiving.ts';
import { returnRequestSchema } from './returns.ts';
import type { StyleGrid } from './styles.ts';
import { plainText } from './text.ts';
import { deviceConfigSchema, type DeviceConfig } from './settings.ts';
import { overShortReasonSchema } from './documents/shift.ts';
import type { XReport, ZReportView } from './shift-report.ts';
import { enrollRequestSchema } from './sync/protocol.ts';
import type { ShiftEndCheck, SyncStatus } from './sync/status.ts';
import {
  transferAskSchema,
  transferReceiveSchema,
  transferSendSchema,
  type TransferStore,
  type TransferView,
} from './transfers.ts';

const none = z.object({}).strict().optional();
const lineId = plainText('Line id').min(1).max(64);
const productId = z.number().int().positive();
/** Another user's PIN, when the current user lacks the permission (APPROVAL_REQUIRED). */
const approval = approvalSchema.optional();
/** How many of the latest (sales, returns, receipts, drafted orders) to list: 20 unless asked. */
const latest = z
  .object({ limit: z.number().int().min(1).max(200).default(20) })
  .strict()
  .default({ limit: 20 });
const userId = plainText('User id').min(1).max(64);
const customerId = plainText('Customer id').min(1).max(64);
/** A purchase order's id; null: receiving without one. */
const purchaseOrderRef = plainText('Purchase order').min(1).max(64).nullable();
/** Pieces, or grams for goods sold by weight. Zero is not a quantity: remove the line instead. */
const quantity = z
  .number()
  .int('Quantity must be a whole number')
  .min(1, 'Quantity must be at least 1')
  .max(MAX_QUANTITY, 'Quantity is too large');
const saleId = plainText('Sale id').min(1).max(64);
/** A discount with its reason, or null (and no reason) to clear it. */
const discountChange = {
  discount: discountSchema.nullable(),
  reason: adjustmentReasonSchema.optional(),
  approval,
};
const reasonGiven = (input: { discount: unknown; reason?: string }): boolean =>
  input.discount === null || input.reason !== undefined;
const reasonMessage = { message: 'Give a reason for the discount.', path: ['reason'] };

export const inputs = {
  'app.info': none,
  'catalog.search': z
    .object({ query: plainText('Search').max(100), limit: z.number().int().min(1).max(100).optional() })
    .strict(),
  /** A style's variants as a grid (shared/styles.ts), with their stock here. */
  'catalog.styleGrid': z.object({ styleId: plainText('Style').min(1).max(64) }).strict(),
  /**
   * The file as it is: the import reports each field with a control character by row and column. dryRun (the
   * default) says what it would change; without it, 'catalog.import' unless the user may, audited.
   */
  'catalog.importCsv': z
    .object({
      csv: z.string().max(20_000_000, 'The file is larger than 20 MB'),
      dryRun: z.boolean().default(true),
      approval,
    })
    .strict(),
  'sale.current': none,
  'sale.scan': z.object({ code: scanCodeSchema }).strict(),
  'sale.addProduct': z.object({ productId, quantity: quantity.optional() }).strict(),
  /** Lowering a quantity is a partial line void: 'line.void' unless the user may. */
  'sale.setQuantity': z.object({ lineId, quantity, approval }).strict(),
  /** A line void: 'line.void' unless the user may; logged in the audit. */
  'sale.removeLine': z.object({ lineId, approval }).strict(),
  'sale.addTender': z
    .object({
      kind: z.enum(['cash', 'card']),
      amountMinor: z
        .number()
        .int('Amount must be whole cents')
        .positive('Amount must be more than zero')
        .max(MAX_AMOUNT_MINOR),
    })
    .strict(),
  'sale.removeTender': z.object({ tenderId: plainText('Payment id').min(1).max(64) }).strict(),
  /** Cancelling a sale with items: 'sale.cancel' unless the user may; logged in the audit. */
  'sale.cancel': z.object({ approval }).strict().optional(),
  'sale.complete': none,
  /** A percent or amount off one line, before tax; beyond the role's limit needs 'discount.overLimit'. */
  'sale.discountLine': z
    .object({ lineId, ...discountChange })
    .strict()
    .refine(reasonGiven, reasonMessage),
  /** Off the whole sale, shared over the lines before tax; beyond the role's limit needs 'discount.overLimit'. */
  'sale.discountCart': z.object(discountChange).strict().refine(reasonGiven, reasonMessage),
  /** A new unit price (per kg for weighed goods) with a reason; needs 'price.override'. */
  'sale.overridePrice': z
    .object({
      lineId,
      unitPriceMinor: z
        .number()
        .int('A price is whole cents')
        .nonnegative('A price cannot be negative')
        .max(MAX_AMOUNT_MINOR, 'That price is not realistic'),
      reason: adjustmentReasonSchema,
      approval,
    })
    .strict(),
  /** Puts the open sale aside (it must have items and no payments) and starts a new one. */
  'sale.park': none,
  'sale.parked': none,
  /** Names a parked sale so it is easy to find again; an empty name takes the name away. */
  'sale.nameParked': z
    .object({
      saleId,
      name: plainText('The name').trim().max(40, 'A name for a parked sale is at most 40 characters'),
    })
    .strict(),
  /** Brings a parked sale back; an open sale with items is parked in its place (one with payments is refused). */
  'sale.resume': z.object({ saleId }).strict(),
  /** Cancels a completed sale of today with compensating records; needs 'sale.postVoid'. */
  'sale.postVoid': z.object({ saleId, reason: adjustmentReasonSchema, approval }).strict(),
  /** A typed or scanned receipt number: this register's ledger first, then head office (when online). */
  'return.lookup': z
    .object({
      code: plainText('The receipt number').trim().min(1, 'Scan or type the receipt number').max(64),
    })
    .strict(),
  /** What a return would refund or charge, and which approvals it needs; writes nothing. */
  'return.quote': returnRequestSchema,
  /** The return (and the exchange sale) in one transaction. */
  'return.complete': returnRequestSchema,
  /** This register's returns, newest first. */
  'return.recent': latest,
  /** A return of this register by its typed, scanned or picked receipt number; null when no return has it. */
  'return.receipt': z.object({ code: plainText('Receipt number').trim().min(1).max(64) }).strict(),
  'sale.receipt': z.object({ saleId }).strict(),
  /** By name, phone or email: this register's customers, and the company's when head office answers. */
  'customer.search': customerSearchSchema.strict(),
  /** A new customer, made here (offline too) and sent to head office once. */
  'customer.create': newCustomerSchema,
  /** Puts a customer on the open sale; 'customer.detach' takes them off. */
  'customer.attach': z.object({ customerId }).strict(),
  'customer.detach': none,
  'customer.attached': none,
  /** What they bought and returned: every store's through head office, else this register's. */
  'customer.history': z.object({ customerId }).strict(),
  /** This register's completed sales, newest first. */
  'sale.recent': latest,
  'stock.availability': z.object({ productId }).strict(),
  'stock.check': z.object({ repair: z.boolean().optional() }).strict().optional(),
  /** The Stock screen: a search (code or name words) or a category, each product with its figures here. */
  'stock.list': z
    .object({
      search: plainText('Search').trim().max(100).optional(),
      category: plainText('Category').max(100).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  'stock.categories': none,
  /** The latest movements of one product here, newest first; `beforeId` pages on. */
  'stock.movements': z
    .object({
      productId,
      beforeId: z.number().int().optional(),
      limit: z.number().int().min(1).max(200).default(30),
    })
    .strict(),
  /** An adjustment: needs 'stock.adjust', and 'stock.adjust.approve' above the store's approval value. */
  'stock.adjust': adjustmentRequestSchema,
  'count.categories': none,
  /** The count open at this register, with its lines; null when none is. */
  'count.current': none,
  /** Needs 'stock.count'. One count is open at a time at a register. */
  'count.open': z.object({ scope: newCountScopeSchema, blind: z.boolean(), approval }).strict(),
  /** A scanned or typed code counts one more of its product (scans from the scanner come as 'scan.read'). */
  'count.scan': z.object({ code: scanCodeSchema }).strict(),
  /** A product picked by search, with the quantity counted: a new line. */
  'count.addProduct': z.object({ productId, quantity: countedQuantitySchema }).strict(),
  /** A typed quantity for a line not sent yet. */
  'count.setQuantity': z
    .object({ lineNo: z.number().int().min(1), quantity: countedQuantitySchema })
    .strict(),
  /** The open count's sheet on the receipt printer. */
  'count.printSheet': none,
  /** Sends the unsent lines to head office and closes the count here. Needs 'stock.count'. */
  'count.submit': z.object({ approval }).strict().optional(),
  /** The store's counts head office announced (opened there or at any register of the store). */
  'count.storeCounts': none,
  /** Count into a count of the store with the others. Needs 'stock.count'. */
  'count.join': z.object({ countId: idSchema, approval }).strict(),
  /** Every register's lines merged, as head office has them. Needs 'stock.count.approve'. */
  'count.review': z.object({ countId: idSchema, approval }).strict(),
  /** Needs 'stock.count.approve': the approval goes to head office, which applies it. */
  'count.approve': z.object({ countId: idSchema, uncounted: uncountedChoiceSchema, approval }).strict(),
  /**
   * A scanned or typed code while receiving (against `purchaseOrderId`: its case barcodes count a pack): the
   * product and its units, or null to keep it as an unknown line.
   */
  'receiving.lookup': z.object({ code: scanCodeSchema, purchaseOrderId: idSchema.optional() }).strict(),
  /** Needs 'stock.receive'. */
  'receiving.complete': goodsReceiptRequestSchema,
  'receiving.recent': latest,
  /** This store's purchase orders still expected, for the picker. */
  'receiving.orders': none,
  /** An open order by its id (its barcode) or number; blind for a user without 'receiving.seeOrdered'. */
  'receiving.order': z.object({ code: plainText('Purchase order').trim().min(1).max(64) }).strict(),
  /** The receipt in progress saved for an order (null: without one). */
  'receiving.draft': z.object({ purchaseOrderId: purchaseOrderRef }).strict(),
  /** Needs 'stock.receive': keeps the receipt in progress until it completes (it survives a restart). */
  'receiving.saveDraft': receivingDraftSchema,
  'receiving.discardDraft': z.object({ purchaseOrderId: purchaseOrderRef }).strict(),
  /** The suppliers head office sent, to draft an order for. */
  'purchasing.suppliers': none,
  /** Needs 'purchase.draft' (a manager): sent to head office as a draft order of this store. */
  'purchasing.draftOrder': purchaseOrderDraftRequestSchema,
  /** The SKUs at or below their reorder point here, for managers ('purchase.draft'). */
  'purchasing.lowStock': none,
  'purchasing.drafted': latest,
  'transfers.list': none,
  /** The transfer's id (the packing list's barcode) or its number. */
  'transfers.open': z.object({ code: plainText('Transfer').trim().min(1).max(64) }).strict(),
  'transfers.stores': none,
  /** Needs 'transfer.receive': the goods are for this store. */
  'transfers.request': transferAskSchema,
  /** Needs 'transfer.send'. */
  'transfers.send': transferSendSchema,
  /** Needs 'transfer.receive'. */
  'transfers.receive': transferReceiveSchema,
  'devices.list': none,
  'devices.getConfig': none,
  /** Needs 'settings.edit'. */
  'devices.setConfig': deviceConfigSchema.extend({ approval }),
  'devices.status': none,
  'devices.testPrint': none,
  /** While active, hardware scans only show on the Devices screen ('scanner.test') and stay out of the sale. */
  'devices.scannerTest': z.object({ active: z.boolean() }).strict(),
  /**
   * Where hardware scans go: 'sale' (added to the open sale; the default) or 'screen' (sent to the screen as
   * 'scan.read', for the returns screen, which decides what a code is). Each screen sets it when it opens.
   */
  'devices.scanRoute': z.object({ to: z.enum(['sale', 'screen']) }).strict(),
  /** Paired phones and whether phones can reach the register. */
  'phones.state': none,
  /**
   * A one-time pairing code (and its QR code) for a phone that scans for `userId` for `hours`; starts the
   * register's phone server. Needs 'devices.pairPhone'.
   */
  'phones.pair': z
    .object({
      userId,
      hours: z.number().int().min(1).max(maxPairingHours, 'A phone stays paired for at most 7 days'),
      approval,
    })
    .strict(),
  /** Ends a phone's pairing at once: its next request is refused. Needs 'devices.pairPhone'. */
  'phones.revoke': z.object({ pairingId: plainText('Pairing id').min(1).max(64), approval }).strict(),
  'drawer.noSale': z.object({ approval }).strict().optional(),
  'receipt.reprint': z.object({ saleId }).strict(),
  'print.retry': none,
  'sync.status': none,
  /** Clears a stop whose cause a person fixed, reconnects, and sends and pulls now. */
  'sync.now': none,
  /**
   * A pairing code from head office gets the register a device token bound to one store; once enrolled, only a
   * re-pair code for this register works (it keeps its numbering). The register sends its own id, never the
   * screen. Needs 'settings.edit' (a manager).
   */
  'sync.enroll': z
    .object({
      // Checked before the URL parser, which would quietly drop a tab or a leading control character.
      headOfficeUrl: plainText('Head office address').pipe(
        z.url({
          protocol: /^https?$/,
          error: 'Head office address: a web address such as https://hq.example.com',
        }),
      ),
      ...enrollRequestSchema.omit({ registerId: true }).shape,
      approval,
    })
    .strict(),
  'sync.shiftEndCheck': none,
  'auth.current': none,
  /** By PIN alone, or by the user chosen from users.list and their PIN. Another user's PIN switches user. */
  'auth.login': z.object({ pin: pinSchema, userId: userId.optional() }).strict(),
  /** Keeps the user and the open sale; auth.login with a PIN unlocks. */
  'auth.lock': none,
  'auth.logout': none,
  'users.list': none,
  /** No userId: a new user (PIN required). Leaving the PIN out keeps it. Needs 'settings.edit'. */
  'users.save': z
    .object({
      userId: userId.optional(),
      name: plainText('The name').trim().min(1, 'Enter a name').max(40, 'A name is at most 40 characters'),
      role: roleSchema,
      pin: pinSchema.optional(),
      active: z.boolean().default(true),
      approval,
    })
    .strict(),
  /** The most recent audit entries, newest first. Needs 'settings.edit'. */
  'audit.list': z
    .object({ limit: z.number().int().min(1).max(500).default(100), approval })
    .strict()
    .default({ limit: 100 }),
  'shift.current': none,
  /** The float, counted by denomination (ShiftState.denominations). */
  'shift.open': z.object({ count: cashCountSchema }).strict(),
  'shift.cashMovement': z
    .object({
      kind: z.enum(['in', 'out']),
      amountMinor: z
        .number()
        .int('Amount must be whole cents')
        .positive('Amount must be more than zero')
        .max(MAX_AMOUNT_MINOR),
      reason: plainText('The reason').trim().min(1, 'Give a reason').max(200),
      approval,
    })
    .strict(),
  'shift.xReport': none,
  /**
   * The blind count by denomination. An over/short beyond the store's limit is refused once (RECOUNT_REQUIRED);
   * the recount, if still beyond it, needs a reason (REASON_REQUIRED) and 'shift.overShort'.
   */
  'shift.close': z
    .object({ count: cashCountSchema, reason: overShortReasonSchema.optional(), approval })
    .strict(),
  'shift.zReport': z.object({ number: z.number().int().min(1) }).strict(),
  /** The open shift's X report, or a Z report, on the receipt printer (the screen also prints it itself). */
  'shift.printReport': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('x') }).strict(),
    z.object({ kind: z.literal('z'), number: z.number().int().min(1) }).strict(),
  ]),
} as const;

export type Channel = keyof typeof inputs;
export const channels = Object.keys(inputs) as Channel[];

/** What the renderer sends. */
export type Input<C extends Channel> = z.input<(typeof inputs)[C]>;
/** What a handler receives, after validation and defaults. */
export type ParsedInput<C extends Channel> = z.output<(typeof inputs)[C]>;
export type EnrollInput = ParsedInput<'sync.enroll'>;

export interface Outputs {
  'app.info': AppInfo;
  'catalog.search': ProductHit[];
  'catalog.styleGrid': StyleGrid | null;
  'catalog.importCsv': ImportReport;
  'sale.current': OpenSale;
  'sale.scan': OpenSale;
  'sale.addProduct': OpenSale;
  'sale.setQuantity': OpenSale;
  'sale.removeLine': OpenSale;
  'sale.addTender': OpenSale;
  'sale.removeTender': OpenSale;
  'sale.cancel': OpenSale;
  'sale.complete': SaleCompletion;
  'sale.receipt': Receipt;
  'sale.recent': RecentSale[];
  'sale.discountLine': OpenSale;
  'sale.discountCart': OpenSale;
  'sale.overridePrice': OpenSale;
  /** The new, empty sale. */
  'sale.park': OpenSale;
  'sale.parked': ParkedSaleSummary[];
  /** The parked sales, with the new name. */
  'sale.nameParked': ParkedSaleSummary[];
  'sale.resume': OpenSale;
  'sale.postVoid': SaleVoid;
  'return.lookup': ReturnableSale;
  'return.quote': ReturnQuote;
  'return.complete': ReturnResult;
  'return.recent': RecentReturn[];
  'return.receipt': ReturnReceipt | null;
  'customer.search': Customer[];
  'customer.create': Customer;
  'customer.attach': Customer;
  'customer.detach': null;
  'customer.attached': Customer | null;
  'customer.history': CustomerHistory;
  'stock.availability': Availability;
  'stock.check': StockCheckReport;
  'stock.list': StockLine[];
  'stock.categories': string[];
  'stock.movements': StockMovementView[];
  'stock.adjust': AdjustmentResult;
  'count.categories': string[];
  'count.current': OpenCount | null;
  'count.open': OpenCount;
  'count.scan': CountScan;
  'count.addProduct': CountLineChange;
  'count.setQuantity': CountLineChange;
  'count.printSheet': PrintJobReport;
  'count.submit': CountSubmission;
  'count.storeCounts': JoinableCount[];
  'count.join': OpenCount;
  'count.review': CountDetail;
  'count.approve': JoinableCount;
  'receiving.lookup': ScannedUnits | null;
  'receiving.complete': GoodsReceiptDocument;
  'receiving.recent': GoodsReceiptDocument[];
  'receiving.orders': PurchaseOrderSummary[];
  'receiving.order': PurchaseOrderView;
  'receiving.draft': SavedReceivingDraft | null;
  'receiving.saveDraft': SavedReceivingDraft;
  'receiving.discardDraft': null;
  'purchasing.suppliers': SupplierChoice[];
  'purchasing.draftOrder': DraftedPurchaseOrder;
  'purchasing.drafted': DraftedPurchaseOrder[];
  'purchasing.lowStock': LowStockLine[];
  'transfers.list': TransferView[];
  'transfers.open': TransferView;
  'transfers.stores': TransferStore[];
  'transfers.request': TransferView;
  'transfers.send': TransferView;
  'transfers.receive': TransferView;
  'devices.list': FoundDevices;
  'devices.getConfig': DeviceConfig;
  'devices.setConfig': DeviceConfig;
  'devices.status': DeviceStatus;
  'devices.testPrint': DeviceStatus;
  'devices.scannerTest': { active: boolean };
  'devices.scanRoute': { to: 'sale' | 'screen' };
  'phones.state': PhonesState;
  'phones.pair': PhonePairingOffer;
  'phones.revoke': PhonesState;
  'drawer.noSale': DrawerEvent;
  'receipt.reprint': PrintJobReport;
  'print.retry': DeviceStatus;
  'sync.status': SyncStatus;
  'sync.now': SyncStatus;
  'sync.enroll': SyncStatus;
  'sync.shiftEndCheck': ShiftEndCheck;
  'auth.current': AuthState;
  'auth.login': AuthState;
  'auth.lock': AuthState;
  'auth.logout': AuthState;
  'users.list': UserSummary[];
  'users.save': UserSummary;
  'audit.list': AuditEntry[];
  'shift.current': ShiftState;
  'shift.open': ShiftState;
  'shift.cashMovement': ShiftState;
  'shift.xReport': XReport;
  'shift.close': ZReportView;
  'shift.zReport': ZReportView;
  'shift.printReport': PrintJobReport;
}
export type Output<C extends Channel> = Outputs[C];

/** The handler table main builds from its services: exactly one function per channel. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Output<C> | Promise<Output<C>> };

/** Events from main to the renderer, all through one subscription. */
export interface Events {
  'sale.changed': OpenSale;
  'stock.changed': { productIds: number[] };
  /** A transfer of this store changed: sent, received or asked for here, or head office sent news of it. */
  'transfers.changed': { transferId: string };
  /** Head office announced a count of this store, or news of one (approved). */
  'counts.changed': Record<string, never>;
  /** A hardware scanner read a code that could not be added; the renderer shows it like a wedge scan error. */
  'scan.rejected': { code: string; error: CounterErrorData };
  /**
   * A hardware scanner or a paired phone read a code while the screen takes scans itself ('devices.scanRoute'
   * 'screen'); `by` says which, and for a phone, whose scan it is.
   */
  'scan.read': { code: string; by: ScanOrigin };
  /** A phone paired, was revoked, or the phone server started or stopped. */
  'phones.changed': PhonesState;
  /** Printer, drawer and scanner state and the print queue, whenever any of it changes. */
  'devices.status': DeviceStatus;
  /** Every code a hardware scanner reads, with its parsed meaning, for the Devices screen's live test. */
  'scanner.test': ScannerReading;
  /** Connection, events waiting, last success or error: whenever any of it changes. */
  'sync.status': SyncStatus;
  /** Login, lock, logout, switch user, or a change to the logged-in user. */
  'auth.changed': AuthState;
  /** A shift opened or closed, or cash moved in or out. */
  'shift.changed': ShiftState;
  /** The store's name, currency or tax settings changed (head office sent them). */
  'settings.changed': AppInfo;
  /** How far the catalog import that is running has got. */
  'catalog.importProgress': ImportProgress;
}
export type EventName = keyof Events;
export interface EventMessage<E extends EventName = EventName> {
  name: E;
  payload: Events[E];
}

/** Electron channel names: one per call, one for all events. */
export { eventChannel, ipcChannel } from './ipc-names.ts';

type OptionalIfEmpty<C extends Channel> = undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>];

/**
 * `window.counter`, as exposed by the preload. invoke resolves to an envelope rather than throwing, because
 * contextBridge keeps only the message of a thrown error; the renderer's client turns it into a CounterError.
 */
export interface CounterBridge {
  invoke<C extends Channel>(channel: C, ...input: OptionalIfEmpty<C>): Promise<Envelope<Output<C>>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}
