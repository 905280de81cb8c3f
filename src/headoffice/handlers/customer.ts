/**
 * 'customer.created': a row in `customers`, once per id. Nothing else: the same person made at two registers is
 * two records until a person merges them (customers.ts), and a customer belongs to the company, not to a store.
 */
import { emailKey, phoneKey } from '../../shared/customers.ts';
import type { customerCreated, CustomerPayload } from '../../shared/documents/customer.ts';
import { insertRows } from '../db/bulk.ts';
import type { DocumentHandler } from './handler.ts';

const describe = (customer: CustomerPayload): string => `Customer ${customer.customerId}`;

export const customerHandler: DocumentHandler<typeof customerCreated.type> = {
  rows: {
    key: (customer) => customer.customerId,
    describe,
    async insert({ ho, tx, receivedAt }, docs) {
      const rows = await insertRows(
        ho.dialect,
        tx,
        'customers',
        docs.map(({ register, seq, payload: customer }) => ({
          customer_id: customer.customerId,
          name: customer.name,
          phone: customer.phone,
          email: customer.email,
          phone_key: phoneKey(customer.phone),
          email_key: emailKey(customer.email),
          name_on_receipt: customer.nameOnReceipt ? 1 : 0,
          store_id: register.store_id,
          register_id: register.id,
          seq,
          created_at: customer.createdAt,
          received_at: receivedAt,
        })),
      )
        .onConflict((oc) => oc.column('customer_id').doNothing())
        .returning('customer_id as id')
        .execute();
      return rows.map((row) => row.id);
    },
  },
};
