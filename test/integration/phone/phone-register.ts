/**
 * A real register (app.ts: ledger, services, devices, the phone server on 127.0.0.1 and a free port) with a
 * clock the test moves, and a phone's side of the conversation: HTTPS requests that trust only the
 * certificate the register made, as a phone does once a person accepted it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createRegisterApp, type RegisterApp } from '../../../src/main/app.ts';
import type { Channel, Input, Output } from '../../../src/shared/contract.ts';
import { CounterError } from '../../../src/shared/errors.ts';
import { phonePaths } from '../../../src/shared/phone.ts';

const open: (() => void)[] = [];
afterEach(() => {
  for (const close of open.splice(0).reverse()) close();
});

export interface PhoneRegister {
  app: RegisterApp;
  dataDir: string;
  /** Moves the register's clock. */
  advance(ms: number): void;
  call<C extends Channel>(channel: C, input?: Input<C>): Promise<Output<C>>;
}

/** Logged in as `pin` (the demo manager by default) with a shift open, so scans can go into the sale. */
export async function phoneRegister(pin = '9999'): Promise<PhoneRegister> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-phone-'));
  const pageDir = join(dataDir, 'page');
  mkdirSync(join(pageDir, 'assets'), { recursive: true });
  writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>Counter scanner</title>');
  writeFileSync(join(pageDir, 'assets', 'page.js'), 'console.log("page");');
  let offsetMs = 0;
  const app = createRegisterApp({
    dataDir,
    resourcesDir: join(import.meta.dirname, '../../../resources'),
    version: 'test',
    now: () => new Date(Date.now() + offsetMs),
    pinHashCost: 1024,
    phone: { hosts: ['127.0.0.1'], port: 0, pageDir },
  });
  open.push(() => {
    app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const call = async <C extends Channel>(channel: C, input?: Input<C>): Promise<Output<C>> => {
    const envelope = await app.dispatch(channel, input);
    if (!envelope.ok) throw CounterError.from(envelope.error);
    return envelope.value as Output<C>;
  };
  await call('auth.login', { pin });
  await call('shift.open', { count: [] });
  return { app, dataDir, advance: (ms) => (offsetMs += ms), call };
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** A request as the phone page makes it, trusting the register's own certificate only. */
export function phoneRequest(
  register: Pick<PhoneRegister, 'dataDir'>,
  url: string,
  options: { method?: string; token?: string; json?: unknown; body?: string; contentType?: string } = {},
): Promise<Answer> {
  const body = options.body ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        // A new connection each time, as after a phone's screen was off: a kept-alive one hides a stopped server.
        agent: false,
        ca: readFileSync(join(register.dataDir, 'phone-cert.pem'), 'utf8'),
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = /json/.test(response.headers['content-type'] ?? '');
          resolve({
            status: response.statusCode ?? 0,
            body: json ? (JSON.parse(text) as unknown) : text,
            headers: response.headers,
          });
        });
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

/** The origin and the one-time code of a pairing link. */
export function splitLink(link: string): { origin: string; code: string } {
  const url = new URL(link);
  return { origin: url.origin, code: url.hash.slice(1) };
}

/** Pairs a phone for `userId` as the phone page would, and returns its token and the server's origin. */
export async function pairPhone(
  register: PhoneRegister,
  userId: string,
  hours = 4,
): Promise<{ origin: string; token: string }> {
  const offer = await register.call('phones.pair', { userId, hours });
  const { origin, code } = splitLink(offer.link);
  const answer = await phoneRequest(register, origin + phonePaths.pair, { json: { code } });
  if (answer.status !== 200) throw new Error(`Pairing failed: ${JSON.stringify(answer.body)}`);
  return { origin, token: (answer.body as { token: string }).token };
}
