import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { catalogCsv, generateCatalog } from '../../fixtures/catalog-generator.ts';
import { codes, count, ean, freshApp, product, resourcesDir } from './ledger-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const header = 'sku,name,price,tax_code,category,unit,barcodes,active,stock';

function totalChanges(app: RegisterApp): number {
  return app.db.prepare('SELECT total_changes()').pluck().get() as number;
}

describe('catalog CSV import', () => {
  it('creates products with barcodes, categories, flags and opening stock', () => {
    app = freshApp();
    const report = app.services.catalog.importCsv(
      [
        header,
        `N-1,"Oat Milk, Barista 1L",2.49,std,Plant Milk,each,${ean('590200000001')}|${ean('590200000002')},yes,12`,
        'N-2,Loose Cherries,12.99,ZERO,Fruit & Veg,KG,,true,2.75',
        'N-3,Old Stock Gum,0.5,STD,,,,No,',
      ].join('\n'),
    );
    expect(report).toMatchObject({
      applied: true,
      imported: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      errors: [],
    });

    expect(app.services.catalog.lookupCode(ean('590200000002'))).toMatchObject({
      sku: 'N-1',
      name: 'Oat Milk, Barista 1L',
      priceMinor: 249,
      taxCode: 'STD',
      category: 'Plant Milk',
      unit: 'each',
      active: true,
      barcodes: [ean('590200000001'), ean('590200000002')],
      onHand: 12,
    });
    expect(product(app, 'N-2')).toMatchObject({ unit: 'kg', priceMinor: 1299, onHand: 2750, barcodes: [] });
    expect(product(app, 'N-3')).toMatchObject({ priceMinor: 50, category: null, active: false, onHand: 0 });
    const movements = app.db
      .prepare("SELECT reason, delta FROM stock_movements WHERE product_id = ? AND reason = 'RECEIVE'")
      .all(product(app, 'N-1').id);
    expect(movements).toEqual([{ reason: 'RECEIVE', delta: 12 }]);
  });

  it('reports every bad row by number and imports nothing', () => {
    app = freshApp();
    const productsBefore = count(app, 'products');
    const changesBefore = totalChanges(app);
    const demoBarcode = readFileSync(join(resourcesDir, 'demo-catalog.csv'), 'utf8')
      .split('\n')[1]!
      .split(',')[6]!;
    const valid = ean('590200000003');
    const misread = `${valid.slice(0, -1)}${(Number(valid.at(-1)) + 1) % 10}`;
    const csv = [
      header,
      'OK-1,Fine Product,1.00,STD,,each,,yes,1', // row 2: fine on its own
      'BAD-3,Bad Price,3.4x,STD,,each,,yes,', // row 3
      'BAD-4,Unknown Tax,1.00,LUX,,each,,yes,', // row 4
      `BAD-5,Misread Barcode,1.00,STD,,each,${misread},yes,`, // row 5
      'OK-1,Same SKU Again,1.00,STD,,each,,yes,', // row 6
      `BAD-7,Taken Barcode,1.00,STD,,each,${codes.milk},yes,`, // row 7: T-MILK has it
      `BAD-8,Someone Elses,1.00,STD,,each,${demoBarcode},yes,`, // row 8: a demo product has it
      'BAD-9,Bad Unit,1.00,STD,,litre,,maybe,-3', // row 9: three problems
      'BAD-10,Comma, Not Quoted,1.00,STD,,each,,yes,', // row 10
      ',,1.00,STD,,each,,yes,', // row 11
      'BAD-12,Half A Tin,1.00,STD,,each,,yes,2.5', // row 12
      `BAD-13,Twice In File,1.00,STD,,each,${ean('590200000004')},yes,`,
      `BAD-14,Twice In File Too,1.00,STD,,each,${ean('590200000004')},yes,`, // row 14
    ].join('\n');

    const report = app.services.catalog.importCsv(csv);

    expect(report.imported).toBe(0);
    expect(report.errors.map((error) => error.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 9, 9, 10, 11, 11, 12, 14]);
    const messages = report.errors.map((error) => `${error.row} ${error.message}`);
    expect(messages).toEqual([
      '3 price: "3.4x" is not a price like 3.49',
      '4 tax_code: "LUX" is not one of the store\'s tax codes (STD, RED, ZERO)',
      `5 barcodes: "${misread}" has a wrong check digit (the last digit should be ${valid.at(-1)})`,
      '6 sku: "OK-1" is already used on row 2',
      `7 barcodes: ${codes.milk} already belongs to the product with SKU T-MILK`,
      expect.stringMatching(
        new RegExp(`^8 barcodes: ${demoBarcode} already belongs to the product with SKU `),
      ),
      '9 unit: must be each or kg',
      '9 active: "maybe" is not one of yes, no, true, false, 1, 0',
      '9 stock: "-3" is not a quantity: use whole pieces, or kilograms with up to 3 decimals',
      '10 Has 10 fields but the header has 9: a name with a comma must be in double quotes',
      '11 sku: is empty',
      '11 name: is empty',
      '12 stock: "2.5" is not a whole number of pieces',
      `14 barcodes: ${ean('590200000004')} is already used on row 13`,
    ]);
    expect(count(app, 'products')).toBe(productsBefore);
    expect(totalChanges(app)).toBe(changesBefore);
  });

  it('refuses a control character in any text field, naming its row and field, and imports nothing', () => {
    app = freshApp();
    const changesBefore = totalChanges(app);
    const csv = [
      header,
      'NUL\u0000SKU,Fine Name,1.00,STD,,each,,yes,', // row 2: PostgreSQL cannot store NUL
      'OK-3,"Two\nLines",1.00,STD,,each,,yes,', // row 3
      'OK-4,Escape \u001b[31mRed,1.00,STD,Dairy\u0007,each,,yes,', // row 4: name and category
      `OK-5,Fine Name,1.00,STD,,each,${ean('590200000005')}|AB\u0085C,yes,`, // row 5: a C1 control
    ].join('\n');

    const report = app.services.catalog.importCsv(csv);

    const control = 'contains a control character (such as NUL, a tab or a line break): remove it';
    expect(report).toMatchObject({
      applied: false,
      imported: 0,
      created: 0,
      updated: 0,
      errors: [
        { row: 2, message: `sku: ${control}` },
        { row: 3, message: `name: ${control}` },
        { row: 4, message: `name: ${control}` },
        { row: 4, message: `category: ${control}` },
        { row: 5, message: `barcodes: a barcode ${control}` },
      ],
    });
    expect(totalChanges(app)).toBe(changesBefore);
  });

  it('refuses a file whose header is wrong, or that is not CSV', () => {
    app = freshApp();
    expect(app.services.catalog.importCsv('sku,title,price,barcode\nX,Y,1,2\n').errors).toEqual([
      {
        row: 1,
        message:
          'Unknown column "title": the columns are sku, name, price, tax_code, category, unit, barcodes, active, stock',
      },
      {
        row: 1,
        message:
          'Unknown column "barcode": the columns are sku, name, price, tax_code, category, unit, barcodes, active, stock',
      },
      { row: 1, message: 'The required column "name" is missing' },
      { row: 1, message: 'The required column "tax_code" is missing' },
    ]);
    const broken = app.services.catalog.importCsv(`${header}\nA,"Unclosed,1.00,STD,,each,,yes,\n`);
    expect(broken.errors).toMatchObject([{ row: 2, message: expect.stringContaining('not valid CSV') }]);
    expect(app.services.catalog.importCsv(`${header}\n`).errors).toMatchObject([{ row: 2 }]);
  });

  it('updates existing products by SKU, replacing their barcodes and keeping their stock', () => {
    app = freshApp();
    const milk = product(app, 'T-MILK');
    const newCode = ean('590200000009');
    const report = app.services.catalog.importCsv(
      [
        header,
        `T-MILK,Test Milk Renamed,1.39,ZERO,Dairy,each,${newCode},yes,500`,
        // the cola's barcode moves to the cake, which is fine as both are in this file
        `T-COLA,Test Cola 330ml,0.99,STD,Drinks,each,,yes,`,
        `T-CAKE,Test Chocolate Cake,4.99,RED,Bakery,each,${codes.cake}|${codes.cola},yes,`,
      ].join('\n'),
    );

    expect(report).toMatchObject({ imported: 3, created: 0, updated: 3, unchanged: 0, errors: [] });
    expect(report.fieldChanges).toEqual({ name: 1, price: 1, barcodes: 3 });
    expect(app.services.catalog.lookupCode(newCode)).toMatchObject({
      id: milk.id,
      name: 'Test Milk Renamed',
      priceMinor: 139,
      onHand: milk.onHand,
    });
    expect(app.services.catalog.lookupCode(codes.milk)).toBeNull();
    expect(app.services.catalog.lookupCode(codes.cola)?.sku).toBe('T-CAKE');
    expect(app.services.catalog.search('renamed').map((hit) => hit.sku)).toEqual(['T-MILK']);
  });

  it('ships the demo catalog exactly as the generator makes it, and takes a larger generated one on top', () => {
    app = freshApp();
    const demoCsv = readFileSync(join(resourcesDir, 'demo-catalog.csv'), 'utf8');
    expect(demoCsv).toBe(catalogCsv(generateCatalog(300)));

    // The first 300 generated rows are the demo products already in the ledger.
    const report = app.services.catalog.importCsv(catalogCsv(generateCatalog(2_000)));
    // Re-importing what the ledger already has changes nothing: those 300 are unchanged, not updated.
    expect(report).toMatchObject({ imported: 2_000, created: 1_700, updated: 0, unchanged: 300, errors: [] });
    expect(app.services.stock.check().differences).toEqual([]);
  });
});

describe('catalog search', () => {
  it('puts an exact barcode or SKU match first, then names starting with every word typed', () => {
    app = freshApp();
    expect(app.services.catalog.search(codes.cake)[0]?.sku).toBe('T-CAKE');
    expect(app.services.catalog.search('T-COLA')[0]?.sku).toBe('T-COLA');
    expect(app.services.catalog.search('test choc').map((hit) => hit.sku)).toEqual(['T-CAKE']);
    expect(app.services.catalog.search('  TEST   whol  ')[0]).toMatchObject({ sku: 'T-MILK', onHand: 10 });
    expect(app.services.catalog.search('milk', 3)).toHaveLength(3);
  });

  it('treats FTS query syntax in what was typed as plain text', () => {
    app = freshApp();
    for (const query of [
      '"',
      'test"',
      'test*',
      'NEAR(test',
      'test AND',
      'name:test',
      '(',
      '-',
      '^test',
      "o'brien",
    ]) {
      expect(() => app.services.catalog.search(query), query).not.toThrow();
    }
    expect(app.services.catalog.search('"test" "bananas"').map((hit) => hit.sku)).toEqual(['T-BANANA']);
    expect(app.services.catalog.search('   ')).toEqual([]);
  });
});
