/**
 * Routes that change something and answer 201 with what they made, or 204 with nothing (a delete, a retry, a
 * password change): the schema for the OpenAPI document and the status in one place.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteAccess } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api } from './types.ts';

/** A request whose path and body were validated by the route's schemas. */
export type WriteRequest<Params extends z.ZodType, Body extends z.ZodType> = FastifyRequest<{
  Params: z.output<Params>;
  Body: z.output<Body>;
}>;

export interface WriteRoute<Params extends z.ZodType, Body extends z.ZodType> {
  config: { access: RouteAccess };
  bodyLimit?: number;
  summary: string;
  description?: string;
  tags: string[];
  params?: Params;
  body?: Body;
}

/** POST `url`: answers 201 with what `create` made, as `created` describes it. */
export function createdRoute<
  Created extends z.ZodType,
  Params extends z.ZodType = z.ZodNever,
  Body extends z.ZodType = z.ZodNever,
>(
  api: Api,
  url: string,
  route: WriteRoute<Params, Body> & {
    created: Created;
    create: (request: WriteRequest<Params, Body>) => Promise<z.input<Created>>;
  },
): void {
  const { created, create, ...rest } = route;
  writeRoute(api, 'POST', url, rest, created, 201, create);
}

/** A route that answers 204: `done` says what that means in the OpenAPI document ('Deleted', 'Removed'…). */
export function noContentRoute<Params extends z.ZodType = z.ZodNever, Body extends z.ZodType = z.ZodNever>(
  api: Api,
  method: 'DELETE' | 'POST',
  url: string,
  route: WriteRoute<Params, Body> & {
    done: string;
    act: (request: WriteRequest<Params, Body>, reply: FastifyReply) => Promise<void>;
  },
): void {
  const { done, act, ...rest } = route;
  writeRoute(api, method, url, rest, z.undefined().describe(done), 204, act);
}

function writeRoute<Params extends z.ZodType, Body extends z.ZodType>(
  api: Api,
  method: 'DELETE' | 'POST',
  url: string,
  { config, bodyLimit, ...schema }: WriteRoute<Params, Body>,
  answer: z.ZodType,
  status: 201 | 204,
  work: (request: WriteRequest<Params, Body>, reply: FastifyReply) => Promise<unknown>,
): void {
  api.route({
    method,
    url,
    config,
    ...(bodyLimit === undefined ? {} : { bodyLimit }),
    schema: { ...schema, response: { [status]: answer, ...errorResponses } },
    // Fastify cannot infer a generic schema's types: the request's are the params' and body's, validated, and
    // the answer is checked against `answer` when it is sent.
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const answered = await work(request as WriteRequest<Params, Body>, reply);
      return reply.code(status).send(answered);
    },
  });
}
