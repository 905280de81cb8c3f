/**
 * Suppliers and what each sells us (supplier items), kept at head office by owners and buyers. Every change of
 * a supplier goes down the 'suppliers' stream to every register (whom a store manager may draft an order for),
 * in the same transaction. One SKU has at most one preferred supplier: marking one preferred unmarks the others.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CounterError } from '../shared/errors.ts';
import { currencyDigits, parseMoney, toDecimalString } from '../shared/money.ts';
import type { SupplierItemsImportReport } from '../shared/purchasing-api.ts';
import { foldForSearch } from '../shared/search.ts';
import { newId } from '../shared/ids.ts';
import {
  supplierItemInputSchema,
  type Supplier,
  type SupplierInput,
  type SupplierItem,
  type SupplierItemInput,
} from '../shared/purchasing.ts';
import { writeTransaction, type ChangeWriter } from './changes.ts';
import { nowIso, type HeadOffice, type Tx } from './context.ts';
import { anyOf } from './db/bulk.ts';
import type { SupplierItemsTable, SuppliersTable } from './db/schema.ts';
import { nameStartsWith } from './db/search.ts';
import { issueList } from './validation.ts';
import { findSupplier } from './find.ts';
import { afterCursor, cursorOf, pageOf } from './paging.ts';
import { catalogNames } from './purchase-orders.ts';
import { plural } from '../shared/words.ts';

export const supplierView = (row: SuppliersTable): Supplier => ({
  id: row.id,
  name: row.name,
  contact: row.contact,
  email: row.email,
  currency: row.currency,
  leadTimeDays: row.lead_time_days,
  minimumOrderMinor: Number(row.minimum_order_minor),
});

export const supplierItemView = (row: SupplierItemsTable): SupplierItem => ({
  supplierId: row.supplier_id,
  sku: row.sku,
  supplierCode: row.supplier_code,
  unitCostMinor: Number(row.unit_cost_minor),
  packSize: row.pack_size,
  caseBarcode: row.case_barcode,
  minimumQuantity: row.minimum_quantity,
  preferred: row.preferred === 1,
});

/** Suppliers A to Z; `q` keeps those whose name starts with it (any accents and case). Paged by name and id. */
export async function listSuppliers(
  ho: HeadOffice,
  query: { q?: string; after?: string; limit: number },
): Promise<{ items: Supplier[]; next: string | null }> {
  let select = ho.db
    .selectFrom('suppliers')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit + 1);
  if (query.q !== undefined) select = select.where(nameStartsWith('search_name', query.q));
  if (query.after !== undefined) select = select.where(afterCursor('name', 'id', query.after, false));
  const { rows, next } = pageOf(await select.execute(), query.limit, (last) => cursorOf(last.name, last.id));
  return { items: rows.map(supplierView), next };
}

export async function readSupplier(ho: HeadOffice, supplierId: string): Promise<Supplier> {
  return supplierView(await findSupplier(ho.db, supplierId));
}

export function createSupplier(ho: HeadOffice, input: SupplierInput): Promise<Supplier> {
  return writeTransaction(ho, async (tx, changes) => {
    const at = nowIso(ho);
    const row: SuppliersTable = { id: newId(), ...supplierColumns(input), created_at: at, updated_at: at };
    await tx.insertInto('suppliers').values(row).execute();
    return sendSupplier(changes, row);
  });
}

export function updateSupplier(ho: HeadOffice, supplierId: string, input: SupplierInput): Promise<Supplier> {
  return writeTransaction(ho, async (tx, changes) => {
    const before = await findSupplier(tx, supplierId);
    const row: SuppliersTable = { ...before, ...supplierColumns(input), updated_at: nowIso(ho) };
    await tx.updateTable('suppliers').set(row).where('id', '=', supplierId).execute();
    return sendSupplier(changes, row);
  });
}

/** Deletes a supplier no purchase order names, with its items; one that is named stays (its orders need it). */
export function deleteSupplier(ho: HeadOffice, supplierId: string): Promise<void> {
  return writeTransaction(ho, async (tx, changes) => {
    const supplier = await findSupplier(tx, supplierId);
    const orders = await tx
      .selectFrom('purchase_orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('supplier_id', '=', supplierId)
      .executeTakeFirstOrThrow();
    if (Number(orders.n) > 0)
      throw new CounterError(
        'CONFLICT',
        `${supplier.name} has ${plural(Number(orders.n), 'purchase order')}, which keep its name: it cannot be deleted.`,
      );
    await tx.deleteFrom('supplier_items').where('supplier_id', '=', supplierId).execute();
    await tx.deleteFrom('suppliers').where('id', '=', supplierId).execute();
    changes.append('suppliers', supplierId, null);
  });
}

const supplierColumns = (input: SupplierInput) => ({
  name: input.name,
  search_name: foldForSearch(input.name),
  contact: input.contact,
  email: input.email,
  currency: input.currency,
  lead_time_days: input.leadTimeDays,
  minimum_order_minor: input.minimumOrderMinor,
});

function sendSupplier(changes: ChangeWriter, row: SuppliersTable): Supplier {
  const supplier = supplierView(row);
  changes.append('suppliers', supplier.id, supplier);
  return supplier;
}

/** A supplier's items by SKU, paged by SKU. */
export async function listSupplierItems(
  ho: HeadOffice,
  supplierId: string,
  query: { after?: string; limit: number },
): Promise<{ items: SupplierItem[]; next: string | null }> {
  await findSupplier(ho.db, supplierId);
  let select = ho.db
    .selectFrom('supplier_items')
    .selectAll()
    .where('supplier_id', '=', supplierId)
    .orderBy('sku')
    .limit(query.limit + 1);
  if (query.after !== undefined) select = select.where('sku', '>', query.after);
  const { rows, next } = pageOf(await select.execute(), query.limit, (last) => last.sku);
  return { items: rows.map(supplierItemView), next };
}

/** Sets what one supplier asks for one SKU of the catalog (creates or replaces the item). */
export function putSupplierItem(
  ho: HeadOffice,
  supplierId: string,
  sku: string,
  input: SupplierItemInput,
): Promise<SupplierItem> {
  return writeTransaction(ho, async (tx) => {
    await findSupplier(tx, supplierId);
    await catalogNames(ho, tx, [sku]);
    const [item] = await writeSupplierItems(ho, tx, supplierId, [{ sku, ...input }]);
    return item!;
  });
}

export function deleteSupplierItem(ho: HeadOffice, supplierId: string, sku: string): Promise<void> {
  return writeTransaction(ho, async (tx) => {
    const deleted = await tx
      .deleteFrom('supplier_items')
      .where('supplier_id', '=', supplierId)
      .where('sku', '=', sku)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0)
      throw new CounterError(
        'NOT_FOUND',
        `Supplier "${supplierId}" has no item for SKU ${sku}: check GET /api/suppliers/${supplierId}/items.`,
      );
  });
}

/** Creates or replaces a supplier's items; a preferred one unmarks the SKU's other suppliers. */
export async function writeSupplierItems(
  ho: HeadOffice,
  tx: Tx,
  supplierId: string,
  items: (SupplierItemInput & { sku: string })[],
): Promise<SupplierItem[]> {
  const at = nowIso(ho);
  const rows: SupplierItemsTable[] = items.map((item) => ({
    supplier_id: supplierId,
    sku: item.sku,
    supplier_code: item.supplierCode,
    unit_cost_minor: item.unitCostMinor,
    pack_size: item.packSize,
    case_barcode: item.caseBarcode,
    minimum_quantity: item.minimumQuantity,
    preferred: item.preferred ? 1 : 0,
    updated_at: at,
  }));
  for (const row of rows) {
    if (row.preferred === 1)
      await tx
        .updateTable('supplier_items')
        .set({ preferred: 0 })
        .where('sku', '=', row.sku)
        .where('supplier_id', '!=', supplierId)
        .execute();
    await tx
      .insertInto('supplier_items')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['supplier_id', 'sku']).doUpdateSet((eb) => ({
          supplier_code: eb.ref('excluded.supplier_code'),
          unit_cost_minor: eb.ref('excluded.unit_cost_minor'),
          pack_size: eb.ref('excluded.pack_size'),
          case_barcode: eb.ref('excluded.case_barcode'),
          minimum_quantity: eb.ref('excluded.minimum_quantity'),
          preferred: eb.ref('excluded.preferred'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  return rows.map(supplierItemView);
}

/** A snapshot page of the 'suppliers' stream: every supplier, by id. */
export async function suppliersPage(
  tx: Tx,
  afterKey: string | null,
  limit: number,
): Promise<{ key: string; data: Supplier }[]> {
  let query = tx.selectFrom('suppliers').selectAll().orderBy('id').limit(limit);
  if (afterKey !== null) query = query.where('id', '>', afterKey);
  const rows = await query.execute();
  return rows.map((row) => ({ key: row.id, data: supplierView(row) }));
}

/** The supplier-items CSV (docs/purchasing.md): one row per SKU, costs in the supplier's currency. */
export const supplierItemColumns = [
  'sku',
  'supplier_code',
  'unit_cost',
  'pack_size',
  'case_barcode',
  'minimum_quantity',
  'preferred',
] as const;

export async function exportSupplierItemsCsv(ho: HeadOffice, supplierId: string): Promise<string> {
  const supplier = await findSupplier(ho.db, supplierId);
  const rows = await ho.db
    .selectFrom('supplier_items')
    .selectAll()
    .where('supplier_id', '=', supplierId)
    .orderBy('sku')
    .execute();
  const digits = currencyDigits(supplier.currency);
  return stringify(
    rows
      .map(supplierItemView)
      .map((item) => [
        item.sku,
        item.supplierCode,
        toDecimalString(item.unitCostMinor, digits),
        item.packSize,
        item.caseBarcode ?? '',
        item.minimumQuantity,
        item.preferred ? 'yes' : 'no',
      ]),
    { header: true, columns: [...supplierItemColumns] },
  );
}

/**
 * Imports a supplier's items from the CSV: every row is checked first, and with any problem nothing is written
 * and each problem is listed with its row number (the header is row 1). A dry run only checks.
 */
export async function importSupplierItemsCsv(
  ho: HeadOffice,
  supplierId: string,
  csv: string,
  dryRun: boolean,
): Promise<SupplierItemsImportReport> {
  const supplier = await findSupplier(ho.db, supplierId);
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new CounterError('INVALID_INPUT', `csv: ${error instanceof Error ? error.message : String(error)}`);
  }
  const missing = supplierItemColumns.filter((column) => !(records[0] && column in records[0]));
  if (records.length > 0 && missing.length > 0)
    throw new CounterError(
      'INVALID_INPUT',
      `csv: the header lacks ${missing.join(', ')}: export the items once to get a file with every column.`,
    );
  const errors: { row: number; message: string }[] = [];
  const items: (SupplierItemInput & { sku: string })[] = [];
  const rowOfSku = new Map<string, number>();
  records.forEach((record, i) => {
    const row = i + 2;
    const sku = record.sku ?? '';
    const cost = parseMoney(record.unit_cost ?? '', currencyDigits(supplier.currency));
    if (cost === null)
      errors.push({ row, message: `unit_cost: "${record.unit_cost}" is not an amount such as 3.49` });
    const parsed = supplierItemInputSchema.safeParse({
      supplierCode: record.supplier_code,
      unitCostMinor: cost ?? 0,
      packSize: Number(record.pack_size || 1),
      caseBarcode: record.case_barcode || null,
      minimumQuantity: Number(record.minimum_quantity || 0),
      preferred: /^(yes|true|1)$/i.test(record.preferred ?? ''),
    });
    if (!parsed.success) for (const message of issueList(parsed.error)) errors.push({ row, message });
    if (sku === '') errors.push({ row, message: 'sku: required' });
    else if (rowOfSku.has(sku))
      errors.push({ row, message: `sku: ${sku} is already on row ${rowOfSku.get(sku)}` });
    rowOfSku.set(sku, row);
    if (parsed.success) items.push({ sku, ...parsed.data });
  });
  const known = new Set(
    (
      await ho.db
        .selectFrom('products')
        .select('sku')
        .where('sku', 'in', anyOf(ho.dialect, [...rowOfSku.keys()]))
        .execute()
    ).map((row) => row.sku),
  );
  for (const [sku, row] of rowOfSku)
    if (sku !== '' && !known.has(sku)) errors.push({ row, message: `sku: ${sku} is not in the catalog` });
  errors.sort((a, b) => a.row - b.row);
  const report = { dryRun, rows: records.length, errors, imported: 0 };
  if (dryRun || errors.length > 0 || items.length === 0) return report;
  await writeTransaction(ho, (tx) => writeSupplierItems(ho, tx, supplierId, items));
  return { ...report, imported: items.length };
}
