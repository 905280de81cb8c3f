/**
 * Shifts: opened with a counted float, cash in and out with a reason, the X report at any time, and the close:
 * a blind count by denomination, the over/short and a numbered Z report that is stored as it was produced and
 * sent to head office as 'shift.closed'. Beyond the store's over/short limit the close asks for a recount, then
 * for a reason and a manager's approval. Who lacks 'shift.seeExpected' counts blind: neither the X report nor a
 * message of the close says what the drawer should hold.
 *
 * The totals are counted from the shift's documents (see documents()) by src/shared/shift-totals.ts, the same
 * code head office uses to check the Z report it receives.
 */
import type { LedgerDeps } from './ledger-deps.ts';
import { countProblem, countTotal, denominationsFor, type CashCountLine } from '../../shared/cash-count.ts';
import type { ParsedInput } from '../../shared/contract.ts';
import type { CashMovement, Refund, ShiftInfo, ShiftState, TaxSummary } from '../../shared/domain.ts';
import { CounterError, isCounterError } from '../../shared/errors.ts';
import { formatMoney } from '../../shared/money.ts';
import { roleHasPermission, type Role } from '../../shared/permissions.ts';
import { overShortThreshold } from '../../shared/settings.ts';
import {
  blindTotals,
  describeShiftAck,
  type HeadOfficeAck,
  type ShiftTotals,
  type XReport,
  type ZReport,
  type ZReportView,
} from '../../shared/shift-report.ts';
import {
  cashMovementDetailsSchema,
  computeShiftTotals,
  type CashMovementFacts,
  type SaleFacts,
  type ShiftDocuments,
} from '../../shared/shift-totals.ts';
import { shiftClosed, type ShiftClosedPayload } from '../../shared/documents/shift.ts';
import {
  waitingEventName,
  waitReason,
  type SyncStatus,
  type WaitingEvent,
} from '../../shared/sync/status.ts';
import type { Counters } from '../ledger/counters.ts';
import { selectWaitingEvents } from '../sync/state.ts';
import type { PeopleService } from './people.ts';
import type { SettingsService } from './settings.ts';
import { newId } from '../../shared/ids.ts';

export interface ShiftsService {
  current(): ShiftState;
  /** The open shift, or NO_OPEN_SHIFT: selling needs one. */
  requireOpen(): ShiftInfo;
  open(input: ParsedInput<'shift.open'>): ShiftState;
  cashMovement(input: ParsedInput<'shift.cashMovement'>): ShiftState;
  xReport(): XReport;
  /**
   * Throws INVALID_INPUT when `amountMinor` in cash is more than the open shift's drawer should hold; the message
   * is "<what the drawer holds>, so <cannot>: <instead>."
   */
  requireCashFor: (amountMinor: number, cannot: string, instead: string) => void;
  close(input: ParsedInput<'shift.close'>): ZReportView;
  zReport(number: number): ZReportView;
}

export interface ShiftsDeps extends LedgerDeps {
  settings: Pick<SettingsService, 'store' | 'register'>;
  people: Pick<PeopleService, 'requireUser' | 'authorize' | 'userRef'>;
  counters: Counters;
  /** Sync's status, for the Z report's head-office line; absent where there is no sync (then: not connected). */
  syncStatus?: () => SyncStatus;
}

interface ShiftRow {
  shift_id: string;
  register_id: string;
  opened_at: string;
  opened_by: string;
  currency: string;
  float_minor: number;
  float_count: string;
  first_outbox_seq: number;
}

interface MovementRow {
  id: number;
  shift_id: string;
  occurred_at: string;
  kind: 'in' | 'out';
  amount_minor: number;
  reason: string;
  user_id: string;
  approver_id: string | null;
}

/** A sale, return or void as its figures need it; `taxes` is its TaxSummary[] as JSON. */
interface DocumentRow {
  totalMinor: number;
  taxMinor: number;
  taxes: string;
  roundingMinor: number;
}

/** A return's or void's refunds, as a JSON Refund[]. */
const refundsOf = (documentId: string): string =>
  `(SELECT json_group_array(json_object('kind', f.kind, 'amountMinor', f.amount_minor))
    FROM refunds f WHERE f.document_id = ${documentId})`;

/** How many waiting events the Z report names. */
const namedWaiting = 5;

/** The X report as main works with it: with what the drawer should hold. */
type FullXReport = XReport & { totals: ShiftTotals };

export function createShiftsService(deps: ShiftsDeps): ShiftsService {
  const { db, events, now, settings, people, appendOutbox, counters } = deps;
  const statements = {
    openShift: db.prepare<[], ShiftRow>(
      `SELECT s.* FROM shifts s WHERE NOT EXISTS (SELECT 1 FROM z_reports z WHERE z.shift_id = s.shift_id)
       ORDER BY s.opened_at DESC LIMIT 1`,
    ),
    insertShift: db.prepare<[string, string, string, string, string, number, string, number]>(
      `INSERT INTO shifts (shift_id, register_id, opened_at, opened_by, currency, float_minor, float_count,
         first_outbox_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastSeq: db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM outbox').pluck(),
    movements: db.prepare<[string], MovementRow>(
      'SELECT * FROM shift_cash_movements WHERE shift_id = ? ORDER BY id',
    ),
    insertMovement: db.prepare<[string, string, string, number, string, string, string | null]>(
      `INSERT INTO shift_cash_movements (shift_id, occurred_at, kind, amount_minor, reason, user_id, approver_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastZ: db.prepare<[], number | null>('SELECT max(number) FROM z_reports').pluck(),
    zReport: db.prepare<[number], { document: string; first_outbox_seq: number; outbox_seq: number }>(
      `SELECT z.document, s.first_outbox_seq, z.outbox_seq
       FROM z_reports z JOIN shifts s ON s.shift_id = z.shift_id WHERE z.number = ?`,
    ),
    insertZ: db.prepare(
      `INSERT INTO z_reports (number, shift_id, closed_at, closed_by, approver_id, counted_minor,
         expected_cash_minor, over_short_minor, document, outbox_seq)
       VALUES (@number, @shiftId, @closedAt, @closedBy, @approverId, @countedMinor, @expectedMinor,
         @overShortMinor, @document, @outboxSeq)`,
    ),
    openSalesWithLines: db
      .prepare<[], number>("SELECT count(*) FROM open_sales WHERE json_array_length(draft, '$.lines') > 0")
      .pluck(),
    waitingEvents: db.prepare<[number, number, number], WaitingEvent>(
      `${selectWaitingEvents} WHERE o.seq > ? AND o.seq <= ? ORDER BY o.seq LIMIT ?`,
    ),
    parkedSales: db.prepare<[], number>('SELECT count(*) FROM parked_sales').pluck(),
    // The shift's documents, with what its figures need (computeShiftTotals counts them).
    sales: db.prepare<
      [string],
      DocumentRow & { discountMinor: number; changeMinor: number; tenders: string }
    >(
      `SELECT total_minor AS totalMinor, tax_minor AS taxMinor, discount_minor AS discountMinor, taxes,
         change_minor AS changeMinor, rounding_minor AS roundingMinor,
         (SELECT json_group_array(json_object('kind', t.kind, 'amountMinor', t.amount_minor))
          FROM sale_tenders t WHERE t.sale_id = s.sale_id) AS tenders
       FROM sales s WHERE s.shift_id = ?`,
    ),
    returns: db.prepare<[string], DocumentRow & { refunds: string }>(
      `SELECT total_minor AS totalMinor, tax_minor AS taxMinor, taxes, rounding_minor AS roundingMinor,
         ${refundsOf('r.return_id')} AS refunds
       FROM returns r WHERE r.shift_id = ?`,
    ),
    voids: db.prepare<[string], DocumentRow & { refunds: string }>(
      `SELECT v.total_minor AS totalMinor, s.tax_minor AS taxMinor, s.taxes, 0 AS roundingMinor,
         ${refundsOf('v.void_id')} AS refunds
       FROM sale_voids v JOIN sales s ON s.sale_id = v.sale_id WHERE v.shift_id = ?`,
    ),
    cashMovements: db.prepare<[string], CashMovementFacts>(
      'SELECT kind, amount_minor AS amountMinor FROM shift_cash_movements WHERE shift_id = ?',
    ),
  };

  const money = (minor: number): string => {
    const store = settings.store();
    return formatMoney(minor, store.currency, store.locale);
  };

  const timeText = (iso: string): string =>
    new Intl.DateTimeFormat(settings.store().locale, { dateStyle: 'short', timeStyle: 'short' }).format(
      new Date(iso),
    );

  /**
   * Per open shift, the first count the close found beyond the store's limit and asked to count again, and
   * whether the recount was beyond it too. Kept in memory: after a restart the close asks for the recount again.
   */
  const recounts = new Map<string, { firstCountedMinor: number; recountBeyond: boolean }>();

  const seesExpected = (user: { role: Role }): boolean => roleHasPermission(user.role, 'shift.seeExpected');

  const toInfo = (row: ShiftRow): ShiftInfo => ({
    shiftId: row.shift_id,
    registerId: row.register_id,
    openedAt: row.opened_at,
    openedBy: people.userRef(row.opened_by),
    currency: row.currency,
    floatMinor: row.float_minor,
    floatCount: JSON.parse(row.float_count) as CashCountLine[],
  });

  const toMovement = (row: MovementRow): CashMovement => ({
    id: row.id,
    shiftId: row.shift_id,
    occurredAt: row.occurred_at,
    kind: row.kind,
    amountMinor: row.amount_minor,
    reason: row.reason,
    user: people.userRef(row.user_id),
    approver: row.approver_id === null ? null : people.userRef(row.approver_id),
  });

  function current(): ShiftState {
    const row = statements.openShift.get();
    return {
      shift: row ? toInfo(row) : null,
      cashMovements: row ? statements.movements.all(row.shift_id).map(toMovement) : [],
      // An open shift is counted in the currency it opened in, even if head office changed the store's since.
      denominations: denominationsFor(row ? row.currency : settings.store().currency),
      lastZNumber: statements.lastZ.get() ?? null,
    };
  }

  function announce(): ShiftState {
    const state = current();
    events.emit('shift.changed', state);
    return state;
  }

  function requireOpenRow(): ShiftRow {
    const row = statements.openShift.get();
    if (!row)
      throw new CounterError('NO_OPEN_SHIFT', 'No shift is open: open one by counting the float first.');
    return row;
  }

  /** The shift's documents as head office receives them, so both count them the same way. */
  function documents(shiftId: string): ShiftDocuments {
    const taxes = (row: DocumentRow) => JSON.parse(row.taxes) as TaxSummary[];
    return {
      sales: statements.sales.all(shiftId).map((row) => ({
        totals: { ...row, taxes: taxes(row) },
        tenders: JSON.parse(row.tenders) as SaleFacts['tenders'],
        changeMinor: row.changeMinor,
        roundingMinor: row.roundingMinor,
      })),
      returns: statements.returns.all(shiftId).map((row) => ({
        totals: { ...row, taxes: taxes(row) },
        refunds: JSON.parse(row.refunds) as Refund[],
        roundingMinor: row.roundingMinor,
      })),
      voids: statements.voids.all(shiftId).map((row) => ({
        totalMinor: row.totalMinor,
        refunds: JSON.parse(row.refunds) as Refund[],
        sale: { totals: { taxMinor: row.taxMinor, taxes: taxes(row) } },
      })),
      cashMovements: statements.cashMovements.all(shiftId),
    };
  }

  function xReport(row: ShiftRow, at: string): FullXReport {
    const { storeId, registerId } = settings.register();
    return {
      kind: 'X',
      shiftId: row.shift_id,
      storeId,
      storeName: settings.store().storeName,
      registerId,
      openedAt: row.opened_at,
      openedBy: people.userRef(row.opened_by),
      generatedAt: at,
      totals: computeShiftTotals(row.currency, row.float_minor, documents(row.shift_id)),
    };
  }

  function checkCount(count: CashCountLine[], currency: string): void {
    const problem = countProblem(count, currency);
    if (problem) throw new CounterError('INVALID_INPUT', problem);
  }

  /** Head office's acknowledgement of the outbox seqs firstSeq < seq <= lastSeq. */
  function headOfficeAck(firstSeq: number, lastSeq: number): HeadOfficeAck {
    const status = deps.syncStatus?.();
    const lastAckedSeq = status?.lastAckedSeq ?? 0;
    return describeShiftAck({
      enrolled: status?.enrolled ?? false,
      firstSeq,
      lastSeq,
      lastAckedSeq,
      waitingNames: statements.waitingEvents
        .all(Math.max(firstSeq, lastAckedSeq), lastSeq, namedWaiting)
        .map(waitingEventName),
      why: waitReason(status),
    });
  }

  /** A shift closes with an empty register: the sale on screen and any parked sale must be finished first. */
  function refuseOpenWork(): void {
    if (statements.openSalesWithLines.get()! > 0 || statements.parkedSales.get()! > 0) {
      throw new CounterError(
        'NOT_ALLOWED',
        'A sale is still open or parked: complete or cancel it before closing the shift.',
      );
    }
  }

  const openShift = db.transaction((count: CashCountLine[]): void => {
    const user = people.requireUser();
    const existing = statements.openShift.get();
    if (existing) {
      throw new CounterError(
        'NOT_ALLOWED',
        `A shift is already open (since ${timeText(existing.opened_at)}, by ${people.userRef(existing.opened_by).name}): close it before opening another.`,
      );
    }
    const { currency } = settings.store();
    checkCount(count, currency);
    statements.insertShift.run(
      newId(),
      settings.register().registerId,
      now().toISOString(),
      user.userId,
      currency,
      countTotal(count),
      JSON.stringify(count.filter((line) => line.count > 0)),
      statements.lastSeq.get()!,
    );
  });

  /**
   * Refuses paying `amountMinor` out of the open shift's drawer when that is more than the drawer should hold,
   * so the X report never expects less than nothing. `cannot` says what cannot be paid, `instead` what to do.
   * A user with a blind drawer is not told the figure.
   */
  function requireCashFor(amountMinor: number, cannot: string, instead: string): void {
    const inDrawer = xReport(requireOpenRow(), now().toISOString()).totals.cash.expectedMinor;
    if (amountMinor <= inDrawer) return;
    const should = seesExpected(people.requireUser())
      ? `Only ${money(inDrawer)} should be in the drawer`
      : 'That is more than the drawer should hold';
    throw new CounterError('INVALID_INPUT', `${should}, so ${cannot}: ${instead}.`);
  }

  const moveCash = db.transaction((input: ParsedInput<'shift.cashMovement'>): void => {
    const shift = requireOpenRow();
    // Head office counts the shift's cash movements from these details (src/shared/shift-totals.ts).
    const who = people.authorize(
      'cash.inOut',
      input.approval,
      cashMovementDetailsSchema.parse({
        shiftId: shift.shift_id,
        kind: input.kind,
        amountMinor: input.amountMinor,
        reason: input.reason,
      }),
    );
    if (input.kind === 'out') {
      requireCashFor(
        input.amountMinor,
        `${money(input.amountMinor)} cannot be taken out`,
        'check the amount',
      );
    }
    const occurredAt = now().toISOString();
    statements.insertMovement.run(
      shift.shift_id,
      occurredAt,
      input.kind,
      input.amountMinor,
      input.reason,
      who.userId,
      who.approverId,
    );
  });

  const closeShift = db.transaction((input: ParsedInput<'shift.close'>): ZReport => {
    const user = people.requireUser();
    const shift = requireOpenRow();
    refuseOpenWork();
    checkCount(input.count, shift.currency);
    const closedAt = now().toISOString();
    const x = xReport(shift, closedAt);
    const countedMinor = countTotal(input.count);
    const expectedMinor = x.totals.cash.expectedMinor;
    const overShortMinor = countedMinor - expectedMinor;

    const approval = approveOverShort(shift, input, { expectedMinor, countedMinor });

    // The shift's events are those queued since it opened; 'shift.closed' itself follows them.
    const lastSeq = statements.lastSeq.get()!;
    const number = counters.next('z_report');
    const { kind: _x, generatedAt: _at, ...shiftPart } = x;
    const report: ZReport = {
      ...shiftPart,
      kind: 'Z',
      number,
      closedAt,
      closedBy: people.userRef(user.userId),
      approvedBy: approval === null ? null : people.userRef(approval.approverId),
      count: input.count.filter((line) => line.count > 0),
      countedMinor,
      overShortMinor,
      ...(approval && { overShortReason: approval.reason, firstCountedMinor: approval.firstCountedMinor }),
      headOffice: headOfficeAck(shift.first_outbox_seq, lastSeq),
    };
    const payload: ShiftClosedPayload = {
      shiftId: report.shiftId,
      zNumber: number,
      storeId: report.storeId,
      registerId: report.registerId,
      openedAt: report.openedAt,
      closedAt,
      openedBy: report.openedBy,
      closedBy: report.closedBy,
      approvedBy: report.approvedBy,
      totals: report.totals,
      countedMinor,
      overShortMinor,
      firstSeq: shift.first_outbox_seq,
      overShortReason: report.overShortReason,
      firstCountedMinor: report.firstCountedMinor,
    };
    const outboxSeq = appendOutbox(shiftClosed.type, closedAt, payload);
    statements.insertZ.run({
      number,
      shiftId: shift.shift_id,
      closedAt,
      closedBy: user.userId,
      approverId: approval?.approverId ?? null,
      countedMinor,
      expectedMinor,
      overShortMinor,
      document: JSON.stringify(report),
      outboxSeq,
    });
    return report;
  });

  /**
   * Beyond the store's limit: refused once for a recount (RECOUNT_REQUIRED); a recount still beyond it needs a
   * reason (REASON_REQUIRED) and 'shift.overShort', audited. Once a recount was beyond it, so does any later
   * count of the shift: otherwise trying counts would find out what the drawer should hold. Null: closes as
   * counted.
   */
  function approveOverShort(
    shift: ShiftRow,
    input: ParsedInput<'shift.close'>,
    { expectedMinor, countedMinor }: { expectedMinor: number; countedMinor: number },
  ): { approverId: string; reason: string; firstCountedMinor: number } | null {
    const user = people.requireUser();
    const overShortMinor = countedMinor - expectedMinor;
    const limitMinor = overShortThreshold(settings.store());
    const beyondLimit = Math.abs(overShortMinor) > limitMinor;
    const recount = recounts.get(shift.shift_id);
    if (!beyondLimit && !recount?.recountBeyond) return null;
    // Said so that someone who counts blind learns neither what the drawer should hold nor by how much it is off.
    const difference = seesExpected(user)
      ? `the drawer is ${money(Math.abs(overShortMinor))} ${overShortMinor > 0 ? 'over' : 'short'} (expected ${money(expectedMinor)}, counted ${money(countedMinor)})`
      : `the count is further from what the drawer should hold than the store allows (${money(limitMinor)})`;
    if (!recount) {
      recounts.set(shift.shift_id, { firstCountedMinor: countedMinor, recountBeyond: false });
      throw new CounterError(
        'RECOUNT_REQUIRED',
        `Count again: ${difference}. Count the drawer once more, note by note and coin by coin, and close with the new count.`,
      );
    }
    const what = seesExpected(user)
      ? `After the recount ${difference}.`
      : `The recount was further from what the drawer should hold than the store allows (${money(limitMinor)}).`;
    if (input.reason === undefined) {
      recount.recountBeyond = true;
      throw new CounterError(
        'REASON_REQUIRED',
        `${what} Say why in the reason box, then a manager approves with their PIN.`,
      );
    }
    const who = authorizeOverShort(what, input.approval, {
      shiftId: shift.shift_id,
      expectedMinor,
      firstCountedMinor: recount.firstCountedMinor,
      countedMinor,
      overShortMinor,
      limitMinor,
      reason: input.reason,
    });
    // A closer who may approve it approves it themselves: the Z report names them.
    return {
      approverId: who.approverId ?? who.userId,
      reason: input.reason,
      firstCountedMinor: recount.firstCountedMinor,
    };
  }

  /** 'shift.overShort', with what is being approved said first. */
  function authorizeOverShort(
    what: string,
    approval: ParsedInput<'shift.close'>['approval'],
    details: Record<string, unknown>,
  ): { userId: string; approverId: string | null } {
    try {
      return people.authorize('shift.overShort', approval, details);
    } catch (error) {
      if (!isCounterError(error) || error.code !== 'APPROVAL_REQUIRED') throw error;
      throw new CounterError('APPROVAL_REQUIRED', `${what} ${error.message}`, error.details);
    }
  }

  function zView(number: number): ZReportView {
    const row = statements.zReport.get(number);
    if (!row) throw new CounterError('NOT_FOUND', `There is no Z report number ${number}.`);
    return {
      report: JSON.parse(row.document) as ZReport,
      headOfficeNow: headOfficeAck(row.first_outbox_seq, row.outbox_seq - 1),
    };
  }

  return {
    current,
    requireOpen: () => toInfo(requireOpenRow()),
    open: ({ count }) => {
      openShift.immediate(count);
      return announce();
    },
    cashMovement: (input) => {
      moveCash.immediate(input);
      return announce();
    },
    requireCashFor,
    xReport: () => {
      const user = people.requireUser();
      const report = xReport(requireOpenRow(), now().toISOString());
      return seesExpected(user) ? report : { ...report, totals: blindTotals(report.totals) };
    },
    close: (input) => {
      const { number, shiftId } = closeShift.immediate(input);
      recounts.delete(shiftId);
      announce();
      return zView(number);
    },
    zReport: zView,
  };
}
