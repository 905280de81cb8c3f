/**
 * Layer 2: when main cannot start (here: a ledger written by a newer Counter), the person at the register
 * sees why in an error box, the app quits, and the ledger file is left as it was.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it, vi } from 'vitest';
import { ledgerFileName } from '../../src/main/app.ts';
import { fakeElectron as fake } from '../harness/fake-electron.ts';

vi.mock('electron', async () => (await import('../harness/fake-electron.ts')).fakeElectron.module);

const dataDir = mkdtempSync(join(tmpdir(), 'counter-startup-'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

it('shows why it cannot open a ledger from a newer version, quits, and leaves the file untouched', async () => {
  const file = join(dataDir, ledgerFileName);
  const newer = new Database(file);
  newer.pragma('user_version = 999');
  newer.close();
  const before = readFileSync(file);
  vi.stubEnv('COUNTER_DATA_DIR', dataDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);

  await import('../../src/main/index.ts');
  const box = await fake.firstErrorBox;

  expect(box.title).toBe('Counter cannot start');
  expect(box.content).toMatch(/newer Counter/);
  expect(fake.quitCalls).toBe(1);
  expect(fake.windows).toHaveLength(0);
  expect(readFileSync(file).equals(before)).toBe(true);
});
