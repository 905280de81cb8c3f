/**
 * The device token at rest. Whoever holds it can send sales in this register's name, so where the operating
 * system offers a keychain (Electron's safeStorage: Keychain, DPAPI, libsecret or kwallet) the ledger keeps the
 * token sealed by it: a copied ledger file is not a working token. index.ts hands the keychain in; without one
 * (no desktop keyring, the CLI, tests) the token is kept as it is.
 */

export interface SecretBox {
  /** What to store for `secret`. */
  seal(secret: string): string;
  /** The secret back from what was stored; null when it was sealed by a keychain this one cannot read. */
  open(stored: string): string | null;
}

/** The part of Electron's safeStorage used here (main passes the real one; business code never imports it). */
export interface Keychain {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const SEALED = 'sealed:v1:';

/** Sealed values carry a prefix, so a token stored before sealing existed (or without a keychain) still opens. */
export const isSealed = (stored: string): boolean => stored.startsWith(SEALED);

export const plainBox: SecretBox = {
  seal: (secret) => secret,
  open: (stored) => (isSealed(stored) ? null : stored),
};

/** The keychain's box when it can encrypt now (after Electron's 'ready'); the plain box otherwise. */
export function keychainBox(keychain: Keychain): SecretBox {
  if (!keychain.isEncryptionAvailable()) return plainBox;
  return {
    seal: (secret) => SEALED + keychain.encryptString(secret).toString('base64'),
    open: (stored) => {
      if (!isSealed(stored)) return stored;
      try {
        return keychain.decryptString(Buffer.from(stored.slice(SEALED.length), 'base64'));
      } catch {
        return null;
      }
    },
  };
}
