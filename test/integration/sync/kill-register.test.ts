/**
 * kill -9 of a register process at random points while it sells and syncs (test/harness/register-process.ts),
 * 50 times, against the real head office on PostgreSQL. Afterwards: every sale the process reported survived,
 * the queue drains, and the six SYNC.md invariants hold. The random points come from a seeded generator, so a
 * failure names the seed that reproduces it.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import { seededRandom, seedFrom } from '../../harness/seeded-random.ts';
import { drained, openRegister, repoRoot, waitForStatus } from '../../harness/sync-register.ts';

const iterations = Number(process.env.KILL_ITERATIONS ?? 50);
const seed = seedFrom('KILL_SEED');

const afterTest = cleanUpAfterEachTest();

/** Runs the register process until it has sold for `ms`, then kills it with SIGKILL. */
function runAndKill(dataDir: string, ms: number, sold: Map<number, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--experimental-strip-types',
        '--no-warnings',
        join(repoRoot, 'test/harness/register-process.ts'),
        dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), ms);
      const [word, seq, saleId] = line.split(' ');
      if (word === 'sold') sold.set(Number(seq), saleId!);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`The register process ended by itself (code ${code})`)),
    );
  });
}

it(`keeps every sale and syncs each exactly once across ${iterations} kill -9s (seed ${seed})`, async () => {
  const next = seededRandom(seed);
  const setup = openRegister();
  afterTest(() => setup.destroy());
  const hq = await startHeadOfficeFor(setup, 'postgres');
  afterTest(() => hq.close());
  const registerId = await hq.enrol(setup);
  await waitForStatus(setup.app, drained);
  setup.close();

  const sold = new Map<number, string>();
  for (let i = 0; i < iterations; i += 1) {
    // Every few runs the link is down or flapping too, so kills also land with a full queue.
    const linkDown = next() < 0.2;
    hq.proxy.setDown(linkDown);
    await runAndKill(setup.dataDir, Math.floor(next() * 700), sold);
  }
  hq.proxy.setDown(false);

  const survivor = openRegister({ dataDir: setup.dataDir });
  afterTest(() => survivor.close());
  const { db } = survivor.app;
  const recorded = new Map(
    (
      db.prepare('SELECT outbox_seq AS seq, sale_id AS saleId FROM sales').all() as {
        seq: number;
        saleId: string;
      }[]
    ).map((row) => [row.seq, row.saleId]),
  );
  const lost = [...sold].filter(([seq, saleId]) => recorded.get(seq) !== saleId);
  expect(lost, 'sales reported as completed but missing after kill -9').toEqual([]);
  expect(sold.size).toBeGreaterThan(iterations);

  await waitForStatus(survivor.app, (s) => drained(s) && s.lastAckedSeq === recorded.size, 120_000);
  expect(await hq.invariants.check([{ registerId, storeId: homeStore, db }])).toEqual([]);
}, 600_000);
