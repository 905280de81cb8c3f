/**
 * Secrets of the people side. Random tokens (sessions, one-time links, API tokens) are stored as their SHA-256:
 * they are long and random, so a fast hash is enough and a copy of the database holds nothing that works.
 *
 * Passwords are chosen by people, so they get a slow hash: scrypt with a per-user salt, the cost recorded in the
 * hash ("scrypt:N:r:p:salt:hash", the format of the register's PINs in src/main/services/people.ts), so a hash
 * made at another cost still verifies. Unlike the register's, the hashing runs on Node's thread pool: a sign-in
 * never holds up the registers' events. (The two cannot share code: src/shared takes no Node built-ins, and head
 * office does not import the register's main process.)
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const newSecret = (): string => randomBytes(32).toString('base64url');

export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** scrypt's cost (N): 2^17 with r = 8, p = 1, as OWASP advises (128 MB, a few hundred ms). Tests pass a small one. */
export const DEFAULT_PASSWORD_COST = 2 ** 17;

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  const { N = 0, r = 0 } = options;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { ...options, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, KEY_LENGTH, { N: cost, r: 8, p: 1 });
  return `scrypt:${cost}:8:1:${salt.toString('base64')}:${hash.toString('base64')}`;
}

/**
 * True when `password` is the one `stored` was made from. With nothing stored (no such user, or one who has not
 * chosen a password yet) it spends the same time and says false, so the time taken tells nobody which emails
 * exist.
 */
export async function verifyPassword(
  password: string,
  stored: string | null,
  cost: number,
): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (stored ?? '').split(':');
  if (scheme !== 'scrypt' || !salt || !hash) {
    await derive(password, Buffer.alloc(16), KEY_LENGTH, { N: cost, r: 8, p: 1 });
    return false;
  }
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}
