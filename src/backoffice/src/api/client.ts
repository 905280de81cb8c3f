/**
 * The one way the back office talks to head office: JSON over fetch on the same origin, the session cookie sent
 * by the browser, the session's CSRF token on every change, and every answer checked against its schema from
 * src/shared (so a page never reads a shape head office did not promise). A refusal arrives as an ApiError with
 * head office's own message, written for a person.
 */
import { CounterError, errorCodes, type ErrorCode } from '../../../shared/errors.ts';
import { z } from '../zod.ts';

export class ApiError extends CounterError {
  readonly status: number;

  constructor(status: number, code: ErrorCode, message: string, details?: string[]) {
    super(code, message, details);
    this.status = status;
  }
}

const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.array(z.string()).optional(),
  }),
});

/** No body in the answer (204). */
export const noContent = z.undefined();

let csrfToken: string | null = null;

/** The signed-in session's CSRF token, sent with every change; null once signed out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryValue = string | number | boolean | null | undefined;

/** `?a=1&b=x` from the values that are set; '' when none is. */
export function queryString(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A path with its ids encoded: path`/api/stores/${id}`. */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  return strings.slice(1).reduce((built, part, i) => built + encodeURIComponent(ids[i]!) + part, strings[0]!);
}

export interface CallOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
}

export async function call<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  answer: S,
  options: CallOptions = {},
): Promise<z.output<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url + queryString(options.query ?? {}), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'UNAVAILABLE', 'Head office did not answer: check the connection and try again.');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const refusal = errorBodySchema.safeParse(body);
    if (refusal.success) {
      const { code, message, details } = refusal.data.error;
      throw new ApiError(response.status, code, message, details);
    }
    throw new ApiError(response.status, 'INTERNAL', `Head office answered ${response.status}: try again.`);
  }
  const parsed = answer.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'INTERNAL',
      `Head office answered ${method} ${url} in a shape this page does not know: reload the page.`,
    );
  }
  return parsed.data;
}
