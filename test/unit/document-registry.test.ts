/**
 * The registry of document kinds: which versions head office reads and how an older one reads as the current.
 */
import { describe, expect, it } from 'vitest';
import { oldestVersion, schemaOf } from '../../src/shared/documents/kind.ts';
import { documentKinds, kindOf } from '../../src/shared/documents/registry.ts';
import { saleCompleted, type SalePayload } from '../../src/shared/documents/sale.ts';

const sale: SalePayload = {
  saleId: '0193a5c0-0000-7000-8000-000000000001',
  receiptNumber: 'R1-000001',
  completedAt: '2026-03-01T10:00:00.000Z',
  storeId: 'S1',
  registerId: 'R1',
  currency: 'EUR',
  lines: [
    {
      lineId: 'line-1',
      productId: 1,
      sku: 'MUG',
      name: 'Mug',
      unit: 'each',
      quantity: 1,
      unitPriceMinor: 250,
      taxCode: 'STD',
      taxRateBasisPoints: 2000,
      amountMinor: 250,
      taxMinor: 42,
      totalMinor: 250,
    },
  ],
  totals: {
    pricesIncludeTax: true,
    subtotalMinor: 250,
    discountMinor: 0,
    taxMinor: 42,
    totalMinor: 250,
    taxes: [],
  },
  tenders: [{ tenderId: 'tender-1', kind: 'cash', amountMinor: 250 }],
  changeMinor: 0,
  userId: 'user-1',
  shiftId: 'shift-1',
};

describe('the document registry', () => {
  it('lists each event type once, each with a name for people', () => {
    const types = documentKinds.map((kind) => kind.type);
    expect(new Set(types).size).toBe(types.length);
    for (const kind of documentKinds) {
      expect(kindOf(kind.type)).toBe(kind);
      expect(kind.label).not.toBe('');
      expect(oldestVersion(kind)).toBeLessThanOrEqual(kind.current);
    }
    expect(kindOf('sale.refunded')).toBeUndefined();
  });

  it('reads a v1 sale, which carried its seq, as the current version without it', () => {
    expect(saleCompleted.current).toBe(2);
    expect(oldestVersion(saleCompleted)).toBe(1);
    expect(schemaOf(saleCompleted, 1)!.parse({ ...sale, outboxSeq: 7 })).toEqual(sale);
    expect(schemaOf(saleCompleted, 1)!.safeParse(sale).success).toBe(false);
    expect(schemaOf(saleCompleted, 2)!.parse(sale)).toEqual(sale);
    expect(schemaOf(saleCompleted, 3)).toBeUndefined();
  });

  it('refuses text with a control character in a payload, and says which field', () => {
    const withNul = { ...sale, lines: [{ ...sale.lines[0]!, name: 'Mug\u0000' }] };
    const parsed = saleCompleted.schema.safeParse(withNul);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({
      path: ['lines', 0, 'name'],
      message: expect.stringMatching(/^Product name contains a control character/),
    });
  });
});
