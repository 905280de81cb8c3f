/**
 * Head office owns the catalog: what it refuses (a SKU with a space, a barcode no scanner produces, a tax code a
 * store does not have, stock for a SKU it does not know), the partial update of one product, and the CSV import
 * (a dry run, then all rows or none) and export the back office's Products page uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '../../../src/shared/gtin.ts';
import {
  ADMIN_TOKEN,
  createStore,
  dialects,
  putProducts,
  startTestHeadOffice,
  type TestHeadOffice,
} from './helpers.ts';

const ean = (body: string): string => `${body}${gtinCheckDigit(body)}`;
const product = (sku: string, extra: object = {}) => ({
  sku,
  name: `Product ${sku}`,
  priceMinor: 100,
  taxCode: 'STD',
  category: null,
  unit: 'each',
  active: true,
  barcodes: [],
  ...extra,
});

describe.each(dialects)('the head-office catalog on %s', (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'MAIN');
    await createStore(ho.admin, 'NORTH');
    // Only MAIN sells at the zero rate.
    const zero = { code: 'ZERO', name: 'Zero', rateBasisPoints: 0 };
    const main = await ho.admin('GET', '/api/stores/MAIN');
    await ho.admin('PUT', '/api/stores/MAIN/tax', {
      pricesIncludeTax: true,
      taxRates: [...main.body.taxRates, zero],
    });
    await putProducts(ho.admin, [
      { sku: 'MILK', priceMinor: 99, barcodes: [ean('590123400001')], name: 'Whole Milk 1L' },
      { sku: 'BREAD', priceMinor: 249, barcodes: [ean('590123400002')], name: 'Sourdough Loaf' },
    ]);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  const put = (products: object[]) => ho.admin('PUT', '/api/products', { products });
  const lastCatalogChange = async () =>
    ho.db
      .selectFrom('change_log')
      .select(['key', 'data'])
      .where('stream', '=', 'catalog')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();

  it('refuses a SKU with a space, a barcode no scanner produces and a tax code a store lacks, saying why', async () => {
    const spaced = await put([product('MY SKU')]);
    expect(spaced).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_INPUT', message: expect.stringContaining('"MY SKU" is not a SKU') } },
    });
    const short = await put([product('SHORT', { barcodes: ['123'] })]);
    expect(short.body.error.message).toContain('"123" is not an EAN/UPC: those have 8, 12, 13 or 14 digits');
    const misread = await put([product('MISREAD', { barcodes: ['5901234000012'] })]);
    expect(misread.body.error.message).toContain('has a wrong check digit');
    const internal = await put([product('LABEL', { barcodes: ['DELI0042'] })]);
    expect(internal.status).toBe(200);

    const zero = await put([product('GUM', { taxCode: 'ZERO' })]);
    expect(zero).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'INVALID_INPUT',
          message: expect.stringContaining('GUM: tax code "ZERO" is not set up in store NORTH'),
        },
      },
    });
    expect((await ho.admin('GET', '/api/products/GUM')).status).toBe(404);
  });

  it('refuses stock for a SKU the catalog does not have', async () => {
    const reply = await ho.admin('POST', '/api/stores/MAIN/stock-movements', {
      sku: 'NO-SUCH',
      kind: 'receive',
      quantity: 12,
    });
    expect(reply).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: expect.stringContaining('"NO-SUCH"') } },
    });
    const known = await ho.admin('POST', '/api/stores/MAIN/stock-movements', {
      sku: 'MILK',
      kind: 'receive',
      quantity: 12,
    });
    expect(known.status).toBe(201);
  });

  it('changes only the price with PATCH, audits it, and sends the whole product to registers', async () => {
    const reply = await ho.admin('PATCH', '/api/products/MILK', { priceMinor: 105 });
    expect(reply).toMatchObject({
      status: 200,
      body: { sku: 'MILK', name: 'Whole Milk 1L', priceMinor: 105, barcodes: [ean('590123400001')] },
    });
    const change = await lastCatalogChange();
    expect(change.key).toBe('MILK');
    expect(JSON.parse(change.data!)).toMatchObject({ priceMinor: 105, barcodes: [ean('590123400001')] });
    const audit = await ho.admin(
      'GET',
      `/api/audit?action=${encodeURIComponent('PATCH /api/products/:sku')}`,
    );
    expect(audit.body.items[0]).toMatchObject({ target: 'sku=MILK' });

    expect((await ho.admin('PATCH', '/api/products/MILK', {})).status).toBe(400);
    expect((await ho.admin('PATCH', '/api/products/NOPE', { priceMinor: 1 })).status).toBe(404);
  });

  it('imports a CSV: a dry run with row errors, then counts, then all rows, then unchanged', async () => {
    const bad = [
      'sku,name,price,tax_code,category,barcodes',
      'BREAD,Sourdough Loaf,2.59,STD,Bakery,', // row 2: fine
      'GUM,Mint Gum,0.50,ZERO,,', // row 3: NORTH has no ZERO
      `JAM,Strawberry Jam,3.x,STD,,`, // row 4
      `OAT,Oat Bar,0.79,STD,,${ean('590123400001')}`, // row 5: MILK's barcode, MILK not in the file
    ].join('\n');
    const refused = await ho.admin('POST', '/api/products/import', { csv: bad, dryRun: false });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ applied: false, imported: 0 });
    expect(refused.body.errors.map((error: { row: number }) => error.row)).toEqual([3, 4, 5]);
    expect(refused.body.errors[2].message).toBe(
      `barcodes: ${ean('590123400001')} already belongs to the product with SKU MILK`,
    );
    expect((await ho.admin('GET', '/api/products/BREAD')).body.priceMinor).toBe(249);

    // No barcodes column: BREAD keeps its barcode.
    const csv = [
      'sku,name,price,tax_code,category',
      'BREAD,Sourdough Loaf,2.59,STD,Bakery',
      'MILK,Whole Milk 1L,1.05,STD,',
      'JAM,Strawberry Jam,3.49,STD,Preserves',
    ].join('\n');
    const dryRun = await ho.admin('POST', '/api/products/import', { csv });
    expect(dryRun.body).toEqual({
      applied: false,
      imported: 3,
      created: 1,
      updated: 1,
      unchanged: 1,
      fieldChanges: { price: 1, category: 1 },
      errors: [],
    });
    expect((await ho.admin('GET', '/api/products/JAM')).status).toBe(404);

    const applied = await ho.admin('POST', '/api/products/import', { csv, dryRun: false });
    expect(applied.body).toMatchObject({ applied: true, created: 1, updated: 1, unchanged: 1 });
    expect((await ho.admin('GET', '/api/products/BREAD')).body).toMatchObject({
      priceMinor: 259,
      category: 'Bakery',
      barcodes: [ean('590123400002')],
    });
    expect((await ho.admin('GET', '/api/products/JAM')).body).toMatchObject({
      priceMinor: 349,
      active: true,
    });

    const again = await ho.admin('POST', '/api/products/import', { csv, dryRun: false });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, fieldChanges: {} });

    const stock = await ho.admin('POST', '/api/products/import', { csv: 'sku,name,price,tax_code,stock\n' });
    expect(stock.body.errors).toEqual([{ row: 1, message: expect.stringContaining('without stock') }]);
  });

  it('exports every product the filters match as CSV, in the import format', async () => {
    const response = await fetch(`${ho.url}/api/products.csv?category=Bakery`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await response.text()).toBe(
      'sku,name,price,tax_code,category,unit,barcodes,active,style,options\n' +
        `BREAD,Sourdough Loaf,2.59,STD,Bakery,each,${ean('590123400002')},yes,,\n`,
    );
    const all = await fetch(`${ho.url}/api/products.csv?sort=-sku`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const lines = (await all.text()).trim().split('\n');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['MILK', 'LABEL', 'JAM', 'BREAD']);
  });
});
