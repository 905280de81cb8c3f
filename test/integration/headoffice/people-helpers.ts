/**
 * Test helpers for the people side of head office: a browser-like client that signs in and keeps the session
 * cookie and CSRF token, and users made the way an owner makes them (invited, then a password chosen through the
 * one-time link).
 */
import type { BackOfficeRole } from '../../../src/shared/backoffice/roles.ts';
import type { TestHeadOffice } from './helpers.ts';

/** scrypt's cost for passwords in tests: small, so signing in takes milliseconds. */
export const TEST_PASSWORD_COST = 1024;

export const PASSWORD = 'correct horse battery';

/** The token of a one-time link such as http://…/set-password?token=… */
export const linkToken = (url: string): string => new URL(url).searchParams.get('token') ?? '';

/** An answer with its Set-Cookie lines; the body is read freely in assertions, like JSON from any client. */
export interface RawReply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  setCookie: string[];
}

export async function send(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawReply> {
  const response = await fetch(url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    // A download (a journal's CSV) is kept as its text.
    body: !text
      ? undefined
      : response.headers.get('content-type')?.startsWith('application/json')
        ? JSON.parse(text)
        : text,
    setCookie: response.headers.getSetCookie(),
  };
}

/** A signed-in browser: sends the session cookie, and the CSRF token unless told otherwise. */
export interface Browser {
  /** `csrf`: the x-csrf-token header to send instead of the session's (null: none). */
  call(method: string, path: string, body?: unknown, csrf?: string | null): Promise<RawReply>;
  cookie: string;
  csrfToken: string;
  userId: string;
}

export async function signIn(url: string, email: string, password = PASSWORD): Promise<Browser> {
  const reply = await send(url, 'POST', '/api/session', { email, password });
  if (reply.status !== 200) throw new Error(`signIn ${email}: ${JSON.stringify(reply.body)}`);
  const cookie = reply.setCookie[0]!.split(';')[0]!;
  const { csrfToken, user } = reply.body as { csrfToken: string; user: { id: string } };
  return {
    cookie,
    csrfToken,
    userId: user.id,
    call: async (method, path, body, csrf = csrfToken) =>
      send(url, method, path, body, { cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }) }),
  };
}

/** A user invited by `admin`, who has chosen PASSWORD through their link; returns the user's id. */
export async function addUser(
  ho: TestHeadOffice,
  user: { email: string; role: BackOfficeRole; storeIds?: string[]; name?: string },
): Promise<string> {
  const invited = await ho.admin<{ user: { id: string }; link: { url: string } }>('POST', '/api/users', {
    name: user.name ?? user.email.split('@')[0],
    ...user,
  });
  if (invited.status !== 201) throw new Error(`addUser ${user.email}: ${JSON.stringify(invited.body)}`);
  const chosen = await send(ho.url, 'POST', '/api/password', {
    token: linkToken(invited.body.link.url),
    password: PASSWORD,
  });
  if (chosen.status !== 204) throw new Error(`addUser ${user.email}: ${JSON.stringify(chosen.body)}`);
  return invited.body.user.id;
}
