/**
 * The shapes the register's screens work with. All JSON-shaped (no Date, Map or BigInt) so they cross
 * Electron's structured clone and the test bridge alike. Money is integer minor units; quantities are integer
 * base units (pieces, or grams for goods sold by weight).
 */
import type { ParsedBarcode } from './barcode.ts';
import type { PrinterStatus } from './escpos/status.ts';
import type { RegisterIdentity, StoreSettings } from './settings.ts';

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
}

export interface ProductHit extends Product {
  onHand: number;
}

export interface SaleLine {
  lineId: string;
  productId: number;
  sku: string;
  name: string;
  unit: Unit;
  quantity: number;
  unitPriceMinor: number;
  taxCode: string;
  taxRateBasisPoints: number;
  /** quantity × price, rounded: gross when prices include tax, net when they do not. */
  amountMinor: number;
  /** This line's share of its rate's tax; the shares add up to the receipt's tax for that rate exactly. */
  taxMinor: number;
  /** What the customer pays for the line, tax included. */
  totalMinor: number;
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
  /** Sum of line amounts (gross if prices include tax, else net). */
  subtotalMinor: number;
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
  /** Still to pay; 0 once tendered in full. */
  dueMinor: number;
  /** Cash to hand back; only cash can be over-tendered. */
  changeMinor: number;
  stockWarnings: StockWarning[];
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
}

export interface Receipt {
  sale: CompletedSale;
  settings: StoreSettings;
}

export interface StoreStock {
  storeId: string;
  storeName: string;
  onHand: number;
  /** When head office last heard from that store; null for this register's own live figure. */
  asOf: string | null;
}

export interface Availability {
  product: Product;
  onHandHere: number;
  otherStores: StoreStock[];
}

export interface StockDifference {
  productId: number;
  sku: string;
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

export interface ImportReport {
  imported: number;
  created: number;
  updated: number;
  errors: ImportRowError[];
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
  /** The last DLE EOT answer; null until the printer has answered. */
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
  reason: 'sale' | 'no-sale';
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
