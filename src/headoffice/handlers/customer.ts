/**
 * 'customer.created': a row in `customers`, once per id. Nothing else: the same person made at two registers is
 * two records until a person merges them (customers.ts), and a customer belongs to the company, not to a store.
 */
import { emailKey, phoneKey } from '../../shared/customers.ts';
import { foldForSearch } from '../../shared/search.ts';
import type { customerCreated, CustomerPayload } from '../../shared/documents/customer.ts';
import { insertDocuments } from './document-rows.ts';
import type { DocumentHandler } from './handler.ts';

const describe = (customer: CustomerPayload): string => `Customer ${customer.customerId}`;

export const customerHandler: DocumentHandler<typeof customerCreated.type> = {
  rows: {
    key: (customer) => customer.customerId,
    describe,
    insert: (batch, docs) =>
      insertDocuments(batch, 'customers', 'customer_id', docs, (customer, origin) => ({
        customer_id: customer.customerId,
        name: customer.name,
        search_name: foldForSearch(customer.name),
        phone: customer.phone,
        email: customer.email,
        phone_key: phoneKey(customer.phone),
        email_key: emailKey(customer.email),
        name_on_receipt: customer.nameOnReceipt ? 1 : 0,
        ...origin,
        created_at: customer.createdAt,
        received_at: batch.receivedAt,
      })),
  },
};
