/**
 * The back office (src/backoffice, built into out/backoffice by `npm run build`), served on the same origin as the
 * API so its session cookie and CSRF token work without any cross-origin rule:
 * - GET /assets/*: the built scripts, styles, fonts and icon. Their names carry a hash of their content, so a
 *   browser may keep them for a year.
 * - Every other page a browser asks for (/, /products, /setup?token=… …): index.html, and the app's router shows
 *   the page. It is served by the not-found handler, once no route matched, and never for /api, /socket.io,
 *   /healthz or a path that names a file (a dot in its last part): those keep their JSON 404.
 * A page gets its own Content-Security-Policy: scripts, styles, fonts, images and requests from this origin only;
 * no inline script or style, no frame, no plugin, no form posted anywhere.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { open } from './access.ts';
import type { Api } from './types.ts';

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API, the registers' socket or the health check: never a page. */
const NOT_PAGES = /^\/(api|socket\.io|healthz|assets)(\/|$)/;

/** Whether `dir` holds a built back office. */
export function isBuilt(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/** Registers the assets route; head office without a built back office (tests, a bare checkout) has none. */
export async function backOfficeRoutes(api: Api, dir: string | null): Promise<void> {
  if (dir === null) return;
  await api.register(fastifyStatic, { root: dir, serve: false });
  api.get(
    '/assets/*',
    { config: open, schema: { hide: true, params: z.object({ '*': z.string() }) } },
    (request, reply) =>
      reply.sendFile(request.params['*'], join(dir, 'assets'), { immutable: true, maxAge: '365d' }),
  );
}

type NotFound = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/**
 * The not-found handler with the app's pages in front: a GET for a page gets index.html (or, while the back office
 * is not built, a 404 that says how to build it); anything else goes to `otherwise`.
 */
export function withBackOfficePages(dir: string | null, otherwise: NotFound): NotFound {
  return (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !NOT_PAGES.test(path) &&
      !path.slice(path.lastIndexOf('/')).includes('.');
    if (!isPage) return otherwise(request, reply);
    if (dir === null) {
      return reply.code(404).send({
        error: {
          code: 'NOT_FOUND',
          message: 'The back office is not built here: run npm run build, then start head office again.',
        },
      });
    }
    return reply
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', 'no-cache')
      .sendFile('index.html', dir, { cacheControl: false });
  };
}
