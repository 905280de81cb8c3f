/**
 * Completed sales as the sales service hands them over, with figures that add up (checked by hand below), for
 * receipt and printing tests that do not need a ledger.
 */
import { defaultBarcodeSettings } from '../../../src/shared/barcode.ts';
import type { CompletedSale } from '../../../src/shared/domain.ts';
import type { StoreSettings } from '../../../src/shared/settings.ts';

export const storeSettings: StoreSettings = {
  storeName: 'Corner Shop',
  addressLines: ['1 Main Street', 'Dublin'],
  currency: 'EUR',
  locale: 'en-IE',
  pricesIncludeTax: true,
  taxRates: [{ code: 'STD', name: 'VAT', rateBasisPoints: 2000 }],
  receiptHeader: 'Fresh every morning',
  receiptFooter: 'Returns within 30 days\nwith this receipt',
  barcodes: defaultBarcodeSettings,
};

/**
 * 2 × Apples at €1.49 = €2.98; 512 g of Bananas at €3.99/kg = €2.04 (2.04288 rounded); total €5.02, of which
 * VAT 20% = 5.02 × 20/120 = €0.84 (0.8367 rounded). Paid €10.00 cash, €4.98 change.
 */
export function cashSale(overrides: Partial<CompletedSale> = {}): CompletedSale {
  return {
    saleId: 'sale-0001',
    receiptNumber: 'S1R1-000042',
    completedAt: '2026-03-14T09:26:53.000Z',
    storeId: 'S1',
    registerId: 'R1',
    currency: 'EUR',
    lines: [
      {
        lineId: 'l1',
        productId: 1,
        sku: 'APL',
        name: 'Apples',
        unit: 'each',
        quantity: 2,
        unitPriceMinor: 149,
        taxCode: 'STD',
        taxRateBasisPoints: 2000,
        amountMinor: 298,
        taxMinor: 50,
        totalMinor: 298,
      },
      {
        lineId: 'l2',
        productId: 2,
        sku: 'BAN',
        name: 'Bananas',
        unit: 'kg',
        quantity: 512,
        unitPriceMinor: 399,
        taxCode: 'STD',
        taxRateBasisPoints: 2000,
        amountMinor: 204,
        taxMinor: 34,
        totalMinor: 204,
      },
    ],
    totals: {
      pricesIncludeTax: true,
      subtotalMinor: 502,
      discountMinor: 0,
      taxMinor: 84,
      totalMinor: 502,
      taxes: [
        { code: 'STD', name: 'VAT', rateBasisPoints: 2000, netMinor: 418, taxMinor: 84, grossMinor: 502 },
      ],
    },
    tenders: [{ tenderId: 't1', kind: 'cash', amountMinor: 1000 }],
    changeMinor: 498,
    outboxSeq: 7,
    userId: null,
    shiftId: null,
    ...overrides,
  };
}

/** One piece of Milk at €1.20, paid by card: no change, no drawer. */
export function cardSale(overrides: Partial<CompletedSale> = {}): CompletedSale {
  return {
    ...cashSale(),
    saleId: 'sale-0002',
    receiptNumber: 'S1R1-000043',
    lines: [
      {
        lineId: 'l1',
        productId: 3,
        sku: 'MLK',
        name: 'Milk',
        unit: 'each',
        quantity: 1,
        unitPriceMinor: 120,
        taxCode: 'STD',
        taxRateBasisPoints: 2000,
        amountMinor: 120,
        taxMinor: 20,
        totalMinor: 120,
      },
    ],
    totals: {
      pricesIncludeTax: true,
      subtotalMinor: 120,
      discountMinor: 0,
      taxMinor: 20,
      totalMinor: 120,
      taxes: [
        { code: 'STD', name: 'VAT', rateBasisPoints: 2000, netMinor: 100, taxMinor: 20, grossMinor: 120 },
      ],
    },
    tenders: [{ tenderId: 't1', kind: 'card', amountMinor: 120 }],
    changeMinor: 0,
    ...overrides,
  };
}
