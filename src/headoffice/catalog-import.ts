/**
 * The back office's catalog CSV import (docs/catalog-csv.md, read by the same code as the register's): every row
 * checked (as the register does, and: a tax code every store has, a barcode no product outside the file has),
 * compared with the catalog (a dry run stops here), then written in one transaction.
 */
import { countRow, emptyTally } from '../shared/catalog-changes.ts';
import {
  applyCatalogRow,
  catalogColumns,
  catalogRowReader,
  emptyFile,
  readCatalogHeader,
  readCsvRecords,
  type CatalogCsvRow,
  type CatalogProduct,
} from '../shared/catalog-csv.ts';
import type { ImportReport, ImportRowError } from '../shared/domain.ts';
import { CounterError } from '../shared/errors.ts';
import { currencyDigits } from '../shared/money.ts';
import { catalogItem, loadProducts, storeTaxCodes, taxCodeProblem, writeProducts } from './catalog.ts';
import { styleCellProblems, takeStyleColumns } from './catalog-styles-csv.ts';
import { writeTransaction } from './changes.ts';
import type { HeadOffice } from './context.ts';

/** Head office takes no opening stock: stock arrives through receipts and counts (Stock). */
const headOfficeColumns = catalogColumns.filter((column) => column !== 'stock');
const stockColumnMessage =
  'The back office imports the catalog without stock: remove the "stock" column, and record goods received ' +
  'under Stock.';
/** SKUs or barcodes looked up per query, and products written per statement. */
const batchSize = 1_000;

function batches<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let at = 0; at < items.length; at += batchSize) result.push(items.slice(at, at + batchSize));
  return result;
}

function failed(errors: ImportRowError[]): ImportReport {
  return { applied: false, imported: 0, ...emptyTally(), errors: errors.sort((a, b) => a.row - b.row) };
}

/** The digits of the stores' currency: a catalog price is in the one currency all stores sell in. */
async function catalogCurrencyDigits(ho: HeadOffice): Promise<number> {
  const currencies = (await ho.db.selectFrom('stores').select('currency').distinct().execute()).map(
    (row) => row.currency,
  );
  const digits = new Set(currencies.map(currencyDigits));
  if (digits.size > 1) {
    throw new CounterError(
      'INVALID_INPUT',
      `The stores sell in currencies with different decimals (${currencies.join(', ')}): a CSV price cannot ` +
        'say which; set prices through the API in minor units instead.',
    );
  }
  return [...digits][0] ?? 2;
}

export async function importCatalogCsv(ho: HeadOffice, csv: string, dryRun: boolean): Promise<ImportReport> {
  const parsed = readCsvRecords(csv, 1);
  if ('error' in parsed) return failed([parsed.error]);
  const [fileHeader, ...fileBody] = parsed.records;
  if (!fileHeader) return failed([emptyFile]);
  if (fileHeader.some((column) => column.trim().toLowerCase() === 'stock'))
    return failed([{ row: 1, message: stockColumnMessage }]);
  const styled = takeStyleColumns(fileHeader, fileBody);
  if ('message' in styled) return failed([styled]);
  const { header: rawHeader, body } = styled;
  const header = readCatalogHeader(rawHeader, headOfficeColumns);
  if ('errors' in header) return failed(header.errors);

  const taxCodes = await storeTaxCodes(ho.db);
  const reader = catalogRowReader(
    header.header,
    { currencyDigits: await catalogCurrencyDigits(ho), taxCodes: null, columns: headOfficeColumns },
    fileHeader.length,
  );
  const errors = reader.errors;
  const rows: CatalogCsvRow[] = [];
  body.forEach((cells, index) => {
    const row = reader.read(cells, index + 2, fileBody[index]);
    if (row === null) return;
    const problem = taxCodeProblem(taxCodes, row.taxCode);
    if (problem !== null) errors.push({ row: row.row, message: `tax_code: ${problem}` });
    else rows.push(row);
  });

  const existing = new Map<string, CatalogProduct>();
  for (const batch of batches(rows.map((row) => row.sku))) {
    for (const product of await loadProducts(ho.db, { skus: batch }))
      existing.set(product.sku, catalogItem(product));
  }
  const planned = rows.map((row) => ({
    row,
    before: existing.get(row.sku),
    ...applyCatalogRow(existing.get(row.sku), row),
  }));
  // Row n of the file is body[n - 2]: the header is row 1.
  if (styled.cells) errors.push(...styleCellProblems(planned, styled.cells, (row) => row - 2));

  // A barcode may move between two products of this file, but not away from a product the file leaves alone.
  const rowOfBarcode = new Map(
    planned.flatMap(({ row, product }) => product.barcodes.map((code) => [code, row.row] as const)),
  );
  for (const codes of batches([...rowOfBarcode.keys()])) {
    const owners = await ho.db.selectFrom('barcodes').selectAll().where('code', 'in', codes).execute();
    for (const owner of owners) {
      const row = rowOfBarcode.get(owner.code)!;
      if (!reader.hasSku(owner.sku))
        errors.push({
          row,
          message: `barcodes: ${owner.code} already belongs to the product with SKU ${owner.sku}`,
        });
    }
  }
  if (errors.length > 0) return failed(errors);
  if (planned.length === 0)
    return failed([{ row: 2, message: 'The file has no product rows under the header' }]);

  const tally = emptyTally();
  for (const { before, changed } of planned) countRow(tally, before !== undefined, changed);
  const report: ImportReport = { applied: !dryRun, imported: planned.length, ...tally, errors: [] };
  if (dryRun) return report;

  const writes = planned.filter(({ before, changed }) => before === undefined || changed.length > 0);
  const movable = new Set(planned.map(({ row }) => row.sku));
  await writeTransaction(ho, async (tx, changes) => {
    for (const batch of batches(writes)) {
      await writeProducts(
        ho,
        tx,
        changes,
        batch.map(({ product }) => product),
        movable,
      );
    }
  });
  return report;
}
