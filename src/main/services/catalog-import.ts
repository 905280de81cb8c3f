/**
 * Catalog CSV import (format: docs/catalog-csv.md). Every row is validated first and every problem is reported
 * with its row number; a file with any problem imports nothing. A valid file is written in one transaction.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { ImportReport, ImportRowError } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import { gtinCheckDigit, isValidGtin } from '../../shared/gtin.ts';
import { currencyDigits, parseMoney } from '../../shared/money.ts';
import { hasControlCharacters } from '../../shared/text.ts';
import type { StoreSettings } from '../../shared/settings.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { CatalogService, ProductInput } from './catalog.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement } from './stock.ts';

const catalogColumns = [
  'sku',
  'name',
  'price',
  'tax_code',
  'category',
  'unit',
  'barcodes',
  'active',
  'stock',
] as const;
const requiredColumns = ['sku', 'name', 'price', 'tax_code'];

export interface CatalogImportDeps {
  db: Db;
  events: EventBus;
  settings: SettingsService;
  catalog: Pick<CatalogService, 'upsert'>;
  record: RecordMovement;
  now: () => Date;
}

interface ValidRow {
  row: number;
  product: ProductInput;
  /** Opening stock in base units, used only when the SKU is new to the ledger. */
  stock: number;
}

const flags = new Map([
  ['yes', true],
  ['true', true],
  ['1', true],
  ['no', false],
  ['false', false],
  ['0', false],
]);

const controlCharacter = 'contains a control character (such as NUL, a tab or a line break): remove it';
const printable = (text: string): boolean => !hasControlCharacters(text);
/** A field with one is refused for it alone (its row and column go in front), before any other check of it. */
const noControlCharacters = () => ({ message: controlCharacter, abort: true });

/** An optional column: absent or blank both read as ''. */
const optionalCell = z
  .string()
  .optional()
  .transform((text) => (text ?? '').trim());

const barcodeSchema = z.string().superRefine((code, ctx) => {
  if (!printable(code)) {
    ctx.addIssue({ code: 'custom', message: `a barcode ${controlCharacter}` });
  } else if (!/^\d+$/.test(code)) {
    if (!/^[\x21-\x7e]{1,48}$/.test(code)) {
      ctx.addIssue({ code: 'custom', message: `"${code}" is not a barcode: use letters and digits only` });
    }
  } else if (!/^(\d{8}|\d{12,14})$/.test(code)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${code}" is not an EAN/UPC: those have 8, 12, 13 or 14 digits`,
    });
  } else if (!isValidGtin(code)) {
    const expected = gtinCheckDigit(code.slice(0, -1));
    ctx.addIssue({
      code: 'custom',
      message: `"${code}" has a wrong check digit (the last digit should be ${expected})`,
    });
  }
});

/** One CSV row as the store's settings allow it: prices in the store currency, tax codes the store has. */
function rowSchema(store: StoreSettings) {
  const digits = currencyDigits(store.currency);
  const taxCodes = store.taxRates.map((rate) => rate.code);
  const example = (349 / 10 ** digits).toFixed(digits);
  return z.object({
    sku: z
      .string()
      .trim()
      .refine(printable, noControlCharacters())
      .min(1, 'is empty')
      .max(40, 'is longer than 40 characters')
      .regex(/^\S*$/, 'must not contain spaces'),
    name: z
      .string()
      .trim()
      .refine(printable, noControlCharacters())
      .min(1, 'is empty')
      .max(120, 'is longer than 120 characters'),
    price: z
      .string()
      .trim()
      .transform((text, ctx) => {
        const minor = parseMoney(text, digits);
        if (minor === null) {
          ctx.addIssue({ code: 'custom', message: `"${text}" is not a price like ${example}` });
          return z.NEVER;
        }
        return minor;
      }),
    tax_code: z
      .string()
      .trim()
      .toUpperCase()
      .refine((code) => taxCodes.includes(code), {
        error: (issue) =>
          `"${String(issue.input)}" is not one of the store's tax codes (${taxCodes.join(', ')})`,
      }),
    category: optionalCell
      .pipe(z.string().refine(printable, noControlCharacters()).max(60, 'is longer than 60 characters'))
      .transform((name) => name || null),
    unit: optionalCell
      .transform((unit) => unit.toLowerCase() || 'each')
      .pipe(z.enum(['each', 'kg'], { error: 'must be each or kg' })),
    barcodes: optionalCell
      .transform((cell) =>
        cell
          .split('|')
          .map((code) => code.trim())
          .filter((code) => code !== ''),
      )
      .pipe(z.array(barcodeSchema)),
    active: optionalCell.transform((text, ctx) => {
      const flag = text === '' ? true : flags.get(text.toLowerCase());
      if (flag === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not one of yes, no, true, false, 1, 0` });
        return z.NEVER;
      }
      return flag;
    }),
    /** In thousandths of the unit: grams for kg; for pieces, checked to be whole once the unit is known. */
    stock: optionalCell.transform((text, ctx) => {
      // parseMoney reads a non-negative decimal with at most N digits after the point, which is exactly this.
      const thousandths = text === '' ? 0 : parseMoney(text, 3);
      if (thousandths === null) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a quantity: use whole pieces, or kilograms with up to 3 decimals`,
        });
        return z.NEVER;
      }
      return { text, thousandths };
    }),
  });
}

function readRecords(csv: string): { records: string[][] } | { error: ImportRowError } {
  try {
    return { records: parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: false }) };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      error: { row: Number(error.records) + 1, message: `The file is not valid CSV here: ${error.message}` },
    };
  }
}

function checkHeader(header: string[]): ImportRowError[] {
  const known: readonly string[] = catalogColumns;
  const errors = header
    .filter((column) => !known.includes(column))
    .map((column) => ({
      row: 1,
      message: `Unknown column "${column}": the columns are ${catalogColumns.join(', ')}`,
    }));
  for (const column of requiredColumns) {
    if (!header.includes(column))
      errors.push({ row: 1, message: `The required column "${column}" is missing` });
  }
  const repeated = header.filter((column, index) => header.indexOf(column) !== index);
  for (const column of new Set(repeated))
    errors.push({ row: 1, message: `The column "${column}" appears twice` });
  return errors;
}

function failed(errors: ImportRowError[]): ImportReport {
  return { imported: 0, created: 0, updated: 0, errors };
}

export function importCatalogCsv(deps: CatalogImportDeps, csv: string): ImportReport {
  const { db, events, settings, catalog, record, now } = deps;
  const store = settings.store();
  const read = readRecords(csv);
  if ('error' in read) return failed([read.error]);
  const [rawHeader, ...body] = read.records;
  if (!rawHeader)
    return failed([{ row: 1, message: 'The file is empty: the first row must name the columns' }]);
  const header = rawHeader.map((column) => column.trim().toLowerCase());
  const headerErrors = checkHeader(header);
  if (headerErrors.length > 0) return failed(headerErrors);

  const schema = rowSchema(store);
  const ownerOfBarcode = db.prepare<[string], { sku: string }>(
    'SELECT p.sku FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?',
  );
  const errors: ImportRowError[] = [];
  const rows: ValidRow[] = [];
  const rowOfSku = new Map<string, number>();
  const rowOfBarcode = new Map<string, number>();

  body.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((cell) => cell.trim() === '')) return;
    if (cells.length !== header.length) {
      errors.push({
        row,
        message: `Has ${cells.length} fields but the header has ${header.length}: a name with a comma must be in double quotes`,
      });
      return;
    }
    const parsed = schema.safeParse(Object.fromEntries(header.map((column, i) => [column, cells[i]])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row, message: `${String(issue.path[0])}: ${issue.message}` });
      return;
    }
    const { sku, price, tax_code, stock: openingStock, ...fields } = parsed.data;
    const stock = fields.unit === 'kg' ? openingStock.thousandths : openingStock.thousandths / 1000;
    if (!Number.isInteger(stock)) {
      errors.push({ row, message: `stock: "${openingStock.text}" is not a whole number of pieces` });
    }
    const earlierRow = rowOfSku.get(sku);
    if (earlierRow !== undefined)
      errors.push({ row, message: `sku: "${sku}" is already used on row ${earlierRow}` });
    rowOfSku.set(sku, earlierRow ?? row);
    for (const code of fields.barcodes) {
      const barcodeRow = rowOfBarcode.get(code);
      if (barcodeRow !== undefined) {
        errors.push({ row, message: `barcodes: ${code} is already used on row ${barcodeRow}` });
      }
      rowOfBarcode.set(code, barcodeRow ?? row);
    }
    if (Number.isInteger(stock)) {
      rows.push({ row, stock, product: { sku, priceMinor: price, taxCode: tax_code, ...fields } });
    }
  });

  // A barcode may move between two products of this file, but not away from a product the file leaves alone.
  for (const { row, product } of rows) {
    for (const code of product.barcodes) {
      const owner = ownerOfBarcode.get(code)?.sku;
      if (owner !== undefined && owner !== product.sku && !rowOfSku.has(owner)) {
        errors.push({ row, message: `barcodes: ${code} already belongs to the product with SKU ${owner}` });
      }
    }
  }

  if (errors.length > 0) return failed(errors.sort((a, b) => a.row - b.row));
  if (rows.length === 0)
    return failed([{ row: 2, message: 'The file has no product rows under the header' }]);

  const at = now().toISOString();
  const write = db.transaction(() => {
    let created = 0;
    const stocked: number[] = [];
    for (const { product, stock } of rows) {
      const result = catalog.upsert(product, at);
      if (!result.created) continue;
      created += 1;
      if (stock > 0) {
        record({
          productId: result.productId,
          delta: stock,
          reason: 'RECEIVE',
          document: { kind: 'catalog.import', id: at },
          outboxSeq: null,
          userId: null,
          occurredAt: at,
        });
        stocked.push(result.productId);
      }
    }
    return { created, stocked };
  });
  const { created, stocked } = write.immediate();
  if (stocked.length > 0) events.emit('stock.changed', { productIds: stocked });
  return { imported: rows.length, created, updated: rows.length - created, errors: [] };
}

/** A failed report as an error, for callers that cannot go on without the catalog (the demo seed). */
export function importFailure(report: ImportReport, what: string): CounterError {
  const details = report.errors.map((error) => `row ${error.row}: ${error.message}`);
  return new CounterError('IMPORT_FAILED', `${what} was not imported: ${details.join('; ')}`, details);
}
