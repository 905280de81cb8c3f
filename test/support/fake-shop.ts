/**
 * What the two fake shops share: an HTTP server on 127.0.0.1:0 that can be down (503), hang (take the request
 * and never answer, as a shop that died mid-push), record what it was asked, and sign webhooks the way both
 * shops do (base64 HMAC-SHA256 of the raw body).
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface Asked {
  method: string;
  path: string;
  body: unknown;
}

export abstract class FakeShop {
  url = '';
  /** Answer every request 503, as a shop that is down. */
  down = false;
  /** Take requests and never answer them. */
  hang = false;
  readonly asked: Asked[] = [];
  readonly #hanging: ServerResponse[] = [];
  #server: Server | null = null;
  #waiters: (() => void)[] = [];

  protected abstract answer(
    method: string,
    url: URL,
    headers: IncomingMessage['headers'],
    body: unknown,
  ): Answer;

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(request.url ?? '/', this.url);
        const body = text === '' ? null : parsed(text);
        this.asked.push({ method: request.method ?? 'GET', path: url.pathname + url.search, body });
        for (const wake of this.#waiters.splice(0)) wake();
        if (this.hang) {
          this.#hanging.push(response);
          return;
        }
        const answer = this.down
          ? { status: 503, body: { errors: 'Service Unavailable' } }
          : this.answer(request.method ?? 'GET', url, request.headers, body);
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves at the next request the shop takes. */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Cuts the connections of the requests it is holding. */
  dropHanging(): void {
    for (const response of this.#hanging.splice(0)) response.destroy();
  }

  async close(): Promise<void> {
    this.dropHanging();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function sign(secret: string, raw: string): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}

/** Posts a webhook as a shop does; returns head office's status and body. */
export async function deliver(
  url: string,
  raw: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: { outcome?: string; error?: { code: string; message: string } } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as never };
}
