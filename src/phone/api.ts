/** The page's calls to the register it was served by (same origin, so nothing else is ever contacted). */
import {
  phonePaths,
  type PhoneErrorAnswer,
  type PhoneScanAnswer,
  type PhoneSession,
  type PhoneStatus,
} from '../shared/phone.ts';
import type { Send } from '../shared/phone-queue.ts';

/** A call that got no answer it could use; `status` 0: the register could not be reached. */
export class CallFailed extends Error {
  readonly status: number;
  readonly retryAfterMs: number;

  constructor(status: number, message: string, retryAfterMs = 0) {
    super(message);
    this.name = 'CallFailed';
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

const unreachable = 'The register cannot be reached: check that this phone is on the store’s Wi-Fi.';

async function call<T>(path: string, init: { token?: string; json?: unknown }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.json === undefined ? 'GET' : 'POST',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.json === undefined ? null : JSON.stringify(init.json),
      cache: 'no-store',
    });
  } catch {
    throw new CallFailed(0, unreachable);
  }
  const body = (await response.json().catch(() => null)) as T | PhoneErrorAnswer | null;
  if (response.ok && body) return body as T;
  const retryAfterMs = Number(response.headers.get('retry-after') ?? 0) * 1000;
  const message =
    body && typeof body === 'object' && 'error' in body
      ? body.error.message
      : `The register answered ${response.status}.`;
  throw new CallFailed(response.status, message, retryAfterMs);
}

export const pair = (code: string): Promise<PhoneSession> => call(phonePaths.pair, { json: { code } });

export const status = (token: string): Promise<PhoneStatus> => call(phonePaths.status, { token });

/** Sends one queued scan with this phone's token, and sorts the outcome for the queue. */
export function scanSender(token: string): Send {
  return async ({ clientId, code }) => {
    try {
      const answer = await call<PhoneScanAnswer>(phonePaths.scan, { token, json: { clientId, code } });
      return { kind: 'answered', answer };
    } catch (error) {
      if (!(error instanceof CallFailed)) throw error;
      if (error.status === 401) return { kind: 'unpaired', message: error.message };
      if (error.status === 400 || error.status === 413) return { kind: 'refused', message: error.message };
      return { kind: 'unreachable', retryAfterMs: Math.max(error.retryAfterMs, 3000) };
    }
  };
}
