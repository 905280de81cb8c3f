/**
 * Shift totals for the X report (any time) and the Z report (at close), as pure arithmetic on integer minor
 * units. Each document of the shift gives ShiftFigures (src/shared/shift-totals.ts); addFigures sums them and
 * shiftTotals derives the expected cash:
 *   expected cash = float + cash taken − cash refunded + cash in − cash out
 * where cash taken is cash tendered minus change given (cash rounding included), and cash refunded is what
 * returns and post-voids paid back in cash.
 */
import type { CashCountLine } from './cash-count.ts';
import type { TaxSummary, UserRef } from './domain.ts';
import { formatMoney } from './money.ts';
import { layoutText, rowsText, type TextDocument, type TextLine } from './receipt.ts';
import { plural } from './words.ts';
import { registerLabel, type NamedRegister } from './settings.ts';

export interface TenderTakings {
  kind: string;
  /** Taken for sales (cash: tendered minus change). */
  takenMinor: number;
  /** Given back for returns and voids. */
  refundedMinor: number;
}

export interface DocumentSums {
  count: number;
  /** What the documents were worth to the customer, tax included. */
  grossMinor: number;
  taxMinor: number;
}

/** What one ledger source adds to a shift. Every field is a plain sum, so sources add up field by field. */
export interface ShiftFigures {
  sales: DocumentSums;
  returns: DocumentSums;
  /** Completed sales voided afterwards (post-void). */
  voids: DocumentSums;
  /** Given on the shift's sales (already taken off their totals). */
  discounts: { count: number; amountMinor: number };
  /** Cash rounding: added to sales' cash payments, minus added to cash refunds (negative: rounded down). */
  roundingMinor: number;
  /** Per rate, sales minus returns and voids (these enter with negative amounts). */
  taxes: TaxSummary[];
  tenders: TenderTakings[];
  cashInMinor: number;
  cashOutMinor: number;
}

const noSums: DocumentSums = { count: 0, grossMinor: 0, taxMinor: 0 };

export const noFigures: ShiftFigures = {
  sales: noSums,
  returns: noSums,
  voids: noSums,
  discounts: { count: 0, amountMinor: 0 },
  roundingMinor: 0,
  taxes: [],
  tenders: [],
  cashInMinor: 0,
  cashOutMinor: 0,
};

export interface CashSummary {
  floatMinor: number;
  takenMinor: number;
  refundedMinor: number;
  inMinor: number;
  outMinor: number;
  expectedMinor: number;
}

export interface ShiftTotals {
  currency: string;
  sales: DocumentSums;
  returns: DocumentSums;
  voids: DocumentSums;
  discounts: ShiftFigures['discounts'];
  roundingMinor: number;
  /** Sales minus returns and voids, tax included, before cash rounding. */
  netMinor: number;
  taxes: TaxSummary[];
  /** Takings per tender kind, cash first. */
  tenders: (TenderTakings & { netMinor: number })[];
  cash: CashSummary;
}

const addSums = (a: DocumentSums, b: DocumentSums): DocumentSums => ({
  count: a.count + b.count,
  grossMinor: a.grossMinor + b.grossMinor,
  taxMinor: a.taxMinor + b.taxMinor,
});

function mergeBy<T>(items: T[], key: (item: T) => string, add: (a: T, b: T) => T): T[] {
  const merged = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const existing = merged.get(k);
    merged.set(k, existing ? add(existing, item) : item);
  }
  return [...merged.values()];
}

export function addFigures(...parts: ShiftFigures[]): ShiftFigures {
  return parts.reduce(
    (a, b) => ({
      sales: addSums(a.sales, b.sales),
      returns: addSums(a.returns, b.returns),
      voids: addSums(a.voids, b.voids),
      discounts: {
        count: a.discounts.count + b.discounts.count,
        amountMinor: a.discounts.amountMinor + b.discounts.amountMinor,
      },
      roundingMinor: a.roundingMinor + b.roundingMinor,
      taxes: mergeBy(
        [...a.taxes, ...b.taxes],
        (t) => `${t.code}\0${t.rateBasisPoints}`,
        (x, y) => ({
          ...x,
          netMinor: x.netMinor + y.netMinor,
          taxMinor: x.taxMinor + y.taxMinor,
          grossMinor: x.grossMinor + y.grossMinor,
        }),
      ),
      tenders: mergeBy(
        [...a.tenders, ...b.tenders],
        (t) => t.kind,
        (x, y) => ({
          kind: x.kind,
          takenMinor: x.takenMinor + y.takenMinor,
          refundedMinor: x.refundedMinor + y.refundedMinor,
        }),
      ),
      cashInMinor: a.cashInMinor + b.cashInMinor,
      cashOutMinor: a.cashOutMinor + b.cashOutMinor,
    }),
    noFigures,
  );
}

export function shiftTotals(currency: string, floatMinor: number, figures: ShiftFigures): ShiftTotals {
  const cash = figures.tenders.find((t) => t.kind === 'cash') ?? { takenMinor: 0, refundedMinor: 0 };
  const tenders = [...figures.tenders]
    .sort((a, b) => (a.kind === 'cash' ? -1 : b.kind === 'cash' ? 1 : a.kind.localeCompare(b.kind)))
    .map((t) => ({ ...t, netMinor: t.takenMinor - t.refundedMinor }));
  const taxes = [...figures.taxes].sort(
    (a, b) => b.rateBasisPoints - a.rateBasisPoints || a.code.localeCompare(b.code),
  );
  return {
    currency,
    sales: figures.sales,
    returns: figures.returns,
    voids: figures.voids,
    discounts: figures.discounts,
    roundingMinor: figures.roundingMinor,
    netMinor: figures.sales.grossMinor - figures.returns.grossMinor - figures.voids.grossMinor,
    taxes,
    tenders,
    cash: {
      floatMinor,
      takenMinor: cash.takenMinor,
      refundedMinor: cash.refundedMinor,
      inMinor: figures.cashInMinor,
      outMinor: figures.cashOutMinor,
      expectedMinor:
        floatMinor + cash.takenMinor - cash.refundedMinor + figures.cashInMinor - figures.cashOutMinor,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

interface ShiftReportBase {
  shiftId: string;
  storeId: string;
  storeName: string;
  registerId: string;
  openedAt: string;
  openedBy: UserRef;
  totals: ShiftTotals;
}

/**
 * Totals for someone who counts the drawer blind (without 'shift.seeExpected'): nothing from which what the
 * drawer should hold follows, so no cash summary and no takings by tender (the net sales less the card takings
 * would give the cash).
 */
export type BlindShiftTotals = Omit<ShiftTotals, 'cash' | 'tenders'> & { tenders: []; cash: null };

export function blindTotals(totals: ShiftTotals): BlindShiftTotals {
  return { ...totals, tenders: [], cash: null };
}

/** The X report: the open shift's totals so far, blind for those who may not see what the drawer should hold. */
export interface XReport extends Omit<ShiftReportBase, 'totals'> {
  kind: 'X';
  generatedAt: string;
  totals: ShiftTotals | BlindShiftTotals;
}

/** Head office's acknowledgement of the shift's events (sales, audit entries...) when the shift closed. */
export interface HeadOfficeAck {
  state: 'not-connected' | 'none' | 'all-acknowledged' | 'waiting';
  /** The shift's events: outbox seqs after the shift opened, up to its close (the 'shift.closed' event follows). */
  events: number;
  acknowledged: number;
  waiting: number;
  message: string;
}

/** The Z report: numbered, stored at close and never changed. */
export interface ZReport extends ShiftReportBase {
  kind: 'Z';
  number: number;
  closedAt: string;
  closedBy: UserRef;
  /** Who approved an over/short beyond the store's limit (the closer, when they may approve it themselves). */
  approvedBy: UserRef | null;
  count: CashCountLine[];
  countedMinor: number;
  /** Counted minus expected: positive over, negative short. */
  overShortMinor: number;
  /** Beyond the store's limit: why (absent within it, and on Z reports of earlier versions). */
  overShortReason?: string;
  /** Beyond the store's limit: the first count, before the recount the close asked for. */
  firstCountedMinor?: number;
  headOffice: HeadOfficeAck;
}

/** A stored Z report with head office's acknowledgement now (the report keeps what it was at close). */
export interface ZReportView {
  report: ZReport;
  headOfficeNow: HeadOfficeAck;
}

export interface ShiftAckInput {
  enrolled: boolean;
  /** Outbox seqs of the shift: firstSeq < seq <= lastSeq. */
  firstSeq: number;
  lastSeq: number;
  lastAckedSeq: number;
  /** How the oldest waiting events are named, e.g. "receipt R1-000012" (a few at most). */
  waitingNames: string[];
  /** Why events wait, in words, e.g. "not connected to head office". */
  why: string;
}

export function describeShiftAck(input: ShiftAckInput): HeadOfficeAck {
  const events = Math.max(0, input.lastSeq - input.firstSeq);
  const acknowledged = Math.max(0, Math.min(input.lastSeq, input.lastAckedSeq) - input.firstSeq);
  const waiting = events - acknowledged;
  if (!input.enrolled) {
    return {
      state: 'not-connected',
      events,
      acknowledged: 0,
      waiting: events,
      message: `Not connected to head office: this register is not enrolled, so the shift's ${plural(events, 'event')} are kept on this register only.`,
    };
  }
  if (events === 0) {
    return {
      state: 'none',
      events,
      acknowledged,
      waiting,
      message: 'No events for head office in this shift.',
    };
  }
  if (waiting === 0) {
    return {
      state: 'all-acknowledged',
      events,
      acknowledged,
      waiting,
      message: `All ${plural(events, 'event')} acknowledged by head office.`,
    };
  }
  const more = waiting - input.waitingNames.length;
  const names =
    more > 0 ? `${input.waitingNames.join(', ')} and ${more} more` : input.waitingNames.join(', ');
  return {
    state: 'waiting',
    events,
    acknowledged,
    waiting,
    message:
      `${waiting} of ${plural(events, 'event')} still waiting for head office (${names}); ` +
      `why: ${input.why}. They stay on this register and are sent as soon as head office can be reached.`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Text layout, for the screen and for paper

const tenderLabels: Record<string, string> = { cash: 'Cash', card: 'Card' };

/**
 * The report as a slip, in the store's locale: shown on screen and printed on the receipt printer. `own`: the
 * register showing or printing it, which its own reports name by its name (Till 1) instead of its id.
 */
export function shiftReportDocument(
  report: XReport | ZReport,
  locale: string,
  own?: NamedRegister,
): TextDocument {
  const { totals } = report;
  // Printers have no narrow or non-breaking space, which Intl puts in some locales' amounts.
  const money = (minor: number): string =>
    formatMoney(minor, totals.currency, locale).replace(/[\u00a0\u202f\u2009]/g, ' ');
  const time = (iso: string): string =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
  const lines: TextLine[] = [];
  const text = (line: string, bold = false): void => void lines.push({ kind: 'line', text: line, bold });
  const pair = (left: string, right: string): void => void lines.push({ kind: 'pair', left, right });
  const rule = (): void => void lines.push({ kind: 'rule' });

  text(report.kind === 'Z' ? `Z REPORT ${report.number}` : 'X REPORT (shift still open)', true);
  text(report.storeName);
  text(`Register ${registerLabel(report.registerId, own)}`);
  text(`Opened ${time(report.openedAt)} by ${report.openedBy.name}`);
  if (report.kind === 'Z') text(`Closed ${time(report.closedAt)} by ${report.closedBy.name}`);
  else text(`Printed ${time(report.generatedAt)}`);
  rule();
  pair(`Sales (${totals.sales.count})`, money(totals.sales.grossMinor));
  pair(`Returns (${totals.returns.count})`, money(-totals.returns.grossMinor));
  pair(`Voids (${totals.voids.count})`, money(-totals.voids.grossMinor));
  pair('Net sales', money(totals.netMinor));
  if (totals.roundingMinor !== 0) pair('Cash rounding', money(totals.roundingMinor));
  // Already taken off the sales above: shown so the day's discounting is visible.
  pair(`Discounts given (${totals.discounts.count})`, money(totals.discounts.amountMinor));
  rule();
  for (const tax of totals.taxes) {
    pair(`${tax.name} on ${money(tax.netMinor)}`, money(tax.taxMinor));
  }
  rule();
  const { cash } = totals;
  if (cash === null) {
    text('Takings and cash: counted blind at close');
    return { kind: 'text', lines };
  }
  for (const tender of totals.tenders) {
    pair(tenderLabels[tender.kind] ?? tender.kind, money(tender.netMinor));
    if (tender.refundedMinor !== 0) pair('  of which refunded', money(-tender.refundedMinor));
  }
  rule();
  pair('Float', money(cash.floatMinor));
  pair('Cash taken', money(cash.takenMinor));
  pair('Cash refunded', money(-cash.refundedMinor));
  pair('Cash in', money(cash.inMinor));
  pair('Cash out', money(-cash.outMinor));
  pair('Expected in drawer', money(cash.expectedMinor));
  if (report.kind === 'Z') {
    if (report.firstCountedMinor !== undefined) pair('First count', money(report.firstCountedMinor));
    pair(report.firstCountedMinor === undefined ? 'Counted' : 'Recount', money(report.countedMinor));
    pair(report.overShortMinor >= 0 ? 'Over' : 'Short', money(report.overShortMinor));
    if (report.overShortReason !== undefined) text(`Reason: ${report.overShortReason}`);
    if (report.approvedBy) text(`Over/short approved by ${report.approvedBy.name}`);
    rule();
    text(report.headOffice.message);
  }
  return { kind: 'text', lines };
}

/** The report as lines of `columns` characters. */
export function shiftReportText(
  report: XReport | ZReport,
  locale: string,
  columns: number,
  own?: NamedRegister,
): string[] {
  return rowsText(layoutText(shiftReportDocument(report, locale, own), columns), columns);
}
