/**
 * The customer's receipt as a document: built once from a completed sale (or a return, or a post-void) and the
 * store settings, then laid out in rows for a given paper width. The on-screen preview shows the rows as text;
 * the ESC/POS renderer in main prints the same rows, so what the screen shows is what the paper says. Slips
 * that are not receipts (X and Z reports) are TextDocuments, laid out into the same rows.
 *
 * Amounts are formatted here, in the store's locale and currency, so every renderer prints the same strings.
 */
import { describeDiscount, type AppliedDiscount } from './discount.ts';
import type {
  CompletedReturn,
  CompletedSale,
  Refund,
  ReturnedLine,
  SaleLine,
  SaleVoid,
  TaxSummary,
  TenderKind,
} from './domain.ts';
import { formatMoney } from './money.ts';
import { registerLabel, type NamedRegister, type StoreSettings } from './settings.ts';

/** A price reduction as the customer should read it. */
export interface ReceiptDiscount {
  /** "Discount 10 % (damaged box)" */
  label: string;
  /** Negative, e.g. "-€1.00". */
  amount: string;
}

export interface ReceiptItem {
  name: string;
  /** "2 × €1.49" or "0.512 kg × €3.99/kg"; null for a single piece, where it would only repeat the amount. */
  detail: string | null;
  /** Before the item's discount. */
  amount: string;
  /** The item's own discount; the cart discount is in ReceiptDocument.discounts. */
  discount: ReceiptDiscount | null;
}

export interface ReceiptTax {
  /** "VAT 20%" */
  label: string;
  net: string;
  tax: string;
  gross: string;
}

export interface ReceiptDocument {
  /**
   * What the receipt is for: a return or a post-void prints its kind in large letters and its amounts as money
   * going back. Absent from receipts queued before returns had receipts: those are sales.
   */
  kind?: 'sale' | 'return' | 'void';
  receiptNumber: string;
  /** A reprint: marked DUPLICATE so it cannot pass for a second sale. */
  duplicate: boolean;
  storeName: string;
  addressLines: string[];
  headerLines: string[];
  footerLines: string[];
  /** When the sale completed, ISO 8601; dateText is the same instant in the store's locale. */
  completedAt: string;
  dateText: string;
  storeId: string;
  registerId: string;
  /** The register as printed (registerLabel); receipts queued before it was added print registerId. */
  register?: string;
  cashier: string | null;
  /** The customer's name, when they asked for it on their receipts. */
  customer?: string | null;
  pricesIncludeTax: boolean;
  items: ReceiptItem[];
  /** In the totals: the item discounts added up, then the discount on the whole sale. */
  discounts: ReceiptDiscount[];
  taxes: ReceiptTax[];
  subtotal: string;
  total: string;
  /** Cash rounding to the smallest coin, and what was then to pay; null without rounding. */
  rounding: { amount: string; toPay: string } | null;
  /** Tenders, after the returned goods' value when the sale is the new side of an exchange. */
  tenders: { label: string; amount: string }[];
  change: string | null;
  /** Printed as a barcode or QR code, so a return can find the sale by scanning the receipt; null: no code. */
  returnCode: string | null;
  /** Lines under the totals: for a return or a void, which sale it is for and why. */
  notes?: string[];
}

export interface ReceiptOptions {
  cashier?: string | null;
  customer?: string | null;
  /** The register that shows or prints it: its own documents name it as people know it. */
  register?: NamedRegister;
  duplicate?: boolean;
  /** IANA zone for the printed time; the register's own zone when left out. */
  timeZone?: string;
}

const tenderLabels: Record<TenderKind, string> = { cash: 'Cash', card: 'Card' };

/** Printers have no narrow or non-breaking space (Intl puts them in "12,34 €" and "1 234"): use a plain one. */
function printable(text: string): string {
  return text.replace(/[\u00a0\u202f\u2009]/g, ' ');
}

function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** 512 grams → "0.512" in the locale's digits and separator, without going through a float. */
function formatKilograms(grams: number, locale: string): string {
  const whole = Math.trunc(grams / 1000);
  const fraction = String(Math.abs(grams % 1000)).padStart(3, '0');
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(
    `${whole}.${fraction}` as `${number}`,
  );
}

/** "VAT 23 %": the rate's name with its percentage, unless the name already says it ("VAT 23%"). */
export function taxRateLabel(name: string, rateBasisPoints: number, locale: string): string {
  if (name.includes('%')) return name;
  const rate = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    rateBasisPoints / 10_000,
  );
  return `${name} ${rate}`;
}

/** Formatting shared by sale, return and void receipts. */
function formatting(currency: string, settings: StoreSettings, options: ReceiptOptions) {
  const { locale } = settings;
  const money = (minor: number): string => printable(formatMoney(minor, currency, locale));
  return {
    money,
    itemDetail: (line: Pick<SaleLine, 'unit' | 'quantity' | 'unitPriceMinor'>): string | null => {
      if (line.unit === 'kg') {
        return printable(`${formatKilograms(line.quantity, locale)} kg × ${money(line.unitPriceMinor)}/kg`);
      }
      return line.quantity === 1 ? null : `${line.quantity} × ${money(line.unitPriceMinor)}`;
    },
    dateText: (iso: string): string =>
      printable(
        new Intl.DateTimeFormat(locale, {
          dateStyle: 'short',
          timeStyle: 'short',
          ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        }).format(new Date(iso)),
      ),
    /** `sign` -1: the tax goes back with the goods. */
    taxes: (taxes: TaxSummary[], sign: 1 | -1): ReceiptTax[] =>
      taxes.map((tax) => ({
        label: printable(taxRateLabel(tax.name, tax.rateBasisPoints, locale)),
        net: money(sign * tax.netMinor),
        tax: money(sign * tax.taxMinor),
        gross: money(sign * tax.grossMinor),
      })),
    /** The store's part of every receipt. */
    store: {
      duplicate: options.duplicate ?? false,
      storeName: settings.storeName,
      addressLines: settings.addressLines.filter((line) => line.trim().length > 0),
      headerLines: splitLines(settings.receiptHeader),
      footerLines: splitLines(settings.receiptFooter),
      cashier: options.cashier ?? null,
      customer: options.customer ?? null,
    },
  };
}

export function buildReceipt(
  sale: Omit<CompletedSale, 'outboxSeq'>,
  settings: StoreSettings,
  options: ReceiptOptions = {},
): ReceiptDocument {
  return saleDocument(sale, settings, options, 1);
}

/** A sale's receipt; `sign` -1 turns its goods, discounts and taxes into money going back (a void). */
function saleDocument(
  sale: Omit<CompletedSale, 'outboxSeq'>,
  settings: StoreSettings,
  options: ReceiptOptions,
  sign: 1 | -1,
): ReceiptDocument {
  const { money: format, itemDetail, dateText, taxes, store } = formatting(sale.currency, settings, options);
  const money = (minor: number): string => format(sign * minor);
  const discount = (applied: AppliedDiscount): ReceiptDiscount => ({
    label: printable(`Discount ${describeDiscount(applied.discount, format)} (${applied.reason})`),
    amount: money(-applied.amountMinor),
  });
  const itemDiscountMinor = sale.lines.reduce((sum, line) => sum + (line.discount?.amountMinor ?? 0), 0);
  const roundingMinor = sale.roundingMinor ?? 0;

  return {
    kind: 'sale',
    receiptNumber: sale.receiptNumber,
    ...store,
    completedAt: sale.completedAt,
    dateText: dateText(sale.completedAt),
    storeId: sale.storeId,
    registerId: sale.registerId,
    register: registerLabel(sale.registerId, options.register),
    pricesIncludeTax: sale.totals.pricesIncludeTax,
    items: sale.lines.map((line) => ({
      name: line.name,
      detail: itemDetail(line),
      amount: money(line.amountMinor),
      discount: line.discount ? discount(line.discount) : null,
    })),
    discounts: [
      ...(itemDiscountMinor > 0 ? [{ label: 'Item discounts', amount: money(-itemDiscountMinor) }] : []),
      ...(sale.cartDiscount ? [discount(sale.cartDiscount)] : []),
    ],
    taxes: taxes(sale.totals.taxes, sign),
    subtotal: money(sale.totals.subtotalMinor),
    total: money(sale.totals.totalMinor),
    rounding:
      roundingMinor !== 0
        ? { amount: money(roundingMinor), toPay: money(sale.totals.totalMinor + roundingMinor) }
        : null,
    tenders: [
      ...(sale.exchange
        ? [
            {
              label: `Returned goods ${sale.exchange.receiptNumber}`,
              amount: money(sale.exchange.creditMinor),
            },
          ]
        : []),
      ...sale.tenders.map((tender) => ({
        label: tenderLabels[tender.kind],
        amount: money(tender.amountMinor),
      })),
    ],
    change: sale.changeMinor > 0 ? money(sale.changeMinor) : null,
    returnCode: sale.receiptNumber,
  };
}

const refundLabels: Record<TenderKind, string> = { cash: 'Cash back', card: 'Back to card' };

/** Money going back, per tender, as the customer receives it. */
function refundTenders(refunds: Refund[], money: (minor: number) => string): ReceiptDocument['tenders'] {
  return refunds.map((refund) => ({ label: refundLabels[refund.kind], amount: money(refund.amountMinor) }));
}

/**
 * A return's (or an exchange's) receipt: what came back, as negative amounts, the refund per tender, which sale
 * it is for and why. It carries no return code: the customer keeps the original receipt for a later return.
 */
export function buildReturnReceipt(
  ret: Omit<CompletedReturn, 'outboxSeq'>,
  settings: StoreSettings,
  options: ReceiptOptions = {},
): ReceiptDocument {
  const { money, itemDetail, dateText, taxes, store } = formatting(ret.currency, settings, options);
  const item = (line: ReturnedLine): ReceiptItem => ({
    name: line.name,
    detail:
      [itemDetail(line), line.disposition === 'damaged' ? 'damaged' : null].filter(Boolean).join(', ') ||
      null,
    amount: money(-line.amountMinor),
    discount: line.discountMinor !== 0 ? { label: 'Discount', amount: money(line.discountMinor) } : null,
  });
  const notes = [
    ret.original
      ? `For receipt ${ret.original.receiptNumber} of ${dateText(ret.original.completedAt)}`
      : 'Without receipt',
    ...(ret.reason ? [`Reason: ${ret.reason}`] : []),
  ];
  return {
    kind: 'return',
    receiptNumber: ret.receiptNumber,
    ...store,
    completedAt: ret.completedAt,
    dateText: dateText(ret.completedAt),
    storeId: ret.storeId,
    registerId: ret.registerId,
    register: registerLabel(ret.registerId, options.register),
    pricesIncludeTax: ret.totals.pricesIncludeTax,
    items: ret.lines.map(item),
    discounts: [],
    taxes: taxes(ret.totals.taxes, -1),
    subtotal: money(-ret.totals.subtotalMinor),
    total: money(-ret.totals.totalMinor),
    rounding: refundRounding(ret.totals.totalMinor, ret.roundingMinor, money),
    tenders: [
      ...(ret.exchange
        ? [
            {
              label: `Paid towards sale ${ret.exchange.receiptNumber}`,
              amount: money(ret.exchange.creditMinor),
            },
          ]
        : []),
      ...refundTenders(ret.refunds, money),
    ],
    change: null,
    returnCode: null,
    notes: notes.map(printable),
  };
}

/** A post-void's receipt: the whole sale cancelled, as negative amounts, and its payments going back. */
export function buildVoidReceipt(
  saleVoid: SaleVoid,
  sale: Omit<CompletedSale, 'outboxSeq'>,
  settings: StoreSettings,
  options: ReceiptOptions = {},
): ReceiptDocument {
  const { money, dateText } = formatting(sale.currency, settings, options);
  return {
    ...saleDocument(sale, settings, options, -1),
    kind: 'void',
    receiptNumber: saleVoid.receiptNumber,
    completedAt: saleVoid.voidedAt,
    dateText: dateText(saleVoid.voidedAt),
    tenders: refundTenders(saleVoid.refunds, money),
    change: null,
    returnCode: null,
    notes: [
      `Voids sale ${sale.receiptNumber} of ${dateText(sale.completedAt)}`,
      `Reason: ${saleVoid.reason}`,
    ].map(printable),
  };
}

/** Cash rounding on money going back: the goods' value, rounded to what the customer receives. */
function refundRounding(
  totalMinor: number,
  roundingMinor: number,
  money: (minor: number) => string,
): ReceiptDocument['rounding'] {
  return roundingMinor === 0
    ? null
    : { amount: money(-roundingMinor), toPay: money(-(totalMinor + roundingMinor)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Layout: rows for a paper width in characters.

export type ReceiptRow =
  | { kind: 'text'; text: string; align: 'left' | 'center'; bold: boolean }
  /** The return code, centred: a barcode or QR code on paper, the plain number in a text preview. */
  | { kind: 'code'; content: string };

const width = (text: string): number => [...text].length;

/** Word-wraps to `columns`, cutting words that are longer than a whole line. */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (width(rest) > columns) {
      if (current) lines.push(current);
      current = '';
      const chars = [...rest];
      lines.push(chars.slice(0, columns).join(''));
      rest = chars.slice(columns).join('');
    }
    if (!rest) continue;
    if (!current) current = rest;
    else if (width(current) + 1 + width(rest) <= columns) current += ' ' + rest;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

/** `left` wrapped on the left, `right` flush right on the last line (or a line of its own if it does not fit). */
export function twoColumns(left: string, right: string, columns: number): string[] {
  const lines = wrapText(left, columns);
  const last = lines[lines.length - 1] ?? '';
  const room = columns - width(last) - width(right);
  if (room >= 1) lines[lines.length - 1] = last + ' '.repeat(room) + right;
  else lines.push(' '.repeat(Math.max(0, columns - width(right))) + right);
  return lines;
}

/** Appends rows for `columns` characters: wrapped text, two columns, indented text, rules. */
function rowWriter(columns: number) {
  const rows: ReceiptRow[] = [];
  return {
    rows,
    text: (line: string, align: 'left' | 'center' = 'left', bold = false): void => {
      for (const wrapped of wrapText(line, columns)) rows.push({ kind: 'text', text: wrapped, align, bold });
    },
    pair: (left: string, right: string, bold = false, indent = ''): void => {
      for (const line of twoColumns(left, right, columns - indent.length))
        rows.push({ kind: 'text', text: indent + line, align: 'left', bold });
    },
    indented: (line: string): void => {
      for (const wrapped of wrapText(line, columns - 2))
        rows.push({ kind: 'text', text: '  ' + wrapped, align: 'left', bold: false });
    },
    rule: (): void => {
      rows.push({ kind: 'text', text: '-'.repeat(columns), align: 'left', bold: false });
    },
  };
}

export function layoutReceipt(doc: ReceiptDocument, columns: number): ReceiptRow[] {
  const { rows, text, pair, indented, rule } = rowWriter(columns);
  const duplicateMarker = (): void => text('*** DUPLICATE ***', 'center', true);
  // A return or a void says so in large letters: its money goes back to the customer.
  const heading = doc.kind === 'return' ? 'RETURN' : doc.kind === 'void' ? 'VOID' : null;

  text(doc.storeName, 'center', true);
  for (const line of doc.addressLines) text(line, 'center');
  for (const line of doc.headerLines) text(line, 'center');
  if (doc.duplicate) duplicateMarker();
  if (heading) text(heading, 'center', true);
  rule();
  pair('Receipt', doc.receiptNumber);
  text(doc.dateText);
  const register = doc.register ?? doc.registerId;
  text(doc.cashier ? `Register ${register}, cashier ${doc.cashier}` : `Register ${register}`);
  if (doc.customer) text(`Customer ${doc.customer}`);
  for (const note of doc.notes ?? []) text(note);
  rule();

  for (const item of doc.items) {
    pair(item.name, item.amount);
    if (item.detail) indented(item.detail);
    if (item.discount) pair(item.discount.label, item.discount.amount, false, '  ');
  }
  rule();

  if (doc.discounts.length > 0 || !doc.pricesIncludeTax) pair('Subtotal', doc.subtotal);
  for (const discount of doc.discounts) pair(discount.label, discount.amount);
  if (!doc.pricesIncludeTax) {
    for (const tax of doc.taxes) {
      pair(tax.label, tax.tax);
      indented(`on ${tax.net}`);
    }
  }
  pair('TOTAL', doc.total, true);
  if (doc.rounding) {
    pair('Rounding', doc.rounding.amount);
    pair(heading ? 'Paid back' : 'To pay', doc.rounding.toPay, true);
  }
  for (const tender of doc.tenders) pair(tender.label, tender.amount);
  if (doc.change) pair('Change', doc.change);

  if (doc.pricesIncludeTax && doc.taxes.length > 0) {
    rule();
    for (const tax of doc.taxes) {
      pair(`${tax.label} incl.`, tax.tax);
      indented(`net ${tax.net}, gross ${tax.gross}`);
    }
  }

  rule();
  if (doc.returnCode !== null) rows.push({ kind: 'code', content: doc.returnCode });
  for (const line of doc.footerLines) text(line, 'center');
  if (doc.duplicate) duplicateMarker();
  return rows;
}

const centre = (line: string, columns: number): string =>
  ' '.repeat(Math.max(0, Math.floor((columns - width(line)) / 2))) + line;

/** Rows as plain text, one string per printed line: the on-screen previews and the tests read this. */
export function rowsText(rows: ReceiptRow[], columns: number): string[] {
  return rows.map((row) =>
    row.kind === 'code'
      ? centre(`[${row.content}]`, columns)
      : row.align === 'center'
        ? centre(row.text, columns)
        : row.text,
  );
}

/** The receipt as plain text, one string per printed line. */
export function receiptText(doc: ReceiptDocument, columns: number): string[] {
  return rowsText(layoutReceipt(doc, columns), columns);
}

// ---------------------------------------------------------------------------------------------------------------
// Slips that are not receipts

/** A slip such as an X or Z report: its lines, laid out for the paper width when it is shown or printed. */
export interface TextDocument {
  kind: 'text';
  lines: TextLine[];
}

export type TextLine =
  | { kind: 'line'; text: string; bold?: boolean }
  /** `left` wrapped, `right` flush right: a label and its amount. */
  | { kind: 'pair'; left: string; right: string }
  | { kind: 'rule' }
  /** A barcode of `content` (a transfer's id on its packing list). */
  | { kind: 'code'; content: string };

/** What the print queue prints. */
export type PrintDocument = ReceiptDocument | TextDocument;

export function layoutText(doc: TextDocument, columns: number): ReceiptRow[] {
  const { rows, text, pair, rule } = rowWriter(columns);
  for (const line of doc.lines) {
    if (line.kind === 'line') text(line.text, 'left', line.bold ?? false);
    else if (line.kind === 'pair') pair(line.left, line.right);
    else if (line.kind === 'code') rows.push(line);
    else rule();
  }
  return rows;
}
