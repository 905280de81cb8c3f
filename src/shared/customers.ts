/**
 * Customers: people a sale or a return is rung up for (issue 19). A register makes a customer offline under an
 * id of its own (a UUID), sends it once as a 'customer.created' document, and head office keeps one list for the
 * company. Two registers that make the same person offline make two records: head office finds them as
 * duplicates (same email, or same phone, compared by their keys below) and a person merges them.
 */
import { z } from 'zod';
import { plainText } from './text.ts';

export const MAX_CUSTOMER_NAME = 80;
export const MAX_CUSTOMER_HITS = 50;
/** What an erased record says instead of a name, at head office and on every register. */
export const ERASED_NAME = 'Erased customer';

/** An email compared case-insensitively and without surrounding spaces: "Ann@Example.com " is "ann@example.com". */
export function emailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase() ?? '';
  return key === '' ? null : key;
}

/**
 * A phone number by its digits only ("+44 (0)20 7946-0000" and "0044 020 79460000" differ, but "020 7946 0000"
 * and "020-7946-0000" are one): a leading international "00" reads as "+". Fewer than 5 digits is no phone key.
 */
export function phoneKey(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/^\s*\+/, '00').replace(/\D/g, '');
  return digits.length < 5 ? null : digits;
}

const optionalText = (field: string, max: number) =>
  plainText(field)
    .trim()
    .max(max, `${field} is too long (at most ${max} characters)`)
    .transform((text) => (text === '' ? null : text))
    .nullable()
    .default(null);

/** A customer as a person types them at the register: a name, and a phone or an email to find them again. */
export const newCustomerSchema = z
  .object({
    name: plainText('Name')
      .trim()
      .min(1, 'Type the customer’s name')
      .max(MAX_CUSTOMER_NAME, `A name holds at most ${MAX_CUSTOMER_NAME} characters`),
    phone: optionalText('Phone', 40).refine(
      (phone) => phone === null || phoneKey(phone) !== null,
      'A phone number needs at least 5 digits',
    ),
    email: optionalText('Email', 254).refine(
      (email) => email === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email),
      'That email does not look right: it needs a name, an @ and a domain (ann@example.com)',
    ),
    /** The customer's choice: print their name on their receipts. */
    nameOnReceipt: z.boolean().default(false),
  })
  .strict();
export type NewCustomer = z.output<typeof newCustomerSchema>;

export interface Customer {
  customerId: string;
  name: string;
  phone: string | null;
  email: string | null;
  nameOnReceipt: boolean;
  createdAt: string;
}

/** A customer as the register's ledger and head office's database both store one. */
export interface CustomerColumns {
  customer_id: string;
  name: string;
  phone: string | null;
  email: string | null;
  name_on_receipt: number;
  created_at: string;
}

export const customerOfRow = (row: CustomerColumns): Customer => ({
  customerId: row.customer_id,
  name: row.name,
  phone: row.phone,
  email: row.email,
  nameOnReceipt: row.name_on_receipt === 1,
  createdAt: row.created_at,
});

export const customerSchema = z.object({
  customerId: plainText('Customer id').min(1).max(64),
  name: plainText('Name').max(MAX_CUSTOMER_NAME),
  phone: plainText('Phone').max(40).nullable(),
  email: plainText('Email').max(254).nullable(),
  nameOnReceipt: z.boolean(),
  createdAt: z.string(),
}) satisfies z.ZodType<Customer>;

export const customerSearchSchema = z.object({
  query: plainText('Search').trim().min(2, 'Type at least 2 characters of a name, phone or email').max(100),
});

/** One document of a customer's purchase history: a sale or a return, in any store. */
export interface CustomerPurchase {
  kind: 'sale' | 'return';
  documentId: string;
  receiptNumber: string;
  storeId: string;
  registerId: string;
  completedAt: string;
  currency: string;
  totalMinor: number;
}

export const customerPurchaseSchema = z.object({
  kind: z.enum(['sale', 'return']),
  documentId: z.string(),
  receiptNumber: z.string(),
  storeId: z.string(),
  registerId: z.string(),
  completedAt: z.string(),
  currency: z.string(),
  totalMinor: z.number().int(),
}) satisfies z.ZodType<CustomerPurchase>;

/** A customer's history at the register: where it came from tells the cashier how complete it is. */
export interface CustomerHistory {
  customer: Customer;
  purchases: CustomerPurchase[];
  /** 'head-office': every store's; 'local': this register's only (head office could not be reached). */
  source: 'head-office' | 'local';
}
