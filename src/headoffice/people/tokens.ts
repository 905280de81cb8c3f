/**
 * API tokens for scripts: each holds a chosen list of permissions of the roles table, optionally only for some
 * stores, and is shown once (head office keeps its hash). The admin token of earlier versions is the row
 * 'legacy-admin': its secret is the configured HEADOFFICE_ADMIN_TOKEN, it has an owner's rights, and it works
 * until an owner revokes it like any other token.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { TokenCreate, TokenView } from '../../shared/backoffice/people-api.ts';
import { permissions, rolePermissions, type Permission } from '../../shared/backoffice/roles.ts';
import { CounterError } from '../../shared/errors.ts';
import { nowIso, type HeadOffice } from '../context.ts';
import type { ApiToken } from '../db/schema.ts';
import type { Actor, Principal } from './principal.ts';
import { newSecret, secretHash } from './secrets.ts';
import { requireStores } from './users.ts';

export const LEGACY_TOKEN_ID = 'legacy-admin';

/** When a token was last used is kept to within this, not written with every request. */
const LAST_USED_PRECISION_MS = 5 * 60_000;

const tokenScopes = (row: ApiToken): readonly Permission[] =>
  row.id === LEGACY_TOKEN_ID ? rolePermissions.owner : (JSON.parse(row.scopes) as Permission[]);

const tokenStoreIds = (row: ApiToken): string[] | null =>
  row.store_ids === null ? null : (JSON.parse(row.store_ids) as string[]);

export function tokenView(row: ApiToken): TokenView {
  return {
    id: row.id,
    name: row.name,
    scopes: [...tokenScopes(row)],
    storeIds: tokenStoreIds(row),
    legacy: row.id === LEGACY_TOKEN_ID,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function tokenPrincipal(row: ApiToken): Principal {
  return {
    actor: { id: `token:${row.id}`, name: `API token "${row.name}"` },
    holder: `the API token "${row.name}"`,
    permissions: new Set(tokenScopes(row)),
    storeIds: tokenStoreIds(row),
    user: null,
    session: null,
  };
}

/**
 * The token a bearer secret belongs to, revoked or not (the caller refuses a revoked one, and says so).
 * `legacySecret` is the configured admin token: compared by hashes of equal length, so the comparison takes as
 * long whatever was sent.
 */
export async function tokenForSecret(
  ho: HeadOffice,
  secret: string,
  legacySecret: string,
): Promise<ApiToken | null> {
  const hash = secretHash(secret);
  const legacy = timingSafeEqual(Buffer.from(hash), Buffer.from(secretHash(legacySecret)));
  const tokens = ho.db.selectFrom('api_tokens').selectAll();
  const row = await (
    legacy ? tokens.where('id', '=', LEGACY_TOKEN_ID) : tokens.where('token_hash', '=', hash)
  ).executeTakeFirst();
  if (!row || row.revoked_at !== null) return row ?? null;
  const now = ho.now();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_PRECISION_MS) {
    await ho.db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  return row;
}

export async function listTokens(ho: HeadOffice): Promise<TokenView[]> {
  const rows = await ho.db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(tokenView);
}

/** A new token and its secret, which is shown this once. */
export async function createToken(
  ho: HeadOffice,
  input: TokenCreate,
  createdBy: Actor,
): Promise<{ token: TokenView; secret: string }> {
  if (input.storeIds !== null) await requireStores(ho.db, input.storeIds);
  const secret = newSecret();
  const row: ApiToken = {
    id: randomUUID(),
    name: input.name,
    token_hash: secretHash(secret),
    // In the roles table's order, whatever order they were sent in.
    scopes: JSON.stringify(permissions.filter((permission) => input.scopes.includes(permission))),
    store_ids: input.storeIds === null ? null : JSON.stringify(input.storeIds),
    created_by: createdBy.id,
    created_at: nowIso(ho),
    last_used_at: null,
    revoked_at: null,
  };
  await ho.db.insertInto('api_tokens').values(row).execute();
  return { token: tokenView(row), secret };
}

/** Revokes a token at once: its next request is refused. Revoking one already revoked changes nothing. */
export async function revokeToken(ho: HeadOffice, tokenId: string): Promise<TokenView> {
  await ho.db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso(ho) })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .execute();
  const row = await ho.db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
  if (!row) {
    throw new CounterError(
      'NOT_FOUND',
      `There is no API token "${tokenId}": check the id in GET /api/tokens.`,
    );
  }
  return tokenView(row);
}
