/**
 * Many registers reconnecting at once: 30 enrolled registers keep selling while head office is killed -9, then
 * head office starts again on the same data and every register comes back within the same fraction of a second
 * (socket.io's reconnection delay). All of them drain and the six SYNC.md invariants hold across all of them.
 * Sale counts come from a seeded generator named in the test title (MANY_SEED reproduces a run).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadOfficeProcess } from '../../harness/head-office-process.ts';
import { seededRandom, seedFrom } from '../../harness/seeded-random.ts';
import { enrolAt, homeStore, pairingCode, seedHeadOffice } from '../../harness/sync-head-office.ts';
import { SyncInvariants } from '../../harness/sync-invariants.ts';
import {
  drained,
  openRegister,
  sellMany,
  waitForStatus,
  type TestRegister,
} from '../../harness/sync-register.ts';
import { dialects } from '../headoffice/helpers.ts';

const registerCount = 30;
const seed = seedFrom('MANY_SEED');

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(dialects)('head office on %s', (dialect) => {
  it(`${registerCount} registers reconnecting at once after a restart all drain, each event once (seed ${seed})`, async () => {
    const next = seededRandom(seed);
    const registers: TestRegister[] = [];
    for (let i = 0; i < registerCount; i += 1) {
      const reg = openRegister({ sync: { ackTimeoutMs: 20_000 } });
      cleanups.push(() => reg.destroy());
      registers.push(reg);
    }
    const ho = await startHeadOfficeProcess(dialect);
    cleanups.push(() => ho.close());
    await seedHeadOffice(ho.admin, registers[0]!);
    const ledgers = [];
    for (const [i, reg] of registers.entries()) {
      const registerId = await enrolAt(reg, ho.url, await pairingCode(ho.admin), `Till ${i + 1}`);
      ledgers.push({ registerId, storeId: homeStore, db: reg.app.db });
      sellMany(reg.app, 1 + Math.floor(next() * 5));
    }
    await Promise.all(registers.map((reg) => waitForStatus(reg.app, drained)));
    const invariants = new SyncInvariants(ho.db);
    await invariants.check(ledgers); // remembers head office's cursors: they must never go back

    await ho.kill();
    await Promise.all(registers.map((reg) => waitForStatus(reg.app, (s) => !s.connected)));
    for (const reg of registers) sellMany(reg.app, 1 + Math.floor(next() * 8));
    await ho.restart();

    await Promise.all(registers.map((reg) => waitForStatus(reg.app, (s) => drained(s))));
    expect(await invariants.check(ledgers)).toEqual([]);
  }, 120_000);
});
