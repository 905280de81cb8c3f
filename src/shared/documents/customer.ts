/**
 * 'customer.created': a customer made at a register, offline or not, under the id the register gave them. Head
 * office keeps one record per id (a second arrival is a 'duplicate_document'); the same person made at two
 * registers is two records until a person merges them (src/headoffice/customers.ts).
 */
import { z } from 'zod';
import { MAX_CUSTOMER_NAME } from '../customers.ts';
import { plainText } from '../text.ts';
import { idSchema, registerIdSchema, storeIdSchema, timeSchema } from './fields.ts';
import { documentKind } from './kind.ts';

export const customerPayloadSchema = z.object({
  customerId: idSchema,
  storeId: storeIdSchema,
  registerId: registerIdSchema,
  userId: idSchema.nullable(),
  createdAt: timeSchema,
  name: plainText('Name').min(1).max(MAX_CUSTOMER_NAME),
  phone: plainText('Phone').max(40).nullable(),
  email: plainText('Email').max(254).nullable(),
  nameOnReceipt: z.boolean(),
});
export type CustomerPayload = z.infer<typeof customerPayloadSchema>;

export const customerCreated = documentKind({
  type: 'customer.created',
  label: 'Customer',
  schema: customerPayloadSchema,
});
