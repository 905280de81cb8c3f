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
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute } from './routes.ts';

const tags = ['People'];

export function tokenRoutes(api: Api, { ho }: ApiDeps): void {
  const owners = needs('tokens.manage', 'none');

  api.get(
    '/api/tokens',
    {
      config: owners,
      schema: {
        summary: 'List API tokens, revoked ones too, the legacy admin token among them',
        tags,
        response: { 200: z.array(tokenViewSchema).describe('Every token, oldest first'), ...errorResponses },
      },
    },
    async () => listTokens(ho),
  );

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

  api.post(
    '/api/tokens/:tokenId/revoke',
    {
      config: owners,
      schema: {
        summary: 'Revoke an API token (or the legacy admin token): its next request is refused',
        tags,
        params: tokenParamsSchema,
        response: { 200: tokenViewSchema.describe('The token, revoked'), ...errorResponses },
      },
    },
    async (request) => revokeToken(ho, request.params.tokenId),
  );
}
