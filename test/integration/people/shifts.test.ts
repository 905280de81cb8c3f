/**
 * Shifts on a real SQLite ledger: the float, cash in and out, the X report, the blind count at close with its
 * over/short and approval, the numbered and immutable Z report, and totals that reconcile with the ledger.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { denominationsFor, type CashCountLine } from '../../../src/shared/cash-count.ts';
import type { CompletedSale, TenderKind } from '../../../src/shared/domain.ts';
import { shiftReportText } from '../../../src/shared/shift-report.ts';
import { shiftClosedPayloadSchema } from '../../../src/shared/documents/shift.ts';
import {
  codes,
  count,
  errorOf,
  pins,
  expectedCash,
  startRegister,
  tempDir,
  testCatalogCsv,
} from '../ledger/ledger-fixture.ts';

let app: RegisterApp | undefined;
afterEach(() => {
  app?.close();
  app = undefined;
});

/** The fewest coins and notes that make `amountMinor` in euro. */
function countOf(amountMinor: number): CashCountLine[] {
  const lines: CashCountLine[] = [];
  let rest = amountMinor;
  for (const { valueMinor } of denominationsFor('EUR').reverse()) {
    const n = Math.floor(rest / valueMinor);
    if (n > 0) lines.push({ valueMinor, count: n });
    rest -= n * valueMinor;
  }
  return lines;
}

/** €110 float: 5 × €20 and 10 × €1. */
const float = [
  { valueMinor: 2000, count: 5 },
  { valueMinor: 100, count: 10 },
];

/** The test catalog, Alex (cashier) logged in, a shift opened with the €110 float. */
function openShift(): RegisterApp {
  app = startRegister(tempDir());
  app.services.catalog.importCsv(testCatalogCsv);
  app.services.people.login({ pin: pins.cashier });
  app.services.shifts.open({ count: float });
  return app;
}

/** Rings up the codes and pays with the tenders given; a 'cash' amount of -1 pays exactly what is due. */
function sell(a: RegisterApp, items: string[], tenders: [TenderKind, number][]): CompletedSale {
  const { sales } = a.services;
  for (const code of items) sales.scan({ code });
  for (const [kind, amountMinor] of tenders) {
    sales.addTender({ kind, amountMinor: amountMinor === -1 ? sales.current().dueMinor : amountMinor });
  }
  return sales.complete().receipt.sale;
}

const manager = { pin: pins.manager };

describe('opening a shift', () => {
  it('takes a float counted by denomination, and refuses a second shift or a bad count', () => {
    const a = openShift();
    const { shifts } = a.services;
    const state = shifts.current();
    expect(state.shift).toMatchObject({ floatMinor: 11_000, currency: 'EUR', openedBy: { name: 'Alex' } });
    expect(state.shift!.floatCount).toEqual(float);
    expect(state.denominations.slice(0, 3)).toEqual([
      { valueMinor: 1, kind: 'coin' },
      { valueMinor: 2, kind: 'coin' },
      { valueMinor: 5, kind: 'coin' },
    ]);
    expect(errorOf(() => shifts.open({ count: [] }))).toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringMatching(
        /^A shift is already open \(since .+, by Alex\): close it before opening another\.$/,
      ),
    });
    expect(count(a, 'shifts')).toBe(1);
  });

  it('refuses a value that is no coin or note of the currency', () => {
    app = startRegister(tempDir());
    app.services.people.login({ pin: pins.cashier });
    expect(
      errorOf(() => app!.services.shifts.open({ count: [{ valueMinor: 300, count: 1 }] })),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('is not a EUR coin or note'),
    });
    expect(app.services.shifts.current().shift).toBeNull();
  });
});

describe('the X report', () => {
  it('shows a supervisor sales, tax by rate, takings by tender, cash in and out and the expected cash', () => {
    const a = openShift();
    const { shifts } = a.services;
    sell(a, [codes.milk], [['cash', 500]]); // €1.29, €3.71 change
    sell(a, [codes.cola, codes.cola], [['card', -1]]); // €1.98
    sell(
      a,
      [codes.cake],
      [
        ['card', 200],
        ['cash', 300],
      ],
    ); // €4.99: €2 card, €2.99 cash, €0.01 change
    shifts.cashMovement({ kind: 'in', amountMinor: 5000, reason: 'Change from the bank', approval: manager });
    shifts.cashMovement({ kind: 'out', amountMinor: 2000, reason: 'Window cleaner', approval: manager });

    a.services.people.login({ pin: pins.supervisor });
    const x = shifts.xReport();
    expect(x).toMatchObject({ kind: 'X', storeName: 'Corner Shop Demo', registerId: 'R1' });
    expect(x.totals).toMatchObject({
      currency: 'EUR',
      sales: { count: 3, grossMinor: 826 },
      returns: { count: 0, grossMinor: 0 },
      netMinor: 826,
      tenders: [
        { kind: 'cash', takenMinor: 428, refundedMinor: 0, netMinor: 428 },
        { kind: 'card', takenMinor: 398, refundedMinor: 0, netMinor: 398 },
      ],
      cash: { floatMinor: 11_000, takenMinor: 428, inMinor: 5000, outMinor: 2000, expectedMinor: 14_428 },
    });
    expect(x.totals.taxes.map((tax) => [tax.code, tax.grossMinor])).toEqual([
      ['STD', 198],
      ['RED', 499],
      ['ZERO', 129],
    ]);

    const text = shiftReportText(x, 'en-IE', 42);
    expect(text[0]).toBe('X REPORT (shift still open)');
    expect(text).toContain(
      `Expected in drawer${' '.repeat(42 - 'Expected in drawer'.length - '€144.28'.length)}€144.28`,
    );
  });

  it('shows a cashier no figure the expected cash follows from: the blind count', () => {
    const a = openShift();
    const { shifts } = a.services;
    sell(a, [codes.milk], [['cash', 500]]);
    sell(a, [codes.cola], [['card', -1]]);

    const x = shifts.xReport();
    expect(x.totals).toMatchObject({
      sales: { count: 2 },
      tenders: [],
      cash: null,
    });
    const text = shiftReportText(x, 'en-IE', 42);
    expect(text).toContain('Takings and cash: counted blind at close');
    expect(text.filter((line) => /Expected|Float|Cash (taken|in|out)|^(Cash|Card) /.test(line))).toEqual([]);
    expect(text.join('\n')).not.toContain('€111.29');
  });

  it('refuses to take out more cash than the drawer should hold, naming it only to who may see it', () => {
    const a = openShift();
    const takeOut = () =>
      errorOf(() =>
        a.services.shifts.cashMovement({
          kind: 'out',
          amountMinor: 11_001,
          reason: 'Bank',
          approval: manager,
        }),
      );
    expect(takeOut()).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'That is more than the drawer should hold, so €110.01 cannot be taken out: check the amount.',
    });
    a.services.people.login({ pin: pins.supervisor });
    expect(takeOut().message).toBe(
      'Only €110.00 should be in the drawer, so €110.01 cannot be taken out: check the amount.',
    );
    expect(count(a, 'shift_cash_movements')).toBe(0);
  });
});

describe('closing a shift', () => {
  it('writes a numbered Z report from the blind count, kept as it was and sent to head office', () => {
    const a = openShift();
    const { shifts, sales } = a.services;
    const shiftId = shifts.current().shift!.shiftId;
    sell(a, [codes.milk, codes.cola], [['cash', 1000]]);
    sell(a, [codes.cake], [['card', -1]]);
    const expected = expectedCash(a);
    expect(expected).toBe(11_000 + 228);

    const { report, headOfficeNow } = shifts.close({ count: countOf(expected) });
    expect(report).toMatchObject({
      kind: 'Z',
      number: 1,
      shiftId,
      closedBy: { name: 'Alex' },
      approvedBy: null,
      countedMinor: expected,
      overShortMinor: 0,
      headOffice: {
        state: 'not-connected',
        events: 2,
        message:
          "Not connected to head office: this register is not enrolled, so the shift's 2 events are kept on this register only.",
      },
    });
    expect(report.totals.sales).toEqual({ count: 2, grossMinor: 228 + 499, taxMinor: expect.any(Number) });
    expect(headOfficeNow).toEqual(report.headOffice);
    expect(shiftReportText(report, 'en-IE', 42)).toContain('Z REPORT 1');

    const event = a.db.prepare("SELECT seq, payload FROM outbox WHERE type = 'shift.closed'").get() as {
      seq: number;
      payload: string;
    };
    expect(shiftClosedPayloadSchema.parse(JSON.parse(event.payload))).toMatchObject({
      shiftId,
      zNumber: 1,
      totals: report.totals,
      countedMinor: expected,
      overShortMinor: 0,
    });

    // Closed: no selling until the next shift opens, and the report stays as it was.
    expect(shifts.current().shift).toBeNull();
    expect(shifts.current().lastZNumber).toBe(1);
    expect(errorOf(() => sales.scan({ code: codes.milk })).code).toBe('NO_OPEN_SHIFT');
    expect(errorOf(() => shifts.xReport()).code).toBe('NO_OPEN_SHIFT');
    expect(shifts.zReport(1).report).toEqual(report);
    expect(() => a.db.prepare('UPDATE z_reports SET over_short_minor = 0').run()).toThrow('never rewritten');
    expect(() => a.db.prepare('DELETE FROM z_reports').run()).toThrow('never deleted');
    expect(() => a.db.prepare('DELETE FROM shifts').run()).toThrow('never deleted');
    expect(errorOf(() => shifts.zReport(2)).code).toBe('NOT_FOUND');
  });

  it('is counted and closed in the currency it opened in after head office changed the store’s', () => {
    const a = openShift();
    const { shifts, settings } = a.services;
    settings.saveStore({ ...settings.store(), currency: 'USD' });
    expect(shifts.current().denominations).toEqual(denominationsFor('EUR'));
    const { report } = shifts.close({ count: float });
    expect(report).toMatchObject({ countedMinor: 11_000, overShortMinor: 0, totals: { currency: 'EUR' } });
    // The next shift opens in the store's currency.
    expect(shifts.current().denominations).toEqual(denominationsFor('USD'));
  });

  it('numbers Z reports without gaps, also when a close is refused', () => {
    const a = openShift();
    const { shifts } = a.services;
    expect(shifts.close({ count: countOf(11_000) }).report.number).toBe(1);
    shifts.open({ count: [] });
    expect(errorOf(() => shifts.close({ count: countOf(5000) })).code).toBe('RECOUNT_REQUIRED');
    expect(shifts.close({ count: [] }).report.number).toBe(2);
    shifts.open({ count: [] });
    expect(shifts.close({ count: [] }).report.number).toBe(3);
    expect(a.db.prepare('SELECT number FROM z_reports ORDER BY number').pluck().all()).toEqual([1, 2, 3]);
  });

  /** The store's over/short limit, as head office sets it. */
  function storeLimit(a: RegisterApp, overShortThresholdMinor: number): void {
    const { settings } = a.services;
    settings.saveStore({ ...settings.store(), overShortThresholdMinor });
  }

  it('closes a €2.09 short as counted when the store allows €2.50', () => {
    const a = openShift();
    storeLimit(a, 250);
    const { report } = a.services.shifts.close({ count: countOf(11_000 - 209) });
    expect(report).toMatchObject({ overShortMinor: -209, approvedBy: null });
    expect(report.overShortReason).toBeUndefined();
    expect(count(a, 'audit_log')).toBe(0);
  });

  it('closes a €1.50 short as counted when the store allows €2.00, and an over/short of €5.00 by default', () => {
    const a = openShift();
    const { shifts } = a.services;
    storeLimit(a, 200);
    expect(shifts.close({ count: countOf(11_000 - 150) }).report).toMatchObject({ overShortMinor: -150 });
    a.services.settings.saveStore({ ...a.services.settings.store(), overShortThresholdMinor: undefined });
    shifts.open({ count: [] });
    const { report } = shifts.close({ count: countOf(500) });
    expect(report).toMatchObject({ overShortMinor: 500, approvedBy: null });
    expect(shiftReportText(report, 'en-IE', 42)).toContain(`Over${' '.repeat(42 - 4 - 5)}€5.00`);
    expect(count(a, 'audit_log')).toBe(0);
  });

  it('asks a cashier beyond the store’s limit to count again, then for a reason and a manager, without saying what the drawer should hold', () => {
    const a = openShift();
    const { shifts, people, audit } = a.services;
    storeLimit(a, 200);
    sell(a, [codes.cake], [['cash', 500]]);
    const expected = 11_000 + 499;
    const firstCount = countOf(expected - 300);
    const recount = countOf(expected - 209);
    const nothingWritten = () => expect([count(a, 'z_reports'), count(a, 'audit_log')]).toEqual([0, 0]);

    expect(errorOf(() => shifts.close({ count: firstCount }))).toMatchObject({
      code: 'RECOUNT_REQUIRED',
      message:
        'Count again: the count is further from what the drawer should hold than the store allows (€2.00). ' +
        'Count the drawer once more, note by note and coin by coin, and close with the new count.',
    });
    nothingWritten();
    const recountBeyond =
      'The recount was further from what the drawer should hold than the store allows (€2.00).';
    expect(errorOf(() => shifts.close({ count: recount }))).toMatchObject({
      code: 'REASON_REQUIRED',
      message: `${recountBeyond} Say why in the reason box, then a manager approves with their PIN.`,
    });
    expect(errorOf(() => shifts.close({ count: recount, reason: 'Change given twice' }))).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      message: expect.stringMatching(/^The recount was further .+ \(€2\.00\)\. Alex may not/),
      details: ['shift.overShort'],
    });
    // Counts tried now tell nothing: an exact one needs the reason and approval as much as the recount.
    for (const tried of [recount, countOf(expected), firstCount]) {
      const refused = errorOf(() => shifts.close({ count: tried }));
      expect(refused.code).toBe('REASON_REQUIRED');
      expect(refused.message).toBe(
        `${recountBeyond} Say why in the reason box, then a manager approves with their PIN.`,
      );
    }
    expect(
      errorOf(() =>
        shifts.close({ count: recount, reason: 'Change given twice', approval: { pin: pins.supervisor } }),
      ).code,
    ).toBe('FORBIDDEN');
    nothingWritten();
    expect(shifts.current().shift).not.toBeNull();

    const { report } = shifts.close({ count: recount, reason: 'Change given twice', approval: manager });
    expect(report).toMatchObject({
      overShortMinor: -209,
      firstCountedMinor: expected - 300,
      countedMinor: expected - 209,
      overShortReason: 'Change given twice',
      approvedBy: { name: 'Morgan' },
      closedBy: { name: 'Alex' },
    });
    const z = shiftReportText(report, 'en-IE', 42);
    expect(z).toEqual(
      expect.arrayContaining([
        `First count${' '.repeat(42 - 11 - 7)}€111.99`,
        `Recount${' '.repeat(42 - 7 - 7)}€112.90`,
        `Short${' '.repeat(42 - 5 - 6)}-€2.09`,
        'Reason: Change given twice',
        'Over/short approved by Morgan',
      ]),
    );
    const event = a.db
      .prepare("SELECT payload FROM outbox WHERE type = 'shift.closed'")
      .pluck()
      .get() as string;
    expect(shiftClosedPayloadSchema.parse(JSON.parse(event))).toMatchObject({
      overShortReason: 'Change given twice',
      firstCountedMinor: expected - 300,
      approvedBy: { name: 'Morgan' },
    });
    people.login(manager);
    expect(audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'shift.overShort',
      user: { name: 'Alex' },
      approver: { name: 'Morgan' },
      details: {
        expectedMinor: expected,
        firstCountedMinor: expected - 300,
        countedMinor: expected - 209,
        overShortMinor: -209,
        limitMinor: 200,
        reason: 'Change given twice',
      },
    });
  });

  it('closes as counted when the recount is within the limit', () => {
    const a = openShift();
    storeLimit(a, 200);
    const { shifts } = a.services;
    expect(errorOf(() => shifts.close({ count: countOf(11_000 - 1000) })).code).toBe('RECOUNT_REQUIRED');
    const { report } = shifts.close({ count: countOf(11_000 - 100) });
    expect(report).toMatchObject({ overShortMinor: -100, approvedBy: null });
    expect(report.firstCountedMinor).toBeUndefined();
    expect(count(a, 'audit_log')).toBe(0);
  });

  it('asks a supervisor to count again naming the difference, and refuses an empty reason', async () => {
    const a = openShift();
    a.services.people.login({ pin: pins.supervisor });
    const short = countOf(11_000 - 1000);
    expect(errorOf(() => a.services.shifts.close({ count: short })).message).toBe(
      'Count again: the drawer is €10.00 short (expected €110.00, counted €100.00). Count the drawer once more, note by note and coin by coin, and close with the new count.',
    );
    expect(await a.dispatch('shift.close', { count: short, reason: '  ' })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringContaining('Say why the drawer is over or short'),
      },
    });
    expect(await a.dispatch('shift.close', { count: short })).toMatchObject({
      ok: false,
      error: {
        code: 'REASON_REQUIRED',
        message: expect.stringMatching(/^After the recount the drawer is €10\.00 short \(expected €110\.00/),
      },
    });
  });

  it('lets a manager close beyond the limit on their own after a recount and with a reason, still audited', () => {
    const a = openShift();
    a.services.people.login(manager);
    const { shifts } = a.services;
    expect(errorOf(() => shifts.close({ count: [] })).code).toBe('RECOUNT_REQUIRED');
    const { report } = shifts.close({ count: [], reason: 'Float taken to the safe' });
    expect(report).toMatchObject({
      overShortMinor: -11_000,
      approvedBy: { name: 'Morgan' },
      closedBy: { name: 'Morgan' },
    });
    expect(a.services.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'shift.overShort',
      approver: null,
    });
  });

  it('refuses while a sale is open or parked, and changes nothing', () => {
    const a = openShift();
    const { shifts, sales } = a.services;
    sales.scan({ code: codes.milk });
    const refused = {
      code: 'NOT_ALLOWED',
      message: 'A sale is still open or parked: complete or cancel it before closing the shift.',
    };
    expect(errorOf(() => shifts.close({ count: countOf(11_000) }))).toMatchObject(refused);
    sales.park();
    expect(errorOf(() => shifts.close({ count: countOf(11_000) }))).toMatchObject(refused);
    expect(count(a, 'z_reports')).toBe(0);
    sales.resume({ saleId: sales.parked()[0]!.saleId });
    sales.addTender({ kind: 'cash', amountMinor: 200 });
    sales.complete();
    expect(shifts.close({ count: countOf(11_000 + 129) }).report.overShortMinor).toBe(0);
  });
});

describe('shift totals', () => {
  it('reconcile to the cent with the sales, returns and tenders in the ledger', async () => {
    const a = openShift();
    const { returns } = a.services;
    const sold = [
      sell(
        a,
        [codes.milk, codes.cola, codes.cake],
        [
          ['card', 300],
          ['cash', 1000],
        ],
      ),
      sell(a, [codes.cola, codes.cola, codes.cola], [['cash', -1]]),
      sell(a, [codes.milk], [['card', -1]]),
    ];
    const back = await returns.complete({
      from: {
        kind: 'receipt',
        saleId: sold[0]!.saleId,
        receiptNumber: sold[0]!.receiptNumber,
        lines: [{ lineId: sold[0]!.lines[2]!.lineId, quantity: 1, disposition: 'sellable' }],
      },
      exchange: false,
      refundTo: 'original',
      payments: [],
    });
    a.services.people.login({ pin: pins.supervisor });
    const { totals } = a.services.shifts.xReport();

    const ledger = (sql: string): unknown => a.db.prepare(sql).pluck().get();
    expect(totals.sales.grossMinor).toBe(ledger('SELECT sum(total_minor) FROM sales'));
    expect(totals.sales.taxMinor).toBe(ledger('SELECT sum(tax_minor) FROM sales'));
    expect(totals.returns.grossMinor).toBe(back.return.totals.totalMinor);
    expect(totals.netMinor).toBe(
      sold.reduce((sum, sale) => sum + sale.totals.totalMinor, 0) - back.return.totals.totalMinor,
    );
    // Per rate: the sales' tax summaries minus the return's, to the cent.
    for (const tax of totals.taxes) {
      const sales = sold.flatMap((sale) => sale.totals.taxes).filter((t) => t.code === tax.code);
      const returned = back.return.totals.taxes.filter((t) => t.code === tax.code);
      const sum = (list: typeof sales, key: 'taxMinor' | 'grossMinor'): number =>
        list.reduce((s, t) => s + t[key], 0);
      expect([tax.taxMinor, tax.grossMinor]).toEqual([
        sum(sales, 'taxMinor') - sum(returned, 'taxMinor'),
        sum(sales, 'grossMinor') - sum(returned, 'grossMinor'),
      ]);
    }
    // Every cent paid and paid back shows under its tender.
    const paid = (kind: TenderKind): number =>
      sold.reduce(
        (sum, sale) =>
          sum +
          sale.tenders.filter((t) => t.kind === kind).reduce((s, t) => s + t.amountMinor, 0) -
          (kind === 'cash' ? sale.changeMinor : 0),
        0,
      );
    const refunded = (kind: TenderKind): number =>
      back.return.refunds.filter((r) => r.kind === kind).reduce((s, r) => s + r.amountMinor, 0);
    expect(totals.tenders).toEqual([
      {
        kind: 'cash',
        takenMinor: paid('cash'),
        refundedMinor: refunded('cash'),
        netMinor: paid('cash') - refunded('cash'),
      },
      {
        kind: 'card',
        takenMinor: paid('card'),
        refundedMinor: refunded('card'),
        netMinor: paid('card') - refunded('card'),
      },
    ]);
    expect(paid('cash') + paid('card')).toBe(totals.sales.grossMinor);
  });

  it('expect float + cash sales − cash refunds ± cash in/out, whatever happens in the shift', async () => {
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant('sale' as const),
        items: fc.array(fc.constantFrom(codes.milk, codes.cola), { minLength: 1, maxLength: 3 }),
        pay: fc.constantFrom('cash', 'card', 'split'),
        extraCash: fc.integer({ min: 0, max: 2000 }),
      }),
      fc.record({
        kind: fc.constantFrom('in' as const, 'out' as const),
        amountMinor: fc.integer({ min: 1, max: 20_000 }),
      }),
      fc.record({ kind: fc.constant('return' as const), pick: fc.nat(), toCash: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 50_000 }),
        fc.array(operation, { maxLength: 8 }),
        async (floatMinor, operations) => {
          app?.close();
          app = startRegister(tempDir());
          const a = app;
          const { shifts, returns } = a.services;
          a.services.catalog.importCsv(testCatalogCsv);
          a.services.people.login(manager); // may move cash and refund to cash without asking
          shifts.open({ count: countOf(floatMinor) });
          let expected = floatMinor;
          const sold: CompletedSale[] = [];
          for (const op of operations) {
            if (op.kind === 'sale') {
              const total = () => a.services.sales.current().dueMinor;
              for (const code of op.items) a.services.sales.scan({ code });
              if (op.pay === 'card') a.services.sales.addTender({ kind: 'card', amountMinor: total() });
              if (op.pay === 'split')
                a.services.sales.addTender({ kind: 'card', amountMinor: Math.floor(total() / 2) });
              if (op.pay !== 'card')
                a.services.sales.addTender({ kind: 'cash', amountMinor: total() + op.extraCash });
              const sale = a.services.sales.complete().receipt.sale;
              sold.push(sale);
              const cash = sale.tenders
                .filter((t) => t.kind === 'cash')
                .reduce((s, t) => s + t.amountMinor, 0);
              expected += cash - sale.changeMinor;
            } else if (op.kind === 'return') {
              const sale = sold.splice(op.pick % Math.max(1, sold.length), 1)[0];
              if (!sale) continue;
              const request = {
                from: {
                  kind: 'receipt' as const,
                  saleId: sale.saleId,
                  receiptNumber: sale.receiptNumber,
                  lines: sale.lines.map((line) => ({
                    lineId: line.lineId,
                    quantity: line.quantity,
                    disposition: 'sellable' as const,
                  })),
                },
                exchange: false,
                refundTo: op.toCash ? ('cash' as const) : ('original' as const),
                payments: [],
              };
              const cashBack = (refunds: { kind: string; amountMinor: number }[]) =>
                refunds.filter((r) => r.kind === 'cash').reduce((s, r) => s + r.amountMinor, 0);
              const worked = await returns.complete(request).catch((error: Error) => error);
              if (worked instanceof Error) {
                // Cash the drawer does not hold is never handed back: the return is refused and changes nothing.
                expect(worked.message).toContain('should be in the drawer');
                continue;
              }
              expected -= cashBack(worked.return.refunds);
            } else if (op.kind === 'in') {
              shifts.cashMovement({ kind: 'in', amountMinor: op.amountMinor, reason: 'Top-up' });
              expected += op.amountMinor;
            } else if (op.amountMinor <= expected) {
              shifts.cashMovement({ kind: 'out', amountMinor: op.amountMinor, reason: 'To the safe' });
              expected -= op.amountMinor;
            }
          }
          expect(shifts.xReport().totals.cash!.expectedMinor).toBe(expected);
          const { report } = shifts.close({ count: countOf(expected) });
          expect(report.overShortMinor).toBe(0);
        },
      ),
      { numRuns: 15 },
    );
  });
});
