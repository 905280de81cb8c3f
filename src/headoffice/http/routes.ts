/**
 * Routes declared with what they answer: 200 with what they read or changed, 201 with what they made, or 204 with
 * nothing (a delete, a retry, a password change): the schema for the OpenAPI document and the status in one place.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteAccess } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api } from './types.ts';

/** A request whose path, query and body were validated by the route's schemas. */
export type RouteRequest<
  Params extends z.ZodType,
  Body extends z.ZodType,
  Query extends z.ZodType = z.ZodNever,
> = FastifyRequest<{
  Params: z.output<Params>;
  Querystring: z.output<Query>;
  Body: z.output<Body>;
}>;

export interface Route<
  Params extends z.ZodType,
  Body extends z.ZodType,
  Query extends z.ZodType = z.ZodNever,
> {
  config: { access: RouteAccess };
  bodyLimit?: number;
  summary: string;
  description?: string;
  tags: string[];
  params?: Params;
  querystring?: Query;
  body?: Body;
}

/** `method` `url`: answers 200 with what `answer` gives, as `ok` describes it. */
export function okRoute<
  Ok extends z.ZodType,
  Params extends z.ZodType = z.ZodNever,
  Body extends z.ZodType = z.ZodNever,
  Query extends z.ZodType = z.ZodNever,
>(
  api: Api,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  route: Route<Params, Body, Query> & {
    ok: Ok;
    answer: (request: RouteRequest<Params, Body, Query>) => Promise<z.input<Ok>>;
  },
): void {
  const { ok, answer, ...rest } = route;
  declareRoute(api, method, url, rest, ok, 200, answer);
}

/** POST `url`: answers 201 with what `create` made, as `created` describes it. */
export function createdRoute<
  Created extends z.ZodType,
  Params extends z.ZodType = z.ZodNever,
  Body extends z.ZodType = z.ZodNever,
>(
  api: Api,
  url: string,
  route: Route<Params, Body> & {
    created: Created;
    create: (request: RouteRequest<Params, Body>) => Promise<z.input<Created>>;
  },
): void {
  const { created, create, ...rest } = route;
  declareRoute(api, 'POST', url, rest, created, 201, create);
}

/** A route that answers 204: `done` says what that means in the OpenAPI document ('Deleted', 'Removed'…). */
export function noContentRoute<Params extends z.ZodType = z.ZodNever, Body extends z.ZodType = z.ZodNever>(
  api: Api,
  method: 'DELETE' | 'POST',
  url: string,
  route: Route<Params, Body> & {
    done: string;
    act: (request: RouteRequest<Params, Body>, reply: FastifyReply) => Promise<void>;
  },
): void {
  const { done, act, ...rest } = route;
  declareRoute(api, method, url, rest, z.undefined().describe(done), 204, act);
}

function declareRoute<Params extends z.ZodType, Body extends z.ZodType, Query extends z.ZodType>(
  api: Api,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  { config, bodyLimit, ...schema }: Route<Params, Body, Query>,
  answer: z.ZodType,
  status: 200 | 201 | 204,
  work: (request: RouteRequest<Params, Body, Query>, reply: FastifyReply) => Promise<unknown>,
): void {
  api.route({
    method,
    url,
    config,
    ...(bodyLimit === undefined ? {} : { bodyLimit }),
    schema: { ...schema, response: { [status]: answer, ...errorResponses } },
    // Fastify cannot infer a generic schema's types: the request's are the schemas', validated, and the answer
    // is checked against `answer` when it is sent.
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const answered = await work(request as RouteRequest<Params, Body, Query>, reply);
      return reply.code(status).send(answered);
    },
  });
}
