/**
 * The shared catalog CSV reader (docs/catalog-csv.md): a price above what PUT /api/products takes is refused with
 * the admin API's message, and a row of the wrong width is told with the file's own numbers even when the caller
 * took columns out of it (head office's style and options).
 */
import { describe, expect, it } from 'vitest';
import {
  catalogColumns,
  catalogRowReader,
  formulaSafe,
  type CatalogCsvRules,
} from '../../src/shared/catalog-csv.ts';
import { productInputSchema } from '../../src/shared/sync/admin-api.ts';

const rules: CatalogCsvRules = { currencyDigits: 2, taxCodes: ['STD'], columns: catalogColumns };
const header = ['sku', 'name', 'price', 'tax_code'];

describe('the catalog CSV reader', () => {
  it('refuses a price above the admin API limit, with its message', () => {
    const reader = catalogRowReader(header, rules);
    expect(reader.read(['TEA-1', 'Tea', '1000000.00', 'STD'], 2)).toMatchObject({ priceMinor: 100_000_000 });
    expect(reader.read(['TEA-2', 'Tea', '1000000.01', 'STD'], 3)).toBeNull();
    const api = productInputSchema.safeParse({
      sku: 'TEA-2',
      name: 'Tea',
      priceMinor: 100_000_001,
      taxCode: 'STD',
      category: null,
      unit: 'each',
      active: true,
      barcodes: [],
    });
    expect(api.error?.issues.map((issue) => issue.message)).toEqual(['Price: at most 100000000 minor units']);
    expect(reader.errors).toEqual([{ row: 3, message: 'price: at most 100000000 minor units' }]);
  });

  it("tells a row's field count against the file's header, columns the caller took out included", () => {
    const reader = catalogRowReader(header, rules, 6);
    expect(reader.read(['TEA-1', 'Tea'], 2, ['TEA-1', 'Tea', '3.00', 'STD'])).toBeNull();
    expect(reader.read(['TEA-2', 'Tea', '3.00', 'STD'], 3, ['TEA-2', 'Tea', '3.00', 'STD', 'S'])).toBeNull();
    expect(reader.errors.map((error) => error.message)).toEqual([
      'Has 4 fields but the header has 6: a name with a comma must be in double quotes',
      'Has 5 fields but the header has 6: a name with a comma must be in double quotes',
    ]);
  });
});

describe('a name a spreadsheet would run as a formula', () => {
  it('is exported with a leading quote that the import takes off, so a round trip keeps it', () => {
    const names = ['=SUM(A1)', '+44 tea', '-20% mugs', '@home', "'=quoted", "'plain", 'Tea'];
    expect(names.map(formulaSafe)).toEqual([
      "'=SUM(A1)",
      "'+44 tea",
      "'-20% mugs",
      "'@home",
      "''=quoted",
      "'plain",
      'Tea',
    ]);
    const reader = catalogRowReader(['sku', 'name', 'price', 'tax_code', 'category'], rules);
    const read = names.map((name, i) =>
      reader.read([`SKU-${i}`, formulaSafe(name), '1.00', 'STD', formulaSafe(name)], i + 2),
    );
    expect(reader.errors).toEqual([]);
    expect(read.map((row) => [row?.name, row?.category])).toEqual(names.map((name) => [name, name]));
  });
});
