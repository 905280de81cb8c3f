/**
 * The catalog CSV (docs/catalog-csv.md), read the same way by the register's import and by the back office's
 * (head office): the header, each row checked on its own, and what a row changes in the product it names.
 *
 * An optional column that is absent changes nothing of the products in the file; one that is present and empty
 * clears (no category, no barcodes) or takes its default (unit each, active yes).
 */
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { ImportRowError, Product, Unit } from './domain.ts';
import { MAX_AMOUNT_MINOR, priceLimitMessage } from './limits.ts';
import { parseMoney } from './money.ts';
import { barcodeProblem, skuProblem } from './product-codes.ts';
import { catalogFields, type CatalogField } from './catalog-changes.ts';
import { hasControlCharacters } from './text.ts';

export const catalogColumns = [
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
export type CatalogColumn = (typeof catalogColumns)[number];
const requiredColumns: readonly CatalogColumn[] = ['sku', 'name', 'price', 'tax_code'];

/** A product as the catalog keeps it, by SKU (the register's row id aside). */
export type CatalogProduct = Omit<Product, 'id'>;

/** One row of the file: an optional field is undefined when its column is absent. */
export interface CatalogCsvRow {
  row: number;
  sku: string;
  name: string;
  priceMinor: number;
  taxCode: string;
  category?: string | null;
  unit?: Unit;
  barcodes?: string[];
  active?: boolean;
  /** Opening stock as written, in thousandths (grams for kg); 0 when absent or empty. */
  stockThousandths: number;
  stockText: string;
}

export interface CatalogCsvRules {
  /** Digits after the decimal point in the currency prices are in. */
  currencyDigits: number;
  /** The tax codes a row may use; null when the caller checks them itself. */
  taxCodes: readonly string[] | null;
  /** The columns this importer takes (head office takes no opening stock). */
  columns: readonly CatalogColumn[];
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

/**
 * A text cell as the export writes it: one a spreadsheet would run as a formula (starting with =, +, - or @, after
 * any ') gets a leading ', a spreadsheet's mark for text, which the import takes off again (`fromFormulaSafe`).
 */
export const formulaSafe = (text: string): string => (/^'*[=+\-@]/.test(text) ? `'${text}` : text);
const fromFormulaSafe = (text: string): string => (/^'+[=+\-@]/.test(text) ? text.slice(1) : text);

/** An optional column: absent stays undefined, blank is ''. */
const optionalCell = z
  .string()
  .optional()
  .transform((text) => text?.trim());

const barcodeSchema = z.string().superRefine((code, ctx) => {
  const problem = printable(code) ? barcodeProblem(code) : `a barcode ${controlCharacter}`;
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

function rowSchema({ currencyDigits, taxCodes }: CatalogCsvRules) {
  const example = (349 / 10 ** currencyDigits).toFixed(currencyDigits);
  return z.object({
    sku: z
      .string()
      .trim()
      .refine(printable, noControlCharacters())
      .superRefine((sku, ctx) => {
        const problem = skuProblem(sku);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      }),
    name: z
      .string()
      .trim()
      .refine(printable, noControlCharacters())
      .transform(fromFormulaSafe)
      .pipe(z.string().min(1, 'is empty').max(120, 'is longer than 120 characters')),
    price: z
      .string()
      .trim()
      .transform((text, ctx) => {
        const minor = parseMoney(text, currencyDigits);
        if (minor === null) {
          ctx.addIssue({ code: 'custom', message: `"${text}" is not a price like ${example}` });
          return z.NEVER;
        }
        // The admin API's limit: a product the file makes could not be saved with PUT /api/products otherwise.
        if (minor > MAX_AMOUNT_MINOR) {
          ctx.addIssue({ code: 'custom', message: priceLimitMessage });
          return z.NEVER;
        }
        return minor;
      }),
    tax_code: z
      .string()
      .trim()
      .toUpperCase()
      .refine((code) => taxCodes === null || taxCodes.includes(code), {
        error: (issue) =>
          `"${String(issue.input)}" is not one of the store's tax codes (${(taxCodes ?? []).join(', ')})`,
      }),
    category: optionalCell
      .pipe(
        z
          .string()
          .refine(printable, noControlCharacters())
          .transform(fromFormulaSafe)
          .pipe(z.string().max(60, 'is longer than 60 characters'))
          .optional(),
      )
      .transform((name) => (name === undefined ? undefined : name || null)),
    unit: optionalCell
      .transform((unit) => (unit === undefined ? undefined : unit.toLowerCase() || 'each'))
      .pipe(z.enum(['each', 'kg'], { error: 'must be each or kg' }).optional()),
    barcodes: optionalCell
      .transform((cell) =>
        cell
          ?.split('|')
          .map((code) => code.trim())
          .filter((code) => code !== ''),
      )
      .pipe(z.array(barcodeSchema).optional()),
    active: optionalCell.transform((text, ctx) => {
      if (text === undefined) return undefined;
      const flag = text === '' ? true : flags.get(text.toLowerCase());
      if (flag === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not one of yes, no, true, false, 1, 0` });
        return z.NEVER;
      }
      return flag;
    }),
    stock: optionalCell.transform((cell, ctx) => {
      const text = cell ?? '';
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

/**
 * The file in slices of about `lines` lines each, every slice ending at a line break outside quotes (where the
 * double quotes so far are even: one inside a field is written twice), so each slice parses on its own.
 */
export function* csvSlices(csv: string, lines: number): Generator<string> {
  let start = 0;
  let quotes = 0;
  let lineCount = 0;
  for (let at = 0; at < csv.length; at++) {
    const char = csv.charCodeAt(at);
    if (char === 34) quotes += 1;
    else if (char === 10 && quotes % 2 === 0 && ++lineCount >= lines) {
      yield csv.slice(start, at + 1);
      start = at + 1;
      lineCount = 0;
    }
  }
  if (start < csv.length) yield csv.slice(start);
}

/**
 * A slice of the file as rows of cells, or where it stops being CSV (`firstRow`: the row number of the slice's
 * first line, counting the header as 1).
 */
export function readCsvRecords(
  slice: string,
  firstRow: number,
): { records: string[][] } | { error: ImportRowError } {
  try {
    return {
      records: parse(slice, { bom: firstRow === 1, relax_column_count: true, skip_empty_lines: false }),
    };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      error: {
        row: firstRow + Number(error.records),
        message: `The file is not valid CSV here: ${error.message}`,
      },
    };
  }
}

export const emptyFile: ImportRowError = {
  row: 1,
  message: 'The file is empty: the first row must name the columns',
};

/** The header's columns (trimmed, lower case), or everything wrong with it (none: the file is empty). */
export function readCatalogHeader(
  rawHeader: string[] | undefined,
  columns: readonly CatalogColumn[],
): { header: string[] } | { errors: ImportRowError[] } {
  if (!rawHeader) return { errors: [emptyFile] };
  const header = rawHeader.map((column) => column.trim().toLowerCase());
  const known: readonly string[] = columns;
  const errors = header
    .filter((column) => !known.includes(column))
    .map((column) => ({
      row: 1,
      message: `Unknown column "${column}": the columns are ${columns.join(', ')}`,
    }));
  for (const column of requiredColumns) {
    if (!header.includes(column))
      errors.push({ row: 1, message: `The required column "${column}" is missing` });
  }
  const repeated = header.filter((column, index) => header.indexOf(column) !== index);
  for (const column of new Set(repeated))
    errors.push({ row: 1, message: `The column "${column}" appears twice` });
  return errors.length > 0 ? { errors } : { header };
}

/**
 * Checks one row at a time (the register yields between chunks of rows), remembering SKUs and barcodes already
 * seen so a second use names the first row. `read` returns the row, or null when it had problems (in `errors`).
 * A caller that took columns out of the file for itself (head office's style and options) gives the file's
 * header width, and each row as in the file, so a row's field count is checked and told as the file has it.
 */
export function catalogRowReader(header: string[], rules: CatalogCsvRules, fileColumns = header.length) {
  const schema = rowSchema(rules);
  const errors: ImportRowError[] = [];
  const rowOfSku = new Map<string, number>();
  const rowOfBarcode = new Map<string, number>();

  function read(cells: string[], row: number, fileCells = cells): CatalogCsvRow | null {
    if (fileCells.every((cell) => cell.trim() === '')) return null;
    if (fileCells.length !== fileColumns) {
      errors.push({
        row,
        message: `Has ${fileCells.length} fields but the header has ${fileColumns}: a name with a comma must be in double quotes`,
      });
      return null;
    }
    const parsed = schema.safeParse(Object.fromEntries(header.map((column, i) => [column, cells[i]])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row, message: `${String(issue.path[0])}: ${issue.message}` });
      return null;
    }
    const { sku, name, price, tax_code, category, unit, barcodes, active, stock } = parsed.data;
    let ok = true;
    const earlierRow = rowOfSku.get(sku);
    if (earlierRow !== undefined) {
      errors.push({ row, message: `sku: "${sku}" is already used on row ${earlierRow}` });
      ok = false;
    }
    rowOfSku.set(sku, earlierRow ?? row);
    for (const code of barcodes ?? []) {
      const barcodeRow = rowOfBarcode.get(code);
      if (barcodeRow !== undefined) {
        errors.push({ row, message: `barcodes: ${code} is already used on row ${barcodeRow}` });
        ok = false;
      }
      rowOfBarcode.set(code, barcodeRow ?? row);
    }
    if (!ok) return null;
    return {
      row,
      sku,
      name,
      priceMinor: price,
      taxCode: tax_code,
      category,
      unit,
      barcodes,
      active,
      stockThousandths: stock.thousandths,
      stockText: stock.text,
    };
  }

  return { read, errors, hasSku: (sku: string) => rowOfSku.has(sku) };
}

const sameCodes = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

/**
 * The product as this row leaves it (an absent column keeps what the product has, or the default for a new
 * one), and which fields it changes; an empty list for an existing product means the row is unchanged.
 */
export function applyCatalogRow(
  existing: CatalogProduct | undefined,
  row: CatalogCsvRow,
): { product: CatalogProduct; changed: CatalogField[] } {
  const product: CatalogProduct = {
    sku: row.sku,
    name: row.name,
    priceMinor: row.priceMinor,
    taxCode: row.taxCode,
    category: row.category !== undefined ? row.category : (existing?.category ?? null),
    unit: row.unit ?? existing?.unit ?? 'each',
    active: row.active ?? existing?.active ?? true,
    barcodes: row.barcodes ?? existing?.barcodes ?? [],
  };
  if (!existing) return { product, changed: [] };
  const differs: Record<CatalogField, boolean> = {
    name: product.name !== existing.name,
    price: product.priceMinor !== existing.priceMinor,
    tax_code: product.taxCode !== existing.taxCode,
    category: product.category !== existing.category,
    unit: product.unit !== existing.unit,
    barcodes: !sameCodes(product.barcodes, existing.barcodes),
    active: product.active !== existing.active,
  };
  return { product, changed: catalogFields.filter((field) => differs[field]) };
}
