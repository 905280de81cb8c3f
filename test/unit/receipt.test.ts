import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompletedReturn } from '../../src/shared/domain.ts';
import {
  buildReceipt,
  buildReturnReceipt,
  buildVoidReceipt,
  layoutReceipt,
  receiptText,
  twoColumns,
  wrapText,
} from '../../src/shared/receipt.ts';
import { cardSale, cashSale, storeSettings } from '../integration/devices/sample-sale.ts';

const utc = { timeZone: 'UTC' };

describe('the receipt document', () => {
  it('reads, at 32 columns, as the customer should see it', () => {
    const text = receiptText(buildReceipt(cashSale(), storeSettings, utc), 32);
    expect(text).toEqual([
      '          Corner Shop',
      '         1 Main Street',
      '             Dublin',
      '      Fresh every morning',
      '--------------------------------',
      'Receipt              S1R1-000042',
      '14/03/2026, 09:26',
      'Register R1',
      '--------------------------------',
      'Apples                     €2.98',
      '  2 × €1.49',
      'Bananas                    €2.04',
      '  0.512 kg × €3.99/kg',
      '--------------------------------',
      'TOTAL                      €5.02',
      'Cash                      €10.00',
      'Change                     €4.98',
      '--------------------------------',
      'VAT 20% incl.              €0.84',
      '  net €4.18, gross €5.02',
      '--------------------------------',
      '         [S1R1-000042]',
      '     Returns within 30 days',
      '       with this receipt',
    ]);
  });

  it('puts the receipt number in a code row for the return scanner', () => {
    const rows = layoutReceipt(buildReceipt(cashSale(), storeSettings, utc), 42);
    expect(rows.filter((row) => row.kind === 'code')).toEqual([{ kind: 'code', content: 'S1R1-000042' }]);
  });

  it('prints the store name and the total in bold', () => {
    const rows = layoutReceipt(buildReceipt(cashSale(), storeSettings, utc), 42);
    const bold = rows.flatMap((row) =>
      row.kind === 'text' && row.bold ? [row.text.replace(/\s+/g, ' ')] : [],
    );
    expect(bold).toEqual(['Corner Shop', 'TOTAL €5.02']);
  });

  it('marks a reprint DUPLICATE at the top and the bottom, and the original not at all', () => {
    const original = receiptText(buildReceipt(cashSale(), storeSettings, utc), 42);
    const reprint = receiptText(buildReceipt(cashSale(), storeSettings, { ...utc, duplicate: true }), 42);
    expect(original.join('\n')).not.toContain('DUPLICATE');
    const marks = reprint.flatMap((line, index) => (line.includes('*** DUPLICATE ***') ? [index] : []));
    expect(marks).toHaveLength(2);
    expect(marks[0]).toBeLessThan(reprint.indexOf(reprint.find((line) => line.startsWith('Receipt'))!));
    expect(marks[1]).toBe(reprint.length - 1);
  });

  it('names the cashier when there is one', () => {
    const text = receiptText(buildReceipt(cashSale(), storeSettings, { ...utc, cashier: 'Ana' }), 42);
    expect(text).toContain('Register R1, cashier Ana');
  });

  it('shows a single piece without a quantity line, and no change for an exact card payment', () => {
    const text = receiptText(buildReceipt(cardSale(), storeSettings, utc), 32);
    expect(text).toContain('Milk                       €1.20');
    expect(text).toContain('Card                       €1.20');
    expect(text.some((line) => line.includes('×'))).toBe(false);
    expect(text.some((line) => line.startsWith('Change'))).toBe(false);
  });

  it('adds tax before the total where prices exclude it (US style)', () => {
    const sale = cashSale({
      currency: 'USD',
      totals: {
        pricesIncludeTax: false,
        subtotalMinor: 502,
        discountMinor: 0,
        taxMinor: 40,
        totalMinor: 542,
        taxes: [
          {
            code: 'STATE',
            name: 'Sales tax',
            rateBasisPoints: 800,
            netMinor: 502,
            taxMinor: 40,
            grossMinor: 542,
          },
        ],
      },
      tenders: [{ tenderId: 't1', kind: 'cash', amountMinor: 600 }],
      changeMinor: 58,
    });
    const text = receiptText(
      buildReceipt(sale, { ...storeSettings, locale: 'en-US', currency: 'USD' }, utc),
      32,
    );
    const from = text.indexOf('Subtotal                   $5.02');
    expect(from).toBeGreaterThan(0);
    expect(text.slice(from, from + 4)).toEqual([
      'Subtotal                   $5.02',
      'Sales tax 8%               $0.40',
      '  on $5.02',
      'TOTAL                      $5.42',
    ]);
    expect(text.some((line) => line.includes('incl.'))).toBe(false);
    expect(text).toContain('3/14/26, 9:26 AM');
  });

  it('writes amounts and weights in the store locale, with plain spaces a printer has', () => {
    const text = receiptText(buildReceipt(cashSale(), { ...storeSettings, locale: 'fr-FR' }, utc), 42).join(
      '\n',
    );
    expect(text).toContain('0,512 kg × 3,99 €/kg');
    expect(text).toContain('14/03/2026 09:26');
    expect(text).not.toMatch(/[\u00a0\u202f]/);
  });

  it('shows discounts, cash rounding and an exchange credit so the figures add up on paper', () => {
    const base = cashSale();
    const sale = cashSale({
      lines: [
        {
          ...base.lines[0]!,
          totalMinor: 268,
          discount: { discount: { kind: 'percent', basisPoints: 1000 }, reason: 'bruised', amountMinor: 30 },
        },
        base.lines[1]!,
      ],
      cartDiscount: {
        discount: { kind: 'amount', amountMinor: 50 },
        reason: 'loyal customer',
        amountMinor: 50,
      },
      totals: {
        ...base.totals,
        discountMinor: 80,
        totalMinor: 422,
        taxMinor: 70,
        taxes: [
          { code: 'STD', name: 'VAT', rateBasisPoints: 2000, netMinor: 352, taxMinor: 70, grossMinor: 422 },
        ],
      },
      roundingMinor: -2,
      exchange: { returnId: 'ret-1', receiptNumber: 'S1R1-R00003', creditMinor: 100 },
      tenders: [{ tenderId: 't1', kind: 'cash', amountMinor: 500 }],
      changeMinor: 180,
    });
    const text = receiptText(buildReceipt(sale, storeSettings, utc), 40);
    const from = text.indexOf('Apples                             €2.98');
    expect(text.slice(from, from + 3)).toEqual([
      'Apples                             €2.98',
      '  2 × €1.49',
      '  Discount 10 % (bruised)         -€0.30',
    ]);
    const totals = text.indexOf('Subtotal                           €5.02');
    expect(text.slice(totals, totals + 9)).toEqual([
      'Subtotal                           €5.02',
      'Item discounts                    -€0.30',
      'Discount €0.50 (loyal customer)   -€0.50',
      'TOTAL                              €4.22',
      'Rounding                          -€0.02',
      'To pay                             €4.20',
      'Returned goods S1R1-R00003         €1.00',
      'Cash                               €5.00',
      'Change                             €1.80',
    ]);
  });

  it('states the weight exactly, never through a float', () => {
    const sale = cashSale();
    sale.lines[1] = { ...sale.lines[1]!, quantity: 1005, amountMinor: 401, totalMinor: 401 };
    const doc = buildReceipt(sale, storeSettings, utc);
    expect(doc.items[1]?.detail).toBe('1.005 kg × €3.99/kg');
  });
});

describe('receipt layout', () => {
  it('wraps a long name and keeps the amount flush right on its last line', () => {
    expect(twoColumns('Organic free-range eggs, box of twelve', '€4.49', 24)).toEqual([
      'Organic free-range eggs,',
      'box of twelve      €4.49',
    ]);
  });

  it('gives the amount a line of its own when the name fills the last line', () => {
    expect(twoColumns('Sparkling water 1.5 litre', '€0.89', 16)).toEqual([
      'Sparkling water',
      '1.5 litre  €0.89',
    ]);
    expect(twoColumns('Extraordinarily', '€10.00', 16)).toEqual(['Extraordinarily', '          €10.00']);
  });

  it('cuts a word longer than the paper', () => {
    expect(wrapText('Supercalifragilistic', 8)).toEqual(['Supercal', 'ifragili', 'stic']);
  });

  it('never prints a line wider than the paper, whatever the names and the width', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.integer({ min: 24, max: 64 }), (name, columns) => {
        const sale = cashSale();
        sale.lines[0] = { ...sale.lines[0]!, name: name.trim() || 'x' };
        const lines = receiptText(buildReceipt(sale, storeSettings, utc), columns);
        return lines.every((line) => [...line].length <= columns);
      }),
    );
  });
});

describe('the receipt of a return or a void', () => {
  /** One of the two apples of cashSale() back, damaged, refunded in cash. */
  const appleBack: CompletedReturn = {
    returnId: 'ret-1',
    receiptNumber: 'S1R1-000043',
    completedAt: '2026-03-14T10:02:00.000Z',
    storeId: 'S1',
    registerId: 'R1',
    currency: 'EUR',
    original: {
      saleId: 'sale-0001',
      receiptNumber: 'S1R1-000042',
      registerId: 'R1',
      completedAt: '2026-03-14T09:26:53.000Z',
    },
    reason: 'Bruised',
    userId: 'u1',
    approverId: null,
    shiftId: 's1',
    lines: [
      {
        originalLineId: 'l1',
        productId: 1,
        sku: 'APL',
        name: 'Apples',
        unit: 'each',
        quantity: 1,
        unitPriceMinor: 149,
        taxCode: 'STD',
        taxRateBasisPoints: 2000,
        amountMinor: 149,
        discountMinor: 0,
        taxMinor: 25,
        totalMinor: 149,
        disposition: 'damaged',
      },
    ],
    totals: {
      pricesIncludeTax: true,
      subtotalMinor: 149,
      discountMinor: 0,
      taxMinor: 25,
      totalMinor: 149,
      taxes: [
        { code: 'STD', name: 'VAT', rateBasisPoints: 2000, netMinor: 124, taxMinor: 25, grossMinor: 149 },
      ],
    },
    refunds: [{ kind: 'cash', amountMinor: 149 }],
    roundingMinor: 0,
    exchange: null,
    outboxSeq: 8,
  };

  it('names the register printing it by its name for its own documents, and any other register by its id', () => {
    const till = { registerId: 'R1', registerName: 'Till 1' };
    const own = { ...utc, cashier: 'Ana', register: till };
    expect(receiptText(buildReceipt(cashSale(), storeSettings, own), 42)).toContain(
      'Register Till 1, cashier Ana',
    );
    expect(receiptText(buildReturnReceipt(appleBack, storeSettings, own), 42)).toContain(
      'Register Till 1, cashier Ana',
    );
    const elsewhere = { ...own, register: { registerId: 'R2', registerName: 'Till 2' } };
    expect(receiptText(buildReceipt(cashSale(), storeSettings, elsewhere), 42)).toContain(
      'Register R1, cashier Ana',
    );
  });

  it('shows a return: what came back, the refund, which sale and why, and no code to scan', () => {
    const text = receiptText(buildReturnReceipt(appleBack, storeSettings, { ...utc, cashier: 'Alex' }), 32);
    expect(text).toEqual([
      '          Corner Shop',
      '         1 Main Street',
      '             Dublin',
      '      Fresh every morning',
      '             RETURN',
      '--------------------------------',
      'Receipt              S1R1-000043',
      '14/03/2026, 10:02',
      'Register R1, cashier Alex',
      'For receipt S1R1-000042 of',
      '14/03/2026, 09:26',
      'Reason: Bruised',
      '--------------------------------',
      'Apples                    -€1.49',
      '  damaged',
      '--------------------------------',
      'TOTAL                     -€1.49',
      'Cash back                  €1.49',
      '--------------------------------',
      'VAT 20% incl.             -€0.25',
      '  net -€1.24, gross -€1.49',
      '--------------------------------',
      '     Returns within 30 days',
      '       with this receipt',
    ]);
  });

  it('shows a void: the whole sale with its amounts going back, per tender', () => {
    const sale = cashSale();
    const text = receiptText(
      buildVoidReceipt(
        {
          voidId: 'v1',
          receiptNumber: 'S1R1-000044',
          saleId: sale.saleId,
          saleReceiptNumber: sale.receiptNumber,
          voidedAt: '2026-03-14T11:00:00.000Z',
          storeId: 'S1',
          registerId: 'R1',
          reason: 'Rang up twice',
          userId: 'u3',
          approverId: null,
          shiftId: 's1',
          totalMinor: 502,
          lines: [],
          refunds: [{ kind: 'cash', amountMinor: 502 }],
          outboxSeq: 9,
        },
        sale,
        storeSettings,
        utc,
      ),
      32,
    ).join('\n');
    expect(text).toContain('VOID');
    expect(text).toContain('Receipt              S1R1-000044');
    expect(text).toContain('Voids sale S1R1-000042 of');
    expect(text).toContain('Apples                    -€2.98');
    expect(text).toContain('TOTAL                     -€5.02');
    expect(text).toContain('Cash back                  €5.02');
    expect(text).not.toContain('Change');
    expect(text).not.toContain('[S1R1');
  });
});
