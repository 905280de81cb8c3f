/** GET /api/today: the back office's first page in one request. */
import { todayQuerySchema, todaySchema } from '../../shared/sync/admin-api.ts';
import { todaySummary } from '../today.ts';
import { needs, visibleStores } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { okRoute } from './routes.ts';

export function todayRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/today', {
    // Everyone who may read stores sees this page; each part of it needs its own permission besides.
    config: needs('stores.read', 'list'),
    summary: "Today at a glance: each store's sales so far, open exceptions and low stock; registers' sync",
    description:
      'Sales and returns count from midnight in each store’s time zone. A part the caller may not read is ' +
      'null: sales need sales.read, exceptions exceptions.read, low stock stock.read, registers ' +
      'registers.read. Registers report no queue length: how far behind one is shows as lastSeenAt and ' +
      'lastEventAt (when its last applied event happened).',
    tags: ['Stores'],
    querystring: todayQuerySchema,
    ok: todaySchema,
    answer: async (request) =>
      todaySummary(ho, visibleStores(request, request.query.storeId), (permission) =>
        request.principal!.permissions.has(permission),
      ),
  });
}
