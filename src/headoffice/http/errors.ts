/**
 * Every way a request can fail ends in `{ error: { code, message, details? } }` with a status a script can act
 * on, and a message a person can: a refused request (validation, token, content type, size, a broken URL), a
 * route or method that does not exist, a database that is away (503), a request line Node cannot even parse,
 * and our own bugs (500, logged with the stack; the stack never goes out).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CounterError, type CounterErrorData, type ErrorCode } from '../../shared/errors.ts';
import { apiErrorSchema } from '../../shared/sync/admin-api.ts';
import { isTransientDbError, RETRY_AFTER_MS } from '../db/transient.ts';

const statusOf: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  FORBIDDEN: 401,
  PERMISSION_DENIED: 403,
  CSRF_MISMATCH: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKED_OUT: 429,
  UNAVAILABLE: 503,
};

/** The answers every route may give besides its own, for its schema and the OpenAPI document. */
export const errorResponses = {
  '4xx': apiErrorSchema.describe('Refused: the message says what was wrong and what to do'),
  '5xx': apiErrorSchema.describe(
    'Not answered: 503 while its database is away (try again after Retry-After), 500 for a fault it logged',
  ),
};

/** What Fastify refuses before a route's handler runs, said so a person knows what to change. */
const refusals: Record<string, (request: FastifyRequest) => string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) =>
    `A body sent as "${request.headers['content-type'] ?? 'no Content-Type'}" is not read: send JSON with "Content-Type: application/json".`,
  FST_ERR_CTP_BODY_TOO_LARGE: (request) =>
    `The request body is larger than ${sizeText(request.routeOptions.bodyLimit)}: send it in parts.`,
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    'The request body is not JSON: send Content-Type application/json with a JSON object.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    'The request body is not as long as its Content-Length says: send the request again.',
  FST_ERR_BAD_URL: () =>
    'The path is not valid: send a path such as /api/stores/DUBLIN-1 with each id encoded by ' +
    'encodeURIComponent (no broken %-escapes such as %ZZ or a lone %).',
  FST_ERR_MAX_PARAM_LENGTH: () => 'An id in the path is longer than 100 characters: check it.',
};

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;

function errorBody(code: ErrorCode, message: string): { error: CounterErrorData } {
  return { error: { code, message } };
}

/** The error handler (and Fastify's frameworkErrors): one answer for every error. */
export function errorHandler(log: (line: string) => void) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof CounterError) {
      return reply.code(statusOf[error.code] ?? 500).send({ error: error.toJSON() });
    }
    const refused = refusedByFastify(error);
    if (refused) {
      const message = refusals[refused.code]?.(request) ?? `The request was refused: ${refused.message}.`;
      return reply.code(refused.statusCode).send(errorBody('INVALID_INPUT', message));
    }
    if (isTransientDbError(error)) {
      return reply
        .code(503)
        .header('Retry-After', String(Math.ceil(RETRY_AFTER_MS / 1000)))
        .send(
          errorBody('UNAVAILABLE', 'Head office cannot reach its database right now: try again in a moment.'),
        );
    }
    log(`admin API error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return reply
      .code(500)
      .send(
        errorBody(
          'INTERNAL',
          'Head office hit an unexpected error; it has been logged. Try again, or report it.',
        ),
      );
  };
}

/** A client error Fastify (or a plugin) raised with a 4xx status. */
function refusedByFastify(error: unknown): { code: string; message: string; statusCode: number } | null {
  if (!(error instanceof Error)) return null;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499) return null;
  return { code: typeof code === 'string' ? code : '', message: error.message, statusCode };
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** No route for this method and path: 405 naming the methods the path has, or 404. */
export function notFoundHandler(hasRoute: (method: string, path: string) => boolean) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?', 1)[0]!;
    const allowed = HTTP_METHODS.filter((method) => hasRoute(method, path));
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('Allow', allowed.join(', '))
        .send(
          errorBody(
            'INVALID_INPUT',
            `${request.method} is not supported on ${path}: use ${allowed.join(', ')}.`,
          ),
        );
    }
    return reply
      .code(404)
      .send(errorBody('NOT_FOUND', `There is no ${path}: see docs/headoffice-api.md for the routes.`));
  };
}

/**
 * A request Node's HTTP parser refuses (a malformed request line or header, headers over 16 KB, a request that
 * takes too long): answered in the same shape, then the connection closes. When the connection has already had
 * an answer (the parser choked on what followed it, say a body nobody read), it just closes.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are larger than 16 KB: send fewer or shorter headers.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive: send it again.']
        : [400, 'The request is not valid HTTP/1.1: check its request line and headers.'];
  const body = JSON.stringify(errorBody('INVALID_INPUT', message));
  if (socket.writable && socket.bytesWritten === 0) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
