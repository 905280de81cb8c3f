/**
 * The admin API's customers (issue 19): one list for the company, a customer's purchases across stores,
 * duplicates for a person to merge, and a person's data exported or erased on request. Head office's routes
 * (src/headoffice/http/customers.ts) and the back office's Customers page both read these.
 */
import { z } from 'zod';
import { customerPurchaseSchema } from '../customers.ts';
import { pageQuerySchema, searchText, pageSchema } from '../sync/admin-api.ts';
import { plainText } from '../text.ts';

const customerIdSchema = plainText('customerId').min(1).max(64);

export const customerParamsSchema = z.object({ customerId: customerIdSchema });

export const customersQuerySchema = pageQuerySchema.extend({
  q: searchText('q').describe('Words of the name (any case or accents), a phone number or an email'),
});
export type CustomersQuery = z.output<typeof customersQuerySchema>;

export const customerViewSchema = z
  .object({
    customerId: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    nameOnReceipt: z.boolean(),
    createdAt: z.string(),
    /** Where it was made. */
    storeId: z.string(),
    registerId: z.string(),
    mergedInto: z.string().nullable().describe('The record this one was merged into; null for a survivor'),
    erasedAt: z.string().nullable().describe('When the person’s details were erased on request'),
  })
  .describe('A customer record');
export type CustomerView = z.infer<typeof customerViewSchema>;

export const customersPageSchema = pageSchema(customerViewSchema);

export const customerDetailSchema = customerViewSchema
  .extend({ merged: z.array(customerViewSchema).describe('The records merged into this one') })
  .describe('A customer with the records merged into them');
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

export const customerPurchasesQuerySchema = z.object({
  storeId: plainText('storeId').min(1).max(40).optional().describe('Only this store’s'),
});

export const customerPurchasesSchema = z
  .object({ items: z.array(customerPurchaseSchema) })
  .describe('Sales and returns of the customer and the records merged into them, newest first');

export const duplicatesSchema = z
  .object({
    groups: z.array(
      z.object({
        reason: z.enum(['email', 'phone']),
        /** The email or phone as compared (src/shared/customers.ts). */
        key: z.string(),
        customers: z.array(customerViewSchema).min(2),
      }),
    ),
  })
  .describe('Customers that share an email or a phone: the same person, perhaps, for a person to merge');
export type Duplicates = z.infer<typeof duplicatesSchema>;

export const mergeRequestSchema = z
  .object({
    mergedIds: z
      .array(customerIdSchema)
      .min(1, 'Choose at least one record to merge into this one')
      .max(20, 'Merge at most 20 records at once'),
  })
  .strict();

export const customerExportSchema = z
  .object({
    exportedAt: z.string(),
    customer: customerViewSchema,
    merged: z.array(customerViewSchema),
    purchases: z.array(
      customerPurchaseSchema.extend({
        lines: z.array(
          z.object({
            sku: z.string(),
            name: z.string(),
            quantity: z.number().int(),
            totalMinor: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .describe('Everything head office holds about the person, as JSON');
export type CustomerExport = z.infer<typeof customerExportSchema>;
