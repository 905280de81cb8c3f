/**
 * The first owner, made from head office's terminal and never with a default password: while nobody can sign
 * in, every start prints a one-time link (`/setup?token=…`, valid 24 hours) where the owner chooses email, name
 * and password; or `npm run headoffice -- create-owner --email E --name N` makes the owner and prints a one-time
 * set-password link. create-owner also works later, for a business that lost its last owner's password.
 */
import type { z } from 'zod';
import { userCreateSchema, type setupSchema } from '../../shared/backoffice/people-api.ts';
import { CounterError } from '../../shared/errors.ts';
import type { HeadOffice } from '../context.ts';
import type { User } from '../db/schema.ts';
import { invalidInput } from '../validation.ts';
import { checkLink, createLink, LINK_TTL_MS, takeLink, type NewLink } from './links.ts';
import { hashPassword } from './secrets.ts';
import { createUser, insertUser } from './users.ts';

/** A new setup link when no user exists yet; null once someone does. */
export async function setupLinkWhileNobody(ho: HeadOffice): Promise<NewLink | null> {
  const anyone = await ho.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return anyone ? null : createLink(ho, ho.db, 'setup', null, LINK_TTL_MS);
}

/** The setup page: makes the first owner with the password chosen there. */
export async function setUpFirstOwner(
  ho: HeadOffice,
  input: z.infer<typeof setupSchema>,
  cost: number,
): Promise<User> {
  await checkLink(ho, input.token, 'setup');
  const hash = await hashPassword(input.password, cost);
  return ho.db.transaction().execute(async (tx) => {
    await takeLink(ho, tx, input.token, 'setup');
    const anyone = await tx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyone) {
      throw new CounterError(
        'CONFLICT',
        'Head office already has its first owner: sign in, or ask an owner for an invitation.',
      );
    }
    const owner = { email: input.email, name: input.name, role: 'owner' as const, storeIds: [] };
    return insertUser(ho, tx, owner, hash);
  });
}

/** `create-owner`: an owner who chooses their password through the link returned. */
export async function createOwner(
  ho: HeadOffice,
  typed: { email: string; name: string },
): Promise<{ user: User; link: NewLink }> {
  const owner = userCreateSchema.safeParse({ ...typed, role: 'owner' });
  if (!owner.success) throw invalidInput(owner.error, 'owner');
  return createUser(ho, owner.data, LINK_TTL_MS);
}
