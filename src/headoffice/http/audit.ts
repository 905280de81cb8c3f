/**
 * The audit of every change, and its page. Every request other than a read that succeeds is audited by one
 * hook, so a new route cannot forget it: who (the signed-in user, the API token, the register an open route
 * acted for), when, the route, what it was on (the path's ids, or what the handler set as request.auditTarget)
 * and what was sent, with passwords, secrets, tokens and pairing codes hidden. The row is written before the
 * answer goes out; a failure to write it is logged, and the change (already made) is still answered.
 */
import type { FastifyRequest, onSendAsyncHookHandler } from 'fastify';
import { auditEntrySchema, auditQuerySchema } from '../../shared/backoffice/people-api.ts';
import { pageSchema } from '../../shared/sync/admin-api.ts';
import type { HeadOffice } from '../context.ts';
import { listAudit, recordAudit } from '../people/audit.ts';
import { needs } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { okRoute } from './routes.ts';

/** A body larger than this is audited by its size only (a catalog of thousands of products, say). */
const MAX_AUDITED_BODY = 16 * 1024;

const SECRET_FIELD = /password|secret|token|pairingcode/i;

export function auditChanges(ho: HeadOffice, log: (line: string) => void): onSendAsyncHookHandler {
  return async (request, reply, payload) => {
    if (request.method === 'GET' || request.is404 || reply.statusCode >= 300) return payload;
    const action = `${request.method} ${request.routeOptions.url ?? request.url}`;
    try {
      await recordAudit(ho, {
        actor: request.actor ?? { id: 'anonymous', name: 'nobody signed in' },
        action,
        target: request.auditTarget ?? pathTarget(request),
        details: details(request, reply.statusCode),
      });
    } catch (error) {
      log(`audit: could not record ${action} by ${request.actor?.id ?? 'anonymous'}: ${String(error)}`);
    }
    return payload;
  };
}

/** The path's ids as "storeId=MAIN", or null when it has none. */
function pathTarget(request: FastifyRequest): string | null {
  const params = Object.entries(request.params as Record<string, unknown>);
  return params.length > 0 ? params.map(([name, value]) => `${name}=${String(value)}`).join('&') : null;
}

function details(request: FastifyRequest, status: number): Record<string, unknown> {
  const body = request.body == null ? undefined : hideSecrets(request.body);
  const size = body === undefined ? 0 : JSON.stringify(body).length;
  const query = request.query as Record<string, unknown>;
  return {
    status,
    ...(Object.keys(query).length > 0 && { query: hideSecrets(query) }),
    ...(size > MAX_AUDITED_BODY ? { bodyBytes: size } : body !== undefined && { body }),
  };
}

function hideSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      SECRET_FIELD.test(key) ? '(hidden)' : hideSecrets(child),
    ]),
  );
}

export function auditRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/audit', {
    config: needs('audit.read', 'none'),
    summary: 'Every change made through the API, newest first: who, when, what',
    tags: ['People'],
    querystring: auditQuerySchema,
    ok: pageSchema(auditEntrySchema),
    answer: async (request) => listAudit(ho, request.query),
  });
}
