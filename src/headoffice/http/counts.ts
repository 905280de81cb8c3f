/** Stock counts: open one for a store, list them, review a count's variance by SKU and by value, approve it. */
import {
  countApproveSchema,
  countDetailSchema,
  countOpeningSchema,
  countParamsSchema,
  countsQuerySchema,
  countViewSchema,
} from '../../shared/sync/counts-api.ts';
import { approveCount, listCounts, openCount, readCount } from '../counts.ts';
import { needs, storeOfRow, visibleStores } from './access.ts';
import { storeListRoute } from './store-list.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, okRoute } from './routes.ts';

const tags = ['Counts'];

/** A count is about the store it counts. */
const countStore = storeOfRow('counts', 'countId');

export function countRoutes(api: Api, { ho }: ApiDeps): void {
  storeListRoute(api, '/api/counts', {
    permission: 'stock.read',
    summary: 'Stock counts, newest first',
    tags,
    querystring: countsQuerySchema,
    item: countViewSchema,
    list: (query) => listCounts(ho, query),
  });

  createdRoute(api, '/api/counts', {
    config: needs('counts.open', 'list'),
    summary: 'Open a count for a store: its registers get it and count into it together',
    description:
      'The count goes down to the registers of the store, where a manager or counter joins it; every ' +
      "register's lines merge under the count's id. Approve it here or at a register once they are in.",
    tags,
    body: countOpeningSchema,
    created: countViewSchema,
    create: async (request) => {
      // The store is in the body: one the caller may not change is refused.
      visibleStores(request, request.body.storeId);
      request.auditTarget = `storeId=${request.body.storeId}`;
      return openCount(ho, request.body, request.actor!);
    },
  });

  okRoute(api, 'GET', '/api/counts/:countId', {
    config: needs('stock.read', countStore),
    summary: "A count's variance by SKU and by value",
    description:
      'Each SKU counted is every line of it added up, as of its last line; its variance is against what was ' +
      'expected on hand at that moment, so sales made during the count do not show as a variance. An open ' +
      "count shows the scope's uncounted SKUs too (counted null), as approving it now would see them.",
    tags,
    params: countParamsSchema,
    ok: countDetailSchema,
    answer: async (request) => readCount(ho, request.params.countId),
  });

  okRoute(api, 'POST', '/api/counts/:countId/approve', {
    config: needs('counts.write', countStore),
    summary: 'Approve a count: on hand becomes what was counted, as of when it was counted',
    description:
      'Movements after a SKU was counted still apply on top, however late they arrive. `uncounted` says what ' +
      "the scope's SKUs nobody counted become. A SKU already counted later by another count is left as it is " +
      '(outcome `superseded`, and a `late_count` exception).',
    tags,
    params: countParamsSchema,
    body: countApproveSchema,
    ok: countDetailSchema,
    answer: async (request) =>
      approveCount(ho, request.params.countId, request.body.uncounted, request.actor!),
  });
}
