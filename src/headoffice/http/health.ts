/** GET /healthz: no token, for load balancers and scripts. */
import { healthSchema } from '../../shared/sync/admin-api.ts';
import { open } from './access.ts';
import { okRoute } from './routes.ts';
import type { Api } from './types.ts';

export function healthRoutes(api: Api): void {
  okRoute(api, 'GET', '/healthz', {
    config: open,
    summary: 'Liveness check',
    tags: ['Health'],
    ok: healthSchema,
    answer: () => ({ ok: true as const }),
  });
}
