/**
 * The shapes the register's screens work with. All JSON-shaped (no Date, Map or BigInt) so they cross
 * Electron's structured clone and the test bridge alike. Money is integer minor units; quantities are integer
 * base units (pieces, or grams for goods sold by weight).
 */
import type { ParsedBarcode } from './barcode.ts';
import type { ImportTally } from './catalog-changes.ts';
import type { AppliedDiscount } from './discount.ts';
import type { CashCountLine, Denomination } from './cash-count.ts';
import type { PermissionAction, Role } from './permissions.ts';
import type { PrinterStatus } from './escpos/status.ts';
import type { RegisterIdentity, StoreSettings } from './settings.ts';
import type { MovementReason, StockFigures, StockState } from './stock.ts';
import type { VariantOf } from './styles.ts';

export type Unit = 'each' | 'kg';

export interface Product {
  id: number;
  sku: string;
  name: string;
  /** Price per piece, or per kilogram for unit 'kg'. */
  priceMinor: number;
  taxCode: string;
  category: string | null;
  unit: Unit;
  active: boolean;
  barcodes: string[];
  /** Set when the product is a variant of a style (shared/styles.ts). */
  style?: VariantOf;
}

export interface ProductHit extends Product {
  onHand: number;
}

/** A product as it was sold: the name, price and tax rate of that moment, not looked up again. */
export interface SoldItem {
  productId: number;
  sku: string;
  name: string;
  unit: Unit;
  quantity: number;
  unitPriceMinor: number;
  taxCode: string;
  taxRateBasisPoints: number;
}

export interface SaleLine extends SoldItem {
  lineId: string;
  /** quantity × price, rounded, before discounts: gross when prices include tax, net when they do not. */
  amountMinor: number;
  /** This line's share of its rate's tax; the shares add up to the receipt's tax for that rate exactly. */
  taxMinor: number;
  /** What the customer pays for the line after discounts, tax included. */
  totalMinor: number;
  /** The line's own discount and what it took off; absent when it has none. */
  discount?: AppliedDiscount;
  /** The line's share of the cart discount; absent when the sale has none. */
  cartDiscountMinor?: number;
  /** Set when a person changed the price: unitPriceMinor is the new price, this keeps the catalog's and why. */
  priceOverride?: PriceOverride;
}

export interface PriceOverride {
  catalogPriceMinor: number;
  reason: string;
}

export interface TaxSummary {
  code: string;
  name: string;
  rateBasisPoints: number;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
}

export interface SaleTotals {
  pricesIncludeTax: boolean;
  /** Sum of line amounts before discounts (gross if prices include tax, else net). */
  subtotalMinor: number;
  /** What line and cart discounts took off the subtotal, before tax. */
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  taxes: TaxSummary[];
}

export type TenderKind = 'cash' | 'card';

export interface Tender {
  tenderId: string;
  kind: TenderKind;
  amountMinor: number;
}

export interface StockWarning {
  productId: number;
  name: string;
  /** On hand here once this sale completes; negative means the shelf count is off. */
  onHandAfter: number;
}

export interface OpenSale {
  saleId: string;
  startedAt: string;
  lines: SaleLine[];
  totals: SaleTotals;
  tenders: Tender[];
  paidMinor: number;
  /**
   * Still to pay; 0 once tendered in full. With cash among the tenders, the cash part is rounded: the screen
   * shows cardDueMinor or cashDueMinor, this says whether anything is left.
   */
  dueMinor: number;
  /** Cash to hand back; only cash can be over-tendered. */
  changeMinor: number;
  /** What is still to pay if the rest is paid in cash: rounded to the store's smallest coin (cashRoundingMinor). */
  cashDueMinor: number;
  /** What is still to pay if the rest is paid by card: exact, as a card is never rounded. */
  cardDueMinor: number;
  /** What cash rounding adds to the total (negative: rounded down); 0 until cash is tendered. */
  roundingMinor: number;
  /** The discount on the whole sale, if any; its share per line is in each line's cartDiscountMinor. */
  cartDiscount: AppliedDiscount | null;
  stockWarnings: StockWarning[];
  /** Whether it can be completed now, decided in main: true, or what is still to do first. */
  canComplete: true | SaleCompletionBlock;
}

/** Why the open sale cannot be completed yet; `reason` says what to do, for the screen to show. */
export interface SaleCompletionBlock {
  code: 'EMPTY_SALE' | 'UNDERPAID' | 'OVERPAID_CARD' | 'NOT_LOGGED_IN' | 'NO_OPEN_SHIFT';
  reason: string;
}

export interface CompletedSale {
  saleId: string;
  receiptNumber: string;
  completedAt: string;
  storeId: string;
  registerId: string;
  currency: string;
  lines: SaleLine[];
  totals: SaleTotals;
  tenders: Tender[];
  changeMinor: number;
  /** The outbox sequence number this sale was queued under for head office. */
  outboxSeq: number;
  /** Who sold it and in which shift; null only for sales made before users and shifts existed. */
  userId: string | null;
  shiftId: string | null;
  /** The discount on the whole sale; absent when none. */
  cartDiscount?: AppliedDiscount;
  /** Cash rounding added to the total when the cash part was paid (negative: rounded down); absent when 0. */
  roundingMinor?: number;
  /** Set when the sale is the new side of an exchange: part of it was paid with the returned goods' value. */
  exchange?: ExchangeCredit;
  /** The customer it was rung up for; absent for an anonymous sale. */
  customerId?: string;
}

export interface ExchangeCredit {
  returnId: string;
  /** The return document's receipt number. */
  receiptNumber: string;
  creditMinor: number;
}

export interface Receipt {
  sale: CompletedSale;
  settings: StoreSettings;
  /** The name of who sold it; null when not known (a sale from before users, or from another register). */
  cashier: string | null;
  /** The customer's name, printed when they asked for it; null or absent otherwise. */
  customer?: string | null;
}

/** What completing a sale gives the screen, with no second read: the sale's receipt and the new open sale. */
export interface SaleCompletion {
  receipt: Receipt;
  next: OpenSale;
}

/** A completed sale of this register, for picking one from a list (reprint, return, post-void). */
export interface RecentSale {
  saleId: string;
  receiptNumber: string;
  completedAt: string;
  totalMinor: number;
  cashier: string | null;
  /** Post-voided. */
  voided: boolean;
  /** Some or all of it came back in a return made at this register. */
  returned: boolean;
}

export interface StoreStock {
  storeId: string;
  storeName: string;
  onHand: number;
  /** When head office last heard from that store; null for this register's own live figure. */
  asOf: string | null;
  /** Every state of that store (zero for states head office had not sent yet). */
  figures: StockFigures;
}

export interface Availability {
  product: Product;
  onHandHere: number;
  /** Every state here; available to sell = on hand − committed. */
  here: StockFigures;
  availableHere: number;
  /** On this store's open purchase orders, not received yet (never a movement: see INVENTORY.md). */
  incomingHere: number;
  otherStores: StoreStock[];
}

/** A product with its figures here, as the Stock screen lists it. */
export interface StockLine {
  product: Product;
  here: StockFigures;
  availableHere: number;
  /** On this store's open purchase orders, not received yet. */
  incomingHere: number;
}

/** One movement of a SKU here, as the Stock screen shows it: what, why, which document, who, when. */
export interface StockMovementView {
  id: number;
  state: StockState;
  delta: number;
  reason: MovementReason;
  /** The document's kind as people call it ("Sale", "Adjustment") and its id. */
  documentLabel: string | null;
  documentId: string | null;
  /** An adjustment's own reason ("Theft", or the store's words). */
  detail: string | null;
  userName: string | null;
  occurredAt: string;
}

/** Where the ledger's balance of one state differs from the sum of its movements. */
export interface StockDifference {
  productId: number;
  sku: string;
  state: StockState;
  projected: number;
  fromMovements: number;
}

export interface StockCheckReport {
  productsChecked: number;
  differences: StockDifference[];
  repaired: boolean;
}

export interface ImportRowError {
  row: number;
  message: string;
}

/** What an import did, or (a dry run, `applied` false) would do: counts of new, changed and unchanged products. */
export interface ImportReport extends ImportTally {
  applied: boolean;
  /** Product rows in the file (0 when it has problems: nothing is imported). */
  imported: number;
  errors: ImportRowError[];
}

/**
 * How far an import is: checking the file (done and total in characters read), then writing the products that
 * change (done and total in products).
 */
export interface ImportProgress {
  phase: 'checking' | 'writing';
  done: number;
  total: number;
}

export interface AppInfo {
  version: string;
  settings: StoreSettings;
  register: RegisterIdentity;
  /** Digits after the decimal point for the store currency (2 for EUR, 0 for JPY). */
  currencyDigits: number;
}

// Devices (DEVICES.md): what the Devices screen and the status bar show.

export interface PrinterModelInfo {
  id: string;
  name: string;
  /** Characters per line with the default font. */
  columns: number;
  qrCode: boolean;
}

export interface FoundHidDevice {
  path: string;
  vendorId: number;
  productId: number;
  product: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
  /** Usage page 0x8C: a scanner in HID POS mode, which Counter reads directly (keyboard-mode scanners type). */
  posScanner: boolean;
}

export interface FoundSerialPort {
  path: string;
  manufacturer: string | null;
  vendorId: string | null;
  productId: string | null;
}

export interface FoundDevices {
  hid: FoundHidDevice[];
  serialPorts: FoundSerialPort[];
  /** Linux USB printer files (/dev/usb/lp*). */
  usbPrinters: string[];
  /** Network printers cannot be discovered: these are the configured ones. */
  networkPrinters: { host: string; port: number }[];
  printerModels: PrinterModelInfo[];
  /** Why a kind of device could not be listed, in words; the rest of the list is still good. */
  problems: string[];
}

/** 'offline': configured but not reachable (switched off, unplugged, out of range); the message says which. */
export type DeviceConnection = 'not-configured' | 'connecting' | 'online' | 'offline';

export interface PrinterStatusReport {
  connection: DeviceConnection;
  /** e.g. "Printer at 192.168.1.50:9100"; null when no printer is configured. */
  label: string | null;
  /** The last DLE EOT answer; null until the printer has answered, or while its answers are not understood. */
  status: PrinterStatus | null;
  /** A receipt can print now. */
  ready: boolean;
  message: string;
}

export interface DrawerStatusReport {
  connection: DeviceConnection;
  /** From the printer's drawer sensor; null when unknown (no printer answer, or a serial drawer). */
  open: boolean | null;
  message: string;
}

export interface ScannerStatusReport {
  /** Stable for a configured scanner: "hid:0c2e:0b8f" or "serial:/dev/ttyACM0". */
  id: string;
  kind: 'hid' | 'serial';
  label: string;
  connection: DeviceConnection;
  message: string;
}

export interface PrintQueueReport {
  queued: number;
  failed: number;
  /** Why the oldest failed job failed, for the status bar. */
  lastError: string | null;
}

export interface DeviceStatus {
  printer: PrinterStatusReport;
  drawer: DrawerStatusReport;
  scanners: ScannerStatusReport[];
  queue: PrintQueueReport;
}

export type PrintJobState = 'queued' | 'printing' | 'done' | 'failed';

export interface PrintJobReport {
  jobId: number;
  saleId: string | null;
  status: PrintJobState;
  attempts: number;
  lastError: string | null;
}

export interface DrawerEvent {
  occurredAt: string;
  registerId: string;
  /** 'refund': cash paid back by a return or a post-void. */
  reason: 'sale' | 'no-sale' | 'refund';
  /** The sale, return or void that opened it. */
  saleId: string | null;
  opened: boolean;
}

/** A code read by a hardware scanner, for the Devices screen's live scanner test. */
export interface ScannerReading {
  scannerId: string;
  code: string;
  /** AIM symbology identifier sent by the scanner, e.g. "]E0" for EAN-13; null if it sent none. */
  aim: string | null;
  /** The code parsed (GTIN, GS1 elements, embedded price or weight); null when it could not be parsed. */
  parsed: ParsedBarcode | null;
  /** What the register made of it: the product added, or why the code was refused. */
  outcome: string;
  /** Whether it went to the sale (false while the Devices screen's scanner test is on). */
  addedToSale: boolean;
}

/** Who scanned a code that reaches a screen taking scans itself ('scan.read'). */
export interface ScanOrigin {
  /** The scanner: "hid:0c2e:0b8f", "serial:/dev/ttyACM0", or "phone:<pairing id>". */
  scannerId: string;
  /**
   * A phone's paired user, who is credited with what it scans (a count line). Null for a scanner at the
   * register: whoever is logged in there scanned.
   */
  user: UserRef | null;
}

// People, shifts and the audit log.

export type { CashCountLine, Denomination } from './cash-count.ts';

export interface UserRef {
  userId: string;
  name: string;
}

export interface UserSummary extends UserRef {
  role: Role;
  active: boolean;
}

/** Who is at the register. While locked the user and the open sale stay, but a PIN is needed to go on. */
export interface AuthState {
  user: UserSummary | null;
  locked: boolean;
  /** What the logged-in user may do without approval; empty while nobody is logged in. */
  permissions: PermissionAction[];
  /** The user's role limit; null while nobody is logged in. */
  maxDiscountPercent: number | null;
}

export interface AuditEntry {
  id: number;
  occurredAt: string;
  registerId: string;
  /** A PermissionAction, or what else was recorded (e.g. 'users.save'). */
  action: string;
  user: UserRef;
  approver: UserRef | null;
  details: Record<string, unknown>;
}

export interface ShiftInfo {
  shiftId: string;
  registerId: string;
  openedAt: string;
  openedBy: UserRef;
  currency: string;
  floatMinor: number;
  floatCount: CashCountLine[];
}

export interface CashMovement {
  id: number;
  shiftId: string;
  occurredAt: string;
  kind: 'in' | 'out';
  amountMinor: number;
  reason: string;
  user: UserRef;
  approver: UserRef | null;
}

export interface ShiftState {
  /** null: no shift is open, so nothing can be sold until one is. */
  shift: ShiftInfo | null;
  cashMovements: CashMovement[];
  /** The store currency's coins and notes, smallest first, for the float and the closing count. */
  denominations: Denomination[];
  /** The last Z report's number; null before the first shift closed. */
  lastZNumber: number | null;
}

// Returns, exchanges, post-voids and parked sales.

/** 'sellable': back on the shelf (on hand); 'damaged': kept apart as damaged stock, not on hand. */
export type ReturnDisposition = 'sellable' | 'damaged';

export interface Refund {
  kind: TenderKind;
  amountMinor: number;
}

/** One tender kind of a sale: what it paid (cash net of change), what went back to it, what still may. */
export interface RefundableTender {
  kind: TenderKind;
  paidMinor: number;
  refundedMinor: number;
  refundableMinor: number;
}

export interface ReturnableLine {
  line: SaleLine;
  /** Returned so far, across every earlier return this register or head office knows of. */
  returnedQuantity: number;
  /** Sold minus returned: the most a return may take back now. */
  returnableQuantity: number;
}

/** A completed sale looked up for a return: its lines with what is still returnable, its tenders. */
export interface ReturnableSale {
  sale: CompletedSale;
  /** 'local': in this register's ledger; 'head-office': another register's or store's, found through head office. */
  source: 'local' | 'head-office';
  lines: ReturnableLine[];
  tenders: RefundableTender[];
  /** What was paid for it and is not given back yet (money and exchange credit). */
  leftToRefundMinor: number;
  /** Post-voided: nothing of it can be returned. */
  voided: boolean;
  /** Who sold it; null when head office found it (it knows another register's users by id only). */
  cashier: string | null;
}

export interface ReturnedLine extends SoldItem {
  /** The sale line it came back from; null for a return without receipt. */
  originalLineId: string | null;
  /** The returned part of the line's amount before discounts, its discounts, tax and total (as refunded). */
  amountMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  disposition: ReturnDisposition;
}

export interface OriginalSaleRef {
  saleId: string;
  receiptNumber: string;
  registerId: string;
  completedAt: string;
}

/** What a return would do, before it is done: for the screen to show and ask approval for. */
export interface ReturnQuote {
  original: OriginalSaleRef | null;
  lines: ReturnedLine[];
  /** The value of the goods coming back. */
  totals: SaleTotals;
  /** When the open sale's items are taken in exchange: its total and how much of it the returned goods pay. */
  exchange: { saleTotalMinor: number; creditMinor: number } | null;
  /** What the customer still pays (an exchange for more than comes back); the cash part is rounded if paid in cash. */
  balanceDueMinor: number;
  /** Money back to the customer, after rounding, and to which tenders. */
  refundMinor: number;
  refunds: Refund[];
  roundingMinor: number;
  /** Approvals the logged-in user needs for it: the screen asks for a manager PIN before completing. */
  approvalsNeeded: PermissionAction[];
}

export interface CompletedReturn {
  returnId: string;
  /** From the same series as sales' receipt numbers. */
  receiptNumber: string;
  completedAt: string;
  storeId: string;
  registerId: string;
  currency: string;
  original: OriginalSaleRef | null;
  /** Why, for a return without receipt (required there), or as the cashier noted it. */
  reason: string | null;
  userId: string | null;
  approverId: string | null;
  shiftId: string | null;
  lines: ReturnedLine[];
  totals: SaleTotals;
  refunds: Refund[];
  roundingMinor: number;
  /** Set when the returned goods paid for a new sale (an exchange). */
  exchange: { saleId: string; receiptNumber: string; creditMinor: number } | null;
  outboxSeq: number;
  /** The customer who brought the goods back; absent when nobody was named. */
  customerId?: string;
}

/** A return of this register, for picking one from a list (its receipt, again). */
export interface RecentReturn {
  returnId: string;
  receiptNumber: string;
  completedAt: string;
  /** The value of the goods that came back. */
  totalMinor: number;
  cashier: string | null;
  /** The sale it is for; null for a return without receipt. */
  originalReceiptNumber: string | null;
}

/** A return's receipt as the ledger recorded it, like a sale's Receipt. */
export interface ReturnReceipt {
  return: CompletedReturn;
  settings: StoreSettings;
  /** Who took the return back; null when not known. */
  cashier: string | null;
}

export interface ReturnResult {
  return: CompletedReturn;
  /** The new side of an exchange; null for a plain return. */
  exchangeSale: CompletedSale | null;
  /** After an exchange, the new open sale that replaced its new side; null for a plain return. */
  nextSale: OpenSale | null;
}

/** A completed sale cancelled the same day: its stock came back and its payments went back. */
export interface SaleVoid {
  voidId: string;
  receiptNumber: string;
  saleId: string;
  saleReceiptNumber: string;
  voidedAt: string;
  storeId: string;
  registerId: string;
  reason: string;
  userId: string | null;
  approverId: string | null;
  shiftId: string | null;
  /** The sale's total, as reversed. */
  totalMinor: number;
  /** Stock put back: the sale's lines. */
  lines: { productId: number; sku: string; quantity: number }[];
  refunds: Refund[];
  outboxSeq: number;
}

export interface ParkedSaleSummary {
  saleId: string;
  /** What the cashier named it ("Blue coat, back in 5 min"); null when unnamed. */
  name: string | null;
  parkedAt: string;
  parkedBy: UserRef | null;
  /** Pieces, and each weighed line counted once. */
  itemCount: number;
  totalMinor: number;
  /** The first few item names, for telling parked sales apart. */
  preview: string[];
}
