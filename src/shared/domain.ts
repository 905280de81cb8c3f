/**
 * The shapes the register's screens work with. All JSON-shaped (no Date, Map or BigInt) so they cross
 * Electron's structured clone and the test bridge alike. Money is integer minor units; quantities are integer
 * base units (pieces, or grams for goods sold by weight).
 */
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
