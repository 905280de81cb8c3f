/**
 * Signing in and out of the back office, a signed-in person's own password, and the open routes behind the
 * one-time links: the first owner's setup page and set-password (an invitation, a reset, create-owner).
 *
 * The session cookie, counter_session, is httpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Path=/, and Secure when head office is reached over https. After LOGIN_FAILURES_PER_MINUTE failed
 * sign-ins in a minute an address waits out the minute; after 5 wrong passwords in a row an account locks for
 * 15 minutes whatever the address.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  loginSchema,
  passwordChangeSchema,
  passwordSetSchema,
  sessionSchema,
  setupSchema,
  userViewSchema,
  type SessionView,
} from '../../shared/backoffice/people-api.ts';
import { permissions } from '../../shared/backoffice/roles.ts';
import { CounterError } from '../../shared/errors.ts';
import { setUpFirstOwner } from '../people/first-owner.ts';
import type { Principal } from '../people/principal.ts';
import {
  changePassword,
  endSession,
  SESSION_COOKIE,
  setPasswordWithLink,
  signIn,
} from '../people/sign-in.ts';
import { userActor, userPrincipal, userView } from '../people/users.ts';
import { open, signedIn } from './access.ts';
import { errorResponses } from './errors.ts';
import { failureLimit } from './failures.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, noContentRoute, okRoute } from './routes.ts';

export const LOGIN_FAILURES_PER_MINUTE = 10;

const tags = ['People'];
const smallBody = 16 * 1024;

/** The session as the back office gets it: the user, what they may do, and the CSRF token for changes. */
function sessionView(principal: Principal): SessionView {
  const user = principal.user!;
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      storeIds: principal.storeIds === null ? null : [...principal.storeIds],
      permissions: permissions.filter((permission) => principal.permissions.has(permission)),
    },
    csrfToken: principal.session!.csrfToken,
  };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string | null): void {
  const options = {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
  } as const;
  if (token === null) reply.clearCookie(SESSION_COOKIE, options);
  else reply.setCookie(SESSION_COOKIE, token, options);
}

export function sessionRoutes(api: Api, { ho, passwordHashCost }: ApiDeps): void {
  const failures = failureLimit(api, LOGIN_FAILURES_PER_MINUTE, 'Too many failed sign-ins from this address');

  api.post(
    '/api/session',
    {
      config: open,
      bodyLimit: smallBody,
      schema: {
        summary: 'Sign in with email and password: sets the counter_session cookie',
        description:
          'Five wrong passwords in a row lock the account for 15 minutes (429, the message says until when); ' +
          `${LOGIN_FAILURES_PER_MINUTE} failed sign-ins in a minute from one address make the rest of that ` +
          'minute answer 429 (Retry-After). Send csrfToken as the x-csrf-token header with every change.',
        tags,
        body: loginSchema,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await failures.refuseIfTooMany(request, reply);
      let signed;
      try {
        signed = await signIn(ho, request.body.email, request.body.password, passwordHashCost);
      } catch (error) {
        if (error instanceof CounterError && (error.code === 'FORBIDDEN' || error.code === 'LOCKED_OUT'))
          await failures.count(request);
        throw error;
      }
      setSessionCookie(request, reply, signed.token);
      request.actor = userActor(signed.user);
      request.auditTarget = `userId=${signed.user.id}`;
      return sessionView(userPrincipal(signed.user, signed.session));
    },
  );

  okRoute(api, 'GET', '/api/session', {
    config: signedIn,
    summary: 'Who is signed in, and the CSRF token (401 when nobody is)',
    tags,
    ok: sessionSchema,
    answer: (request) => sessionView(request.principal!),
  });

  noContentRoute(api, 'DELETE', '/api/session', {
    config: signedIn,
    summary: 'Sign out: the session ends and its cookie is cleared',
    tags,
    done: 'Signed out',
    act: async (request, reply) => {
      await endSession(ho, request.principal!.session!.id);
      setSessionCookie(request, reply, null);
    },
  });

  noContentRoute(api, 'POST', '/api/users/me/password', {
    config: signedIn,
    bodyLimit: smallBody,
    summary: 'Change your own password; your other sessions end',
    tags,
    body: passwordChangeSchema,
    done: 'Changed',
    act: async (request) => {
      const { user, session } = request.principal!;
      await changePassword(ho, user!, session!.id, request.body, passwordHashCost);
    },
  });

  createdRoute(api, '/api/setup', {
    config: open,
    bodyLimit: smallBody,
    summary: 'Make the first owner, with the one-time link head office printed at its first start',
    description: 'Only while head office has no user; the link works once, for 24 hours.',
    tags,
    body: setupSchema,
    created: userViewSchema.describe('The owner; sign in next'),
    create: async (request) => {
      const owner = await setUpFirstOwner(ho, request.body, passwordHashCost);
      request.actor = userActor(owner);
      request.auditTarget = `userId=${owner.id}`;
      return userView(owner);
    },
  });

  noContentRoute(api, 'POST', '/api/password', {
    config: open,
    bodyLimit: smallBody,
    summary: 'Choose a password with a one-time link (an invitation or a password reset)',
    description: 'The link works once; a locked account is unlocked, and sessions with the old password end.',
    tags,
    body: passwordSetSchema,
    done: 'Set: sign in with it',
    act: async (request) => {
      const user = await setPasswordWithLink(ho, request.body.token, request.body.password, passwordHashCost);
      request.actor = userActor(user);
      request.auditTarget = `userId=${user.id}`;
    },
  });
}
