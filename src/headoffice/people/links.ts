/**
 * One-time links to choose a password: `/setup?token=…` makes the first owner, `/set-password?token=…` sets the
 * password of an invited user, a reset, or an owner made from the terminal. Only the token's hash is stored; a
 * link works once and until it expires. Nobody is ever given a default password.
 */
import { CounterError } from '../../shared/errors.ts';
import type { PasswordLink } from '../../shared/backoffice/people-api.ts';
import { forUpdate, type Executor, type HeadOffice, type Tx } from '../context.ts';
import type { PasswordLinksTable } from '../db/schema.ts';
import { newSecret, secretHash } from './secrets.ts';

const HOUR_MS = 60 * 60_000;
/** An invitation may wait a week for its person; a setup or reset link is for now. */
export const INVITATION_TTL_MS = 7 * 24 * HOUR_MS;
export const LINK_TTL_MS = 24 * HOUR_MS;

type Purpose = PasswordLinksTable['purpose'];

export interface NewLink {
  token: string;
  expiresAt: string;
}

/** A new link; for a user, any earlier link of theirs that was not used stops working. */
export async function createLink(
  ho: HeadOffice,
  db: Executor,
  purpose: Purpose,
  userId: string | null,
  ttlMs: number,
): Promise<NewLink> {
  const now = ho.now();
  if (userId !== null) {
    await db
      .deleteFrom('password_links')
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  }
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db
    .insertInto('password_links')
    .values({
      token_hash: secretHash(token),
      purpose,
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/** Refuses a link that cannot be used now (unknown, used or expired), in the words its holder reads. */
function refuseUnusable<Link extends { used_at: string | null; expires_at: string }>(
  link: Link | undefined,
  purpose: Purpose,
  now: string,
): asserts link is Link {
  const askAgain =
    purpose === 'setup'
      ? 'restart head office for a new setup link, or run npm run headoffice -- create-owner'
      : 'ask an owner for a new one';
  if (!link) throw new CounterError('NOT_FOUND', `That link is not known: ${askAgain}.`);
  if (link.used_at !== null) throw new CounterError('CONFLICT', `That link has been used: ${askAgain}.`);
  if (link.expires_at <= now) throw new CounterError('CONFLICT', `That link has expired: ${askAgain}.`);
}

/**
 * Refuses a link that is not known, used or expired, without taking it: checked before a password is hashed, so
 * a forged link costs head office a lookup, not a password hash.
 */
export async function checkLink(ho: HeadOffice, token: string, purpose: Purpose): Promise<void> {
  const link = await ho.db
    .selectFrom('password_links')
    .select(['used_at', 'expires_at'])
    .where('token_hash', '=', secretHash(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  refuseUnusable(link, purpose, ho.now().toISOString());
}

/** Uses up a link inside the caller's transaction; refuses one that is unknown, used or expired. */
export async function takeLink(
  ho: HeadOffice,
  tx: Tx,
  token: string,
  purpose: Purpose,
): Promise<{ userId: string | null }> {
  const hash = secretHash(token);
  const link = await forUpdate(
    ho,
    tx.selectFrom('password_links').selectAll().where('token_hash', '=', hash).where('purpose', '=', purpose),
  ).executeTakeFirst();
  const now = ho.now().toISOString();
  refuseUnusable(link, purpose, now);
  await tx.updateTable('password_links').set({ used_at: now }).where('token_hash', '=', hash).execute();
  return { userId: link.user_id };
}

/** The link as a person opens it: `base` is how they reach head office, such as http://10.0.0.5:4100. */
export function linkView(base: string, purpose: Purpose, link: NewLink): PasswordLink {
  const page = purpose === 'setup' ? 'setup' : 'set-password';
  return { url: `${base}/${page}?token=${link.token}`, expiresAt: link.expiresAt };
}
