/**
 * The device token at rest (src/main/sync/secrets.ts): sealed by the operating system's keychain in the ledger,
 * opened for every handshake, and what happens when a ledger reaches a computer whose keychain cannot open it.
 */
import { expect, it } from 'vitest';
import { keychainBox, type Keychain } from '../../../src/main/sync/secrets.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { pairingCodeAccepted, rePairCodeAccepted, startSyncPeer } from '../../harness/sync-peer.ts';
import { openRegister, sell, waitForStatus, type TestRegister } from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();

/** This computer's keychain: its sealed text is the secret's bytes reversed. */
const keychain: Keychain = {
  isEncryptionAvailable: () => true,
  encryptString: (plainText) => Buffer.from(plainText, 'utf8').reverse(),
  decryptString: (encrypted) => Buffer.from(encrypted).reverse().toString('utf8'),
};
/** Another computer's keychain: it opens only what it sealed itself. */
const otherKeychain: Keychain = {
  isEncryptionAvailable: () => true,
  encryptString: (plainText) => Buffer.from(`other:${plainText}`, 'utf8'),
  decryptString: (encrypted) => {
    const text = encrypted.toString('utf8');
    if (!text.startsWith('other:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice('other:'.length);
  },
};

async function peer() {
  const started = await startSyncPeer({ token: 'device-token-of-till-1' });
  afterTest(() => started.close());
  return started;
}

function register(options: { dataDir?: string; keychain?: Keychain } = {}): TestRegister {
  const opened = openRegister({
    dataDir: options.dataDir,
    sync: options.keychain ? { secrets: keychainBox(options.keychain) } : {},
  });
  afterTest(() => opened.destroy());
  return opened;
}

const storedToken = (reg: TestRegister): string =>
  (reg.app.db.prepare('SELECT device_token FROM sync_state').get() as { device_token: string }).device_token;

async function enrol(reg: TestRegister, url: string, pairingCode = pairingCodeAccepted): Promise<void> {
  await reg.app.sync.enrollUnattended({ headOfficeUrl: url, pairingCode, registerName: 'Till 1' });
}

it('keeps the token sealed by the keychain in the ledger and connects with the real one', async () => {
  const headOffice = await peer();
  const reg = register({ keychain });
  await enrol(reg, headOffice.url);

  expect(storedToken(reg)).toMatch(/^sealed:v1:/);
  expect(storedToken(reg)).not.toContain('device-token-of-till-1');
  await waitForStatus(reg.app, (s) => s.connected);
});

it('seals a token an earlier version stored as it was, and still connects', async () => {
  const headOffice = await peer();
  const before = register();
  await enrol(before, headOffice.url);
  expect(storedToken(before)).toBe('device-token-of-till-1');
  before.close();

  const after = register({ dataDir: before.dataDir, keychain });
  expect(storedToken(after)).toMatch(/^sealed:v1:/);
  await waitForStatus(after.app, (s) => s.connected);
});

it('on a computer whose keychain cannot open the token: keeps selling, says to re-pair, and a re-pair code brings it back', async () => {
  const headOffice = await peer();
  const here = register({ keychain });
  await enrol(here, headOffice.url);
  here.close();

  const copied = register({ dataDir: here.dataDir, keychain: otherKeychain });
  const status = copied.app.sync.status();
  expect(status).toMatchObject({ enrolled: true, connected: false });
  expect(status.blockedReason).toMatch(/cannot connect.*re-pair code/s);
  expect(headOffice.connected).toBe(0);
  expect(sell(copied.app).outboxSeq).toBeGreaterThan(0);

  await enrol(copied, headOffice.url, rePairCodeAccepted);
  await waitForStatus(copied.app, (s) => s.connected && s.eventsWaiting === 0);
});
