/**
 * Routes declared with what they answer: 200 with what they read or changed, 201 with what they made, 204 with
 * nothing (a delete, a retry, a password change), or a file to download: the schema for the OpenAPI document and
 * the status in one place.
 */
import type { Readable } from 'node:stream';
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
    answer: (request: RouteRequest<Params, Body, Query>) => z.input<Ok> | Promise<z.input<Ok>>;
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

/** A file to download: its name and its content. */
interface Download {
  name: string;
  body: string | Buffer | Readable;
}

/** How each kind of file is sent, and said in the OpenAPI document. */
const files = {
  csv: { contentType: 'text/csv; charset=utf-8', produces: 'text/csv', described: 'The CSV file' },
  pdf: { contentType: 'application/pdf', produces: 'application/pdf', described: 'The PDF file' },
};

/** GET `url`: answers the file `download` makes, as an attachment named `name`. */
export function fileRoute<Params extends z.ZodType = z.ZodNever, Query extends z.ZodType = z.ZodNever>(
  api: Api,
  url: string,
  route: Omit<Route<Params, z.ZodNever, Query>, 'body' | 'bodyLimit'> & {
    file: keyof typeof files;
    download: (request: RouteRequest<Params, z.ZodNever, Query>) => Download | Promise<Download>;
  },
): void {
  const { config, file, download, ...schema } = route;
  const { contentType, produces, described } = files[file];
  api.route({
    method: 'GET',
    url,
    config,
    schema: {
      ...schema,
      produces: [produces],
      response: { 200: z.string().describe(described), ...errorResponses },
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const { name, body } = await download(request as RouteRequest<Params, z.ZodNever, Query>);
      // Fastify sends a buffer or a stream as it comes; the schema says what it carries.
      return reply
        .type(contentType)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    },
  });
}

function declareRoute<Params extends z.ZodType, Body extends z.ZodType, Query extends z.ZodType>(
  api: Api,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  { config, bodyLimit, ...schema }: Route<Params, Body, Query>,
  answer: z.ZodType,
  status: 200 | 201 | 204,
  work: (request: RouteRequest<Params, Body, Query>, reply: FastifyReply) => unknown,
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
