/**
 * Stores: name, currency, tax settings, receipt texts and over/short limit. A change to any of them reaches that
 * store's registers through the 'tax' stream (they show and print the store's name, sell in its currency, print
 * its texts, ask for a recount and approval beyond its limit).
 */
import { defaultOverShortThresholdMinor } from '../shared/settings.ts';
import type { ReceiptTexts, StoreCreate, StoreUpdate, StoreView } from '../shared/sync/admin-api.ts';
import type { TaxItem } from '../shared/sync/protocol.ts';
import { CounterError } from '../shared/errors.ts';
import { writeTransaction } from './changes.ts';
import { nowIso, type HeadOffice, type Tx } from './context.ts';
import { findStore } from './find.ts';
import type { Store } from './db/schema.ts';
import { resendStoreStock } from './stock.ts';
import { someOf } from './validation.ts';

export function storeView(row: Store): StoreView {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    pricesIncludeTax: row.prices_include_tax === 1,
    taxRates: JSON.parse(row.tax_rates) as StoreView['taxRates'],
    ...receiptTexts(row),
    locale: row.locale,
    timeZone: row.time_zone,
    overShortThresholdMinor: row.over_short_threshold_minor,
    kind: row.kind,
    adjustmentApprovalMinor: row.adjustment_approval_minor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function receiptTexts(row: Store): ReceiptTexts {
  return {
    addressLines: JSON.parse(row.address_lines) as ReceiptTexts['addressLines'],
    receiptHeader: row.receipt_header,
    receiptFooter: row.receipt_footer,
  };
}

export function taxItem(row: Store): TaxItem {
  return {
    storeId: row.id,
    storeName: row.name,
    currency: row.currency,
    ...receiptTexts(row),
    pricesIncludeTax: row.prices_include_tax === 1,
    taxRates: JSON.parse(row.tax_rates) as TaxItem['taxRates'],
    overShortThresholdMinor: row.over_short_threshold_minor,
    locationKind: row.kind,
    adjustmentApprovalMinor: row.adjustment_approval_minor,
  };
}

/** Every store, or those of `storeIds` (null: every store). */
export async function listStores(ho: HeadOffice, storeIds: readonly string[] | null): Promise<StoreView[]> {
  let query = ho.db.selectFrom('stores').selectAll().orderBy('id');
  if (storeIds !== null) query = query.where('id', 'in', storeIds);
  return (await query.execute()).map(storeView);
}

/**
 * Every product is sold in every store (catalog.ts), so a store's tax rates must keep each code a product uses:
 * refused like the catalog refuses a product whose code some store lacks.
 */
async function checkTaxCodesKept(tx: Tx, storeId: string, rates: readonly { code: string }[]): Promise<void> {
  // The schema asks for at least one rate, so the list is never empty.
  const kept = rates.map((rate) => rate.code);
  // Counted per code, and a few SKUs read of each: the catalog may hold a hundred thousand products of a code.
  const orphans = await tx
    .selectFrom('products')
    .select((eb) => ['tax_code', eb.fn.countAll<number>().as('products')])
    .where('tax_code', 'not in', kept)
    .groupBy('tax_code')
    .orderBy('tax_code')
    .execute();
  if (orphans.length === 0) return;
  const named = 3;
  const uses: string[] = [];
  for (const { tax_code: code, products } of orphans) {
    const some = await tx
      .selectFrom('products')
      .select('sku')
      .where('tax_code', '=', code)
      .orderBy('sku')
      .limit(named)
      .execute();
    const skus = some.map((row) => row.sku);
    uses.push(`tax code "${code}" (${someOf(skus, named, Number(products))})`);
  }
  throw new CounterError(
    'INVALID_INPUT',
    `Store "${storeId}" needs every tax code the catalog uses, and these rates leave out ${uses.join('; ')}: ` +
      'keep those rates, or move those products to another code first.',
  );
}

export async function createStore(ho: HeadOffice, input: StoreCreate): Promise<StoreView> {
  return writeTransaction(ho, async (tx, changes) => {
    const existing = await tx.selectFrom('stores').select('id').where('id', '=', input.id).executeTakeFirst();
    if (existing)
      throw new CounterError('CONFLICT', `A store with id "${input.id}" already exists: pick another id.`);
    await checkTaxCodesKept(tx, input.id, input.taxRates);
    const now = nowIso(ho);
    const row: Store = {
      id: input.id,
      name: input.name,
      currency: input.currency,
      prices_include_tax: input.pricesIncludeTax ? 1 : 0,
      tax_rates: JSON.stringify(input.taxRates),
      address_lines: JSON.stringify(input.addressLines ?? []),
      receipt_header: input.receiptHeader ?? '',
      receipt_footer: input.receiptFooter ?? '',
      // Left out: head office's own, which is most likely where the business is.
      locale: input.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
      time_zone: input.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      over_short_threshold_minor: input.overShortThresholdMinor ?? defaultOverShortThresholdMinor,
      kind: input.kind ?? 'store',
      adjustment_approval_minor: input.adjustmentApprovalMinor ?? null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('stores').values(row).execute();
    changes.append('tax', row.id, taxItem(row), row.id);
    return storeView(row);
  });
}

export async function updateStore(ho: HeadOffice, storeId: string, update: StoreUpdate): Promise<StoreView> {
  return writeTransaction(ho, async (tx, changes) => {
    const before = await findStore(tx, storeId);
    if (update.taxRates !== undefined) await checkTaxCodesKept(tx, storeId, update.taxRates);
    if (update.currency !== undefined && update.currency !== before.currency) {
      await checkNoTrading(tx, storeId, before.currency);
    }
    const row: Store = {
      ...before,
      name: update.name ?? before.name,
      currency: update.currency ?? before.currency,
      prices_include_tax:
        update.pricesIncludeTax === undefined ? before.prices_include_tax : update.pricesIncludeTax ? 1 : 0,
      tax_rates: update.taxRates === undefined ? before.tax_rates : JSON.stringify(update.taxRates),
      address_lines:
        update.addressLines === undefined ? before.address_lines : JSON.stringify(update.addressLines),
      receipt_header: update.receiptHeader ?? before.receipt_header,
      receipt_footer: update.receiptFooter ?? before.receipt_footer,
      locale: update.locale ?? before.locale,
      time_zone: update.timeZone ?? before.time_zone,
      over_short_threshold_minor: update.overShortThresholdMinor ?? before.over_short_threshold_minor,
      kind: update.kind ?? before.kind,
      adjustment_approval_minor:
        update.adjustmentApprovalMinor === undefined
          ? before.adjustment_approval_minor
          : update.adjustmentApprovalMinor,
      updated_at: nowIso(ho),
    };
    await tx.updateTable('stores').set(row).where('id', '=', storeId).execute();
    // Only when what the store's registers hold changed.
    if (JSON.stringify(taxItem(row)) !== JSON.stringify(taxItem(before))) {
      changes.append('tax', storeId, taxItem(row), storeId);
    }
    // Every store's stock shows the store's name: a rename re-sends that store's figures.
    if (row.name !== before.name) await resendStoreStock(ho, tx, changes, storeId);
    return storeView(row);
  });
}

/** A store's sales and returns are in its currency: once it has any, changing it would mix two in its money. */
async function checkNoTrading(tx: Tx, storeId: string, currency: string): Promise<void> {
  const traded = await tx
    .selectFrom('sales')
    .select('sale_id as id')
    .where('store_id', '=', storeId)
    .union(tx.selectFrom('returns').select('return_id as id').where('store_id', '=', storeId))
    .limit(1)
    .executeTakeFirst();
  if (traded) {
    throw new CounterError(
      'CONFLICT',
      `Store "${storeId}" has sales in ${currency}, so its currency cannot change: its takings would mix two ` +
        'currencies. To trade in another currency, create a new store.',
    );
  }
}

/** Only a store nothing refers to yet (no registers, no stock, no sales) can be deleted. */
export async function deleteStore(ho: HeadOffice, storeId: string): Promise<void> {
  await writeTransaction(ho, async (tx, changes) => {
    await findStore(tx, storeId);
    const used = await tx
      .selectFrom('registers')
      .select('id')
      .where('store_id', '=', storeId)
      .union(tx.selectFrom('stock_movements').select('sku as id').where('store_id', '=', storeId))
      .limit(1)
      .executeTakeFirst();
    if (used) {
      throw new CounterError(
        'CONFLICT',
        `Store "${storeId}" has registers or stock history, so it cannot be deleted: revoke its registers instead.`,
      );
    }
    await tx.deleteFrom('pairing_codes').where('store_id', '=', storeId).execute();
    await tx.deleteFrom('stores').where('id', '=', storeId).execute();
    changes.append('tax', storeId, null, storeId);
  });
}
