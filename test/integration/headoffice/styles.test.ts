/**
 * Styles and their variants at head office: saving a style makes one product per combination of its options,
 * with generated SKUs (TEE-RED-M), the style's price unless a variant has its own, and its own barcodes; each
 * variant reaches registers on the catalog stream carrying its style; what is refused says why.
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
const tee = (extra: object = {}) => ({
  name: 'Tee',
  priceMinor: 1500,
  taxCode: 'STD',
  category: 'Clothing',
  unit: 'each',
  axes: [
    { name: 'Colour', values: ['Red', 'Blue'] },
    { name: 'Size', values: ['S', 'M', 'L'] },
  ],
  ...extra,
});

describe.each(dialects)('styles and variants on %s', (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'MAIN');
    await putProducts(ho.admin, [
      { sku: 'MUG-RED', name: 'Red Mug', priceMinor: 900, barcodes: [ean('590123400011')] },
    ]);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  const catalogChange = async (sku: string) =>
    JSON.parse(
      (
        await ho.db
          .selectFrom('change_log')
          .select('data')
          .where('stream', '=', 'catalog')
          .where('key', '=', sku)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).data!,
    );

  it("makes a variant per combination, with generated SKUs and the style's price unless its own", async () => {
    const reply = await ho.admin(
      'PUT',
      '/api/styles/TEE',
      tee({ variants: [{ options: ['red', 'L'], priceMinor: 1700, barcodes: [ean('590123400012')] }] }),
    );
    expect(reply.status).toBe(200);
    const variants = reply.body.variants as { sku: string; name: string; priceMinor: number }[];
    expect(variants.map((v) => v.sku)).toEqual([
      'TEE-RED-S',
      'TEE-RED-M',
      'TEE-RED-L',
      'TEE-BLUE-S',
      'TEE-BLUE-M',
      'TEE-BLUE-L',
    ]);
    expect(variants[2]).toMatchObject({
      name: 'Tee Red / L',
      priceMinor: 1700,
      barcodes: [ean('590123400012')],
    });
    expect(variants[0]).toMatchObject({ name: 'Tee Red / S', priceMinor: 1500, barcodes: [], active: true });

    // Each variant is an ordinary product, and registers learn its place in the grid from the catalog stream.
    const product = await ho.admin('GET', '/api/products/TEE-BLUE-M');
    expect(product.body).toMatchObject({
      category: 'Clothing',
      style: { id: 'TEE', name: 'Tee', options: ['Blue', 'M'] },
    });
    expect(await catalogChange('TEE-RED-L')).toMatchObject({
      priceMinor: 1700,
      style: { id: 'TEE', axes: tee().axes, options: ['Red', 'L'] },
    });
  });

  it('keeps SKUs and barcodes when the options change, and leaves a dropped variant inactive', async () => {
    const reply = await ho.admin(
      'PUT',
      '/api/styles/TEE',
      tee({
        priceMinor: 1600,
        axes: [
          { name: 'Colour', values: ['Red', 'Green'] },
          { name: 'Size', values: ['S', 'M', 'L'] },
        ],
      }),
    );
    expect(reply.status).toBe(200);
    const bySku = new Map(
      (reply.body.variants as { sku: string; active: boolean; priceMinor: number; barcodes: string[] }[]).map(
        (v) => [v.sku, v],
      ),
    );
    expect(bySku.get('TEE-RED-L')).toMatchObject({ priceMinor: 1600, barcodes: [ean('590123400012')] });
    expect(bySku.get('TEE-GREEN-M')).toMatchObject({ active: true });
    expect(bySku.get('TEE-BLUE-M')).toMatchObject({ active: false });
    expect(reply.body.variants.at(-1).sku).toMatch(/^TEE-BLUE-/);

    // A plain product write (a price through PATCH) leaves the variant in its style.
    await ho.admin('PATCH', '/api/products/TEE-RED-S', { priceMinor: 1450 });
    expect((await ho.admin('GET', '/api/products/TEE-RED-S')).body).toMatchObject({
      priceMinor: 1450,
      style: { id: 'TEE', options: ['Red', 'S'] },
    });
  });

  it('refuses a SKU or barcode another product has, and options that make no grid, saying why', async () => {
    const taken = await ho.admin(
      'PUT',
      '/api/styles/MUG',
      tee({ name: 'Mug', axes: [{ name: 'Colour', values: ['Red', 'Blue'] }] }),
    );
    expect(taken).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining('SKU MUG-RED already belongs to "Red Mug"') } },
    });
    expect((await ho.admin('GET', '/api/styles/MUG')).status).toBe(404);
    expect((await ho.admin('GET', '/api/products/MUG-BLUE')).status).toBe(404);

    const barcode = await ho.admin(
      'PUT',
      '/api/styles/CAP',
      tee({
        name: 'Cap',
        axes: [{ name: 'Size', values: ['One'] }],
        variants: [{ options: ['One'], barcodes: [ean('590123400011')] }],
      }),
    );
    expect(barcode).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining('MUG-RED') } },
    });

    const clash = await ho.admin(
      'PUT',
      '/api/styles/CAP',
      tee({ axes: [{ name: 'Size', values: ['X L', 'X-L'] }] }),
    );
    expect(clash.body.error.message).toContain('Two variants would both have SKU CAP-X-L');

    const repeated = await ho.admin(
      'PUT',
      '/api/styles/CAP',
      tee({ axes: [{ name: 'Size', values: ['S', 's'] }] }),
    );
    expect(repeated).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(repeated.body.error.message).toContain('Each value only once per option');

    const four = await ho.admin(
      'PUT',
      '/api/styles/CAP',
      tee({ axes: ['A', 'B', 'C', 'D'].map((name) => ({ name, values: ['1'] })) }),
    );
    expect(four.body.error.message).toContain('At most 3 options per style');

    const unknown = await ho.admin('PUT', '/api/styles/CAP', tee({ variants: [{ options: ['Pink', 'S'] }] }));
    expect(unknown.body.error.message).toContain('"Pink" is not a value of Colour');

    const renamed = await ho.admin(
      'PUT',
      '/api/styles/TEE',
      tee({ variants: [{ options: ['Red', 'S'], sku: 'OTHER' }] }),
    );
    expect(renamed.body.error.message).toContain('already has SKU TEE-RED-S');

    expect((await ho.admin('GET', '/api/styles/CAP')).status).toBe(404);
  });

  it('exports a variant with its style and options; imports them back, refusing a file that moves a product between styles', async () => {
    const csv = async (query: string) =>
      (
        await fetch(`${ho.url}/api/products.csv?${query}`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).text();
    expect((await csv('q=TEE-RED-L')).split('\n').slice(0, 2)).toEqual([
      'sku,name,price,tax_code,category,unit,barcodes,active,style,options',
      `TEE-RED-L,Tee Red / L,16.00,STD,Clothing,each,${ean('590123400012')},yes,TEE,Red|L`,
    ]);

    // A file as exported imports unchanged; one that would move a product into, out of or within a style is
    // refused row by row: styles change in their own editor.
    const header = 'sku,name,price,tax_code,category,style,options';
    const roundTrip = await ho.admin('POST', '/api/products/import', {
      csv: `${header}\nTEE-RED-L,Tee Red / L,16.00,STD,Clothing,TEE,red|L\nMUG-RED,Red Mug,9.50,STD,,,`,
      dryRun: false,
    });
    expect(roundTrip.body).toMatchObject({
      applied: true,
      updated: 1,
      unchanged: 1,
      fieldChanges: { price: 1 },
    });
    const refused = await ho.admin('POST', '/api/products/import', {
      csv: [
        header,
        'TEE-RED-S,Tee Red / S,14.50,STD,Clothing,,', // row 2: out of its style
        'TEE-RED-M,Tee Red / M,17.00,STD,Clothing,TEE,Red|S', // row 3: within it
        'MUG-RED,Red Mug,9.50,STD,,TEE,Red|M', // row 4: into one
      ].join('\n'),
      dryRun: true,
    });
    expect(refused.body.errors).toEqual([
      { row: 2, message: expect.stringContaining('style: TEE-RED-S is a variant of TEE (Red|S), not "" ""') },
      {
        row: 3,
        message: expect.stringContaining('TEE-RED-M is a variant of TEE (Red|M), not "TEE" "Red|S"'),
      },
      { row: 4, message: expect.stringContaining('MUG-RED is in no style') },
    ]);
    expect(
      (
        await ho.admin('POST', '/api/products/import', {
          csv: 'sku,name,price,tax_code,style\nA,A,1,STD,TEE',
        })
      ).body.errors,
    ).toEqual([{ row: 1, message: 'The columns "style" and "options" go together: give both, or neither' }]);
    // Without the columns, a variant stays in its style.
    await ho.admin('POST', '/api/products/import', {
      csv: 'sku,name,price,tax_code\nTEE-RED-L,Tee Red / L,16.50,STD',
      dryRun: false,
    });
    expect((await ho.admin('GET', '/api/products/TEE-RED-L')).body).toMatchObject({
      priceMinor: 1650,
      style: { id: 'TEE', options: ['Red', 'L'] },
    });
  });
});
