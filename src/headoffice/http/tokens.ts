/**
 * API tokens for scripts (owners only, by the roles table): create with chosen permissions and an optional store
 * limit (the secret is in that answer only), list, revoke. The legacy admin token is in the list and is revoked
 * the same way.
 */
import { z } from 'zod';
import {
  tokenCreatedSchema,
  tokenCreateSchema,
  tokenParamsSchema,
  tokenViewSchema,
} from '../../shared/backoffice/people-api.ts';
import { createToken, listTokens, revokeToken } from '../people/tokens.ts';
import { needs } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, okRoute } from './routes.ts';

const tags = ['People'];

export function tokenRoutes(api: Api, { ho }: ApiDeps): void {
  const owners = needs('tokens.manage', 'none');

  okRoute(api, 'GET', '/api/tokens', {
    config: owners,
    summary: 'List API tokens, revoked ones too, the legacy admin token among them',
    tags,
    ok: z.array(tokenViewSchema).describe('Every token, oldest first'),
    answer: async () => listTokens(ho),
  });

  createdRoute(api, '/api/tokens', {
    config: owners,
    summary: 'Create an API token; its secret is shown in this answer only',
    description:
      'A store limit narrows what the token sees and changes of the stores’ data (stock, registers, ' +
      'sales); the catalog belongs to no store, so catalog permissions hold whatever the limit.',
    tags,
    body: tokenCreateSchema,
    created: tokenCreatedSchema.describe('The token and its secret'),
    create: async (request) => {
      const created = await createToken(ho, request.body, request.actor!);
      request.auditTarget = `tokenId=${created.token.id}`;
      return created;
    },
  });

  okRoute(api, 'POST', '/api/tokens/:tokenId/revoke', {
    config: owners,
    summary: 'Revoke an API token (or the legacy admin token): its next request is refused',
    tags,
    params: tokenParamsSchema,
    ok: tokenViewSchema.describe('The token, revoked'),
    answer: async (request) => revokeToken(ho, request.params.tokenId),
  });
}
