/**
 * Users of the back office (owners only, by the roles table): list, invite with a one-time set-password link
 * (never a default password), change role, stores or whether they may sign in, and a password-reset link.
 * A link is returned for the owner to pass on; it starts with the address the owner reached head office at.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  passwordLinkSchema,
  userCreatedSchema,
  userCreateSchema,
  userParamsSchema,
  userUpdateSchema,
  userViewSchema,
} from '../../shared/backoffice/people-api.ts';
import { createLink, INVITATION_TTL_MS, LINK_TTL_MS, linkView } from '../people/links.ts';
import { findUser } from '../find.ts';
import { createUser, listUsers, updateUser, userView } from '../people/users.ts';
import { needs } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, okRoute } from './routes.ts';

const tags = ['People'];

/** How the person who asked reaches head office: the start of the links they pass on. */
const baseUrl = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

export function userRoutes(api: Api, { ho }: ApiDeps): void {
  const owners = needs('users.manage', 'none');

  okRoute(api, 'GET', '/api/users', {
    config: owners,
    summary: 'List the users of the back office, by email',
    tags,
    ok: z.array(userViewSchema).describe('Every user, by email'),
    answer: async () => listUsers(ho),
  });

  createdRoute(api, '/api/users', {
    config: owners,
    summary: 'Invite a user: the answer has a one-time link (a week) where they choose their password',
    tags,
    body: userCreateSchema,
    created: userCreatedSchema.describe('The user, and the link to give them'),
    create: async (request) => {
      const { user, link } = await createUser(ho, request.body, INVITATION_TTL_MS);
      request.auditTarget = `userId=${user.id}`;
      return { user: userView(user), link: linkView(baseUrl(request), 'password', link) };
    },
  });

  okRoute(api, 'PATCH', '/api/users/:userId', {
    config: owners,
    summary: "Change a user's name, role, stores, or whether they may sign in",
    description:
      'A role change holds from their next request; `active: false` ends their sessions at once. The last ' +
      'active owner cannot be demoted or switched off (409).',
    tags,
    params: userParamsSchema,
    body: userUpdateSchema,
    ok: userViewSchema.describe('The user after the change'),
    answer: async (request) => userView(await updateUser(ho, request.params.userId, request.body)),
  });

  createdRoute(api, '/api/users/:userId/password-links', {
    config: owners,
    summary: 'A one-time link (24 hours) where the user chooses a new password',
    description: 'Their earlier unused links stop working; their password stays until the link is used.',
    tags,
    params: userParamsSchema,
    created: passwordLinkSchema.describe('The link to give them'),
    create: async (request) => {
      const user = await findUser(ho.db, request.params.userId);
      const link = await createLink(ho, ho.db, 'password', user.id, LINK_TTL_MS);
      return linkView(baseUrl(request), 'password', link);
    },
  });
}
