/**
 * Who is asking, before the body is read: a request without a working credential gets 401 and nothing else.
 * - `Authorization: Bearer <secret>`: an API token, or the legacy admin token (HEADOFFICE_ADMIN_TOKEN) until an
 *   owner revokes it. A script needs nothing else.
 * - The `counter_session` cookie of a person signed in to the back office. A cookie goes with every request the
 *   browser makes, a forged one from another site too, so a change (anything but GET) also needs the session's
 *   CSRF token in the `x-csrf-token` header; another site cannot read it.
 * What the caller may do is checked afterwards, by access.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { onRequestAsyncHookHandler } from 'fastify';
import { CounterError } from '../../shared/errors.ts';
import type { HeadOffice } from '../context.ts';
import type { Principal } from '../people/principal.ts';
import { SESSION_COOKIE, sessionFor } from '../people/sign-in.ts';
import { LEGACY_TOKEN_ID, tokenForSecret, tokenPrincipal } from '../people/tokens.ts';
import { userPrincipal } from '../people/users.ts';

const READS = new Set(['GET', 'HEAD']);

export const CSRF_HEADER = 'x-csrf-token';

export function authenticate(ho: HeadOffice, adminToken: string): onRequestAsyncHookHandler {
  return async (request) => {
    const access = request.routeOptions.config.access;
    if (request.is404 || access === undefined || access === 'public') return;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const cookie = request.cookies[SESSION_COOKIE];
    let principal: Principal;
    if (bearer !== undefined) {
      principal = await bearerPrincipal(ho, bearer, adminToken);
    } else if (cookie !== undefined) {
      const signedIn = await sessionFor(ho, cookie);
      if (!signedIn) throw new CounterError('FORBIDDEN', 'Your session has ended: sign in again.');
      if (!READS.has(request.method)) checkCsrf(request.headers[CSRF_HEADER], signedIn.session.csrfToken);
      principal = userPrincipal(signedIn.user, signedIn.session);
    } else {
      throw new CounterError(
        'FORBIDDEN',
        'Sign in to the back office, or send an API token as "Authorization: Bearer <token>".',
      );
    }
    request.principal = principal;
    request.actor = principal.actor;
  };
}

async function bearerPrincipal(ho: HeadOffice, secret: string, adminToken: string): Promise<Principal> {
  const token = await tokenForSecret(ho, secret, adminToken);
  if (token === null) {
    throw new CounterError(
      'FORBIDDEN',
      'That token is not known: send a working API token as "Authorization: Bearer <token>".',
    );
  }
  if (token.revoked_at !== null) {
    throw new CounterError(
      'FORBIDDEN',
      `${token.id === LEGACY_TOKEN_ID ? 'The admin token (HEADOFFICE_ADMIN_TOKEN)' : `The API token "${token.name}"`} was revoked on ${token.revoked_at.slice(0, 10)}: send a working API token as "Authorization: Bearer <token>" (an owner makes one in the back office).`,
    );
  }
  return tokenPrincipal(token);
}

function checkCsrf(sent: string | string[] | undefined, expected: string): void {
  const ok =
    typeof sent === 'string' &&
    sent.length === expected.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!ok) {
    throw new CounterError(
      'CSRF_MISMATCH',
      `A change needs the session's CSRF token in the ${CSRF_HEADER} header: take csrfToken from GET /api/session and send the request again.`,
    );
  }
}
