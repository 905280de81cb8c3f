/**
 * Head office's HTTP side under hostile requests, sent as raw bytes over TCP (not only what an HTTP client would
 * send): malformed request lines, `//`, absolute URLs with a bad authority, broken %-escapes, NUL, ids beyond
 * any column's range, wrong methods and content types, bodies that are not JSON, too large, truncated or
 * holding control characters, with and without the admin token or a forged session cookie, on every route
 * (signing in, users and tokens too). The real server runs as its own process (as `npm run headoffice` starts
 * it), on SQLite and on PostgreSQL.
 *
 * What must hold: the process stays up and answers /healthz after every burst; every request that is answered
 * gets a 4xx in the `{ error: { code, message } }` shape (or 2xx for a read); nothing is written: every table
 * holds exactly what it held before. The requests come from a seeded generator named in the test title
 * (HTTP_FUZZ_SEED reproduces a run).
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadOfficeProcess } from '../../harness/head-office-process.ts';
import { seededRandom, seedFrom } from '../../harness/seeded-random.ts';
import { ADMIN_TOKEN, createStore, dialects, dumpTables, putProducts } from './helpers.ts';

const seed = seedFrom('HTTP_FUZZ_SEED');
const bursts = 10;
const requestsPerBurst = 30;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Ids no row has: malformed, out of range, or well-formed but unknown. */
const hostileIds = [
  '%E0%A4%A',
  '%ZZ',
  '%',
  'a%00b',
  '%00',
  '%0A',
  '%7F',
  '%C2%85',
  '99999999999999999999',
  '9223372036854775808',
  '9007199254740993',
  '-1',
  '0',
  '1e300',
  '0x1F',
  'x'.repeat(101),
  'NOPE',
  '123456',
  '%F0%9F%92%A9',
  '..%2F..%2Fetc%2Fpasswd',
  '%2F',
];

/**
 * Every route head office serves, from the OpenAPI document it generates (a test keeps it current), so a new
 * route is fuzzed the day it is added; plus a few it does not serve. Left out: a write that takes nothing at all
 * (no body, no parameters), such as sending the low-stock digest now. With a token that may, any request to it
 * is a right one that does its work and is audited, so there is nothing hostile to send it.
 */
const served = Object.entries(
  (
    JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[] }>>;
    }
  ).paths,
).flatMap(([path, methods]) =>
  Object.entries(methods)
    .filter(
      ([method, operation]) =>
        method === 'get' || operation.requestBody !== undefined || Boolean(operation.parameters?.length),
    )
    .map(([method]) => `${method.toUpperCase()} ${path}`),
);
/** A route with `{storeId}`, `{sku}`…: each is filled with a hostile id. */
const withId = served.filter((route) => route.includes('{'));
const withoutId = [
  ...served.filter((route) => !route.includes('{')),
  'DELETE /api/sales',
  'GET /api/nothing-here',
];

const otherMethods = ['OPTIONS', 'HEAD', 'TRACE', 'PUT', 'BREW', 'get'];

const queries = [
  '',
  '',
  '?limit=-1',
  '?limit=1e999',
  '?limit=',
  '?after=%00',
  '?after=%ZZ',
  '?after=99999999999999999999',
  '?storeId=%ZZ&storeId=B',
  '?kind=whatever',
  '?unresolved=maybe',
  '?from=2025-02-30T00:00:00Z',
  '?to=yesterday',
  '?sku=a%00b',
  '?q=%00',
  '?sort=cheapest',
  '?order=sideways',
  '?low=perhaps',
  `?${'a=b&'.repeat(500)}`,
  '?limit=5',
];

const taxRates = [{ code: 'STD', name: 'Standard', rateBasisPoints: 2000 }];
const product = { sku: 'FUZZ-NEW', name: 'New', taxCode: 'STD', category: null, unit: 'each', active: true };

/** None of them is a valid write: each breaks a rule (or names nothing that exists). */
const bodies: (string | Buffer)[] = [
  '',
  '{',
  '{"id": ',
  'null',
  '[]',
  '"text"',
  '42',
  '{}',
  '\u0000',
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"admin": true}}}',
  '{"ttlMinutes": 1e308}',
  '{"ttlMinutes": -5}',
  JSON.stringify({ id: 'NUL', name: 'Shop\u0000', currency: 'EUR', pricesIncludeTax: true, taxRates }),
  JSON.stringify({
    id: 'ESC',
    name: 'Shop',
    currency: 'EUR',
    pricesIncludeTax: true,
    taxRates,
    receiptHeader: '\u001b[2J',
  }),
  JSON.stringify({ id: 'has space', name: 'Shop', currency: 'EUR', pricesIncludeTax: true, taxRates }),
  JSON.stringify({
    id: 'BIGTAX',
    name: 'Shop',
    currency: 'EUR',
    pricesIncludeTax: true,
    taxRates: [{ code: 'STD', name: 'S', rateBasisPoints: 2 ** 53 }],
  }),
  JSON.stringify({ products: [{ ...product, priceMinor: 2 ** 53 - 1, barcodes: [] }] }),
  JSON.stringify({ products: [{ ...product, priceMinor: 100_000_001, barcodes: [] }] }),
  JSON.stringify({ products: [{ ...product, sku: 'NUL\u0000', priceMinor: 100, barcodes: [] }] }),
  JSON.stringify({ products: [{ ...product, name: 'Tab\tname', priceMinor: 100, barcodes: [] }] }),
  JSON.stringify({ products: [{ ...product, priceMinor: 1.5, barcodes: ['x y'] }] }),
  JSON.stringify({ products: [] }),
  JSON.stringify({ sku: 'FUZZ-MILK', kind: 'receive', quantity: 2 ** 53 - 1 }),
  JSON.stringify({ sku: 'FUZZ-MILK', kind: 'adjust', quantity: -1_000_001 }),
  JSON.stringify({ sku: 'FUZZ-MILK\u0000', kind: 'count', quantity: 1 }),
  JSON.stringify({ sku: 'FUZZ-MILK', kind: 'count', quantity: 1, note: 'bell\u0007' }),
  JSON.stringify({ pairingCode: 'ABCD-EFGH', registerName: 'Till\u0000' }),
  JSON.stringify({ pairingCode: 'ABCD-EFGH', registerName: 'Till 9' }),
  JSON.stringify({ pairingCode: 'ABCD-EFGH', registerName: 'Till 9', registerId: '\u0000' }),
  JSON.stringify({ pricesIncludeTax: 'yes', taxRates: [] }),
  JSON.stringify({ name: '' }),
  JSON.stringify({ email: 'nobody@example.com', password: 'x'.repeat(201) }),
  JSON.stringify({ email: 'no\u0000body@example.com', password: 'whatever it is' }),
  JSON.stringify({ token: 'forged', password: 'long enough passphrase' }),
  JSON.stringify({ token: 'forged', email: 'a@b', name: 'A', password: 'long enough passphrase' }),
  JSON.stringify({ email: 'a@b', name: 'A', role: 'emperor' }),
  JSON.stringify({ email: 'a@b', name: 'A', role: 'store_manager', storeIds: ['NOPE'] }),
  JSON.stringify({ name: 'script', scopes: ['everything'] }),
  JSON.stringify({ name: 'script', scopes: ['catalog.read'], storeIds: ['NOPE'] }),
];

const contentTypes = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/json; charset=latin1',
  '',
  null,
];

const authorizations = [
  `Bearer ${ADMIN_TOKEN}`,
  `Bearer ${ADMIN_TOKEN}`,
  null,
  'Bearer wrong',
  'Bearer ',
  `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
  `bearer ${ADMIN_TOKEN}`,
];

/** Session cookies nobody was given. */
const cookies = [
  null,
  null,
  null,
  'counter_session=',
  'counter_session=forged',
  'counter_session=%ZZ',
  `counter_session=${'x'.repeat(4_000)}`,
  'counter_session=a; counter_session=b',
  '=;;=',
];

/** Whole requests no HTTP client library would send. */
const rawRequests = [
  'GET // HTTP/1.1',
  'GET /// HTTP/1.1',
  'GET //api/stores HTTP/1.1',
  'GET http://[bad/ HTTP/1.1',
  'GET http://a b/ HTTP/1.1',
  'GET http://x:99999/api/stores HTTP/1.1',
  'GET http://%ZZ/healthz HTTP/1.1',
  'GET http://user:pass@/api/stores HTTP/1.1',
  'GET https://head.office/healthz HTTP/1.1',
  'GET * HTTP/1.1',
  'OPTIONS * HTTP/1.1',
  'GET /healthz HTTP/2.0',
  'GET /healthz HTTP/1.1 extra',
  'GET /heal\u0000thz HTTP/1.1',
  'GET /api/stores/%00 HTTP/1.1',
  'GET /healthz\tHTTP/1.1',
  'GARBAGE',
  '',
  'GET /socket.io/?EIO=4&transport=polling HTTP/1.1',
  'GET /socket.io/%ZZ HTTP/1.1',
  'POST /socket.io/?EIO=4&transport=polling HTTP/1.1',
].map((line) => `${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

interface FuzzRequest {
  /** What was sent, for the failure message. */
  label: string;
  bytes: Buffer;
  method: string;
  path: string;
  /** Sent with a body shorter than its Content-Length: the server waits for the rest and may never answer. */
  truncated: boolean;
}

function fuzzRequest(next: () => number): FuzzRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  if (next() < 0.12) {
    const raw = pick(rawRequests);
    const [method = '', path = ''] = raw.split(' ');
    return {
      label: JSON.stringify(raw.split('\r\n')[0]),
      bytes: Buffer.from(raw, 'latin1'),
      method,
      path,
      truncated: false,
    };
  }
  let [method, path] = (
    next() < 0.55 ? pick(withId).replace(/\{[^}]+\}/g, () => pick(hostileIds)) : pick(withoutId)
  ).split(' ') as [string, string];
  if (next() < 0.1) method = pick(otherMethods);
  path += pick(queries);
  const headers = ['Host: 127.0.0.1', 'Connection: close'];
  const authorization = pick(authorizations);
  if (authorization !== null) headers.push(`Authorization: ${authorization}`);
  const cookie = pick(cookies);
  if (cookie !== null) headers.push(`Cookie: ${cookie}`, `x-csrf-token: ${pick(['forged', ''])}`);
  const contentType = pick(contentTypes);
  if (contentType !== null) headers.push(`Content-Type: ${contentType}`);
  const body = Buffer.from(next() < 0.8 ? pick(bodies) : '');
  const framing = next();
  let truncated = false;
  let payload = body;
  if (framing < 0.05) {
    // Claims more than it sends.
    headers.push(`Content-Length: ${body.length + 100}`);
    truncated = true;
  } else if (framing < 0.1) {
    headers.push('Content-Length: 20000000');
    truncated = true;
  } else if (framing < 0.14) {
    headers.push('Transfer-Encoding: chunked');
    payload = Buffer.concat([
      Buffer.from(`${next() < 0.5 ? 'zz' : body.length.toString(16)}\r\n`),
      body,
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
  } else if (framing < 0.17) {
    headers.push(`Content-Length: ${body.length}`, 'Transfer-Encoding: chunked');
  } else if (body.length > 0 || framing < 0.5) {
    headers.push(`Content-Length: ${body.length}`);
  }
  const head = `${method} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`;
  const shown = body.toString('utf8').slice(0, 80);
  return {
    label: `${method} ${path.slice(0, 120)} [${authorization ?? 'no token'}; ${contentType ?? 'no type'}] ${JSON.stringify(shown)}`,
    bytes: Buffer.concat([Buffer.from(head, 'latin1'), payload]),
    method,
    path,
    truncated,
  };
}

interface Answer {
  status: number;
  headers: string;
  body: string;
}

/** Sends the bytes on a new connection; the answer, or null when the server closed without one. */
function exchange(port: number, bytes: Buffer): Promise<Answer | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    // Every request says Connection: close; one that waits for more body gets an end after a while.
    const giveUp = setTimeout(() => socket.end(), 1_000);
    // Generous: on a loaded machine a burst with a password hash in it (setup, sign-in) answers in seconds.
    const abandon = setTimeout(() => socket.destroy(), 10_000);
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearTimeout(abandon);
      const received = Buffer.concat(chunks);
      const split = received.indexOf('\r\n\r\n');
      const head = received.subarray(0, split).toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3}) /.exec(head);
      if (split < 0 || !match) return resolve(null);
      // The first answer; anything after it would answer bytes the server read as a further request.
      const length = /\r\ncontent-length: (\d+)/i.exec(head)?.[1];
      const body = received.subarray(
        split + 4,
        length === undefined ? undefined : split + 4 + Number(length),
      );
      resolve({ status: Number(match[1]), headers: head, body: body.toString('utf8') });
    });
    socket.write(bytes);
  });
}

/** What an answer breaks, or null: a 4xx with our error shape, or a 2xx for a read. */
function problemWith(request: FuzzRequest, answer: Answer): string | null {
  const reads = ['GET'];
  if (answer.status >= 200 && answer.status < 300)
    return reads.includes(request.method) ? null : `${answer.status} for a write`;
  if (answer.status < 400 || answer.status > 499)
    return `status ${answer.status}: ${answer.body.slice(0, 200)}`;
  // socket.io answers its own path in its own words; a HEAD answer has no body.
  if (request.path.startsWith('/socket.io') || request.method === 'HEAD') return null;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `a body that is not JSON: ${answer.body.slice(0, 200)}`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string')
    return `not the error shape: ${answer.body}`;
  if (/\n\s+at /.test(answer.body)) return `a stack trace: ${answer.body}`;
  return null;
}

describe.each(dialects)('head office on %s', (dialect) => {
  it(`answers ${bursts * requestsPerBurst} hostile raw requests with 4xx, stays up and writes nothing (seed ${seed})`, async () => {
    const next = seededRandom(seed);
    const ho = await startHeadOfficeProcess(dialect);
    cleanups.push(() => ho.close());
    const port = Number(new URL(ho.url).port);
    await createStore(ho.admin, 'FUZZ');
    await putProducts(ho.admin, [{ sku: 'FUZZ-MILK', priceMinor: 99, barcodes: ['5000112637922'] }]);
    expect((await ho.admin('POST', '/api/stores/FUZZ/pairing-codes', {})).status).toBe(201);
    const before = await dumpTables(ho.db, dialect);
    expect(before.stores).toHaveLength(1);

    const problems: string[] = [];
    let answered = 0;
    for (let burst = 0; burst < bursts; burst += 1) {
      const requests = Array.from({ length: requestsPerBurst }, () => fuzzRequest(next));
      const answers = await Promise.all(requests.map((request) => exchange(port, request.bytes)));
      for (const [i, answer] of answers.entries()) {
        const request = requests[i]!;
        if (answer === null) {
          if (!request.truncated) problems.push(`no answer: ${request.label}`);
          continue;
        }
        answered += 1;
        const problem = problemWith(request, answer);
        if (problem) problems.push(`${problem} ← ${request.label}`);
      }
      expect(ho.running).toBe(true);
      const health = await ho.admin('GET', '/healthz', undefined, null);
      expect(health, `after burst ${burst + 1}`).toEqual({ status: 200, body: { ok: true } });
    }

    expect(problems).toEqual([]);
    expect(answered).toBeGreaterThan(bursts * requestsPerBurst * 0.8);
    expect(await dumpTables(ho.db, dialect)).toEqual(before);
  }, 60_000);
});
