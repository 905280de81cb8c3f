/**
 * The open sale's pure operations (src/main/services/sale/draft.ts), without a ledger: what the cashier's
 * actions do to the cart, what they need approved, and whether the sale can be completed.
 */
import { describe, expect, it } from 'vitest';
import type { ProductHit } from '../../src/shared/domain.ts';
import { CounterError } from '../../src/shared/errors.ts';
import { defaultBarcodeSettings } from '../../src/shared/barcode.ts';
import type { StoreSettings } from '../../src/shared/settings.ts';
import {
  addItem,
  addTender,
  completionBlock,
  discountLine,
  emptyDraft,
  overridePrice,
  price,
  removeLine,
  setQuantity,
  type Draft,
} from '../../src/main/services/sale/draft.ts';

const store: StoreSettings = {
  storeName: 'Corner Shop',
  addressLines: [],
  currency: 'EUR',
  locale: 'en-IE',
  pricesIncludeTax: true,
  taxRates: [{ code: 'STD', name: 'VAT', rateBasisPoints: 2000 }],
  receiptHeader: '',
  receiptFooter: '',
  barcodes: defaultBarcodeSettings,
};
const money = (minor: number): string => `€${(minor / 100).toFixed(2)}`;
const at = '2026-03-14T09:00:00.000Z';

const product = (overrides: Partial<ProductHit> = {}): ProductHit => ({
  id: 1,
  sku: 'APL',
  name: 'Apples',
  priceMinor: 149,
  taxCode: 'STD',
  category: null,
  unit: 'each',
  active: true,
  barcodes: [],
  onHand: 10,
  ...overrides,
});

const errorOf = (run: () => unknown): CounterError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CounterError) return error;
    throw error;
  }
  throw new Error('expected a CounterError');
};

const withApples = (pieces: number): Draft =>
  addItem(emptyDraft(at), { product: product(), quantity: pieces }, at);

describe('the open sale as pure operations', () => {
  it('joins pieces of one product on one line and prices them', () => {
    const draft = addItem(withApples(2), { product: product() }, at);
    expect(draft.lines).toHaveLength(1);
    expect(draft.lines[0]!.quantity).toBe(3);
    expect(price(draft, store).totals.totalMinor).toBe(447);
  });

  it('refuses an inactive product and a weighed one without its weight', () => {
    expect(errorOf(() => addItem(emptyDraft(at), { product: product({ active: false }) }, at)).code).toBe(
      'INACTIVE_PRODUCT',
    );
    expect(errorOf(() => addItem(emptyDraft(at), { product: product({ unit: 'kg' }) }, at)).code).toBe(
      'WEIGHT_REQUIRED',
    );
  });

  it('says a lower quantity and a removed line are line voids, a higher quantity is not', () => {
    const draft = withApples(3);
    const lineId = draft.lines[0]!.lineId;
    expect(setQuantity(draft, lineId, 1).actions).toEqual(['line.void']);
    expect(setQuantity(draft, lineId, 5).actions).toEqual([]);
    const removed = removeLine(draft, lineId);
    expect(removed.actions).toEqual(['line.void']);
    expect(removed.next.lines).toEqual([]);
    expect(removed.details).toMatchObject({ quantityBefore: 3, quantityAfter: 0 });
  });

  it('needs a reason for a discount and a price change, and keeps the catalog price beside an override', () => {
    const draft = withApples(1);
    const lineId = draft.lines[0]!.lineId;
    expect(
      errorOf(() => discountLine(draft, lineId, { kind: 'percent', basisPoints: 1000 }, ' ')).message,
    ).toBe('Give a reason for the discount.');
    const changed = overridePrice(draft, lineId, 99, 'dented');
    expect(changed.actions).toEqual(['price.override']);
    expect(changed.next.lines[0]).toMatchObject({
      unitPriceMinor: 99,
      priceOverride: { catalogPriceMinor: 149, reason: 'dented' },
    });
    // Back to the catalog's price is no override any more.
    expect(overridePrice(changed.next, lineId, 149, 'undo').next.lines[0]!.priceOverride).toBeUndefined();
  });

  it('decides whether the sale can be completed: items, paid in full, no card beyond the total', () => {
    expect(completionBlock(price(emptyDraft(at), store), 0, money)?.code).toBe('EMPTY_SALE');
    const draft = withApples(2);
    expect(completionBlock(price(draft, store), 0, money)).toEqual({
      code: 'UNDERPAID',
      reason: '€2.98 is still due: take another payment before completing the sale.',
    });
    const paid = addTender(draft, 'card', 298, store, money);
    expect(completionBlock(price(paid, store), 0, money)).toBeNull();
    // The cart shrank under the card payment.
    const shrunk = setQuantity(paid, paid.lines[0]!.lineId, 1).next;
    expect(completionBlock(price(shrunk, store), 0, money)?.code).toBe('OVERPAID_CARD');
  });

  it('refuses a card payment beyond what is due', () => {
    expect(errorOf(() => addTender(withApples(1), 'card', 150, store, money))).toMatchObject({
      code: 'OVERPAID_CARD',
      message: 'A card payment of €1.50 is more than the €1.49 due: charge at most €1.49 on the card.',
    });
  });
});
