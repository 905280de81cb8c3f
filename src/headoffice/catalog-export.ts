/**
 * The catalog as CSV (docs/catalog-csv.md, without stock): every product the filters of the Products page
 * match, in its order, read a page at a time and written as it goes, so 100,000 products never sit in memory.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { catalogColumns, formulaSafe } from '../shared/catalog-csv.ts';
import { currencyDigits } from '../shared/money.ts';
import type { ProductsQuery, ProductView } from '../shared/sync/admin-api.ts';
import { styleCell, styleColumns } from './catalog-styles-csv.ts';
import type { HeadOffice } from './context.ts';
import { listProducts } from './reports.ts';

const exportColumns = [...catalogColumns.filter((column) => column !== 'stock'), ...styleColumns];
const pageSize = 1_000;

function csvRow(product: ProductView, digits: number): string[] {
  return [
    product.sku,
    formulaSafe(product.name),
    (product.priceMinor / 10 ** digits).toFixed(digits),
    product.taxCode,
    formulaSafe(product.category ?? ''),
    product.unit,
    product.barcodes.join('|'),
    product.active ? 'yes' : 'no',
    ...styleCell(product),
  ];
}

async function* productRows(ho: HeadOffice, query: Omit<ProductsQuery, 'after' | 'limit'>) {
  const store = await ho.db.selectFrom('stores').select('currency').executeTakeFirst();
  const digits = currencyDigits(store?.currency ?? 'EUR');
  let after: string | undefined;
  do {
    const page = await listProducts(ho, { ...query, limit: pageSize, ...(after ? { after } : {}) });
    for (const product of page.items) yield csvRow(product, digits);
    after = page.next ?? undefined;
  } while (after !== undefined);
}

/** The CSV as a stream: a header row, then a row per product. */
export function exportCatalogCsv(ho: HeadOffice, query: Omit<ProductsQuery, 'after' | 'limit'>): Readable {
  const rows = Readable.from(productRows(ho, query));
  const csv = stringify({ header: true, columns: [...exportColumns] });
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
