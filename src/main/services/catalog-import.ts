/**
 * Catalog CSV import at the register (format: docs/catalog-csv.md). Every row is checked first and every problem
 * is reported with its row number; a file with any problem imports nothing. A file without problems is then
 * compared with the catalog (a dry run stops here: new, changed, unchanged, which fields) and written.
 *
 * The work is a generator that pauses after each chunk of rows. The command line and the first-start demo seed
 * run it straight through in one transaction; a person at the register runs it with a pause between chunks,
 * each chunk written in its own transaction, so scans and sales keep flowing during a 60,000-row import.
 */
import {
  applyCatalogRow,
  catalogColumns,
  catalogRowReader,
  csvSlices,
  emptyFile,
  readCatalogHeader,
  readCsvRecords,
  type CatalogCsvRow,
  type CatalogProduct,
} from '../../shared/catalog-csv.ts';
import { countRow, emptyTally, type CatalogField } from '../../shared/catalog-changes.ts';
import type { ImportProgress, ImportReport, ImportRowError } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import { currencyDigits } from '../../shared/money.ts';
import type { Db } from '../ledger/database.ts';
import type { CatalogService } from './catalog.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement } from './stock.ts';

/** Rows checked, or written, between two pauses: tens of milliseconds of work on a slow till. */
export const importChunkRows = 200;

export interface CatalogImportDeps {
  db: Db;
  settings: SettingsService;
  catalog: Pick<CatalogService, 'upsert' | 'productBySku'>;
  record: RecordMovement;
  now: () => Date;
}

export interface ImportOptions {
  /** false: a dry run, nothing is written. */
  apply: boolean;
  /** Runs in the first transaction that writes (the audit entry of a person's import). */
  beforeWriting?: (report: ImportReport) => void;
}

/** A row that passed every check, with the product as it will be. */
interface PlannedRow {
  row: number;
  product: CatalogProduct;
  existed: boolean;
  changed: CatalogField[];
  /** Opening stock in base units, booked only when the SKU is new to the ledger. */
  stock: number;
}

/** What the run did; `stocked` are the products that got opening stock (for one 'stock.changed'). */
export interface ImportOutcome {
  report: ImportReport;
  stocked: number[];
}

function failed(errors: ImportRowError[]): ImportOutcome {
  return {
    report: { applied: false, imported: 0, ...emptyTally(), errors: errors.sort((a, b) => a.row - b.row) },
    stocked: [],
  };
}

function chunksOf<T>(items: T[]): T[][] {
  const chunks: T[][] = [];
  for (let at = 0; at < items.length; at += importChunkRows)
    chunks.push(items.slice(at, at + importChunkRows));
  return chunks;
}

export function* catalogImportSteps(
  deps: CatalogImportDeps,
  csv: string,
  options: ImportOptions,
): Generator<ImportProgress, ImportOutcome> {
  const { db, settings, catalog, record, now } = deps;
  const store = settings.store();
  const rules = {
    currencyDigits: currencyDigits(store.currency),
    taxCodes: store.taxRates.map((rate) => rate.code),
    columns: catalogColumns,
  };
  let reader: ReturnType<typeof catalogRowReader> | null = null;
  const planned: PlannedRow[] = [];
  let row = 1;
  let read = 0;

  for (const slice of csvSlices(csv, importChunkRows)) {
    const parsed = readCsvRecords(slice, row);
    if ('error' in parsed) return failed([parsed.error]);
    for (const cells of parsed.records) {
      if (reader === null) {
        const header = readCatalogHeader(cells, catalogColumns);
        if ('errors' in header) return failed(header.errors);
        reader = catalogRowReader(header.header, rules);
      } else {
        const checked = reader.read(cells, row);
        if (checked !== null) plan(checked, reader.errors);
      }
      row += 1;
    }
    read += slice.length;
    yield { phase: 'checking', done: read, total: csv.length };
  }
  if (reader === null) return failed([emptyFile]);

  function plan(checked: CatalogCsvRow, errors: ImportRowError[]): void {
    const stock =
      (checked.unit ?? 'each') === 'kg' ? checked.stockThousandths : checked.stockThousandths / 1000;
    if (!Number.isInteger(stock)) {
      errors.push({
        row: checked.row,
        message: `stock: "${checked.stockText}" is not a whole number of pieces`,
      });
      return;
    }
    const existing = catalog.productBySku(checked.sku) ?? undefined;
    planned.push({
      row: checked.row,
      stock,
      existed: existing !== undefined,
      ...applyCatalogRow(existing, checked),
    });
  }

  const errors = reader.errors;
  const ownerOfBarcode = db.prepare<[string], { sku: string }>(
    'SELECT p.sku FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?',
  );
  // A barcode may move between two products of this file, but not away from a product the file leaves alone.
  for (const chunk of chunksOf(planned)) {
    for (const { row, product } of chunk) {
      for (const code of product.barcodes) {
        const owner = ownerOfBarcode.get(code)?.sku;
        if (owner !== undefined && owner !== product.sku && !reader.hasSku(owner)) {
          errors.push({ row, message: `barcodes: ${code} already belongs to the product with SKU ${owner}` });
        }
      }
    }
    yield { phase: 'checking', done: csv.length, total: csv.length };
  }
  if (errors.length > 0) return failed(errors);
  if (planned.length === 0)
    return failed([{ row: 2, message: 'The file has no product rows under the header' }]);

  const tally = emptyTally();
  for (const { existed, changed } of planned) countRow(tally, existed, changed);
  const report: ImportReport = { applied: options.apply, imported: planned.length, ...tally, errors: [] };
  if (!options.apply) return { report, stocked: [] };

  // Only what changes is written: an unchanged product keeps its last-changed time.
  const writes = planned.filter(({ existed, changed }) => !existed || changed.length > 0);
  const at = now().toISOString();
  const stocked: number[] = [];
  const writeChunk = db.transaction((chunk: PlannedRow[], first: boolean) => {
    if (first) options.beforeWriting?.(report);
    for (const { product, stock } of chunk) {
      const result = catalog.upsert(product, at);
      if (!result.created || stock <= 0) continue;
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
  });
  const chunks = chunksOf(writes);
  if (chunks.length === 0) writeChunk.immediate([], true);
  for (const [index, chunk] of chunks.entries()) {
    writeChunk.immediate(chunk, index === 0);
    yield {
      phase: 'writing',
      done: Math.min(writes.length, (index + 1) * importChunkRows),
      total: writes.length,
    };
  }
  return { report, stocked };
}

/** Runs the import straight through, all rows in one transaction (the command line, the demo seed). */
export function runImportAtOnce(db: Db, steps: Generator<ImportProgress, ImportOutcome>): ImportOutcome {
  return db
    .transaction(() => {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
      }
    })
    .immediate();
}

/** Runs the import with a pause after each chunk, so everything else the register does goes on meanwhile. */
export async function runImportInChunks(
  steps: Generator<ImportProgress, ImportOutcome>,
  pause: () => Promise<void>,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportOutcome> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress(step.value);
    await pause();
  }
}

/** A failed report as an error, for callers that cannot go on without the catalog (the demo seed). */
export function importFailure(report: ImportReport, what: string): CounterError {
  const details = report.errors.map((error) => `row ${error.row}: ${error.message}`);
  return new CounterError('IMPORT_FAILED', `${what} was not imported: ${details.join('; ')}`, details);
}
