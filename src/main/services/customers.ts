/**
 * Customers at the register (issue 19): find one by name, phone or email (in this ledger, and through head
 * office when it answers), make one offline, put them on the open sale, and show what they bought to find a
 * receipt for a return. A customer made here is one 'customer.created' document, written in the same transaction
 * as its row, so head office gets it exactly once.
 *
 * The sales and returns services write which customer a document is for through `links`, inside their own
 * transaction; the open sale's customer is kept by the draft's id, so parking, resuming or a restart keeps them.
 */
import type { ParsedInput } from '../../shared/contract.ts';
import {
  customerOfRow,
  emailKey,
  MAX_CUSTOMER_HITS,
  type CustomerColumns,
  phoneKey,
  type Customer,
  type CustomerHistory,
  type CustomerPurchase,
} from '../../shared/customers.ts';
import { customerCreated } from '../../shared/documents/customer.ts';
import { CounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { Db } from '../ledger/database.ts';
import type { AppendOutbox } from '../ledger/outbox.ts';
import type { SettingsService } from './settings.ts';

/** Head office's answers; null when it cannot be asked (offline, no answer in time, an older head office). */
export interface CustomerDirectory {
  find(query: string): Promise<Customer[] | null>;
  purchases(customerId: string): Promise<CustomerPurchase[] | null>;
}

/** What the sales and returns services call inside the transaction that writes their document. */
export interface CustomerLinks {
  /** The customer put on the open sale `saleId`, if any. */
  ofOpenSale(saleId: string): string | undefined;
  /** Records that the document was rung up for `customerId` (and lets go of the open sale's customer). */
  link(kind: CustomerPurchase['kind'], documentId: string, customerId: string, completedAt: string): void;
  /** The name a document's receipt prints: only when its customer asked for it. */
  receiptName(documentId: string): string | null;
}

/** Each method takes the parsed input of its channel (src/shared/contract.ts). */
export interface CustomersService {
  /** This register's customers and, when head office answers, the company's; by name, phone or email. */
  search(input: ParsedInput<'customer.search'>): Promise<Customer[]>;
  create(input: ParsedInput<'customer.create'>): Customer;
  /** Puts the customer on the open sale (one found through head office is kept here from then on). */
  attach(input: ParsedInput<'customer.attach'>): Customer;
  detach(): null;
  /** The open sale's customer. */
  attached(): Customer | null;
  /** What the customer bought and returned: at every store through head office, else at this register. */
  history(input: ParsedInput<'customer.history'>): Promise<CustomerHistory>;
  links: CustomerLinks;
}

export interface CustomersDeps {
  db: Db;
  now: () => Date;
  settings: Pick<SettingsService, 'register'>;
  appendOutbox: AppendOutbox;
  /** Who is making the customer; throws NOT_LOGGED_IN when nobody is. */
  userId: () => string;
  /** The open sale's id (the sales service is made after this one). */
  openSaleId: () => string;
  directory: CustomerDirectory;
}

const byName = (a: Customer, b: Customer): number => a.name.localeCompare(b.name);

/** LIKE's own characters in what a person typed match themselves. */
const likeText = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createCustomersService(deps: CustomersDeps): CustomersService {
  const { db, now, settings, appendOutbox, userId, openSaleId, directory } = deps;
  const columns = 'customer_id, name, phone, email, name_on_receipt, created_at';
  const statements = {
    byId: db.prepare<[string], CustomerColumns>(`SELECT ${columns} FROM customers WHERE customer_id = ?`),
    search: db.prepare<
      { name: string; phone: string | null; email: string | null; limit: number },
      CustomerColumns
    >(
      `SELECT ${columns} FROM customers
       WHERE erased_at IS NULL
         AND (name LIKE '%' || :name || '%' ESCAPE '\\' OR phone_key = :phone OR email_key = :email)
       ORDER BY name COLLATE NOCASE LIMIT :limit`,
    ),
    insert: db.prepare(
      `INSERT INTO customers (customer_id, name, phone, email, phone_key, email_key, name_on_receipt, created_at,
         created_here, outbox_seq)
       VALUES (:customerId, :name, :phone, :email, :phoneKey, :emailKey, :nameOnReceipt, :createdAt,
         :createdHere, :outboxSeq)
       ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
         email = excluded.email, phone_key = excluded.phone_key, email_key = excluded.email_key,
         name_on_receipt = excluded.name_on_receipt
       WHERE customers.created_here = 0 AND customers.erased_at IS NULL`,
    ),
    ofOpenSale: db
      .prepare<[string], string>('SELECT customer_id FROM open_sale_customers WHERE sale_id = ?')
      .pluck(),
    attach: db.prepare<[string, string]>(
      `INSERT INTO open_sale_customers (sale_id, customer_id) VALUES (?, ?)
       ON CONFLICT (sale_id) DO UPDATE SET customer_id = excluded.customer_id`,
    ),
    detach: db.prepare<[string]>('DELETE FROM open_sale_customers WHERE sale_id = ?'),
    // Customers of sales that are neither open nor parked any more (cancelled ones): nothing will complete them.
    forgetCancelled: db.prepare(
      `DELETE FROM open_sale_customers
       WHERE sale_id NOT IN (SELECT sale_id FROM open_sales UNION ALL SELECT sale_id FROM parked_sales)`,
    ),
    link: db.prepare<[string, string, string, string]>(
      'INSERT INTO customer_documents (document_id, kind, customer_id, completed_at) VALUES (?, ?, ?, ?)',
    ),
    receiptName: db
      .prepare<[string], string>(
        `SELECT c.name FROM customer_documents d JOIN customers c ON c.customer_id = d.customer_id
         WHERE d.document_id = ? AND c.name_on_receipt = 1`,
      )
      .pluck(),
    purchases: db.prepare<[string, string], CustomerPurchase>(
      `SELECT d.kind, d.document_id AS documentId, s.receipt_number AS receiptNumber, s.store_id AS storeId,
         s.register_id AS registerId, s.completed_at AS completedAt, s.currency, s.total_minor AS totalMinor
       FROM customer_documents d JOIN sales s ON s.sale_id = d.document_id
       WHERE d.customer_id = ? AND d.kind = 'sale'
       UNION ALL
       SELECT d.kind, d.document_id, r.receipt_number, r.store_id, r.register_id, r.completed_at, r.currency,
         r.total_minor
       FROM customer_documents d JOIN returns r ON r.return_id = d.document_id
       WHERE d.customer_id = ? AND d.kind = 'return'`,
    ),
  };

  function find(customerId: string): Customer {
    const row = statements.byId.get(customerId);
    if (!row)
      throw new CounterError(
        'NOT_FOUND',
        'That customer is not known at this register: search for them again (head office may need to be reachable).',
      );
    return customerOfRow(row);
  }

  const keep = (customer: Customer, created: { here: boolean; outboxSeq: number | null }): void => {
    statements.insert.run({
      ...customer,
      phoneKey: phoneKey(customer.phone),
      emailKey: emailKey(customer.email),
      nameOnReceipt: customer.nameOnReceipt ? 1 : 0,
      createdHere: created.here ? 1 : 0,
      outboxSeq: created.outboxSeq,
    });
  };

  const keepFound = db.transaction((customers: Customer[]) => {
    for (const customer of customers) keep(customer, { here: false, outboxSeq: null });
  });

  const createCustomer = db.transaction((input: ParsedInput<'customer.create'>): Customer => {
    const register = settings.register();
    const customer: Customer = { customerId: newId(), ...input, createdAt: now().toISOString() };
    const outboxSeq = appendOutbox(customerCreated.type, customer.createdAt, {
      ...customer,
      storeId: register.storeId,
      registerId: register.registerId,
      userId: userId(),
    });
    keep(customer, { here: true, outboxSeq });
    return customer;
  });

  return {
    async search({ query }) {
      const text = query.trim();
      const local = statements.search
        .all({ name: likeText(text), phone: phoneKey(text), email: emailKey(text), limit: MAX_CUSTOMER_HITS })
        .map(customerOfRow);
      const remote = await directory.find(text);
      if (remote === null) return local;
      // What head office found stays here, so the sale and its receipt can name them offline later.
      keepFound(remote);
      const seen = new Set(remote.map((customer) => customer.customerId));
      return [...remote, ...local.filter((customer) => !seen.has(customer.customerId))]
        .sort(byName)
        .slice(0, MAX_CUSTOMER_HITS);
    },

    create: (input) => createCustomer.immediate(input),

    attach({ customerId }) {
      const customer = find(customerId);
      statements.forgetCancelled.run();
      statements.attach.run(openSaleId(), customerId);
      return customer;
    },

    detach() {
      statements.detach.run(openSaleId());
      return null;
    },

    attached() {
      const customerId = statements.ofOpenSale.get(openSaleId());
      return customerId === undefined ? null : find(customerId);
    },

    async history({ customerId }) {
      const customer = find(customerId);
      const local = statements.purchases.all(customerId, customerId);
      const remote = await directory.purchases(customerId);
      // Head office has every store's; this register's documents it has not received yet are added.
      const known = new Set(remote?.map((purchase) => purchase.documentId));
      const purchases = [...(remote ?? []), ...local.filter((purchase) => !known.has(purchase.documentId))];
      purchases.sort((a, b) => b.completedAt.localeCompare(a.completedAt));
      return { customer, purchases, source: remote === null ? 'local' : 'head-office' };
    },

    links: {
      ofOpenSale: (saleId) => statements.ofOpenSale.get(saleId),
      link(kind, documentId, customerId, completedAt) {
        find(customerId);
        statements.link.run(documentId, kind, customerId, completedAt);
        if (kind === 'sale') statements.detach.run(documentId);
      },
      receiptName: (documentId) => statements.receiptName.get(documentId) ?? null,
    },
  };
}
