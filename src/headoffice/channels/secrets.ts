/**
 * A channel's secrets (API key, webhook secret) at rest: AES-256-GCM with a key head office is given from the
 * environment (COUNTER_SECRETS_KEY, 32 bytes as base64), a fresh 12-byte IV each time, stored as
 * "v1.<iv>.<tag>.<ciphertext>" in base64url. Without the key a channel cannot be made or used; the secrets never
 * appear in an answer or a log.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CounterError } from '../../shared/errors.ts';
import type { ChannelSecrets } from '../../shared/channels.ts';

export const SECRETS_KEY_ENV = 'COUNTER_SECRETS_KEY';

/** The key from its base64 text; null when none was given. Throws on a key that is not 32 bytes. */
export function secretsKeyOf(text: string | undefined): Buffer | null {
  if (text === undefined || text === '') return null;
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw new Error(
      `${SECRETS_KEY_ENV} must be 32 bytes in base64 (44 characters), such as the output of: openssl rand -base64 32`,
    );
  }
  return key;
}

function needKey(key: Buffer | null): Buffer {
  if (key === null) {
    throw new CounterError(
      'INVALID_INPUT',
      `Head office has no key to keep channel secrets with: set ${SECRETS_KEY_ENV} (openssl rand -base64 32) and restart it.`,
    );
  }
  return key;
}

export function sealSecrets(key: Buffer | null, secrets: ChannelSecrets): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', needKey(key), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function openSecrets(key: Buffer | null, text: string): ChannelSecrets {
  const [version, iv, tag, sealed] = text.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || sealed === undefined)
    throw new Error('A channel secret is not in the form head office writes.');
  const decipher = createDecipheriv('aes-256-gcm', needKey(key), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as ChannelSecrets;
  } catch {
    throw new CounterError(
      'INVALID_INPUT',
      `The channel's secrets cannot be read with this ${SECRETS_KEY_ENV}: start head office with the key they were stored with, or enter the secrets again.`,
    );
  }
}
