/** What head office recorded for a person to review, and marking it dealt with. */
import { z } from 'zod';
import {
  exceptionParamsSchema,
  exceptionsQuerySchema,
  exceptionViewSchema,
  pageSchema,
} from '../../shared/sync/admin-api.ts';
import { listExceptions, resolveException } from '../reports.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';

const tags = ['Exceptions'];

export function exceptionRoutes(api: Api, { ho }: ApiDeps): void {
  api.get(
    '/api/exceptions',
    {
      schema: {
        summary: 'What head office recorded for a person to review, oldest first',
        tags,
        querystring: exceptionsQuerySchema,
        response: { 200: pageSchema(exceptionViewSchema), ...errorResponses },
      },
    },
    async (request) => listExceptions(ho, request.query),
  );

  api.post(
    '/api/exceptions/:id/resolve',
    {
      schema: {
        summary: 'Mark an exception as dealt with',
        tags,
        params: exceptionParamsSchema,
        response: { 204: z.undefined().describe('Resolved'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await resolveException(ho, request.params.id);
      return reply.code(204).send();
    },
  );
}
