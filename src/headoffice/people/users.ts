/**
 * The people who sign in to the back office: email, name, role and (for a store manager) their stores. An owner
 * invites a user, who chooses a password through a one-time link; switching a user off ends their sessions. There
 * is always at least one active owner, so the business can never lock itself out.
 */
import { randomUUID } from 'node:crypto';
import type { UserCreate, UserUpdate, UserView } from '../../shared/backoffice/people-api.ts';
import { rolePermissions, storeScopedRoles, type BackOfficeRole } from '../../shared/backoffice/roles.ts';
import { CounterError } from '../../shared/errors.ts';
import { forUpdate, nowIso, type Executor, type HeadOffice, type Tx } from '../context.ts';
import type { User } from '../db/schema.ts';
import { findUser } from '../find.ts';
import { createLink, type NewLink } from './links.ts';
import type { Actor, Principal } from './principal.ts';

const isStoreScoped = (role: BackOfficeRole): boolean => storeScopedRoles.includes(role);

export const userStoreIds = (row: User): string[] => JSON.parse(row.store_ids) as string[];

export function userView(row: User): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    storeIds: userStoreIds(row),
    active: row.active === 1,
    passwordSet: row.password_hash !== null,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const userActor = (row: User): Actor => ({ id: `user:${row.id}`, name: `${row.name} <${row.email}>` });

export function userPrincipal(row: User, session: Principal['session']): Principal {
  return {
    actor: userActor(row),
    holder: `your role "${row.role}"`,
    permissions: new Set(rolePermissions[row.role]),
    storeIds: isStoreScoped(row.role) ? userStoreIds(row) : null,
    user: row,
    session,
  };
}

export async function listUsers(ho: HeadOffice): Promise<UserView[]> {
  const rows = await ho.db.selectFrom('users').selectAll().orderBy('email').execute();
  return rows.map(userView);
}

/** A new user and the one-time link with which they choose their password (valid `ttlMs`). */
export async function createUser(
  ho: HeadOffice,
  input: UserCreate,
  ttlMs: number,
): Promise<{ user: User; link: NewLink }> {
  return ho.db.transaction().execute(async (tx) => {
    const user = await insertUser(ho, tx, input, null);
    return { user, link: await createLink(ho, tx, 'password', user.id, ttlMs) };
  });
}

/** Inserts a user (with a password hash, or none until they use their link). */
export async function insertUser(
  ho: HeadOffice,
  tx: Tx,
  input: UserCreate,
  passwordHash: string | null,
): Promise<User> {
  const taken = await tx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
  if (taken) {
    throw new CounterError(
      'CONFLICT',
      `There is already a user with the email ${input.email}: change that user instead.`,
    );
  }
  await requireStores(tx, input.storeIds);
  const now = nowIso(ho);
  const row: User = {
    id: randomUUID(),
    email: input.email,
    name: input.name,
    role: input.role,
    store_ids: JSON.stringify(input.storeIds),
    password_hash: passwordHash,
    active: 1,
    failed_logins: 0,
    locked_until: null,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('users').values(row).execute();
  return row;
}

/**
 * Changes a user's name, role, stores or whether they may sign in. A role change holds from their next request;
 * switching a user off ends their sessions at once. Changing the role away from store manager drops the stores.
 */
export async function updateUser(ho: HeadOffice, userId: string, update: UserUpdate): Promise<User> {
  return ho.db.transaction().execute(async (tx) => {
    const before = await findUser(tx, userId);
    const role = update.role ?? before.role;
    const storeIds = update.storeIds ?? (isStoreScoped(role) ? userStoreIds(before) : []);
    if (isStoreScoped(role) !== storeIds.length > 0) {
      const problem = 'A store manager needs at least one store; other roles take none';
      throw new CounterError('INVALID_INPUT', `${problem}: send storeIds to match the role.`, [
        `storeIds: ${problem}`,
      ]);
    }
    await requireStores(tx, storeIds);
    const active = update.active ?? before.active === 1;
    if (before.role === 'owner' && before.active === 1 && (role !== 'owner' || !active)) {
      await keepAnotherOwner(ho, tx, before);
    }
    const row: User = {
      ...before,
      name: update.name ?? before.name,
      role,
      store_ids: JSON.stringify(storeIds),
      active: active ? 1 : 0,
      updated_at: nowIso(ho),
    };
    await tx.updateTable('users').set(row).where('id', '=', userId).execute();
    if (!active) await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    return row;
  });
}

/** Refuses to demote or switch off `owner` when no other active owner would be left. */
async function keepAnotherOwner(ho: HeadOffice, tx: Tx, owner: User): Promise<void> {
  // Locking every owner's row: two owners demoting each other at once cannot both succeed.
  const owners = await forUpdate(
    ho,
    tx.selectFrom('users').select('id').where('role', '=', 'owner').where('active', '=', 1),
  ).execute();
  if (owners.every(({ id }) => id === owner.id)) {
    throw new CounterError(
      'CONFLICT',
      `${owner.name} is the only owner who can sign in: make someone else an owner first.`,
    );
  }
}

/** Refuses store ids that name no store. */
export async function requireStores(db: Executor, storeIds: readonly string[]): Promise<void> {
  if (storeIds.length === 0) return;
  const found = await db.selectFrom('stores').select('id').where('id', 'in', storeIds).execute();
  const known = new Set(found.map(({ id }) => id));
  const missing = storeIds.filter((id) => !known.has(id));
  if (missing.length > 0) {
    const problem = `there is no store ${missing.map((id) => `"${id}"`).join(', ')}`;
    throw new CounterError('INVALID_INPUT', `storeIds: ${problem}: check the ids in GET /api/stores.`, [
      `storeIds: ${problem}`,
    ]);
  }
}
