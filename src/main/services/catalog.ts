/**
 * The product catalog: exact code lookup (barcode, then SKU) through the primary-key indexes, FTS5 prefix search
 * on names, and the upsert the CSV import (and later the head-office catalog feed) writes through.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CatalogProduct } from '../../shared/catalog-csv.ts';
import type { ImportProgress, ImportReport, ProductHit, Unit } from '../../shared/domain.ts';
import type { StyleGrid, VariantOf } from '../../shared/styles.ts';
import { CounterError } from '../../shared/errors.ts';
import type { Approval } from '../../shared/permissions.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import { createStoreStockView } from '../sync/store-stock.ts';
import {
  catalogImportSteps,
  runImportAtOnce,
  runImportInChunks,
  type ImportOutcome,
} from './catalog-import.ts';
import type { PeopleService } from './people.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement } from './stock.ts';

/** A product as written to the catalog; `barcodes` replaces the product's barcodes. */
export type ProductInput = CatalogProduct;

export interface CatalogService {
  /**
   * Exact barcode or SKU match first, then names with a word starting with each word typed. Inactive included.
   * On hand as availability shows it (head office's figure plus this register's unsent sales, once synced).
   */
  search(query: string, limit?: number): ProductHit[];
  /**
   * A style's grid for the sale screen: its options and every variant the register has (active or not), each
   * with its on hand here; null when no product of this register is a variant of it.
   */
  styleGrid(styleId: string): StyleGrid | null;
  /** Exact barcode match, else exact SKU match. */
  lookupCode(code: string): ProductHit | null;
  productById(productId: number): ProductHit | null;
  productBySku(sku: string): ProductHit | null;
  /**
   * Creates or updates the product with this SKU and gives it exactly these barcodes (taking a barcode over from
   * another product if needed: the caller validates). Call it inside the caller's transaction.
   */
  upsert(product: ProductInput, updatedAt: string): { productId: number; created: boolean };
  /**
   * The CSV import (docs/catalog-csv.md) for trusted callers, the command line and the first-start demo seed: all
   * rows or none, in one transaction, no permission asked. Refused once enrolled, as importFile is.
   */
  importCsv(csv: string): ImportReport;
  /**
   * The CSV import for a person at the register: a dry run (`apply` false) says what the file would change; the
   * import itself needs 'catalog.import' (approved and audited). Both run in chunks with pauses, so scans keep
   * flowing, and report their progress as 'catalog.importProgress' events. Refused once the register is
   * enrolled: head office owns the catalog then.
   */
  importFile(input: { csv: string; apply: boolean; approval?: Approval }): Promise<ImportReport>;
}

export interface CatalogServiceDeps {
  db: Db;
  events: EventBus;
  settings: SettingsService;
  record: RecordMovement;
  now: () => Date;
  people: Pick<PeopleService, 'authorize' | 'check'>;
  /** Whether head office owns the catalog (the register is enrolled). */
  enrolled: () => boolean;
}

export const enrolledImportMessage =
  'This register takes its catalog from head office: import the file in the back office (Products → Import), ' +
  'and the registers receive the changes.';

interface ProductRow {
  id: number;
  sku: string;
  name: string;
  price_minor: number;
  tax_code: string;
  category: string | null;
  unit: Unit;
  active: number;
  barcodes: string;
  on_hand: number;
  style: string | null;
}

const productColumns = `p.id, p.sku, p.name, p.price_minor, p.tax_code, c.name AS category, p.unit, p.active,
  (SELECT json_group_array(code) FROM barcodes WHERE product_id = p.id) AS barcodes,
  coalesce((SELECT on_hand FROM stock_balances WHERE product_id = p.id), 0) AS on_hand, p.style`;

const defaultSearchLimit = 20;

function toHit(row: ProductRow): ProductHit {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    priceMinor: row.price_minor,
    taxCode: row.tax_code,
    category: row.category,
    unit: row.unit,
    active: row.active === 1,
    barcodes: JSON.parse(row.barcodes) as string[],
    onHand: row.on_hand,
    ...(row.style === null ? {} : { style: JSON.parse(row.style) as VariantOf }),
  };
}

/**
 * Each word the cashier typed becomes a quoted FTS5 prefix term ("word"*), so quotes, stars, colons, NEAR and
 * other query syntax in the input are searched for as text instead of breaking the query. Words without a
 * letter or digit carry nothing the tokenizer would index and are dropped.
 */
function ftsPrefixQuery(query: string): string | null {
  const terms = query
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => `"${word.replaceAll('"', '""')}"*`);
  return terms.length > 0 ? terms.join(' ') : null;
}

/** A product picked earlier (a line of a list or a document): gone from the catalog since, it is NOT_FOUND. */
export function pickedProduct(
  catalog: Pick<CatalogService, 'productById'>,
  productId: number,
  notFound = 'That product is not in the catalog any more: search again.',
): ProductHit {
  const product = catalog.productById(productId);
  if (!product) throw new CounterError('NOT_FOUND', notFound);
  return product;
}
export function createCatalogService(deps: CatalogServiceDeps): CatalogService {
  const { db, events, people, enrolled } = deps;
  const byBarcode = db.prepare<[string], ProductRow>(
    `SELECT ${productColumns} FROM barcodes b JOIN products p ON p.id = b.product_id
     LEFT JOIN categories c ON c.id = p.category_id WHERE b.code = ?`,
  );
  const bySku = db.prepare<[string], ProductRow>(
    `SELECT ${productColumns} FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.sku = ?`,
  );
  const byId = db.prepare<[number], ProductRow>(
    `SELECT ${productColumns} FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = ?`,
  );
  // Catalog order, not bm25 rank: ranking scores every match, which for a one- or two-letter prefix over 100,000
  // products takes tens of milliseconds; the cashier narrows a long list by typing on.
  const byName = db.prepare<[string, number], ProductRow>(
    `WITH hits AS (SELECT rowid AS id FROM products_fts WHERE products_fts MATCH ? LIMIT ?)
     SELECT ${productColumns} FROM hits JOIN products p ON p.id = hits.id
     LEFT JOIN categories c ON c.id = p.category_id ORDER BY p.id`,
  );
  const byStyle = db.prepare<[string], ProductRow>(
    `SELECT ${productColumns} FROM products p LEFT JOIN categories c ON c.id = p.category_id
     WHERE p.style_id = ? ORDER BY p.id`,
  );
  const insertCategory = db.prepare<[string]>(
    'INSERT INTO categories (name) VALUES (?) ON CONFLICT DO NOTHING',
  );
  const categoryId = db.prepare<[string], { id: number }>('SELECT id FROM categories WHERE name = ?');
  const existingId = db.prepare<[string], { id: number }>('SELECT id FROM products WHERE sku = ?');
  const upsertProduct = db.prepare<
    [string, string, number, string, number | null, Unit, number, string, string | null, string | null],
    { id: number }
  >(
    `INSERT INTO products (sku, name, price_minor, tax_code, category_id, unit, active, updated_at, style_id, style)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(sku) DO UPDATE SET name = excluded.name, price_minor = excluded.price_minor,
       tax_code = excluded.tax_code, category_id = excluded.category_id, unit = excluded.unit,
       active = excluded.active, updated_at = excluded.updated_at, style_id = excluded.style_id,
       style = excluded.style
     RETURNING id`,
  );
  const deleteBarcodes = db.prepare<[number]>('DELETE FROM barcodes WHERE product_id = ?');
  const claimBarcode = db.prepare<[string, number]>(
    `INSERT INTO barcodes (code, product_id) VALUES (?, ?)
     ON CONFLICT(code) DO UPDATE SET product_id = excluded.product_id`,
  );

  const storeStock = createStoreStockView(db);

  const lookupCode = (code: string): ProductHit | null => {
    const row = byBarcode.get(code) ?? bySku.get(code);
    return row ? toHit(row) : null;
  };

  function categoryIdFor(name: string | null): number | null {
    if (name === null) return null;
    // Read first: a catalog has a few dozen categories, so nearly every product finds its own.
    const existing = categoryId.get(name);
    if (existing) return existing.id;
    insertCategory.run(name);
    return (categoryId.get(name) as { id: number }).id;
  }

  function refuseOnceEnrolled(): void {
    if (enrolled()) throw new CounterError('FORBIDDEN', enrolledImportMessage);
  }

  function announceStock({ report, stocked }: ImportOutcome): ImportReport {
    if (stocked.length > 0) events.emit('stock.changed', { productIds: stocked });
    return report;
  }

  const withStockHere = (hit: ProductHit): ProductHit => ({
    ...hit,
    onHand: storeStock.onHandHere(hit.id, hit.sku, hit.onHand),
  });

  const catalog: CatalogService = {
    lookupCode,
    styleGrid: (styleId) => {
      const variants = byStyle.all(styleId).map(toHit);
      // Head office rewrites every variant of a style when the style changes, so each carries the current grid.
      const style = variants[0]?.style;
      if (!style) return null;
      const { id, name, axes } = style;
      return { id, name, axes, variants: variants.map(withStockHere) };
    },
    productById: (productId) => {
      const row = byId.get(productId);
      return row ? toHit(row) : null;
    },
    productBySku: (sku) => {
      const row = bySku.get(sku);
      return row ? toHit(row) : null;
    },
    search: (query, limit = defaultSearchLimit) => {
      const text = query.trim();
      if (text === '') return [];
      const exact = lookupCode(text);
      const match = ftsPrefixQuery(text);
      const named = match ? byName.all(match, limit).map(toHit) : [];
      const hits = exact ? [exact, ...named.filter((hit) => hit.id !== exact.id)] : named;
      return hits.slice(0, limit).map(withStockHere);
    },
    upsert: (product, updatedAt) => {
      const created = existingId.get(product.sku) === undefined;
      const { id } = upsertProduct.get(
        product.sku,
        product.name,
        product.priceMinor,
        product.taxCode,
        categoryIdFor(product.category),
        product.unit,
        product.active ? 1 : 0,
        updatedAt,
        product.style?.id ?? null,
        product.style ? JSON.stringify(product.style) : null,
      ) as { id: number };
      if (!created) deleteBarcodes.run(id);
      for (const code of product.barcodes) claimBarcode.run(code, id);
      return { productId: id, created };
    },
    importCsv: (csv) => {
      refuseOnceEnrolled();
      return announceStock(
        runImportAtOnce(db, catalogImportSteps({ ...deps, catalog }, csv, { apply: true })),
      );
    },
    importFile: async ({ csv, apply, approval }) => {
      refuseOnceEnrolled();
      // Refused before the file is read; the entry is written with the first chunk, in its transaction.
      if (apply) people.check('catalog.import', approval);
      const steps = catalogImportSteps({ ...deps, catalog }, csv, {
        apply,
        beforeWriting: apply
          ? ({ imported: rows, created, updated, unchanged, fieldChanges }) => {
              people.authorize('catalog.import', approval, {
                rows,
                created,
                updated,
                unchanged,
                fieldChanges,
              });
            }
          : undefined,
      });
      const progress = (step: ImportProgress) => events.emit('catalog.importProgress', step);
      return announceStock(await runImportInChunks(steps, () => nextTurn(), progress));
    },
  };
  return catalog;
}
