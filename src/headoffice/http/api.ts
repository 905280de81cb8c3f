/**
 * Head office's HTTP side on Fastify: the admin JSON API (docs/headoffice-api.md, docs/openapi.json), signing
 * in, users, API tokens and the audit, enrolment, the health check, the OpenAPI document and the back office's
 * pages (back-office.ts), on the Node server socket.io shares.
 *
 * Every path, query and body is checked against the zod schemas of src/shared (sync/admin-api.ts,
 * backoffice/people-api.ts), and every answer is encoded with them (but the replenishment suggestions' 200, tens of
 * thousands of lines built field by field, written as JSON directly; its test checks it against the schema); the
 * OpenAPI document is generated from the same schemas. A body must be JSON (415 otherwise) of at most 10 MB (413). Errors always have one shape
 * (errors.ts). Every route declares who may call it (access.ts): auth.ts says who is asking, access.ts whether
 * they may, and every change that succeeds is audited (audit.ts).
 */
import type { Server } from 'node:http';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifySchemaCompiler } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { invalidInput } from '../validation.ts';
import { authorize, requireDeclaredAccess } from './access.ts';
import { auditChanges, auditRoutes } from './audit.ts';
import { authenticate } from './auth.ts';
import { backOfficeRoutes, withBackOfficePages } from './back-office.ts';
import { bookRoutes } from './books.ts';
import { costRoutes } from './cost.ts';
import { channelRoutes } from './channels.ts';
import { customerRoutes } from './customers.ts';
import { enrolmentRoutes } from './enrolment.ts';
import { countRoutes } from './counts.ts';
import { clientErrorHandler, errorHandler, notFoundHandler } from './errors.ts';
import { exceptionRoutes } from './exceptions.ts';
import { healthRoutes } from './health.ts';
import { registerOpenApi } from './openapi.ts';
import { productRoutes } from './products.ts';
import { purchasingRoutes } from './purchasing.ts';
import { registerRoutes } from './registers.ts';
import { replenishmentRoutes } from './replenishment.ts';
import { saleRoutes } from './sales.ts';
import { sessionRoutes } from './session.ts';
import { stockRoutes } from './stock.ts';
import { styleRoutes } from './styles.ts';
import { inventoryRoutes } from './inventory.ts';
import { storeRoutes } from './stores.ts';
import { todayRoutes } from './today.ts';
import { tokenRoutes } from './tokens.ts';
import type { Api, ApiDeps } from './types.ts';
import { userRoutes } from './users.ts';

export type { ApiDeps };

const MAX_BODY_BYTES = 10 * 1024 * 1024;

const routeModules = [
  healthRoutes,
  enrolmentRoutes,
  sessionRoutes,
  userRoutes,
  tokenRoutes,
  auditRoutes,
  storeRoutes,
  registerRoutes,
  productRoutes,
  styleRoutes,
  stockRoutes,
  costRoutes,
  countRoutes,
  inventoryRoutes,
  purchasingRoutes,
  saleRoutes,
  customerRoutes,
  exceptionRoutes,
  todayRoutes,
  bookRoutes,
  channelRoutes,
  replenishmentRoutes,
];

/** Builds the HTTP side on `server` (which the caller listens on and closes) and resolves once it is ready. */
export async function createHttpApi(server: Server, deps: ApiDeps): Promise<Api> {
  const handleError = errorHandler(deps.log);
  const api = Fastify({
    serverFactory: (handler) => server.on('request', handler),
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    exposeHeadRoutes: false,
    trustProxy: deps.trustProxy,
    clientErrorHandler,
    // Fastify ignores what this returns (the reply handleError answered with).
    frameworkErrors: (error, request, reply) => {
      handleError(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();

  api.setValidatorCompiler(validatorCompiler);
  api.setSerializerCompiler(serializerCompiler);
  api.setErrorHandler(handleError);
  api.setNotFoundHandler(
    withBackOfficePages(
      deps.backOfficeDir,
      notFoundHandler((method, url) => api.findRoute({ method, url }) !== null),
    ),
  );
  acceptJsonOnly(api);

  await api.register(helmet, {
    // Nothing here is a page: no script, style, frame or form of anyone's may load from these answers.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
  });
  // Limits are set per route (enrolment, sign-in); createRateLimit() needs the plugin.
  await api.register(rateLimit, { global: false });
  await api.register(cookie);
  api.decorateRequest('principal', null);
  api.decorateRequest('actor', null);
  api.decorateRequest('auditTarget', null);
  api.addHook('onRoute', requireDeclaredAccess);
  api.addHook('onRequest', authenticate(deps.ho, deps.adminToken));
  api.addHook('preHandler', authorize(deps.ho));
  api.addHook('onSend', auditChanges(deps.ho, deps.log));
  await registerOpenApi(api);

  for (const routes of routeModules) routes(api, deps);
  await backOfficeRoutes(api, deps.backOfficeDir);
  await api.ready();
  return api;
}

const partNames: Record<string, string> = { body: 'request body', querystring: 'query', params: 'path' };

/** zod does the checking; a refusal is INVALID_INPUT naming every wrong field (400). */
const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    // Fastify hands a missing body over as null; the schemas say what a missing body means.
    const result = schema.safeParse(data ?? undefined);
    return result.success
      ? { value: result.data }
      : { error: invalidInput(result.error, partNames[httpPart ?? ''] ?? 'request') };
  };

/** A body is JSON, or nothing (some clients send Content-Type on an empty POST); any other type gets 415. */
function acceptJsonOnly(api: Api): void {
  const parseJson = api.getDefaultJsonParser('error', 'error');
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    // Fastify's default parser answers through `done` and returns nothing; its type also allows a promise.
    // eslint-disable-next-line @typescript-eslint/no-floating-promises -- it returns undefined, see above
    parseJson(request, text, done);
  });
}
