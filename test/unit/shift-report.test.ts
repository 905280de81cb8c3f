import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaxSummary } from '../../src/shared/domain.ts';
import {
  addFigures,
  describeShiftAck,
  noFigures,
  shiftReportText,
  shiftTotals,
  type ShiftFigures,
  type ZReport,
} from '../../src/shared/shift-report.ts';

const vat = (grossMinor: number, taxMinor: number): TaxSummary => ({
  code: 'STD',
  name: 'VAT 23%',
  rateBasisPoints: 2300,
  netMinor: grossMinor - taxMinor,
  taxMinor,
  grossMinor,
});

describe('shift figures', () => {
  it('add up per tax rate and per tender, with cash first', () => {
    const sales: ShiftFigures = {
      ...noFigures,
      sales: { count: 2, grossMinor: 1230, taxMinor: 230 },
      taxes: [vat(1230, 230)],
      tenders: [
        { kind: 'card', takenMinor: 1000, refundedMinor: 0 },
        { kind: 'cash', takenMinor: 230, refundedMinor: 0 },
      ],
    };
    const returns: ShiftFigures = {
      ...noFigures,
      returns: { count: 1, grossMinor: 123, taxMinor: 23 },
      taxes: [vat(-123, -23)],
      tenders: [{ kind: 'cash', takenMinor: 0, refundedMinor: 123 }],
    };
    const totals = shiftTotals('EUR', 5000, addFigures(sales, returns, { ...noFigures, cashOutMinor: 1000 }));
    expect(totals.netMinor).toBe(1107);
    expect(totals.taxes).toEqual([vat(1107, 207)]);
    expect(totals.tenders).toEqual([
      { kind: 'cash', takenMinor: 230, refundedMinor: 123, netMinor: 107 },
      { kind: 'card', takenMinor: 1000, refundedMinor: 0, netMinor: 1000 },
    ]);
    expect(totals.cash).toEqual({
      floatMinor: 5000,
      takenMinor: 230,
      refundedMinor: 123,
      inMinor: 0,
      outMinor: 1000,
      expectedMinor: 5000 + 230 - 123 - 1000,
    });
  });

  it('expect float + cash taken − cash refunded ± cash in/out, however the shift is split into sources', () => {
    const part = fc.record({
      cashTaken: fc.integer({ min: 0, max: 1_000_000 }),
      cashRefunded: fc.integer({ min: 0, max: 1_000_000 }),
      cardTaken: fc.integer({ min: 0, max: 1_000_000 }),
      inMinor: fc.integer({ min: 0, max: 1_000_000 }),
      outMinor: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(part, { maxLength: 12 }), (floatMinor, parts) => {
        const figures = parts.map((p): ShiftFigures => ({
          ...noFigures,
          tenders: [
            { kind: 'cash', takenMinor: p.cashTaken, refundedMinor: p.cashRefunded },
            { kind: 'card', takenMinor: p.cardTaken, refundedMinor: 0 },
          ],
          cashInMinor: p.inMinor,
          cashOutMinor: p.outMinor,
        }));
        const sum = (f: (p: (typeof parts)[number]) => number): number => parts.reduce((s, p) => s + f(p), 0);
        const { cash } = shiftTotals('EUR', floatMinor, addFigures(...figures));
        expect(cash.expectedMinor).toBe(
          floatMinor +
            sum((p) => p.cashTaken) -
            sum((p) => p.cashRefunded) +
            sum((p) => p.inMinor) -
            sum((p) => p.outMinor),
        );
        expect(Number.isSafeInteger(cash.expectedMinor)).toBe(true);
      }),
    );
  });
});

describe("head office's acknowledgement of a shift", () => {
  const base = {
    enrolled: true,
    firstSeq: 10,
    lastSeq: 17,
    lastAckedSeq: 17,
    waitingNames: [],
    why: 'sending now',
  };

  it('says when every event is acknowledged', () => {
    expect(describeShiftAck(base)).toEqual({
      state: 'all-acknowledged',
      events: 7,
      acknowledged: 7,
      waiting: 0,
      message: 'All 7 events acknowledged by head office.',
    });
    // Later events (the next shift) do not count for this one.
    expect(describeShiftAck({ ...base, lastAckedSeq: 40 }).message).toBe(
      'All 7 events acknowledged by head office.',
    );
  });

  it('names what is still waiting, and why', () => {
    const ack = describeShiftAck({
      ...base,
      lastAckedSeq: 12,
      waitingNames: ['receipt R1-000013', 'audit.recorded #14'],
      why: 'not connected to head office',
    });
    expect(ack).toMatchObject({ state: 'waiting', events: 7, acknowledged: 2, waiting: 5 });
    expect(ack.message).toBe(
      '5 of 7 events still waiting for head office (receipt R1-000013, audit.recorded #14 and 3 more); ' +
        'why: not connected to head office. They stay on this register and are sent as soon as head office can be reached.',
    );
  });

  it('says so when the register is not connected to any head office, or the shift had no events', () => {
    expect(describeShiftAck({ ...base, enrolled: false, lastAckedSeq: 0 })).toMatchObject({
      state: 'not-connected',
      waiting: 7,
      message:
        "Not connected to head office: this register is not enrolled, so the shift's 7 events are kept on this register only.",
    });
    expect(describeShiftAck({ ...base, lastSeq: 10 }).message).toBe(
      'No events for head office in this shift.',
    );
  });
});

describe('the printed report', () => {
  it('fits the paper and says short or over', () => {
    const totals = shiftTotals('EUR', 10_000, {
      ...noFigures,
      sales: { count: 1, grossMinor: 1230, taxMinor: 230 },
      taxes: [vat(1230, 230)],
      tenders: [{ kind: 'cash', takenMinor: 1230, refundedMinor: 0 }],
    });
    const report: ZReport = {
      kind: 'Z',
      number: 12,
      shiftId: 's1',
      storeId: 'DEMO-01',
      storeName: 'Corner Shop Demo',
      registerId: 'R1',
      openedAt: '2025-03-03T08:00:00.000Z',
      openedBy: { userId: 'a', name: 'Alex' },
      closedAt: '2025-03-03T17:00:00.000Z',
      closedBy: { userId: 'a', name: 'Alex' },
      approvedBy: { userId: 'm', name: 'Morgan' },
      totals,
      count: [{ valueMinor: 5000, count: 2 }],
      countedMinor: 10_000,
      overShortMinor: -1230,
      headOffice: describeShiftAck({
        enrolled: false,
        firstSeq: 0,
        lastSeq: 1,
        lastAckedSeq: 0,
        waitingNames: [],
        why: '',
      }),
    };
    const lines = shiftReportText(report, 'en-IE', 32);
    expect(lines.every((line) => [...line].length <= 32)).toBe(true);
    expect(lines).toContain('Z REPORT 12');
    expect(lines).toContain(`Expected in drawer${' '.repeat(32 - 18 - 7)}€112.30`);
    expect(lines).toContain(`Short${' '.repeat(32 - 5 - 7)}-€12.30`);
    expect(lines).toContain('Over/short approved by Morgan');
    expect(lines).toContain('Register R1');
    // Printed by the register it is about, which has a name since it was enrolled; a report of an id the
    // register no longer has (before its enrolment) keeps that id.
    expect(shiftReportText(report, 'en-IE', 32, { registerId: 'R1', registerName: 'Till 1' })).toContain(
      'Register Till 1',
    );
    expect(shiftReportText(report, 'en-IE', 32, { registerId: 'HQ-7', registerName: 'Till 1' })).toContain(
      'Register R1',
    );
  });
});
