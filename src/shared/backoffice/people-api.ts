/**
 * The people side of head office's admin API: signing in (sessions), users, API tokens and the audit. Head
 * office validates and answers with these (src/headoffice/http/session.ts, users.ts, tokens.ts, audit.ts) and
 * the OpenAPI document is generated from them, as for the rest of admin-api.ts.
 */
import { z } from 'zod';
import { plainText } from '../text.ts';
import { isoTime, pageQuerySchema, rowIdText, storeIdSchema, time } from '../sync/admin-api.ts';
import { backOfficeRoleSchema, permissions, permissionSchema } from './roles.ts';

/** Compared and stored lower-cased: Ana@Example.com and ana@example.com are one user. */
export const emailSchema = plainText('Email')
  .trim()
  .toLowerCase()
  .max(254, 'Email: at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+$/, 'Email: an address such as ana@example.com');

export const MIN_PASSWORD_LENGTH = 10;

/** Length is what makes a password hard to guess; no rules about digits or symbols. */
export const passwordSchema = plainText('Password')
  .min(MIN_PASSWORD_LENGTH, `Password: at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'Password: at most 200 characters');

const personName = plainText('Name').trim().min(1, 'Name: required').max(100, 'Name: at most 100 characters');

/** A one-time token from a link (setup, invitation, password reset), as the link has it. */
const linkToken = plainText('Token').min(1).max(200);

const storeIdsSchema = z
  .array(storeIdSchema)
  .max(1_000)
  .refine((ids) => new Set(ids).size === ids.length, 'Each store only once');

// ------------------------------------------------------------------------------------------------ requests

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Password: required').max(200),
});

export const setupSchema = z.object({
  token: linkToken.describe('The token of the link head office printed at its first start'),
  email: emailSchema,
  name: personName,
  password: passwordSchema,
});

export const passwordSetSchema = z.object({
  token: linkToken.describe('The token of the invitation or password-reset link'),
  password: passwordSchema,
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, 'Current password: required').max(200),
  newPassword: passwordSchema,
});

export const userCreateSchema = z
  .object({
    email: emailSchema,
    name: personName,
    role: backOfficeRoleSchema,
    storeIds: storeIdsSchema
      .default([])
      .describe('The stores of a store manager; empty for every other role'),
  })
  .refine((user) => (user.role === 'store_manager') === user.storeIds.length > 0, {
    message: 'A store manager needs at least one store; other roles take none',
    path: ['storeIds'],
  });
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z
  .object({
    name: personName,
    role: backOfficeRoleSchema,
    storeIds: storeIdsSchema,
    active: z.boolean().describe('false: the user can no longer sign in, and their sessions end'),
  })
  .partial()
  .refine((update) => Object.keys(update).length > 0, 'Send at least one field to change');
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const tokenCreateSchema = z.object({
  name: plainText('Token name').trim().min(1, 'Token name: required').max(100),
  scopes: z
    .array(permissionSchema)
    .min(1, 'Give the token at least one permission')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'Each permission only once')
    .describe(`What the token may do: any of ${permissions.join(', ')}`),
  storeIds: storeIdsSchema
    .min(1, 'Give at least one store, or leave storeIds out for every store')
    .nullable()
    .default(null)
    .describe('Limit the token to these stores; null or left out: every store'),
});
export type TokenCreate = z.infer<typeof tokenCreateSchema>;

export const userParamsSchema = z.object({ userId: plainText('User id').min(1).max(100) });
export const tokenParamsSchema = z.object({ tokenId: plainText('Token id').min(1).max(100) });

export const auditQuerySchema = pageQuerySchema.extend({
  after: rowIdText.optional().describe('The `next` of the previous page, unchanged'),
  actor: plainText('actor').max(200).optional().describe('Such as user:<id>, token:<id> or register:<id>'),
  action: plainText('action').max(200).optional().describe('Such as "POST /api/stores"'),
  target: plainText('target').max(200).optional().describe('Such as storeId=MAIN'),
  from: isoTime.optional(),
  to: isoTime.optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

// ------------------------------------------------------------------------------------------------- answers

/** Who a user is, as the session and the Users page both show them. */
const userFields = {
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: backOfficeRoleSchema,
};

export const sessionUserSchema = z
  .object({
    ...userFields,
    storeIds: z.array(z.string()).nullable().describe('The stores this user may see; null: every store'),
    permissions: z.array(permissionSchema).describe('What this user may do (the roles table)'),
  })
  .meta({ id: 'SessionUser', description: 'The signed-in user and what they may do' });
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionSchema = z
  .object({
    user: sessionUserSchema,
    csrfToken: z
      .string()
      .describe('Send it as the x-csrf-token header with every request that changes something'),
  })
  .meta({ id: 'Session', description: 'A signed-in session (its cookie, counter_session, is httpOnly)' });
export type SessionView = z.infer<typeof sessionSchema>;

export const userViewSchema = z
  .object({
    ...userFields,
    storeIds: z.array(z.string()).describe('A store manager’s stores'),
    active: z.boolean(),
    passwordSet: z.boolean().describe('false: invited, the set-password link not used yet'),
    lockedUntil: time.nullable().describe('Locked after repeated wrong passwords, until then'),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'User', description: 'A person who signs in to the back office' });
export type UserView = z.infer<typeof userViewSchema>;

export const passwordLinkSchema = z
  .object({
    url: z.string().describe('Give it to the person; it works once'),
    expiresAt: time,
  })
  .meta({ id: 'PasswordLink', description: 'A one-time link to choose a password' });
export type PasswordLink = z.infer<typeof passwordLinkSchema>;

export const userCreatedSchema = z.object({ user: userViewSchema, link: passwordLinkSchema });

export const tokenViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(permissionSchema),
    storeIds: z.array(z.string()).nullable().describe('null: every store'),
    legacy: z
      .boolean()
      .describe('The admin token of earlier versions (HEADOFFICE_ADMIN_TOKEN): owner rights'),
    createdBy: z.string().describe('Who made it (user:<id>, or system)'),
    createdAt: time,
    lastUsedAt: time.nullable().describe('To within a few minutes'),
    revokedAt: time.nullable(),
  })
  .meta({ id: 'ApiToken', description: 'A token for scripts: `Authorization: Bearer <secret>`' });
export type TokenView = z.infer<typeof tokenViewSchema>;

export const tokenCreatedSchema = z.object({
  token: tokenViewSchema,
  secret: z.string().describe('The bearer token; shown this once, head office keeps only its hash'),
});

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: time,
    actor: z.string().describe('user:<id>, token:<id>, register:<id> or system'),
    actorName: z.string().describe('Who that was, as named at the time'),
    action: z.string().describe('The request, such as "PATCH /api/stores/:storeId"'),
    target: z.string().nullable().describe('What it changed, such as storeId=MAIN'),
    details: z
      .record(z.string(), z.unknown())
      .describe('What was sent (passwords and secrets hidden) and the answer’s status'),
  })
  .meta({ id: 'AuditEntry', description: 'One change made through the API: who, when, what' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;
