/**
 * The OpenAPI document, generated from the routes' zod schemas and served at GET /api/openapi.json (no token:
 * it describes the API, it holds no data). `npm run openapi` writes the same document to docs/openapi.json.
 */
import swagger from '@fastify/swagger';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { open, type RouteAccess } from './access.ts';
import { CSRF_HEADER } from './auth.ts';
import type { Api } from './types.ts';

/** Registers the document's plugin: do it before the routes, it collects them as they are added. */
export async function registerOpenApi(api: Api): Promise<void> {
  await api.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Counter head office admin API',
        version: '1.0.0',
        description:
          'Stores, enrolment, catalog, stock, sales, exceptions, users, API tokens and the audit of a Counter ' +
          'head office. JSON in and out (a body must be `Content-Type: application/json`, at most 10 MB). ' +
          'Each operation says who may call it: an empty `security` is open; otherwise an API token or a ' +
          'signed-in session, holding the permission named in the requirement (the roles table is in ' +
          'docs/headoffice-api.md). `x-store-scope` says how a caller limited to some stores is held to them: ' +
          '`path` (the store in the path), `list` (the list shows their stores only), `lookup` (the store of ' +
          'what the path names), `none` (the data belongs to no store). Money is integer minor units; ' +
          'quantities are integer pieces, or grams for goods sold by weight. Registers talk to the same server ' +
          'over socket.io (see docs/headoffice-api.md and src/shared/sync/protocol.ts).',
      },
      components: {
        securitySchemes: {
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API token an owner made (POST /api/tokens), or the legacy admin token ' +
              '(HEADOFFICE_ADMIN_TOKEN, or the one generated into the data directory) until an owner revokes it.',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'counter_session',
            description: `Set by POST /api/session. A change also needs the session's csrfToken in the ${CSRF_HEADER} header.`,
          },
        },
      },
    },
    transform: (input) => {
      const transformed = jsonSchemaTransform(input);
      return { ...transformed, schema: { ...transformed.schema, ...whoMayCall(input.route.config?.access) } };
    },
    transformObject: (input) => {
      const document = jsonSchemaTransformObject(input);
      return 'components' in document ? withUsedSchemasOnly(document) : document;
    },
  } satisfies FastifyDynamicSwaggerOptions);
  api.get('/api/openapi.json', { config: open, schema: { hide: true } }, () => api.swagger());
}

/** An operation's `security` and `x-store-scope`, from the access its route declares. */
function whoMayCall(access: RouteAccess | undefined): Record<string, unknown> {
  if (access === undefined || access === 'public') return { security: [] };
  if (access === 'session') return { security: [{ session: [] }] };
  const { permission, store } = access;
  return {
    security: [{ apiToken: [permission] }, { session: [permission] }],
    'x-store-scope': typeof store === 'function' ? 'lookup' : store,
  };
}

/**
 * Every named schema comes out twice, as request and as answer ("StoreInput" and "Store"); only the ones a
 * route refers to stay.
 */
function withUsedSchemasOnly<
  D extends { paths?: object; components?: { schemas?: Record<string, unknown> } },
>(document: D): D {
  const schemas = document.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key !== '$ref' || typeof child !== 'string') visit(child);
        else {
          const name = child.slice(child.lastIndexOf('/') + 1);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        }
      }
    }
  };
  visit(document.paths);
  return {
    ...document,
    components: {
      ...document.components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
    },
  };
}
