/** What head office recorded for a person to review, and marking it dealt with. */
import {
  exceptionParamsSchema,
  exceptionResolveSchema,
  exceptionsQuerySchema,
  exceptionViewSchema,
} from '../../shared/sync/admin-api.ts';
import { listExceptions, resolveException } from '../reports.ts';
import { needs, storeOfRow } from './access.ts';
import { storeListRoute } from './store-list.ts';
import type { Api, ApiDeps } from './types.ts';
import { noContentRoute } from './routes.ts';

const tags = ['Exceptions'];

/** An exception is about the store it was recorded for. */
const exceptionStore = storeOfRow('exceptions', 'id');

export function exceptionRoutes(api: Api, { ho }: ApiDeps): void {
  storeListRoute(api, '/api/exceptions', {
    permission: 'exceptions.read',
    summary: 'What head office recorded for a person to review, oldest first',
    tags,
    querystring: exceptionsQuerySchema,
    item: exceptionViewSchema,
    list: (query) => listExceptions(ho, query),
  });

  noContentRoute(api, 'POST', '/api/exceptions/:id/resolve', {
    config: needs('exceptions.resolve', exceptionStore),
    summary: 'Mark an exception as dealt with, with a note of what was done; head office records who',
    description: 'An exception already resolved keeps its first resolution.',
    tags,
    params: exceptionParamsSchema,
    body: exceptionResolveSchema,
    done: 'Resolved',
    act: (request) => resolveException(ho, request.params.id, request.actor!, request.body.note),
  });
}
