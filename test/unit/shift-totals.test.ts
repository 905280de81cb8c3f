import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaxSummary } from '../../src/shared/domain.ts';
import { computeShiftTotals, totalsDifferences, type ShiftDocuments } from '../../src/shared/shift-totals.ts';

const vat = (grossMinor: number): TaxSummary => ({
  code: 'STD',
  name: 'VAT 20%',
  rateBasisPoints: 2000,
  netMinor: grossMinor - Math.round(grossMinor / 6),
  taxMinor: Math.round(grossMinor / 6),
  grossMinor,
});

const documents: ShiftDocuments = {
  sales: [
    {
      totals: { totalMinor: 1200, taxMinor: 200, discountMinor: 100, taxes: [vat(1200)] },
      tenders: [{ kind: 'cash', amountMinor: 2000 }],
      changeMinor: 800,
    },
    {
      totals: { totalMinor: 600, taxMinor: 100, discountMinor: 0, taxes: [vat(600)] },
      tenders: [{ kind: 'card', amountMinor: 600 }],
      changeMinor: 0,
      roundingMinor: 0,
    },
  ],
  returns: [
    {
      totals: { totalMinor: 300, taxMinor: 50, taxes: [vat(300)] },
      refunds: [{ kind: 'cash', amountMinor: 300 }],
      roundingMinor: 0,
    },
  ],
  voids: [
    {
      totalMinor: 600,
      refunds: [{ kind: 'card', amountMinor: 600 }],
      sale: { totals: { taxMinor: 100, taxes: [vat(600)] } },
    },
  ],
  cashMovements: [
    { kind: 'in', amountMinor: 500 },
    { kind: 'out', amountMinor: 200 },
  ],
};

describe('a shift’s totals from its documents', () => {
  it('adds up sales, returns, voids and cash movements into the expected cash and takings', () => {
    const totals = computeShiftTotals('EUR', 10_000, documents);
    expect(totals).toMatchObject({
      sales: { count: 2, grossMinor: 1800, taxMinor: 300 },
      returns: { count: 1, grossMinor: 300 },
      voids: { count: 1, grossMinor: 600 },
      discounts: { count: 1, amountMinor: 100 },
      netMinor: 900,
      taxes: [{ code: 'STD', grossMinor: 900, taxMinor: 150 }],
      tenders: [
        { kind: 'cash', takenMinor: 1200, refundedMinor: 300, netMinor: 900 },
        { kind: 'card', takenMinor: 600, refundedMinor: 600, netMinor: 0 },
      ],
      cash: {
        floatMinor: 10_000,
        inMinor: 500,
        outMinor: 200,
        expectedMinor: 10_000 + 1200 - 300 + 500 - 200,
      },
    });
  });

  it('does not depend on the order the documents come in (head office may read them in another)', () => {
    const shuffled = <T>(items: T[]) => fc.shuffledSubarray(items, { minLength: items.length });
    fc.assert(
      fc.property(
        shuffled(documents.sales),
        shuffled(documents.returns),
        shuffled(documents.voids),
        shuffled(documents.cashMovements),
        (sales, returns, voids, cashMovements) => {
          const again = computeShiftTotals('EUR', 10_000, { sales, returns, voids, cashMovements });
          expect(totalsDifferences(computeShiftTotals('EUR', 10_000, documents), again)).toEqual([]);
        },
      ),
    );
  });

  it('names each figure that differs between two sets of totals', () => {
    const register = computeShiftTotals('EUR', 10_000, documents);
    const headOffice = computeShiftTotals('EUR', 10_000, { ...documents, cashMovements: [] });
    expect(totalsDifferences(register, headOffice)).toEqual([
      'cash.inMinor: 500 ≠ 0',
      'cash.outMinor: 200 ≠ 0',
      'cash.expectedMinor: 11200 ≠ 10900',
    ]);
  });
});
