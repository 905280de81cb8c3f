/**
 * The reorder CSV (sku, reorder_point, desired_level, safety_stock), read at head office: every row checked, and
 * nothing imported while one is wrong. The back office only sends the file (csv-parse is for Node).
 */
import { CsvError, parse } from 'csv-parse/sync';
import { reorderCsvColumns, skuReorderLevelsSchema, type SkuReorderLevels } from '../shared/replenishment.ts';

export interface ReorderCsvError {
  /** The file's row, the header being row 1. */
  row: number;
  message: string;
}

/** The rows of a reorder CSV, or every row's problem (nothing is imported while one is wrong). */
export function readReorderCsv(csv: string): { rows: SkuReorderLevels[] } | { errors: ReorderCsvError[] } {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { errors: [{ row: Number(error.lines), message: `The file is not valid CSV: ${error.message}` }] };
  }
  const [header, ...body] = records;
  const wanted = reorderCsvColumns.join(',');
  if (!header || header.map((cell) => cell.toLowerCase()).join(',') !== wanted)
    return { errors: [{ row: 1, message: `The first row must name the columns ${wanted}` }] };
  const errors: ReorderCsvError[] = [];
  const rows: SkuReorderLevels[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const row = i + 2;
    const [sku = '', ...numbers] = cells;
    // A minus sign is read, so -1 is refused as below zero rather than as not a number.
    const [reorderPoint, desiredLevel, safetyStock] = numbers.map((cell) =>
      /^-?[0-9]+$/.test(cell) ? Number(cell) : Number.NaN,
    );
    const first = seen.get(sku);
    if (first !== undefined) {
      errors.push({ row, message: `SKU ${sku} is already on row ${first}` });
      return;
    }
    seen.set(sku, row);
    const parsed = skuReorderLevelsSchema.safeParse({ sku, reorderPoint, desiredLevel, safetyStock });
    if (parsed.success) rows.push(parsed.data);
    else errors.push({ row, message: parsed.error.issues.map((issue) => issue.message).join('; ') });
  });
  return errors.length > 0 ? { errors } : { rows };
}
