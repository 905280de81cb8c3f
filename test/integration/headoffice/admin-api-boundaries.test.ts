/**
 * The edges of the admin API a script or a person runs into: a body must be JSON and not too large, ids and text
 * with control characters or out of range are refused with the field named (never a 500, on PostgreSQL too),
 * prices and quantities stop where the register's do, answers carry security headers and no CORS grant, and
 * wrong pairing codes from one address are slowed down while good ones never are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLMENT_FAILURES_PER_MINUTE } from '../../../src/headoffice/http/enrolment.ts';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from '../../../src/shared/limits.ts';
import {
  ADMIN_TOKEN,
  createStore,
  dialects,
  enrollRegister,
  putProducts,
  startTestHeadOffice,
  taxRates,
  type TestHeadOffice,
} from './helpers.ts';

describe.each(dialects)('the admin API’s boundaries on %s', (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'MAIN');
    await putProducts(ho.admin, [{ sku: 'MILK', priceMinor: 99 }]);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  /** A request as curl or a careless script sends it: any content type, any body, the admin token. */
  const send = async (method: string, path: string, body: string | undefined, contentType?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };
    if (contentType) headers['content-type'] = contentType;
    const response = await fetch(ho.url + path, { method, headers, body });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  const storeBody = (id: string, extra: object = {}) =>
    JSON.stringify({ id, name: 'Store', currency: 'EUR', pricesIncludeTax: true, taxRates, ...extra });

  it('reads a body only as JSON: anything else gets 415 saying to send JSON, and nothing is created', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const reply = await send('POST', '/api/stores', storeBody('TEXT'), contentType);
      expect(reply).toMatchObject({
        status: 415,
        body: { error: { code: 'INVALID_INPUT', message: expect.stringMatching(/application\/json/) } },
      });
    }
    // Enrolment, the route anyone may call, too.
    const enrol = await send(
      'POST',
      '/api/enroll',
      '{"pairingCode":"ABCD-EFGH","registerName":"T"}',
      'text/plain',
    );
    expect(enrol.status).toBe(415);
    expect((await ho.admin('GET', '/api/stores/TEXT')).status).toBe(404);
    // A charset is fine.
    expect(
      (await send('POST', '/api/stores', storeBody('UTF8'), 'application/json; charset=utf-8')).status,
    ).toBe(201);
  });

  it('refuses a body over 10 MB with 413 and a message', async () => {
    const huge = JSON.stringify({ products: [{ sku: 'X', name: 'x'.repeat(11 * 1024 * 1024) }] });
    const reply = await send('PUT', '/api/products', huge, 'application/json');
    expect(reply).toMatchObject({
      status: 413,
      body: { error: { code: 'INVALID_INPUT', message: expect.stringMatching(/larger than 10 MB/) } },
    });
  });

  it('answers a broken %-escape in a path id with 400, and keeps answering', async () => {
    for (const id of ['%E0%A4%A', '%ZZ', '%']) {
      const reply = await send('GET', `/api/stores/${id}`, undefined);
      expect(reply).toMatchObject({
        status: 400,
        body: { error: { code: 'INVALID_INPUT', message: expect.stringMatching(/encodeURIComponent/) } },
      });
    }
    expect((await ho.admin('GET', '/healthz', undefined, null)).status).toBe(200);
  });

  it('refuses NUL and other control characters in ids, queries and bodies, naming the field', async () => {
    const inPath = await ho.admin('GET', '/api/products/MI%00LK');
    expect(inPath).toMatchObject({
      status: 400,
      body: { error: { details: [expect.stringMatching(/^sku: /)] } },
    });
    const inQuery = await ho.admin('GET', '/api/sales?registerId=a%00b');
    expect(inQuery).toMatchObject({
      status: 400,
      body: { error: { details: [expect.stringMatching(/^registerId: Register id contains a control/)] } },
    });
    const inBody = await ho.admin(
      'POST',
      '/api/stores',
      JSON.parse(storeBody('NUL', { name: 'Main\u0000' })),
    );
    expect(inBody).toMatchObject({
      status: 400,
      body: { error: { details: [expect.stringMatching(/^name: Store name contains a control character/)] } },
    });
    const escape = await ho.admin('PATCH', '/api/stores/MAIN', { receiptHeader: 'Welcome\u001b[2J' });
    expect(escape.body.error.details).toEqual([
      expect.stringMatching(/^receiptHeader: Receipt header contains/),
    ]);
    const enrol = await ho.admin(
      'POST',
      '/api/enroll',
      { pairingCode: 'ABCD-EFGH', registerName: 'Till\u0000' },
      null,
    );
    expect(enrol.body.error.details).toEqual([
      expect.stringMatching(/^registerName: Register name contains/),
    ]);
    // Line breaks are fine where a field holds lines.
    expect((await ho.admin('PATCH', '/api/stores/MAIN', { receiptHeader: 'Welcome\nto Main' })).status).toBe(
      200,
    );
    expect((await ho.admin('GET', '/api/stores/NUL')).status).toBe(404);
  });

  it('refuses ids beyond what a row id can be with 400, and says 404 for one that fits but does not exist', async () => {
    for (const id of ['99999999999999999999', '9007199254740993', '-1', '1e3', 'abc']) {
      const reply = await ho.admin('POST', `/api/exceptions/${id}/resolve`, { note: 'Checked' });
      expect(reply).toMatchObject({
        status: 400,
        body: { error: { details: [expect.stringMatching(/^id: /)] } },
      });
    }
    expect((await ho.admin('GET', '/api/exceptions?after=99999999999999999999')).status).toBe(400);
    expect((await ho.admin('POST', '/api/exceptions/424242/resolve', { note: 'Checked' })).status).toBe(404);
  });

  it('stops prices and quantities where the register does', async () => {
    const product = { sku: 'GOLD', name: 'Gold', taxCode: 'STD', category: null, unit: 'each', active: true };
    const dear = await ho.admin('PUT', '/api/products', {
      products: [{ ...product, priceMinor: 2 ** 53 - 1, barcodes: [] }],
    });
    expect(dear).toMatchObject({
      status: 400,
      body: {
        error: { details: [expect.stringMatching(/^products\.0\.priceMinor: Price: at most 100000000/)] },
      },
    });
    expect(
      (
        await ho.admin('PUT', '/api/products', {
          products: [{ ...product, priceMinor: MAX_AMOUNT_MINOR, barcodes: [] }],
        })
      ).status,
    ).toBe(200);

    const move = (quantity: number) =>
      ho.admin('POST', '/api/stores/MAIN/stock-movements', { sku: 'MILK', kind: 'adjust', quantity });
    expect((await move(MAX_QUANTITY + 1)).body.error.details).toEqual([
      `quantity: Quantity: at most ${MAX_QUANTITY}`,
    ]);
    expect((await move(-(MAX_QUANTITY + 1))).status).toBe(400);
    expect((await move(-MAX_QUANTITY)).status).toBe(201);
  });

  it('sends security headers and grants no other origin', async () => {
    const response = await fetch(`${ho.url}/api/stores`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, origin: 'https://elsewhere.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${ho.url}/api/stores`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  // Last: it leaves this address locked out of enrolment for a minute.
  it('slows down an address that sends wrong pairing codes, but never counts good ones', async () => {
    for (let i = 0; i < ENROLMENT_FAILURES_PER_MINUTE + 5; i += 1) await enrollRegister(ho.admin, 'MAIN');
    const wrong = () =>
      ho.admin('POST', '/api/enroll', { pairingCode: 'WRNG-CODE', registerName: 'Till' }, null);
    for (let i = 0; i < ENROLMENT_FAILURES_PER_MINUTE; i += 1) expect((await wrong()).status).toBe(404);
    const code = await ho.admin('POST', '/api/stores/MAIN/pairing-codes', {});
    const response = await fetch(`${ho.url}/api/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pairingCode: code.body.code, registerName: 'Till' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toEqual({
      error: {
        code: 'LOCKED_OUT',
        message: expect.stringMatching(/Too many wrong pairing codes.*try again in \d+ seconds/),
      },
    });
    // Refused before the code was tried: no register was added for it.
    expect((await ho.admin('GET', '/api/registers')).body).toHaveLength(ENROLMENT_FAILURES_PER_MINUTE + 5);
  });
});
