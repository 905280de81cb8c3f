/**
 * The people at head office, as a person in the back office and a script meet them: the first owner made through
 * the link printed at start (never a default password), sessions in cookies (flags, expiry, sign-out), the CSRF
 * token on every change from a session, the lockout after wrong passwords, users invited with one-time links,
 * changing one's own password, API tokens held to their permissions and stores, the audit of every change, and
 * the legacy admin token working until an owner revokes it. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../../../src/headoffice/people/secrets.ts';
import {
  ADMIN_TOKEN,
  adminClient,
  createStore,
  dialects,
  enrollRegister,
  putProducts,
  startTestHeadOffice,
  taxRates,
  type TestHeadOffice,
} from './helpers.ts';
import {
  addUser,
  linkToken,
  PASSWORD,
  send,
  signIn,
  TEST_PASSWORD_COST,
  type Browser,
} from './people-helpers.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(dialects)('people at head office on %s', (dialect) => {
  let ho: TestHeadOffice;
  let clock = Date.parse('2026-12-01T09:00:00Z');
  const printed: string[] = [];
  let owner: Browser;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect, {
      now: () => new Date(clock),
      passwordHashCost: TEST_PASSWORD_COST,
      log: (line) => printed.push(line),
    });
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'B');
    // Stock is only for products of the catalog.
    await putProducts(ho.admin, [{ sku: 'X', priceMinor: 100 }]);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  const sessionOf = (browser: Browser) => browser.call('GET', '/api/session');

  it('makes the first owner through the one-time link printed at start, and prints none once there is one', async () => {
    const line = printed.find((text) => text.includes('/setup?token='));
    expect(line).toMatch(/Nobody can sign in .* within 24 hours .*create-owner --email E --name N/);
    const token = linkToken(/(http:\/\/\S+\/setup\?token=\S+)/.exec(line!)![1]!);
    const owner0 = { token, email: 'Olga@Example.com', name: 'Olga', password: PASSWORD };

    expect(await send(ho.url, 'POST', '/api/setup', { ...owner0, token: 'guess' })).toMatchObject({
      status: 404,
      body: { error: { message: expect.stringMatching(/not known.*create-owner/) } },
    });
    const weak = await send(ho.url, 'POST', '/api/setup', { ...owner0, password: 'short' });
    expect(weak.body.error.details).toEqual(['password: Password: at least 10 characters']);
    clock += 24 * HOUR + MINUTE;
    expect(await send(ho.url, 'POST', '/api/setup', owner0)).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/expired/) } },
    });
    clock -= 24 * HOUR + MINUTE;

    const made = await send(ho.url, 'POST', '/api/setup', owner0);
    expect(made).toMatchObject({
      status: 201,
      body: { email: 'olga@example.com', role: 'owner', passwordSet: true, active: true },
    });
    expect((await send(ho.url, 'POST', '/api/setup', owner0)).body.error.message).toMatch(/has been used/);
    owner = await signIn(ho.url, 'OLGA@example.com');

    const lines: string[] = [];
    const again = await startTestHeadOffice(dialect, { log: (text) => lines.push(text) }, ho.database);
    await again.close();
    expect(lines.filter((text) => text.includes('setup'))).toEqual([]);
  });

  it('keeps a session in an httpOnly, SameSite=Strict cookie, says who is signed in, and signs out', async () => {
    const reply = await send(ho.url, 'POST', '/api/session', {
      email: 'olga@example.com',
      password: PASSWORD,
    });
    expect(reply.setCookie).toHaveLength(1);
    const [cookie, ...flags] = reply.setCookie[0]!.split('; ');
    expect(cookie).toMatch(/^counter_session=[\w-]{43}$/);
    expect(flags.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    expect(reply.body).toEqual({
      user: {
        id: expect.any(String),
        email: 'olga@example.com',
        name: 'Olga',
        role: 'owner',
        storeIds: null,
        permissions: expect.arrayContaining(['users.manage', 'tokens.manage', 'audit.read', 'stock.write']),
      },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    // The database holds the token's hash only.
    const sessionToken = cookie!.split('=')[1]!;
    const stored = await ho.db.selectFrom('sessions').select('id').execute();
    expect(stored.map((row) => row.id)).toContain(secretHash(sessionToken));
    expect(stored.map((row) => row.id)).not.toContain(sessionToken);

    const browser = await signIn(ho.url, 'olga@example.com');
    expect((await sessionOf(browser)).body.csrfToken).toBe(browser.csrfToken);
    const out = await browser.call('DELETE', '/api/session');
    expect(out.status).toBe(204);
    expect(out.setCookie[0]).toMatch(/^counter_session=; .*Expires=Thu, 01 Jan 1970/);
    expect(await sessionOf(browser)).toMatchObject({
      status: 401,
      body: { error: { code: 'FORBIDDEN', message: 'Your session has ended: sign in again.' } },
    });
    expect((await send(ho.url, 'GET', '/api/session')).status).toBe(401);
    // A token is not a session.
    expect((await ho.admin('GET', '/api/session')).body.error.message).toMatch(
      /signed in .* not an API token/,
    );
  });

  it('ends a session after 8 hours without a request, and 7 days after sign-in however much it is used', async () => {
    const idle = await signIn(ho.url, 'olga@example.com');
    clock += 8 * HOUR - MINUTE;
    expect((await sessionOf(idle)).status).toBe(200);
    clock += 8 * HOUR - MINUTE;
    expect((await sessionOf(idle)).status).toBe(200);
    clock += 8 * HOUR;
    expect((await sessionOf(idle)).status).toBe(401);

    const busy = await signIn(ho.url, 'olga@example.com');
    const signedInAt = clock;
    while (clock + HOUR < signedInAt + 7 * 24 * HOUR) {
      clock += HOUR;
      expect((await sessionOf(busy)).status).toBe(200);
    }
    clock = signedInAt + 7 * 24 * HOUR;
    expect((await sessionOf(busy)).status).toBe(401);
    owner = await signIn(ho.url, 'olga@example.com');
  });

  it('refuses a change from a session without its CSRF token, but never a read, and a script needs none', async () => {
    const body = { id: 'CORK', name: 'Cork', currency: 'EUR', pricesIncludeTax: true, taxRates };
    const other = await signIn(ho.url, 'olga@example.com');
    for (const csrf of [null, 'wrong', other.csrfToken]) {
      expect(await owner.call('POST', '/api/stores', body, csrf)).toMatchObject({
        status: 403,
        body: { error: { code: 'CSRF_MISMATCH', message: expect.stringMatching(/x-csrf-token header/) } },
      });
    }
    expect((await owner.call('GET', '/api/stores/CORK', undefined, null)).status).toBe(404);
    expect((await owner.call('POST', '/api/stores', body)).status).toBe(201);
    expect((await owner.call('GET', '/api/stores/CORK', undefined, null)).status).toBe(200);
    expect((await ho.admin('DELETE', '/api/stores/CORK')).status).toBe(204);
  });

  it('locks an account for 15 minutes after 5 wrong passwords in a row, saying until when', async () => {
    await addUser(ho, { email: 'vera@example.com', role: 'viewer' });
    const login = (email: string, password: string) =>
      send(ho.url, 'POST', '/api/session', { email, password });
    const wrong = {
      code: 'FORBIDDEN',
      message: 'The email or password is not right: check both and try again.',
    };
    // An address that does not exist is answered the same way.
    expect(await login('nobody@example.com', PASSWORD)).toMatchObject({
      status: 401,
      body: { error: wrong },
    });
    for (let i = 0; i < 4; i += 1)
      expect(await login('vera@example.com', 'not it at all')).toMatchObject({
        status: 401,
        body: { error: wrong },
      });
    const until = new Date(clock + 15 * MINUTE).toISOString().slice(11, 16);
    const locked = {
      status: 429,
      body: {
        error: {
          code: 'LOCKED_OUT',
          message: expect.stringMatching(new RegExp(`locked until ${until} UTC \\(15 minutes\\)`)),
        },
      },
    };
    expect(await login('vera@example.com', 'not it at all')).toMatchObject(locked);
    expect(await login('vera@example.com', PASSWORD)).toMatchObject(locked);
    clock += 15 * MINUTE;
    expect((await login('vera@example.com', PASSWORD)).status).toBe(200);
    // A good sign-in starts the count again.
    expect((await login('vera@example.com', 'not it at all')).status).toBe(401);
  });

  it('invites a user with a one-time link, never a default password, and an owner changes role, stores and access', async () => {
    const invited = await owner.call('POST', '/api/users', {
      email: 'Bob@Example.com',
      name: 'Bob',
      role: 'buyer',
    });
    expect(invited).toMatchObject({
      status: 201,
      body: {
        user: { email: 'bob@example.com', role: 'buyer', storeIds: [], passwordSet: false },
        link: { url: expect.stringMatching(new RegExp(`^${ho.url}/set-password\\?token=`)) },
      },
    });
    const bobId = invited.body.user.id as string;
    expect(
      (await send(ho.url, 'POST', '/api/session', { email: 'bob@example.com', password: '' })).status,
    ).toBe(400);
    const token = linkToken(invited.body.link.url);
    expect((await send(ho.url, 'POST', '/api/password', { token, password: 'short' })).status).toBe(400);
    expect((await send(ho.url, 'POST', '/api/password', { token, password: PASSWORD })).status).toBe(204);
    expect(
      (await send(ho.url, 'POST', '/api/password', { token, password: PASSWORD })).body.error.message,
    ).toMatch(/used: ask an owner for a new one/);
    const bob = await signIn(ho.url, 'bob@example.com');

    expect(
      (await owner.call('POST', '/api/users', { email: 'BOB@example.com', name: 'Bob 2', role: 'viewer' }))
        .status,
    ).toBe(409);
    expect(
      (
        await owner.call('POST', '/api/users', {
          email: 'sam@example.com',
          name: 'Sam',
          role: 'store_manager',
        })
      ).body.error.details,
    ).toEqual(['storeIds: A store manager needs at least one store; other roles take none']);
    expect(
      (
        await owner.call('POST', '/api/users', {
          email: 'sam@example.com',
          name: 'Sam',
          role: 'store_manager',
          storeIds: ['NOPE'],
        })
      ).body.error.details,
    ).toEqual(['storeIds: there is no store "NOPE"']);

    // A new role holds from the next request, without signing in again.
    const promoted = await owner.call('PATCH', `/api/users/${bobId}`, {
      role: 'store_manager',
      storeIds: ['A'],
    });
    expect(promoted.body).toMatchObject({ role: 'store_manager', storeIds: ['A'] });
    expect((await sessionOf(bob)).body.user).toMatchObject({ role: 'store_manager', storeIds: ['A'] });
    expect((await owner.call('PATCH', `/api/users/${bobId}`, { role: 'viewer' })).body.storeIds).toEqual([]);

    // A reset link: the old password works until it is used, then sessions with it end.
    const reset = await owner.call('POST', `/api/users/${bobId}/password-links`);
    expect(reset.status).toBe(201);
    expect((await sessionOf(bob)).status).toBe(200);
    const newPassword = 'a brand new passphrase';
    await send(ho.url, 'POST', '/api/password', { token: linkToken(reset.body.url), password: newPassword });
    expect((await sessionOf(bob)).status).toBe(401);
    expect(
      (await send(ho.url, 'POST', '/api/session', { email: 'bob@example.com', password: PASSWORD })).status,
    ).toBe(401);
    const bobAgain = await signIn(ho.url, 'bob@example.com', newPassword);

    // Switched off: sessions end at once and signing in says why.
    expect((await owner.call('PATCH', `/api/users/${bobId}`, { active: false })).body.active).toBe(false);
    expect((await sessionOf(bobAgain)).status).toBe(401);
    expect(
      await send(ho.url, 'POST', '/api/session', { email: 'bob@example.com', password: newPassword }),
    ).toMatchObject({ status: 403, body: { error: { message: expect.stringMatching(/switched off/) } } });

    const users = await owner.call('GET', '/api/users');
    expect(users.body.map((user: { email: string }) => user.email)).toEqual([
      'bob@example.com',
      'olga@example.com',
      'vera@example.com',
    ]);
  });

  it('keeps at least one owner who can sign in', async () => {
    const ownerId = owner.userId;
    for (const change of [{ role: 'viewer' }, { active: false }]) {
      expect(await owner.call('PATCH', `/api/users/${ownerId}`, change)).toMatchObject({
        status: 409,
        body: {
          error: { message: 'Olga is the only owner who can sign in: make someone else an owner first.' },
        },
      });
    }
    const otto = await addUser(ho, { email: 'otto@example.com', role: 'owner' });
    expect((await owner.call('PATCH', `/api/users/${otto}`, { role: 'accountant' })).status).toBe(200);
  });

  it('lets a signed-in person change their own password, which ends their other sessions', async () => {
    await addUser(ho, { email: 'carol@example.com', role: 'accountant' });
    const here = await signIn(ho.url, 'carol@example.com');
    const there = await signIn(ho.url, 'carol@example.com');
    const change = (currentPassword: string) =>
      here.call('POST', '/api/users/me/password', { currentPassword, newPassword: 'my own new passphrase' });
    expect((await change('not my password')).body.error.details).toEqual([
      'currentPassword: That is not your current password.',
    ]);
    expect((await change(PASSWORD)).status).toBe(204);
    expect((await sessionOf(here)).status).toBe(200);
    expect((await sessionOf(there)).status).toBe(401);
    await signIn(ho.url, 'carol@example.com', 'my own new passphrase');
    expect(
      (await ho.admin('POST', '/api/users/me/password', { currentPassword: 'x', newPassword: PASSWORD }))
        .status,
    ).toBe(401);
  });

  it('holds an API token to its permissions and stores, needs no CSRF token, and revokes it at once', async () => {
    const created = await owner.call('POST', '/api/tokens', {
      name: 'stock script',
      scopes: ['stock.write', 'stock.read'],
      storeIds: ['A'],
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        token: {
          name: 'stock script',
          scopes: ['stock.read', 'stock.write'],
          storeIds: ['A'],
          legacy: false,
        },
        secret: expect.stringMatching(/^[\w-]{43}$/),
      },
    });
    const { secret, token } = created.body as { secret: string; token: { id: string } };
    const script = adminClient(ho.url);
    const call = (method: string, path: string, body?: unknown) => script(method, path, body, secret);

    expect((await call('GET', '/api/stores/A/stock')).status).toBe(200);
    expect(
      (await call('POST', '/api/stores/A/stock-movements', { sku: 'X', kind: 'receive', quantity: 3 }))
        .status,
    ).toBe(201);
    expect(await call('GET', '/api/stores/B/stock')).toMatchObject({
      status: 403,
      body: {
        error: {
          code: 'PERMISSION_DENIED',
          message:
            'Store "B" is not one of the stores the API token "stock script" may see or change ("A"): ask an owner if you need it.',
        },
      },
    });
    expect((await call('PUT', '/api/products', { products: [] })).status).toBe(400);
    expect(await call('GET', '/api/products')).toMatchObject({
      status: 403,
      body: {
        error: {
          message: expect.stringMatching(
            /needs the permission "catalog.read", which the API token "stock script" does not have/,
          ),
        },
      },
    });

    const stored = await ho.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(secretHash(secret));
    const listed = await owner.call('GET', '/api/tokens');
    expect(listed.body).toEqual([
      expect.objectContaining({
        id: 'legacy-admin',
        legacy: true,
        scopes: expect.arrayContaining(['tokens.manage']),
      }),
      expect.objectContaining({ id: token.id, lastUsedAt: new Date(clock).toISOString(), revokedAt: null }),
    ]);

    for (const bad of [
      { name: 'x', scopes: ['stock.fly'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['stock.read'], storeIds: [] },
      { name: 'x', scopes: ['stock.read'], storeIds: ['NOPE'] },
    ]) {
      expect((await owner.call('POST', '/api/tokens', bad)).status).toBe(400);
    }

    expect((await owner.call('POST', `/api/tokens/${token.id}/revoke`)).body.revokedAt).toBe(
      new Date(clock).toISOString(),
    );
    expect(await call('GET', '/api/stores/A/stock')).toMatchObject({
      status: 401,
      body: { error: { message: expect.stringMatching(/The API token "stock script" was revoked/) } },
    });
    expect((await call('GET', '/api/stores/A/stock')).status).toBe(401);
  });

  it('audits every change with who and when, hides secrets, and pages through it newest first', async () => {
    const enrolled = await enrollRegister(ho.admin, 'A', 'Till 9');
    const audit = (query: string) => owner.call('GET', `/api/audit${query}`);

    const byOwner = await audit(`?actor=user:${owner.userId}&action=POST%20/api/users`);
    expect(byOwner.body.items[0]).toMatchObject({
      actor: `user:${owner.userId}`,
      actorName: 'Olga <olga@example.com>',
      action: 'POST /api/users',
      target: expect.stringMatching(/^userId=/),
      details: { status: 201, body: { email: 'bob@example.com', role: 'buyer' } },
    });
    expect((await audit('?action=POST%20/api/enroll')).body.items[0]).toMatchObject({
      actor: `register:${enrolled.registerId}`,
      actorName: 'register "Till 9"',
      target: `registerId=${enrolled.registerId}`,
      details: { body: { pairingCode: '(hidden)', registerName: 'Till 9' } },
    });
    expect((await audit('?action=POST%20/api/stores/:storeId/pairing-codes')).body.items[0]).toMatchObject({
      actor: 'token:legacy-admin',
      target: 'storeId=A',
    });
    expect(
      (await audit('?target=storeId%3DCORK')).body.items.map((item: { action: string }) => item.action),
    ).toEqual(['DELETE /api/stores/:storeId', 'POST /api/stores']);

    // No password, secret or link token is kept, wherever it was sent.
    const rows = await ho.db.selectFrom('audit_log').select('details').execute();
    const everything = rows.map((row) => row.details).join('\n');
    for (const secret of [PASSWORD, 'my own new passphrase', 'a brand new passphrase'])
      expect(everything).not.toContain(secret);
    expect(everything).toContain('"password":"(hidden)"');

    // A refused change is not a change.
    const before = rows.length;
    expect((await owner.call('PATCH', '/api/stores/A', { name: 'x' }, null)).status).toBe(403);
    expect((await ho.db.selectFrom('audit_log').select('id').execute()).length).toBe(before);

    const seen: number[] = [];
    let next: string | null = null;
    do {
      const page = await audit(`?limit=7${next ? `&after=${next}` : ''}`);
      seen.push(...page.body.items.map((item: { id: number }) => item.id));
      next = page.body.next;
    } while (next);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(seen).toHaveLength(before);
  });

  // Last: the legacy admin token, which the helpers use, stops working.
  it('keeps the legacy admin token working with an owner’s rights until an owner revokes it', async () => {
    expect((await ho.admin('GET', '/api/users')).status).toBe(200);
    expect((await owner.call('POST', '/api/tokens/legacy-admin/revoke')).body).toMatchObject({
      legacy: true,
      revokedAt: expect.any(String),
    });
    expect(await ho.admin('GET', '/api/stores')).toMatchObject({
      status: 401,
      body: {
        error: { message: expect.stringMatching(/The admin token \(HEADOFFICE_ADMIN_TOKEN\) was revoked/) },
      },
    });
    expect((await ho.admin('GET', '/api/stores', undefined, `${ADMIN_TOKEN}x`)).body.error.message).toMatch(
      /not known/,
    );
  });
});

describe('signing in behind a reverse proxy', () => {
  let ho: TestHeadOffice;
  beforeAll(async () => {
    ho = await startTestHeadOffice('sqlite', { trustProxy: true, passwordHashCost: TEST_PASSWORD_COST });
    await addUser(ho, { email: 'olga@example.com', role: 'owner' });
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  const login = (from: string, password: string, proto = 'http') =>
    send(
      ho.url,
      'POST',
      '/api/session',
      { email: 'olga@example.com', password },
      {
        'x-forwarded-for': from,
        'x-forwarded-proto': proto,
      },
    );

  it('makes the cookie Secure when the proxy says https', async () => {
    expect((await login('10.0.0.9', PASSWORD, 'https')).setCookie[0]).toMatch(/; Secure/);
    expect((await login('10.0.0.9', PASSWORD, 'http')).setCookie[0]).not.toMatch(/Secure/);
  });

  it('slows down an address after 10 failed sign-ins in a minute, not the others', async () => {
    // Spread over accounts that do not exist, so no account locks.
    for (let i = 0; i < 10; i += 1) {
      expect(
        (
          await send(
            ho.url,
            'POST',
            '/api/session',
            { email: `x${i}@example.com`, password: 'wrong' },
            { 'x-forwarded-for': '10.0.0.1' },
          )
        ).status,
      ).toBe(401);
    }
    const slowed = await login('10.0.0.1', PASSWORD);
    expect(slowed).toMatchObject({
      status: 429,
      body: {
        error: {
          code: 'LOCKED_OUT',
          message: expect.stringMatching(
            /Too many failed sign-ins from this address: try again in \d+ seconds/,
          ),
        },
      },
    });
    expect((await login('10.0.0.2', PASSWORD)).status).toBe(200);
  });
});
