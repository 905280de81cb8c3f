/**
 * Signing in to the back office. Email and password give a session, kept in the database under the hash of the
 * cookie's token (any head-office node serves any request), with its own CSRF token. Five wrong passwords in a
 * row lock the account for 15 minutes. A session ends at sign-out, after 8 hours without a request, 7 days after
 * sign-in, when its user is switched off, and when the password changes (every other session of that user).
 */
import { CounterError } from '../../shared/errors.ts';
import { nowIso, type Executor, type HeadOffice } from '../context.ts';
import type { User } from '../db/schema.ts';
import { findUser } from '../find.ts';
import { checkLink, takeLink } from './links.ts';
import type { Principal } from './principal.ts';
import { hashPassword, newSecret, secretHash, verifyPassword } from './secrets.ts';
import { plural } from '../../shared/words.ts';

export const SESSION_COOKIE = 'counter_session';
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 8 * 60 * 60_000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60_000;
/** A session's last-seen time moves at most this often, not with every request. */
const TOUCH_INTERVAL_MS = 60_000;

type Session = NonNullable<Principal['session']>;

export interface SignedIn {
  /** For the cookie; the database keeps only its hash. */
  token: string;
  user: User;
  session: Session;
}

const wrongCredentials = () =>
  new CounterError('FORBIDDEN', 'The email or password is not right: check both and try again.');

export async function signIn(
  ho: HeadOffice,
  email: string,
  password: string,
  cost: number,
): Promise<SignedIn> {
  const user = await ho.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  refuseWhileLocked(ho, user);
  const right = await verifyPassword(password, user?.password_hash ?? null, cost);
  if (!user) throw wrongCredentials();
  if (!right) {
    await countWrongPassword(ho, user);
    throw wrongCredentials();
  }
  if (user.active !== 1) {
    throw new CounterError(
      'PERMISSION_DENIED',
      'This account is switched off: ask an owner to switch it on again.',
    );
  }
  const now = nowIso(ho);
  return ho.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    // Sessions nobody signed out of go here, not on a timer.
    await tx.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    const token = newSecret();
    const session = { id: secretHash(token), csrfToken: newSecret() };
    await tx
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: user.id,
        csrf_token: session.csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: expiry(ho.now(), now),
      })
      .execute();
    return { token, user, session };
  });
}

function refuseWhileLocked(ho: HeadOffice, user: User | undefined): void {
  const now = ho.now();
  if (!user?.locked_until || user.locked_until <= now.toISOString()) return;
  const minutes = Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 60_000);
  throw new CounterError(
    'LOCKED_OUT',
    `Too many wrong passwords: this account is locked until ${user.locked_until.slice(11, 16)} UTC ` +
      `(${plural(minutes, 'minute')}). Try again then, or ask an owner for a password-reset link.`,
  );
}

/** One more wrong password; the fifth in a row locks the account (and says until when). */
async function countWrongPassword(ho: HeadOffice, user: User): Promise<void> {
  const counted = await ho.db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', user.id)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  if (counted.failed_logins < MAX_FAILED_LOGINS) return;
  const lockedUntil = new Date(ho.now().getTime() + LOCKOUT_MS).toISOString();
  await ho.db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: lockedUntil })
    .where('id', '=', user.id)
    .execute();
  refuseWhileLocked(ho, { ...user, locked_until: lockedUntil });
}

/** When a session used at `now` ends: after the idle time, and never later than the longest a session lasts. */
function expiry(now: Date, createdAt: string): string {
  return new Date(
    Math.min(now.getTime() + SESSION_IDLE_MS, Date.parse(createdAt) + SESSION_MAX_MS),
  ).toISOString();
}

/** The session a cookie's token belongs to, with its user, while it lasts and its user may sign in. */
export async function sessionFor(
  ho: HeadOffice,
  token: string,
): Promise<{ user: User; session: Session } | null> {
  const row = await ho.db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', secretHash(token))
    .executeTakeFirst();
  if (!row) return null;
  const now = ho.now();
  if (row.expires_at <= now.toISOString()) {
    await endSession(ho, row.id);
    return null;
  }
  const user = await ho.db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
  if (user?.active !== 1) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
    await ho.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString(), expires_at: expiry(now, row.created_at) })
      .where('id', '=', row.id)
      .execute();
  }
  return { user, session: { id: row.id, csrfToken: row.csrf_token } };
}

export async function endSession(ho: HeadOffice, sessionId: string): Promise<void> {
  await ho.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** A signed-in user changes their own password; their other sessions end. */
export async function changePassword(
  ho: HeadOffice,
  user: User,
  sessionId: string,
  passwords: { currentPassword: string; newPassword: string },
  cost: number,
): Promise<void> {
  refuseWhileLocked(ho, await findUser(ho.db, user.id));
  if (!(await verifyPassword(passwords.currentPassword, user.password_hash, cost))) {
    // Counted like a wrong password at sign-in: a session left open is no way to guess the password.
    await countWrongPassword(ho, user);
    throw new CounterError('INVALID_INPUT', 'That is not your current password: type it again.', [
      'currentPassword: That is not your current password.',
    ]);
  }
  const hash = await hashPassword(passwords.newPassword, cost);
  await ho.db.transaction().execute(async (tx) => {
    await setPassword(ho, tx, user.id, hash);
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', sessionId).execute();
  });
}

/**
 * Sets a password through a one-time link (an invitation, a reset, an owner made from the terminal). Any lock
 * is lifted, and sessions signed in with the old password end.
 */
export async function setPasswordWithLink(
  ho: HeadOffice,
  token: string,
  password: string,
  cost: number,
): Promise<User> {
  await checkLink(ho, token, 'password');
  const hash = await hashPassword(password, cost);
  return ho.db.transaction().execute(async (tx) => {
    const { userId } = await takeLink(ho, tx, token, 'password');
    const user = await findUser(tx, userId!);
    await setPassword(ho, tx, user.id, hash);
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return user;
  });
}

async function setPassword(ho: HeadOffice, db: Executor, userId: string, hash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: nowIso(ho) })
    .where('id', '=', userId)
    .execute();
}
