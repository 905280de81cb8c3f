/**
 * The shared catalog CSV reader (docs/catalog-csv.md): a price above what PUT /api/products takes is refused with
 * the admin API's message, and a row of the wrong width is told with the file's own numbers even when the caller
 * took columns out of it (head office's style and options).
 */
import { describe, expect, it } from 'vitest';
import { catalogColumns, catalogRowReader, type CatalogCsvRules } from '../../src/shared/catalog-csv.ts';
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
