/**
 * A phone paired with the real register over HTTPS: pairing with the one-time code, scans into the sale and to a
 * screen with who scanned them, and everything a phone must not get through (a used, expired or forged code or
 * token, one of another register, a revoked pairing, a user no longer active, bad input, too many tries).
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../src/shared/contract.ts';
import { phonePaths, type PhoneSession } from '../../../src/shared/phone.ts';
import { pairPhone, phoneRegister, phoneRequest, splitLink, type PhoneRegister } from './phone-register.ts';

const spaghetti = { code: '8001014000002', name: 'Riverside Mill Spaghetti 1kg' };
const hourMs = 3_600_000;

async function userId(register: PhoneRegister, name: string): Promise<string> {
  const user = (await register.call('users.list')).find((each) => each.name === name);
  if (!user) throw new Error(`No user ${name}`);
  return user.userId;
}

function scan(
  register: PhoneRegister,
  origin: string,
  token: string,
  code: string,
  clientId = newClientId(),
) {
  return phoneRequest(register, origin + phonePaths.scan, { token, json: { clientId, code } });
}

const newClientId = (): string => randomBytes(9).toString('base64url').replace(/_/g, '-');

/** Every event the register sends its screen while `action` runs. */
async function eventsDuring(
  register: PhoneRegister,
  action: () => Promise<unknown>,
): Promise<EventMessage[]> {
  const seen: EventMessage[] = [];
  const stop = register.app.events.subscribe((message) => seen.push(message));
  try {
    await action();
  } finally {
    stop();
  }
  return seen;
}

describe('pairing a phone', () => {
  it('trades the one-time code for a token that scans into the open sale, once per scan', async () => {
    const register = await phoneRegister();
    const alex = await userId(register, 'Alex');
    const offer = await register.call('phones.pair', { userId: alex, hours: 4 });
    const { origin, code } = splitLink(offer.link);
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(offer.user).toEqual({ userId: alex, name: 'Alex' });
    // The fingerprint a person compares on the phone is the certificate's the server presents.
    const cert = readFileSync(join(register.dataDir, 'phone-cert.pem'), 'utf8');
    expect(offer.fingerprint).toBe(new X509Certificate(cert).fingerprint256);
    expect(offer.qrSvg).toMatch(/^<svg/);

    const paired = await phoneRequest(register, origin + phonePaths.pair, { json: { code } });
    expect(paired.status).toBe(200);
    const session = paired.body as PhoneSession;
    expect(session).toMatchObject({ registerName: expect.any(String), user: { name: 'Alex' } });
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(3.9 * hourMs);

    const status = await phoneRequest(register, origin + phonePaths.status, { token: session.token });
    expect(status.body).toMatchObject({ user: { name: 'Alex' }, expiresAt: session.expiresAt });

    const clientId = newClientId();
    const first = await scan(register, origin, session.token, spaghetti.code, clientId);
    expect(first.body).toEqual({ clientId, accepted: true, message: 'Added to the sale (1 line).' });
    // The answer was lost on the way, so the phone sends the same scan again: it is not counted twice.
    const again = await scan(register, origin, session.token, spaghetti.code, clientId);
    expect(again.body).toEqual(first.body);
    const sale = await register.call('sale.current');
    expect(sale.lines.map(({ name, quantity }) => ({ name, quantity }))).toEqual([
      { name: spaghetti.name, quantity: 1 },
    ]);

    const { pairings, server } = await register.call('phones.state');
    expect(pairings).toEqual([expect.objectContaining({ user: { userId: alex, name: 'Alex' } })]);
    expect(pairings[0]!.lastSeenAt).not.toBeNull();
    expect(server).toEqual({ origins: [origin], fingerprint: offer.fingerprint, problem: null });
  });

  it('tells the phone why the register did not take a scan', async () => {
    const register = await phoneRegister();
    const { origin, token } = await pairPhone(register, await userId(register, 'Sam'));
    const answer = await scan(register, origin, token, '4006381333931');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: false, message: expect.stringMatching(/No product has/) });

    await register.call('auth.lock');
    const locked = await scan(register, origin, token, spaghetti.code);
    expect(locked.body).toMatchObject({ accepted: false, message: expect.stringMatching(/locked/) });
    expect((await register.call('sale.current')).lines).toEqual([]);
  });

  it('sends scans to the screen that takes them, with the paired user as who scanned', async () => {
    const register = await phoneRegister();
    const sam = await userId(register, 'Sam');
    const { origin, token } = await pairPhone(register, sam);
    const pairingId = (await register.call('phones.state')).pairings[0]!.pairingId;
    await register.call('devices.scanRoute', { to: 'screen' });

    const seen = await eventsDuring(register, () => scan(register, origin, token, 'PAN-000001'));
    expect(seen.filter((message) => message.name === 'scan.read').map((message) => message.payload)).toEqual([
      { code: 'PAN-000001', by: { scannerId: `phone:${pairingId}`, user: { userId: sam, name: 'Sam' } } },
    ]);
    expect((await register.call('sale.current')).lines).toEqual([]);
  });

  it('needs a manager to pair or unpair a phone, and audits both', async () => {
    const register = await phoneRegister('1111');
    const alex = await userId(register, 'Alex');
    await expect(register.call('phones.pair', { userId: alex, hours: 4 })).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
      details: ['devices.pairPhone'],
    });
    const offer = await register.call('phones.pair', { userId: alex, hours: 4, approval: { pin: '9999' } });
    const { origin, code } = splitLink(offer.link);
    await phoneRequest(register, origin + phonePaths.pair, { json: { code } });
    const { pairingId } = (await register.call('phones.state')).pairings[0]!;
    await expect(register.call('phones.revoke', { pairingId })).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
    });
    await register.call('phones.revoke', { pairingId, approval: { pin: '9999' } });

    await register.call('auth.login', { pin: '9999' });
    const audit = await register.call('audit.list', {});
    expect(
      audit.filter((entry) => entry.action === 'devices.pairPhone').map((entry) => entry.details),
    ).toEqual([
      { change: 'phone.revoked', pairingId, user: 'Alex' },
      { change: 'phone.pairingCode', user: 'Alex', hours: 4 },
    ]);
  });
});

describe('what a phone does not get through', () => {
  const refused = { status: 401, body: { error: expect.objectContaining({ code: 'FORBIDDEN' }) } };

  it('refuses a used or expired pairing code', async () => {
    const register = await phoneRegister();
    const alex = await userId(register, 'Alex');
    const { origin, code } = splitLink((await register.call('phones.pair', { userId: alex, hours: 4 })).link);
    await phoneRequest(register, origin + phonePaths.pair, { json: { code } });
    expect(await phoneRequest(register, origin + phonePaths.pair, { json: { code } })).toMatchObject(refused);

    const late = splitLink((await register.call('phones.pair', { userId: alex, hours: 4 })).link);
    register.advance(6 * 60_000);
    expect(
      await phoneRequest(register, origin + phonePaths.pair, { json: { code: late.code } }),
    ).toMatchObject(refused);
    expect((await register.call('phones.state')).pairings).toHaveLength(1);
  });

  it('gives a forged, expired or revoked token nothing, and nothing reaches the register', async () => {
    const register = await phoneRegister();
    const { origin, token } = await pairPhone(register, await userId(register, 'Alex'), 4);
    const forged = randomBytes(32).toString('base64url');

    const seen = await eventsDuring(register, async () => {
      expect(await scan(register, origin, forged, spaghetti.code)).toMatchObject(refused);
      expect(await phoneRequest(register, origin + phonePaths.status, { token: forged })).toMatchObject(
        refused,
      );
      expect(await scan(register, origin, 'not-a-token', spaghetti.code)).toMatchObject(refused);
      expect(
        await phoneRequest(register, origin + phonePaths.scan, {
          json: { clientId: newClientId(), code: '1' },
        }),
      ).toMatchObject(refused);

      register.advance(4 * hourMs + 1000);
      expect(await scan(register, origin, token, spaghetti.code)).toMatchObject(refused);
    });
    expect(seen.filter((message) => message.name.startsWith('s'))).toEqual([]);
    expect((await register.call('sale.current')).lines).toEqual([]);
    expect((await register.call('phones.state')).pairings).toEqual([]);
  });

  it('stops a revoked phone at once, and tells it so', async () => {
    const register = await phoneRegister();
    const { origin, token } = await pairPhone(register, await userId(register, 'Alex'));
    expect((await scan(register, origin, token, spaghetti.code)).status).toBe(200);
    const { pairingId } = (await register.call('phones.state')).pairings[0]!;
    expect((await register.call('phones.revoke', { pairingId })).pairings).toEqual([]);
    const answer = await scan(register, origin, token, spaghetti.code);
    expect(answer).toMatchObject(refused);
    expect((answer.body as { error: { message: string } }).error.message).toMatch(/not paired/);
    expect((await register.call('sale.current')).lines).toHaveLength(1);
  });

  it('refuses a token of another register', async () => {
    const first = await phoneRegister();
    const second = await phoneRegister();
    const { token } = await pairPhone(first, await userId(first, 'Alex'));
    const other = await pairPhone(second, await userId(second, 'Alex'));
    // The second register's server, with the first register's token (the phone trusts both certificates).
    expect(await scan(second, other.origin, token, spaghetti.code)).toMatchObject(refused);
    expect((await second.call('sale.current')).lines).toEqual([]);
  });

  it('refuses a phone whose user is no longer active', async () => {
    const register = await phoneRegister();
    const alex = (await register.call('users.list')).find((user) => user.name === 'Alex')!;
    const { origin, token } = await pairPhone(register, alex.userId);
    await register.call('users.save', {
      userId: alex.userId,
      name: alex.name,
      role: alex.role,
      active: false,
    });
    expect(await scan(register, origin, token, spaghetti.code)).toMatchObject(refused);
  });

  it('refuses bad requests with a message, before they reach the register', async () => {
    const register = await phoneRegister();
    const { origin, token } = await pairPhone(register, await userId(register, 'Alex'));
    const seen = await eventsDuring(register, async () => {
      const control = await scan(register, origin, token, 'SKU\u0000-1');
      expect(control).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
      expect((control.body as { error: { message: string } }).error.message).toMatch(/control character/);
      const extra = await phoneRequest(register, origin + phonePaths.scan, {
        token,
        json: { clientId: newClientId(), code: spaghetti.code, quantity: 5 },
      });
      expect(extra.status).toBe(400);
      const notJson = await phoneRequest(register, origin + phonePaths.scan, {
        token,
        body: 'code=1',
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(notJson.status).toBe(400);
      const huge = await phoneRequest(register, origin + phonePaths.scan, {
        token,
        json: { clientId: newClientId(), code: 'x'.repeat(5000) },
      });
      expect(huge.status).toBe(413);
    });
    expect(seen).toEqual([]);
  });

  it('slows down an address that keeps trying pairing codes', async () => {
    const register = await phoneRegister();
    const { origin } = await pairPhone(register, await userId(register, 'Alex'));
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      const code = randomBytes(16).toString('base64url');
      statuses.push((await phoneRequest(register, origin + phonePaths.pair, { json: { code } })).status);
    }
    // The pairing above was the first try of this minute.
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
    expect(statuses.slice(9)).toEqual([429, 429]);
  });
});

describe('the phone page', () => {
  it('is served under a strict CSP, and nothing outside its folder is', async () => {
    const register = await phoneRegister();
    const { origin } = await pairPhone(register, await userId(register, 'Alex'));
    const page = await phoneRequest(register, origin + phonePaths.page);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect((await phoneRequest(register, `${origin}/assets/page.js`)).body).toBe('console.log("page");');
    expect((await phoneRequest(register, `${origin}/assets/..%2f..%2fledger.db`)).status).toBe(404);
    expect((await phoneRequest(register, `${origin}/ledger.db`)).status).toBe(404);
  });
});
