/**
 * 'audit.recorded': a permissioned action or approval at the register, with the names of who did and who
 * approved it (head office has no copy of the register's users). Cash put into or taken out of the drawer is
 * one too ('cash.inOut', src/shared/shift-totals.ts), which is how head office counts it in a shift.
 */
import { z } from 'zod';
import { plainText } from '../text.ts';
import { registerIdSchema, storeIdSchema, timeSchema, userRefSchema } from './fields.ts';
import { documentKind } from './kind.ts';

export const auditPayloadSchema = z.object({
  occurredAt: timeSchema,
  storeId: storeIdSchema,
  registerId: registerIdSchema,
  action: plainText('Action').min(1).max(60),
  user: userRefSchema,
  approver: userRefSchema.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditPayload = z.output<typeof auditPayloadSchema>;

export const auditRecorded = documentKind({
  type: 'audit.recorded',
  label: 'Audit entry',
  schema: auditPayloadSchema,
});
