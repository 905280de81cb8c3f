/**
 * The OpenAPI document, generated from the routes' zod schemas and served at GET /api/openapi.json (no token:
 * it describes the API, it holds no data). `npm run openapi` writes the same document to docs/openapi.json.
 */
import swagger from '@fastify/swagger';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
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
          'Stores, enrolment, catalog, stock, sales and exceptions of a Counter head office. JSON in and out ' +
          '(a body must be `Content-Type: application/json`, at most 10 MB). Every route except POST ' +
          '/api/enroll, GET /healthz and this document needs `Authorization: Bearer <admin token>`. Money is ' +
          'integer minor units; quantities are integer pieces, or grams for goods sold by weight. Registers ' +
          'talk to the same server over socket.io (see docs/headoffice-api.md and src/shared/sync/protocol.ts).',
      },
      components: {
        securitySchemes: {
          adminToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'HEADOFFICE_ADMIN_TOKEN, or the token generated into the data directory on first start.',
          },
        },
      },
      security: [{ adminToken: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => {
      const document = jsonSchemaTransformObject(input);
      return 'components' in document ? withUsedSchemasOnly(document) : document;
    },
  } satisfies FastifyDynamicSwaggerOptions);
  api.get('/api/openapi.json', { schema: { hide: true } }, () => api.swagger());
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
