/**
 * Read-only views for the admin API and the back office's lists: the catalog searched, sorted and filtered;
 * sales and returns as received; the exceptions waiting for a person (and resolving one, with a note).
 *
 * Every list pages by key (paging.ts); each key is a column with an index (db/migrations.ts, "007-back-office").
 */
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type {
  ExceptionKind,
  ExceptionView,
  Page,
  ProductSort,
  ProductsQuery,
  ProductView,
  ReturnView,
  SalesQuery,
  SaleView,
} from '../shared/sync/admin-api.ts';
import type { ReturnPayload } from '../shared/documents/return.ts';
import type { SalePayload } from '../shared/documents/sale.ts';
import { CounterError } from '../shared/errors.ts';
import { loadProducts } from './catalog.ts';
import { nowIso, type HeadOffice } from './context.ts';
import type { ReturnsTable, SalesTable } from './db/schema.ts';
import { hasWords, startsWithText } from './db/search.ts';
import { storeIdOf } from './find.ts';
import { afterCursor, badCursor, cursorOf, pageOf } from './paging.ts';
import type { Actor } from './people/principal.ts';
import { returnsById, salesById } from './received.ts';

/** Where a row came from as the admin API shows it (an exception's may have no register and seq). */
export const originView = <Row extends { store_id: string; register_id: string | null; seq: number | null }>(
  row: Row,
): { storeId: string; registerId: Row['register_id']; seq: Row['seq'] } => ({
  storeId: row.store_id,
  registerId: row.register_id,
  seq: row.seq,
});

// ------------------------------------------------------------------------------------------------- products

const productSortColumns: Record<string, 'sku' | 'name' | 'price_minor' | 'updated_at'> = {
  sku: 'sku',
  name: 'name',
  price: 'price_minor',
  updated: 'updated_at',
};

export interface ProductPage extends Page<ProductView> {
  total: number | null;
}

/**
 * The catalog as the Products page asks for it: `q` finds the words of a name (each word typed starts one of the
 * name's), the start of a SKU or a whole barcode (letter case does not matter); filtered by category and whether
 * on sale; sorted by `sort`. The first page also counts the matches.
 */
export async function listProducts(ho: HeadOffice, q: ProductsQuery): Promise<ProductPage> {
  const descending = q.sort.startsWith('-');
  const column = productSortColumns[q.sort.replace('-', '') as ProductSort]!;
  const direction = descending ? 'desc' : 'asc';

  /** The category and on-sale filters, on the products table as `alias`. */
  const filters = (alias: string): Expression<SqlBool>[] => [
    ...(q.category !== undefined ? [sql<SqlBool>`${sql.ref(`${alias}.category`)} = ${q.category}`] : []),
    ...(q.active !== undefined
      ? [sql<SqlBool>`${sql.ref(`${alias}.active`)} = ${q.active === 'true' ? 1 : 0}`]
      : []),
  ];
  const all = (conditions: Expression<SqlBool>[]) => sql<SqlBool>`${sql.join(conditions, sql` and `)}`;

  const first = q.after === undefined;
  let rows: { sku: string; key: string | number }[];
  /** How many match in all, counted on the first page. */
  let total: number | null = null;
  if (q.q === undefined) {
    let filtered = ho.db.selectFrom('products');
    for (const condition of filters('products')) filtered = filtered.where(condition);
    let page = filtered
      .select(['sku', sql.ref<string | number>(column).as('key')])
      .orderBy(column, direction)
      .orderBy('sku', direction)
      .limit(q.limit + 1);
    if (q.after !== undefined) page = page.where(afterCursor(column, 'sku', q.after, descending));
    const [found, counted] = await Promise.all([
      page.execute(),
      first ? filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow() : null,
    ]);
    rows = found;
    if (counted) total = Number(counted.total);
  } else {
    // Three lookups, each on its own index (an OR of them could use none), each with the filters. Every match is
    // found to be sorted anyway, so the same query counts them (on the first page).
    const search = q.q;
    const key = (alias: string) => sql.ref<string | number>(`${alias}.${column}`).as('key');
    const matching = ho.db
      .selectFrom('products as named')
      .select(['named.sku', key('named')])
      .where(all([hasWords(ho.dialect, 'named.search_name', search), ...filters('named')]))
      .union(
        ho.db
          .selectFrom('products as coded')
          .select(['coded.sku', key('coded')])
          .where(all([startsWithText('coded.sku', search), ...filters('coded')])),
      )
      .union(
        ho.db
          .selectFrom('barcodes')
          .innerJoin('products as scanned', 'scanned.sku', 'barcodes.sku')
          .select(['scanned.sku', key('scanned')])
          .where(all([sql<SqlBool>`barcodes.code = ${search}`, ...filters('scanned')])),
      );
    let page = ho.db
      .selectFrom(matching.as('found'))
      .select(['found.sku', 'found.key'])
      .orderBy('found.key', direction)
      .orderBy('found.sku', direction)
      .limit(q.limit + 1);
    if (q.after !== undefined) page = page.where(afterCursor('found.key', 'found.sku', q.after, descending));
    if (first) {
      const counted = await page.select(sql<number>`count(*) over ()`.as('total')).execute();
      total = Number(counted[0]?.total ?? 0);
      rows = counted;
    } else {
      rows = await page.execute();
    }
  }

  const { rows: keys, next } = pageOf(rows, q.limit, (last) => cursorOf(last.key, last.sku));
  const products = new Map(
    (await loadProducts(ho.db, { skus: keys.map((row) => row.sku) })).map((product) => [
      product.sku,
      product,
    ]),
  );
  return {
    // A product removed between the two reads is left out.
    items: keys.flatMap((row) => products.get(row.sku) ?? []),
    next,
    total,
  };
}

/** Every category the catalog uses, A to Z. */
export async function listCategories(ho: HeadOffice): Promise<string[]> {
  const rows = await ho.db
    .selectFrom('products')
    .select('category')
    .distinct()
    .where('category', 'is not', null)
    .orderBy('category')
    .execute();
  return rows.map((row) => row.category!);
}

// ---------------------------------------------------------------------------- sales, returns and adjustments

export interface DocumentsQuery extends Omit<SalesQuery, 'storeId' | 'order'> {
  /** Only these stores' documents; null or left out: every store's. */
  storeIds?: readonly string[] | null;
  /** Oldest first unless told otherwise. */
  order?: SalesQuery['order'];
}

/**
 * A page of sales, returns or adjustments (kept with the same columns for store, register and time; sales and
 * returns have a receipt number too), in time order; `next` is the last one's time and id.
 */
export async function documentsPage<T extends { completed_at: string }>(
  ho: HeadOffice,
  table: 'sales' | 'returns' | 'adjustments',
  id: 'sale_id' | 'return_id' | 'adjustment_id',
  q: DocumentsQuery,
): Promise<{ rows: T[]; next: string | null }> {
  const descending = q.order === 'newest';
  const direction = descending ? 'desc' : 'asc';
  let query = ho.db
    .selectFrom(table)
    .selectAll()
    .orderBy('completed_at', direction)
    .orderBy(sql.ref(id), direction)
    .limit(q.limit + 1);
  // An empty list of stores matches none (`in ()` is not SQL).
  if (q.storeIds) query = query.where('store_id', 'in', q.storeIds.length > 0 ? q.storeIds : ['']);
  if (q.registerId !== undefined) query = query.where('register_id', '=', q.registerId);
  if (q.receiptNumber !== undefined) query = query.where('receipt_number', '=', q.receiptNumber);
  if (q.from !== undefined) query = query.where('completed_at', '>=', new Date(q.from).toISOString());
  if (q.to !== undefined) query = query.where('completed_at', '<', new Date(q.to).toISOString());
  if (q.after !== undefined) query = query.where(afterCursor('completed_at', id, q.after, descending));
  const rows = (await query.execute()) as unknown as (T & Record<typeof id, string>)[];
  return pageOf(rows, q.limit, (last) => cursorOf(last.completed_at, last[id]));
}

/** Sales by completion time (oldest or newest first), with their lines as their registers sent them. */
export async function listSales(ho: HeadOffice, q: DocumentsQuery): Promise<Page<SaleView>> {
  const { rows, next } = await documentsPage<Selectable<SalesTable>>(ho, 'sales', 'sale_id', q);
  const received = await salesById(
    ho.db,
    rows.map((sale) => sale.sale_id),
  );
  const items: SaleView[] = rows.map((sale) => ({
    saleId: sale.sale_id,
    ...originView(sale),
    receiptNumber: sale.receipt_number,
    completedAt: sale.completed_at,
    receivedAt: sale.received_at,
    currency: sale.currency,
    pricesIncludeTax: sale.prices_include_tax === 1,
    subtotalMinor: sale.subtotal_minor,
    taxMinor: sale.tax_minor,
    totalMinor: sale.total_minor,
    changeMinor: sale.change_minor,
    tenders: JSON.parse(sale.tenders) as SaleView['tenders'],
    userId: sale.user_id,
    shiftId: sale.shift_id,
    lines: (received.get(sale.sale_id)?.lines ?? []).map((line, i) => ({
      lineNo: i + 1,
      sku: line.sku,
      name: line.name,
      unit: line.unit,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      taxCode: line.taxCode,
      taxRateBasisPoints: line.taxRateBasisPoints,
      amountMinor: line.amountMinor,
      taxMinor: line.taxMinor,
      totalMinor: line.totalMinor,
    })),
  }));
  return { items, next };
}

/** Returns by completion time (oldest or newest first). */
export async function listReturns(ho: HeadOffice, q: DocumentsQuery): Promise<Page<ReturnView>> {
  const { rows, next } = await documentsPage<Selectable<ReturnsTable>>(ho, 'returns', 'return_id', q);
  return {
    items: rows.map((row) => ({
      returnId: row.return_id,
      ...originView(row),
      receiptNumber: row.receipt_number,
      originalSaleId: row.original_sale_id,
      completedAt: row.completed_at,
      totalMinor: row.total_minor,
    })),
    next,
  };
}

/** A sale as its register sent it: what its receipt was printed from. */
export async function saleDocument(ho: HeadOffice, saleId: string): Promise<SalePayload> {
  const sale = (await salesById(ho.db, [saleId])).get(saleId);
  if (!sale) throw new CounterError('NOT_FOUND', `Head office holds no readable sale "${saleId}".`);
  return sale;
}

/** A return as its register sent it. */
export async function returnDocument(ho: HeadOffice, returnId: string): Promise<ReturnPayload> {
  const [found] = await returnsById(ho.db, [returnId]);
  if (!found) throw new CounterError('NOT_FOUND', `Head office holds no readable return "${returnId}".`);
  return found.ret;
}

// ----------------------------------------------------------------------------------------------- exceptions

export interface ExceptionsQuery {
  /** Only these stores' exceptions; null or left out: every store's. */
  storeIds?: readonly string[] | null;
  kind?: ExceptionKind;
  unresolved?: 'true' | 'false';
  after?: string;
  limit: number;
}

/** Exceptions, oldest first; `after` is the `next` of the previous page (an exception id). */
export async function listExceptions(ho: HeadOffice, q: ExceptionsQuery): Promise<Page<ExceptionView>> {
  let query = ho.db
    .selectFrom('exceptions')
    .selectAll()
    .orderBy('id')
    .limit(q.limit + 1);
  if (q.storeIds) query = query.where('store_id', 'in', q.storeIds);
  if (q.kind !== undefined) query = query.where('kind', '=', q.kind);
  if (q.unresolved === 'true') query = query.where('resolved_at', 'is', null);
  if (q.unresolved === 'false') query = query.where('resolved_at', 'is not', null);
  if (q.after !== undefined) {
    const after = Number(q.after);
    if (!Number.isInteger(after)) throw badCursor();
    query = query.where('id', '>', after);
  }
  const { rows, next } = pageOf(await query.execute(), q.limit, (last) => String(last.id));
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      ...originView(row),
      sku: row.sku,
      details: row.details,
      createdAt: row.created_at,
      resolvedAt: row.resolved_at,
      resolvedBy: row.resolved_by_name,
      resolutionNote: row.resolution_note,
    })),
    next,
  };
}

/**
 * Marks an exception dealt with, saying who did and what they did. One already resolved keeps its first
 * resolution: resolving it again changes nothing.
 */
export async function resolveException(ho: HeadOffice, id: number, by: Actor, note: string): Promise<void> {
  const result = await ho.db
    .updateTable('exceptions')
    .set({ resolved_at: nowIso(ho), resolved_by: by.id, resolved_by_name: by.name, resolution_note: note })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  // Nothing changed: it was resolved already (kept as it is), or there is no such exception (NOT_FOUND).
  if (result.numUpdatedRows === 0n) await storeIdOf(ho.db, 'exceptions', id);
}
