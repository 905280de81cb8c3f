/**
 * Every scan goes through the barcode parser (src/shared/barcode.ts) on a real ledger: GTINs in any of their
 * forms, AIM identifiers, GS1 element strings with weight and price, and in-store price- and weight-embedded
 * labels for the demo catalog's deli meat and apples (docs/catalog-csv.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { demoStore } from '../../../src/main/services/demo-seed.ts';
import { defaultBarcodeSettings, embeddedItemBarcode } from '../../../src/shared/barcode.ts';
import { codes, count, ean, errorOf, freshApp, product, startApp } from './ledger-fixture.ts';

let app: RegisterApp & { dataDir: string };
afterEach(() => app?.close());

const header = 'sku,name,price,tax_code,category,unit,barcodes,active,stock';
/** A UPC-A (12 digits), kept in the catalog as its 13-digit EAN form with a leading zero. */
const upcA = ean('03600029145');
/** A variable-measure GTIN-14 (indicator digit 9), as on GS1 DataBar labels of weighed goods. */
const cheeseGtin = ean('9590123400020');
const olivesInStoreCode = embeddedItemBarcode({ prefix: '21', itemCode: '90001' });

function withScanTestProducts(): RegisterApp & { dataDir: string } {
  const started = freshApp();
  const report = started.services.catalog.importCsv(
    [
      header,
      `T-SOAP,Test Soap Bar,1.50,STD,,each,0${upcA},yes,10`,
      `T-CHEESE,Test Cheddar Wedge,12.99,ZERO,Dairy,kg,${cheeseGtin},yes,5`,
      `T-OLIVES,Test Deli Olives,14.99,STD,Deli,kg,${olivesInStoreCode},yes,5`,
      // An all-digit SKU that is no valid EAN-8 (its check digit would be 0).
      '12345678,Test Typed By Number,2.00,STD,,each,,yes,5',
    ].join('\n'),
  );
  if (report.errors.length > 0) throw new Error(JSON.stringify(report.errors));
  return started;
}

/** The code with its last digit changed, as a misread would. */
const misread = (code: string): string => `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;

/** A scale label for a product stored under its zeroed in-store code: the same prefix and item, this value. */
function label(storedCode: string, value: number): string {
  return ean(`${storedCode.slice(0, 7)}${String(value).padStart(5, '0')}`);
}

/** The demo catalog's labelled products (resources/demo-catalog.csv). */
const honeyRoastHam = 'MEA-000117'; // €19.59/kg, deli price label 21 00004 …
const grannySmiths = 'FRV-000055'; // €2.79/kg, produce-scale weight label 28 00001 …

describe('scanning GTINs in any form', () => {
  it('finds a product by its EAN-13, by 14 digits with leading zeros, and after an AIM identifier', () => {
    app = withScanTestProducts();
    app.services.sales.scan({ code: codes.milk });
    app.services.sales.scan({ code: `0${codes.milk}` });
    app.services.sales.scan({ code: `]E0${codes.cola}` });
    const sale = app.services.sales.scan({ code: ']C0T-COLA' }); // a SKU printed as Code 128
    expect(sale.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['T-MILK', 2],
      ['T-COLA', 2],
    ]);
  });

  it('finds a product stored under 13 digits from its 12-digit UPC-A and its GTIN-14', () => {
    app = withScanTestProducts();
    app.services.sales.scan({ code: upcA });
    const sale = app.services.sales.scan({ code: `00${upcA}` });
    expect(sale.lines.map((line) => [line.sku, line.quantity, line.amountMinor])).toEqual([
      ['T-SOAP', 2, 300],
    ]);
  });

  it('still takes an all-digit SKU typed by hand, though it is no valid barcode', () => {
    app = withScanTestProducts();
    expect(app.services.sales.scan({ code: '12345678' }).lines[0]).toMatchObject({
      sku: '12345678',
      quantity: 1,
    });
  });

  it('asks for the weight of goods sold by kg scanned from their plain GTIN or in-store code', () => {
    app = withScanTestProducts();
    expect(errorOf(() => app.services.sales.scan({ code: cheeseGtin })).code).toBe('WEIGHT_REQUIRED');
    const ham = product(app, honeyRoastHam);
    const error = errorOf(() => app.services.sales.scan({ code: ham.barcodes[0]! }));
    expect(error.code).toBe('WEIGHT_REQUIRED');
    expect(error.message).toContain(ham.name);
    expect(app.services.sales.current().lines).toEqual([]);
  });
});

describe('UPC-E', () => {
  /** 01234565 is a valid EAN-8 and a valid UPC-E; as a UPC-E it stands for the UPC-A 012345000065. */
  const bothWays = '01234565';
  const gum = `T-GUM,Test Gum UPC-E,0.99,STD,,each,0${ean('01234500006')},yes,10`;
  const mints = `T-MINTS,Test Mints EAN-8,1.29,STD,,each,${bothWays},yes,10`;

  function withCatalog(...rows: string[]): RegisterApp & { dataDir: string } {
    const started = withScanTestProducts();
    const report = started.services.catalog.importCsv([header, ...rows].join('\n'));
    if (report.errors.length > 0) throw new Error(JSON.stringify(report.errors));
    return started;
  }
  const skus = (): string[] => app.services.sales.current().lines.map((line) => line.sku);

  it('finds a UPC-E product from 8 digits that also pass as an EAN-8 the catalog does not hold', () => {
    app = withCatalog(gum);
    app.services.sales.scan({ code: bothWays });
    expect(skus()).toEqual(['T-GUM']);
  });

  it('finds the EAN-8 product from the same digits when that is the one the catalog holds', () => {
    app = withCatalog(mints);
    app.services.sales.scan({ code: bothWays });
    expect(skus()).toEqual(['T-MINTS']);
  });

  it('takes the EAN-8 when the catalog holds both, and the UPC-E when the scanner says UPC-E (]E0)', () => {
    app = withCatalog(gum, mints);
    app.services.sales.scan({ code: bothWays });
    app.services.sales.scan({ code: `]E0${bothWays}` });
    expect(skus()).toEqual(['T-MINTS', 'T-GUM']);
  });

  it('finds a UPC-E sent as its six digits alone, with or without the UPC identifier', () => {
    app = withCatalog(gum);
    app.services.sales.scan({ code: '123456' });
    const sale = app.services.sales.scan({ code: ']E0123456' });
    expect(sale.lines.map((line) => [line.sku, line.quantity])).toEqual([['T-GUM', 2]]);
  });
});

describe('GS1 element strings', () => {
  it.each([
    ['bracketed', `(01)${cheeseGtin}(3103)001250`],
    ['as a GS1-128 scanner sends it', `]C101${cheeseGtin}3103001250`],
    ['with a batch and a GS separator', `01${cheeseGtin}10LOT42\u001d3103001250`],
  ])('sells the net weight (AI 3103) of the GTIN (AI 01): %s', (_form, code) => {
    app = withScanTestProducts();
    const sale = app.services.sales.scan({ code });
    // 12.99 per kg × 1.250 kg = 16.2375 → 16.24
    expect(sale.lines).toMatchObject([{ sku: 'T-CHEESE', unit: 'kg', quantity: 1250, amountMinor: 1624 }]);
    expect(sale.totals.totalMinor).toBe(1624);
  });

  it('charges the price on the label (AI 3922) and books the weight as well when it is there', () => {
    app = withScanTestProducts();
    app.services.sales.scan({ code: `(01)${cheeseGtin}(3103)000400(3922)000523` });
    const sale = app.services.sales.scan({ code: `(01)${cheeseGtin}(3922)000650` });
    expect(sale.lines.map((line) => [line.quantity, line.amountMinor])).toEqual([
      [400, 523],
      // No weight on the label: worked back from 12.99 per kg, 650 / 12.99 = 0.50038 kg.
      [500, 650],
    ]);
  });
});

describe('price- and weight-embedded in-store labels', () => {
  it('sells the weight on a produce-scale label', () => {
    app = withScanTestProducts();
    const apples = product(app, grannySmiths);
    expect(apples.barcodes).toEqual([embeddedItemBarcode({ prefix: '28', itemCode: '00001' })]);
    const sale = app.services.sales.scan({ code: label(apples.barcodes[0]!, 1234) });
    // 2.79 per kg × 1.234 kg = 3.44286 → 3.44
    expect(sale.lines).toMatchObject([{ sku: grannySmiths, unit: 'kg', quantity: 1234, amountMinor: 344 }]);
  });

  it('charges exactly the price on a deli label, one line per label, through a restart and into the ledger', () => {
    app = withScanTestProducts();
    const ham = product(app, honeyRoastHam);
    const code = label(ham.barcodes[0]!, 668);
    app.services.sales.scan({ code });
    const sale = app.services.sales.scan({ code });
    // 6.68 / 19.59 per kg = 0.34099 kg: the grams for the stock count; the amount is the label's.
    expect(sale.lines).toMatchObject([
      { sku: honeyRoastHam, unitPriceMinor: 1959, quantity: 341, amountMinor: 668, totalMinor: 668 },
      { sku: honeyRoastHam, unitPriceMinor: 1959, quantity: 341, amountMinor: 668, totalMinor: 668 },
    ]);
    const changeWeight = errorOf(() =>
      app.services.sales.setQuantity({ lineId: sale.lines[0]!.lineId, quantity: 500 }),
    );
    expect(changeWeight.code).toBe('INVALID_INPUT');
    expect(changeWeight.message).toContain('comes from its label');

    app.close();
    app = Object.assign(startApp(app.dataDir), { dataDir: app.dataDir });
    expect(app.services.sales.current()).toEqual(sale);
    app.services.sales.addTender({ kind: 'cash', amountMinor: 1336 });
    const completed = app.services.sales.complete().receipt.sale;
    const stored = app.db
      .prepare('SELECT quantity, amount_minor FROM sale_lines WHERE sale_id = ?')
      .all(completed.saleId);
    expect(stored).toEqual([
      { quantity: 341, amount_minor: 668 },
      { quantity: 341, amount_minor: 668 },
    ]);
    expect(app.services.stock.availability(ham.id).onHandHere).toBe(ham.onHand - 682);
  });

  it('taxes a label price like any other amount', () => {
    app = withScanTestProducts();
    const sale = app.services.sales.scan({ code: label(olivesInStoreCode, 345) });
    // Prices include tax: 3.45 × 23 / 123 = 0.6451 → 0.65 VAT.
    expect(sale.lines).toMatchObject([{ sku: 'T-OLIVES', quantity: 230, amountMinor: 345, taxMinor: 65 }]);
    expect(sale.totals).toMatchObject({ totalMinor: 345, taxMinor: 65 });
  });

  it("reads labels with the store's own layout", () => {
    app = withScanTestProducts();
    // Here prefix 21 carries a weight in grams, with a price/weight check digit before it.
    app.services.settings.saveStore({
      ...app.services.settings.store(),
      barcodes: {
        embeddedLayouts: [
          {
            prefix: '21',
            carries: 'weight',
            itemDigits: 4,
            valueCheckDigit: true,
            valueDigits: 5,
            valueDecimals: 3,
          },
        ],
      },
    });
    const olives = embeddedItemBarcode({ prefix: '21', itemCode: '9000' });
    app.services.catalog.importCsv(`${header}\nT-OLIVES,Test Deli Olives,14.99,STD,Deli,kg,${olives},yes,`);
    // 21, item 9000, 6 (the weight's own check digit), 00500 g
    const sale = app.services.sales.scan({ code: ean('219000600500') });
    expect(sale.lines).toMatchObject([{ sku: 'T-OLIVES', quantity: 500, amountMinor: 750 }]);
    expect(errorOf(() => app.services.sales.scan({ code: ean('219000500500') })).code).toBe(
      'INVALID_BARCODE',
    );
  });
});

describe('refused scans', () => {
  it.each([
    ['an EAN-13', misread(codes.milk)],
    ['a GS1 GTIN', `(01)${misread(cheeseGtin)}(3103)001250`],
    ['an in-store label', misread(label(embeddedItemBarcode({ prefix: '28', itemCode: '00001' }), 1234))],
    ['an SSCC sent without identifier', misread('00106141411234567897')],
    ['a GS1 DataBar GTIN sent without identifier', `01${misread(cheeseGtin)}`],
  ])('refuses %s that fails its check digit, and adds nothing', (_what, code) => {
    app = withScanTestProducts();
    const error = errorOf(() => app.services.sales.scan({ code }));
    expect(error.code).toBe('INVALID_BARCODE');
    expect(error.message).toMatch(/failed its check digit: scan it again or type the SKU/);
    expect(app.services.sales.current().lines).toEqual([]);
    expect(count(app, 'open_sales')).toBe(0);
  });

  it.each([
    ['an EAN-13', ean('590999999999')],
    ['a SKU', 'NO-SUCH-SKU'],
    ['text after an AIM identifier', ']C0NO-SUCH-SKU'],
    ['a GS1 GTIN', `(01)${ean('0590999999999')}(3103)001250`],
    ['an in-store item code', label(embeddedItemBarcode({ prefix: '28', itemCode: '99999' }), 1234)],
  ])('says an unknown code is unknown: %s', (_what, code) => {
    app = withScanTestProducts();
    const error = errorOf(() => app.services.sales.scan({ code }));
    expect(error.code).toBe('UNKNOWN_BARCODE');
    expect(error.message).toMatch(/No product has the (in-store item )?code/);
    expect(count(app, 'open_sales')).toBe(0);
  });
});

describe('a ledger from before barcode settings', () => {
  it('loads store settings saved without them, with the default layouts, and scans labels', () => {
    app = withScanTestProducts();
    const { barcodes: _barcodes, ...oldSettings } = demoStore;
    app.db.prepare("UPDATE settings SET value = ? WHERE key = 'store'").run(JSON.stringify(oldSettings));
    app.close();

    app = Object.assign(startApp(app.dataDir), { dataDir: app.dataDir });
    expect(app.services.settings.store()).toEqual(demoStore);
    expect(app.services.settings.store().barcodes).toEqual(defaultBarcodeSettings);
    const apples = product(app, grannySmiths);
    expect(app.services.sales.scan({ code: label(apples.barcodes[0]!, 500) }).lines[0]?.quantity).toBe(500);
  });
});
