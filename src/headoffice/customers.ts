/**
 * The company's customers (issue 19), as registers made them ('customer.created', handlers/customer.ts).
 *
 * - Two registers that make the same person offline make two records. Head office finds them as duplicates
 *   (the same email or phone, by their keys) and never merges them itself: a person does (`mergeCustomers`).
 * - A merge points each merged record at the survivor (`merged_into`, always one step: records merged into a
 *   record that is merged in turn move to the new survivor). Sales and returns keep the customer id they were
 *   rung up with and are never edited; a customer's purchases are those of the survivor and of every record
 *   merged into it.
 * - An erasure on request blanks the name, phone and email of the record and of those merged into it, in the
 *   rows and in the 'customer.created' events head office keeps, and sends their ids down the 'customers'
 *   stream so every register blanks its copy too. The sales stay, pointing at a record that no longer says who
 *   it was.
 * - Registers ask for customers on demand (socket.ts: 'findCustomers', 'customerPurchases'), never for the list.
 */
import { sql, type Selectable } from 'kysely';
import type {
  CustomerDetail,
  CustomerExport,
  CustomersQuery,
  CustomerView,
  Duplicates,
} from '../shared/backoffice/customers-api.ts';
import {
  customerOfRow,
  emailKey,
  ERASED_NAME,
  MAX_CUSTOMER_HITS,
  phoneKey,
  type Customer,
  type CustomerPurchase,
} from '../shared/customers.ts';
import { customerCreated } from '../shared/documents/customer.ts';
import { CounterError } from '../shared/errors.ts';
import { foldForSearch } from '../shared/search.ts';
import type { Page } from '../shared/sync/admin-api.ts';
import { forUpdate, nowIso, type Executor, type HeadOffice } from './context.ts';
import { writeTransaction } from './changes.ts';
import { anyOf } from './db/bulk.ts';
import type { CustomersTable } from './db/schema.ts';
import { hasWords } from './db/search.ts';
import { afterCursor, cursorOf, pageOf } from './paging.ts';
import { returnsById, salesById, storedPayload } from './received.ts';

type CustomerRow = Selectable<CustomersTable>;

const MAX_DUPLICATE_GROUPS = 100;

const view = (row: CustomerRow): CustomerView => ({
  ...customerOfRow(row),
  storeId: row.store_id,
  registerId: row.register_id,
  mergedInto: row.merged_into,
  erasedAt: row.erased_at,
});

const notFound = (customerId: string): CounterError =>
  new CounterError(
    'NOT_FOUND',
    `There is no customer "${customerId}": look them up again in GET /api/customers (a register's new customer arrives when it syncs).`,
  );

/** Customers a person can pick: neither merged into another nor erased. */
function current(db: Executor) {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('merged_into', 'is', null)
    .where('erased_at', 'is', null);
}

/** The words of a name, a phone or an email. */
function matching(ho: HeadOffice, text: string) {
  const phone = phoneKey(text);
  const email = emailKey(text);
  return current(ho.db).where((eb) =>
    eb.or([
      hasWords(ho.dialect, 'search_name', text),
      ...(phone === null ? [] : [eb('phone_key', '=', phone)]),
      ...(email === null ? [] : [eb('email_key', '=', email)]),
    ]),
  );
}

/** For a register ('findCustomers'): the first matches by name. */
export async function findCustomers(ho: HeadOffice, query: string): Promise<Customer[]> {
  const rows = await matching(ho, query)
    .orderBy('name')
    .orderBy('customer_id')
    .limit(MAX_CUSTOMER_HITS)
    .execute();
  return rows.map(customerOfRow);
}

/** The back office's list: current customers by name, searched or not. */
export async function listCustomers(ho: HeadOffice, q: CustomersQuery): Promise<Page<CustomerView>> {
  let query = q.q === undefined ? current(ho.db) : matching(ho, q.q);
  if (q.after !== undefined) query = query.where(afterCursor('name', 'customer_id', q.after, false));
  query = query
    .orderBy('name')
    .orderBy('customer_id')
    .limit(q.limit + 1);
  const { rows, next } = pageOf(await query.execute(), q.limit, (last) =>
    cursorOf(last.name, last.customer_id),
  );
  return { items: rows.map(view), next };
}

async function customerRow(db: Executor, customerId: string): Promise<CustomerRow> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw notFound(customerId);
  return row;
}

/** The survivor a record counts as (itself, unless merged) and the records merged into it. */
async function withMerged(
  db: Executor,
  customerId: string,
): Promise<{ survivor: CustomerRow; merged: CustomerRow[] }> {
  const row = await customerRow(db, customerId);
  const survivor = row.merged_into === null ? row : await customerRow(db, row.merged_into);
  const merged = await db
    .selectFrom('customers')
    .selectAll()
    .where('merged_into', '=', survivor.customer_id)
    .orderBy('created_at')
    .execute();
  return { survivor, merged };
}

export async function customerDetail(ho: HeadOffice, customerId: string): Promise<CustomerDetail> {
  const { survivor, merged } = await withMerged(ho.db, customerId);
  return { ...view(survivor), merged: merged.map(view) };
}

/**
 * Sales and returns of the customer and of the records merged into them, newest first; `storeIds` narrows them
 * (null: every store). Online orders of the same email join here once sales channels exist (INVENTORY.md).
 */
export async function customerPurchases(
  ho: HeadOffice,
  customerId: string,
  storeIds: string[] | null,
): Promise<CustomerPurchase[]> {
  const { survivor, merged } = await withMerged(ho.db, customerId);
  const ids = anyOf(ho.dialect, [survivor.customer_id, ...merged.map((row) => row.customer_id)]);
  const stores = storeIds === null ? null : anyOf(ho.dialect, storeIds);
  let sales = ho.db
    .selectFrom('sales')
    .select([
      sql.lit('sale').as('kind'),
      'sale_id as documentId',
      'receipt_number as receiptNumber',
      'store_id as storeId',
      'register_id as registerId',
      'completed_at as completedAt',
      'currency',
      'total_minor as totalMinor',
    ])
    .where('customer_id', 'in', ids);
  // A return's currency is its store's (a return in another is a 'currency_mismatch' exception already).
  let returns = ho.db
    .selectFrom('returns')
    .innerJoin('stores', 'stores.id', 'returns.store_id')
    .select([
      sql.lit('return').as('kind'),
      'returns.return_id as documentId',
      'returns.receipt_number as receiptNumber',
      'returns.store_id as storeId',
      'returns.register_id as registerId',
      'returns.completed_at as completedAt',
      'stores.currency',
      'returns.total_minor as totalMinor',
    ])
    .where('returns.customer_id', 'in', ids);
  if (stores !== null) {
    sales = sales.where('store_id', 'in', stores);
    returns = returns.where('returns.store_id', 'in', stores);
  }
  const rows = await sales.unionAll(returns).orderBy('completedAt', 'desc').execute();
  return rows.map((row) => ({ ...row, kind: row.kind as CustomerPurchase['kind'] }));
}

/** For a register ('customerPurchases'): a customer head office does not hold yet has none here. */
export async function purchasesForRegister(ho: HeadOffice, customerId: string): Promise<CustomerPurchase[]> {
  const held = await ho.db
    .selectFrom('customers')
    .select('customer_id')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return held ? customerPurchases(ho, customerId, null) : [];
}

/** Current customers that share an email or a phone, by their keys. */
export async function findDuplicates(ho: HeadOffice): Promise<Duplicates> {
  const groups: Duplicates['groups'] = [];
  for (const reason of ['email', 'phone'] as const) {
    const column = reason === 'email' ? 'email_key' : 'phone_key';
    const keys = await current(ho.db)
      .clearSelect()
      .select(column)
      .where(column, 'is not', null)
      .groupBy(column)
      .having((eb) => eb.fn.countAll(), '>', 1)
      .orderBy(column)
      .limit(MAX_DUPLICATE_GROUPS)
      .execute();
    const shared = keys.map((row) => row[column]!);
    if (shared.length === 0) continue;
    const rows = await current(ho.db)
      .where(column, 'in', anyOf(ho.dialect, shared))
      .orderBy('created_at')
      .execute();
    for (const key of shared) {
      groups.push({ reason, key, customers: rows.filter((row) => row[column] === key).map(view) });
    }
  }
  return { groups };
}

/**
 * Merges `mergedIds` into `survivorId`, as a person decided: the merged records (and those merged into them
 * before) count as the survivor from now on. Refused for a record that is merged already, erased, or unknown.
 */
export async function mergeCustomers(
  ho: HeadOffice,
  survivorId: string,
  mergedIds: string[],
): Promise<CustomerDetail> {
  const ids = [...new Set(mergedIds)];
  if (ids.includes(survivorId))
    throw new CounterError(
      'INVALID_INPUT',
      'A customer cannot be merged into themselves: leave them out of mergedIds.',
    );
  await ho.db.transaction().execute(async (tx) => {
    const rows = await forUpdate(
      ho,
      tx
        .selectFrom('customers')
        .selectAll()
        .where('customer_id', 'in', anyOf(ho.dialect, [survivorId, ...ids])),
    ).execute();
    const byId = new Map(rows.map((row) => [row.customer_id, row]));
    for (const id of [survivorId, ...ids]) {
      const row = byId.get(id);
      if (!row) throw notFound(id);
      if (row.erased_at !== null)
        throw new CounterError(
          'CONFLICT',
          `Customer ${id} was erased on request: an erased record is not merged.`,
        );
      if (row.merged_into !== null)
        throw new CounterError(
          'CONFLICT',
          `Customer ${id} was merged into ${row.merged_into} already: merge into that one, or leave ${id} out.`,
        );
    }
    const at = nowIso(ho);
    const into = { merged_into: survivorId, merged_at: at };
    await tx.updateTable('customers').set(into).where('customer_id', 'in', anyOf(ho.dialect, ids)).execute();
    await tx.updateTable('customers').set(into).where('merged_into', 'in', anyOf(ho.dialect, ids)).execute();
  });
  return customerDetail(ho, survivorId);
}

/** Everything head office holds about the person: their records and what they bought, line by line. */
export async function exportCustomer(ho: HeadOffice, customerId: string): Promise<CustomerExport> {
  const { survivor, merged } = await withMerged(ho.db, customerId);
  const purchases = await customerPurchases(ho, survivor.customer_id, null);
  const sales = await salesById(
    ho.db,
    purchases.filter((p) => p.kind === 'sale').map((p) => p.documentId),
  );
  const returns = await returnsById(
    ho.db,
    purchases.filter((p) => p.kind === 'return').map((p) => p.documentId),
  );
  const returnLines = new Map(returns.map(({ ret }) => [ret.returnId, ret.lines]));
  return {
    exportedAt: nowIso(ho),
    customer: view(survivor),
    merged: merged.map(view),
    purchases: purchases.map((purchase) => ({
      ...purchase,
      lines: (purchase.kind === 'sale'
        ? (sales.get(purchase.documentId)?.lines ?? [])
        : (returnLines.get(purchase.documentId) ?? [])
      ).map(({ sku, name, quantity, totalMinor }) => ({ sku, name, quantity, totalMinor })),
    })),
  };
}

/**
 * Erases the person's details on request: the record, those merged into it, and the 'customer.created' events
 * they came with (the event's hash stays, so a register that sends it again still gets 'duplicate'). Sales and
 * returns stay as they are: they name the customer by id only. Erasing an erased record changes nothing.
 */
export async function eraseCustomer(ho: HeadOffice, customerId: string): Promise<CustomerDetail> {
  const { survivor } = await withMerged(ho.db, customerId);
  await writeTransaction(ho, async (tx, changes) => {
    const records = await forUpdate(
      ho,
      tx
        .selectFrom('customers')
        .selectAll()
        .where((eb) =>
          eb.or([eb('customer_id', '=', survivor.customer_id), eb('merged_into', '=', survivor.customer_id)]),
        )
        .where('erased_at', 'is', null),
    ).execute();
    if (records.length === 0) return;
    const at = nowIso(ho);
    await tx
      .updateTable('customers')
      .set({
        name: ERASED_NAME,
        search_name: foldForSearch(ERASED_NAME),
        phone: null,
        email: null,
        phone_key: null,
        email_key: null,
        name_on_receipt: 0,
        erased_at: at,
      })
      .where(
        'customer_id',
        'in',
        anyOf(
          ho.dialect,
          records.map((row) => row.customer_id),
        ),
      )
      .execute();
    for (const record of records) {
      // Every register blanks its copy (the 'customers' stream): customers are company-wide.
      changes.append('customers', record.customer_id, { customerId: record.customer_id, erasedAt: at });
      const event = await tx
        .selectFrom('received_events')
        .select(['schema_version', 'payload'])
        .where('register_id', '=', record.register_id)
        .where('seq', '=', record.seq)
        .executeTakeFirst();
      const payload = event && storedPayload(customerCreated, event.schema_version, event.payload);
      if (!payload) continue;
      const erased = { ...payload, name: ERASED_NAME, phone: null, email: null, nameOnReceipt: false };
      await tx
        .updateTable('received_events')
        .set({ payload: JSON.stringify(erased) })
        .where('register_id', '=', record.register_id)
        .where('seq', '=', record.seq)
        .execute();
    }
  });
  return customerDetail(ho, survivor.customer_id);
}
