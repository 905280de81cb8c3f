/** GET /healthz: no token, for load balancers and scripts. */
import { healthSchema } from '../../shared/sync/admin-api.ts';
import { open } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api } from './types.ts';

export function healthRoutes(api: Api): void {
  api.get(
    '/healthz',
    {
      config: open,
      schema: {
        summary: 'Liveness check',
        tags: ['Health'],
        response: { 200: healthSchema, ...errorResponses },
      },
    },
    () => ({ ok: true as const }),
  );
}
