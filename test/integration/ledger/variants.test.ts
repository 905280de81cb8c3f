/**
 * A style's variants at the register: what head office's catalog stream sends (each variant with its style) is
 * kept, the sale screen gets the style's grid with each variant's stock here, a search lists the style once for
 * the grid, and a scanned variant barcode goes on the sale as that variant, no grid in between.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { oneHitPerStyle } from '../../../src/shared/styles.ts';
import { catalogItemSchema } from '../../../src/shared/sync/protocol.ts';
import { ean, freshApp } from './ledger-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const axes = [
  { name: 'Colour', values: ['Red', 'Blue'] },
  { name: 'Size', values: ['S', 'M'] },
];
/** A variant as head office's catalog stream sends it (src/headoffice/styles.ts). */
const variant = (colour: string, size: string, extra: object = {}) =>
  catalogItemSchema.parse({
    sku: `TEE-${colour.toUpperCase()}-${size}`,
    name: `Tee ${colour} / ${size}`,
    priceMinor: 1500,
    taxCode: 'STD',
    category: 'Clothing',
    unit: 'each',
    active: true,
    barcodes: [],
    style: { id: 'TEE', name: 'Tee', axes, options: [colour, size] },
    ...extra,
  });

function receiveTees(app: RegisterApp): void {
  const now = new Date().toISOString();
  app.db.transaction(() => {
    for (const item of [
      variant('Red', 'S'),
      variant('Red', 'M', { priceMinor: 1700, barcodes: [ean('590300000001')] }),
      variant('Blue', 'S', { active: false }),
      variant('Blue', 'M'),
    ])
      app.services.catalog.upsert(item, now);
  })();
}

describe('variants at the register', () => {
  it("gives the sale screen a style's grid with each variant's stock here", () => {
    app = freshApp();
    receiveTees(app);
    const { sales, catalog } = app.services;
    // Two Blue M sold here: the grid shows the stock this store has left.
    sales.scan({ code: 'TEE-BLUE-M' });
    sales.scan({ code: 'TEE-BLUE-M' });
    sales.addTender({ kind: 'cash', amountMinor: 5000 });
    sales.complete();

    const grid = catalog.styleGrid('TEE');
    expect(grid).toMatchObject({ id: 'TEE', name: 'Tee', axes });
    expect(
      grid!.variants.map((hit) => [hit.style!.options.join('/'), hit.priceMinor, hit.active, hit.onHand]),
    ).toEqual([
      ['Red/S', 1500, true, 0],
      ['Red/M', 1700, true, 0],
      ['Blue/S', 1500, false, 0],
      ['Blue/M', 1500, true, -2],
    ]);
    expect(catalog.styleGrid('NO-SUCH')).toBeNull();
  });

  it('lists a style once in a search for the grid, but a variant scanned by its barcode goes on as itself', () => {
    app = freshApp();
    receiveTees(app);
    const { sales, catalog } = app.services;
    const found = catalog.search('tee');
    expect(found).toHaveLength(4);
    expect(oneHitPerStyle(found, 'tee').map((hit) => hit.style?.id)).toEqual(['TEE']);

    const code = ean('590300000001');
    expect(oneHitPerStyle(catalog.search(code), code).map((hit) => hit.sku)).toEqual(['TEE-RED-M']);
    const sale = sales.scan({ code });
    expect(sale.lines.map((line) => [line.sku, line.name, line.unitPriceMinor])).toEqual([
      ['TEE-RED-M', 'Tee Red / M', 1700],
    ]);
  });

  it('forgets the style of a product head office no longer sends as a variant', () => {
    app = freshApp();
    receiveTees(app);
    const { style: _style, ...plain } = variant('Red', 'S');
    app.db.transaction(() => app.services.catalog.upsert(plain, new Date().toISOString()))();
    expect(app.services.catalog.productBySku('TEE-RED-S')?.style).toBeUndefined();
    expect(app.services.catalog.styleGrid('TEE')?.variants.map((hit) => hit.sku)).toEqual([
      'TEE-RED-M',
      'TEE-BLUE-S',
      'TEE-BLUE-M',
    ]);
  });
});
