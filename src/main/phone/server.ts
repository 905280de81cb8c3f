/**
 * The register's small HTTPS server for phones: the phone page (built into out/phone) and three JSON calls.
 *
 *   GET  /p, /assets/…   the page and its files (script, styles, the ZXing .wasm), under a strict CSP
 *   POST /api/pair       { code } → PhoneSession: a one-time code traded for a phone token
 *   GET  /api/status     Bearer token → PhoneStatus
 *   POST /api/scan       Bearer token, { clientId, code } → PhoneScanAnswer
 *
 * Every request is checked before anything reaches the register: size, content type, the schema of
 * src/shared/phone.ts (which refuses control characters), the token, and how often the address has asked.
 * Refusals are JSON `{ error }` with the HTTP status saying which kind (400, 401, 404, 413, 429).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { z } from 'zod';
import { CounterError, type CounterErrorData } from '../../shared/errors.ts';
import {
  phonePairRequestSchema,
  phonePaths,
  phoneScanRequestSchema,
  phoneTokenSchema,
  type PhoneScanAnswer,
  type PhoneScanRequest,
  type PhoneSession,
  type PhoneStatus,
} from '../../shared/phone.ts';
import { RateLimit } from './rate-limit.ts';

/** What the server asks of the register; each throws CounterError 'FORBIDDEN' for a token or code it refuses. */
export interface PhoneApi {
  pair(code: string): PhoneSession;
  status(token: string): PhoneStatus;
  scan(token: string, request: PhoneScanRequest): PhoneScanAnswer;
}

export interface PhoneServerOptions {
  /** The addresses to listen on: the register's LAN addresses (127.0.0.1 in tests). */
  hosts: string[];
  /** 0 picks a free port (tests). */
  port: number;
  tls: { key: string; cert: string };
  /** The built phone page: index.html and assets/. */
  pageDir: string;
  api: PhoneApi;
  now: () => number;
  log: (message: string, error: unknown) => void;
}

const maxBodyBytes = 4096;
const minuteMs = 60_000;

const pagePolicy = [
  "default-src 'self'",
  // The ZXing decoder is WebAssembly; compiling it is all 'wasm-unsafe-eval' allows (no eval of script).
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A refusal with its HTTP status. */
class Refusal extends Error {
  readonly status: number;
  readonly data: CounterErrorData;
  readonly retryAfterMs: number;

  constructor(status: number, data: CounterErrorData, retryAfterMs = 0) {
    super(data.message);
    this.status = status;
    this.data = data;
    this.retryAfterMs = retryAfterMs;
  }
}

const httpStatusByCode: Partial<Record<CounterErrorData['code'], number>> = {
  INVALID_INPUT: 400,
  FORBIDDEN: 401,
};

const notPaired = (): Refusal =>
  new Refusal(401, {
    code: 'FORBIDDEN',
    message: 'This phone is not paired with the register: scan the pairing QR code on the register again.',
  });

export class PhoneServer {
  private readonly servers: Server[];
  private readonly options: PhoneServerOptions;
  /** Every request, per address. */
  private readonly requests: RateLimit;
  /** Pairing attempts, per address: a code is 128 random bits, and guessing is still slowed down. */
  private readonly pairings: RateLimit;
  /** Refused tokens, per address. */
  private readonly refusals: RateLimit;

  private constructor(options: PhoneServerOptions) {
    this.options = options;
    this.requests = new RateLimit(600, minuteMs, options.now);
    this.pairings = new RateLimit(10, minuteMs, options.now);
    this.refusals = new RateLimit(20, minuteMs, options.now);
    this.servers = options.hosts.map(() =>
      createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
        this.handle(request, response).catch((error: unknown) => {
          options.log('A phone request failed', error);
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
      }),
    );
  }

  /** Listens on every host; rejects (and listens nowhere) when one of them cannot be used. */
  static async listen(options: PhoneServerOptions): Promise<PhoneServer> {
    const server = new PhoneServer(options);
    try {
      await Promise.all(
        server.servers.map(
          (listener, index) =>
            new Promise<void>((listening, failed) => {
              listener.once('error', failed);
              listener.listen(options.port, options.hosts[index], () => {
                listener.off('error', failed);
                listening();
              });
            }),
        ),
      );
    } catch (error) {
      await server.close();
      throw error;
    }
    return server;
  }

  /** Where phones reach it, e.g. https://192.168.1.20:8443. */
  origins(): string[] {
    return this.servers.map((listener, index) => {
      const host = this.options.hosts[index]!;
      const { port } = listener.address() as AddressInfo;
      return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (listener) =>
          new Promise<void>((closed) => {
            if (!listener.listening) return closed();
            listener.close(() => closed());
            listener.closeAllConnections();
          }),
      ),
    );
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'https://phone').pathname;
    const address = request.socket.remoteAddress ?? 'unknown';
    try {
      this.limit(this.requests, address);
      if (request.method === 'GET' && (path === '/' || path === phonePaths.page)) {
        return await this.sendFile(response, 'index.html');
      }
      if (request.method === 'GET' && path.startsWith('/assets/')) {
        return await this.sendFile(response, path.slice(1));
      }
      const answer = (call: () => unknown): void => sendJson(response, 200, this.guarded(address, call));
      if (path === phonePaths.pair && request.method === 'POST') {
        this.limit(this.pairings, address);
        const { code } = parse(phonePairRequestSchema, await readJson(request));
        return answer(() => this.options.api.pair(code));
      }
      if (path === phonePaths.status && request.method === 'GET') {
        const token = this.bearer(request, address);
        return answer(() => this.options.api.status(token));
      }
      if (path === phonePaths.scan && request.method === 'POST') {
        const token = this.bearer(request, address);
        const scan = parse(phoneScanRequestSchema, await readJson(request));
        return answer(() => this.options.api.scan(token, scan));
      }
      throw new Refusal(404, { code: 'NOT_FOUND', message: `Nothing here: ${path}` });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (error.retryAfterMs > 0) {
        response.setHeader('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
      }
      sendJson(response, error.status, { error: error.data });
    }
  }

  /** Runs an API call, turning its CounterError into a refusal; refused tokens and codes count per address. */
  private guarded<T>(address: string, call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (!(error instanceof CounterError)) throw error;
      const status = httpStatusByCode[error.code] ?? 500;
      if (status === 401) this.limit(this.refusals, address);
      throw new Refusal(status, error.toJSON());
    }
  }

  private bearer(request: IncomingMessage, address: string): string {
    const retryAfterMs = this.refusals.wait(address);
    if (retryAfterMs > 0) throw tooMany(retryAfterMs);
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !phoneTokenSchema.safeParse(token).success) {
      this.limit(this.refusals, address);
      throw notPaired();
    }
    return token!;
  }

  private limit(limit: RateLimit, address: string): void {
    const retryAfterMs = limit.take(address);
    if (retryAfterMs > 0) throw tooMany(retryAfterMs);
  }

  private async sendFile(response: ServerResponse, relative: string): Promise<void> {
    const root = resolve(this.options.pageDir);
    const file = resolve(root, relative);
    if (!file.startsWith(root + sep)) {
      throw new Refusal(404, { code: 'NOT_FOUND', message: 'Nothing here.' });
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      throw relative === 'index.html'
        ? new Refusal(503, {
            code: 'INTERNAL',
            message: `The phone page is missing from ${join(root, 'index.html')}: build Counter (npm run build).`,
          })
        : new Refusal(404, { code: 'NOT_FOUND', message: `Nothing here: /${relative}` });
    }
    response.writeHead(200, {
      ...securityHeaders,
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': pagePolicy,
    });
    response.end(body);
  }
}

const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(self)',
};

const tooMany = (retryAfterMs: number): Refusal =>
  new Refusal(
    429,
    { code: 'NOT_ALLOWED', message: 'Too many requests from this phone: wait a minute and try again.' },
    retryAfterMs,
  );

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...securityHeaders, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
    throw new Refusal(400, { code: 'INVALID_INPUT', message: 'Send JSON (content-type application/json).' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      throw new Refusal(413, { code: 'INVALID_INPUT', message: 'The request is too large.' });
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new Refusal(400, { code: 'INVALID_INPUT', message: 'The request is not valid JSON.' });
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`,
  );
  throw new Refusal(400, { code: 'INVALID_INPUT', message: details.join('; '), details });
}
