/**
 * kill -9 of a register process at random points while it sells and syncs (register-process.ts), against the
 * real head office behind a TCP proxy that is down now and then. Afterwards the register is opened again and
 * drains. The fault test runs 50 kills (test/integration/sync/kill-register.test.ts), the benchmark many more
 * (test/bench/faults.ts). The random points come from a seeded generator, so a failure names the seed that
 * reproduces it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DialectName } from '../integration/headoffice/helpers.ts';
import { homeStore, startHeadOfficeFor } from './sync-head-office.ts';
import { seededRandom } from './seeded-random.ts';
import { allAcknowledged, drained, openRegister, repoRoot, waitForStatus } from './sync-register.ts';

export interface KillLoopResult {
  /** Sales the killed processes reported as completed (each printed only after its commit). */
  sold: number;
  /** Of those, the ones missing from the ledger afterwards: [outbox seq, sale id]. */
  lost: [number, string][];
  /** From opening the register again after the last kill until head office acknowledged every sale. */
  drainMs: number;
  /** SYNC.md's invariants that do not hold once the queue drained (empty: all hold). */
  violations: string[];
}

/**
 * Runs a register process script (test/harness/*-process.ts, then its arguments) until `ms` after it printed
 * "ready", then kills it with SIGKILL; every other line it prints goes to `onLine`, split into words.
 */
export function runAndKill(
  [script, ...args]: [string, ...string[]],
  ms: number,
  onLine: (words: string[]) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', join(repoRoot, script), ...args],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), ms);
      else onLine(line.split(' '));
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`The register process ended by itself (code ${code})`)),
    );
  });
}

export async function killLoop(options: {
  kills: number;
  seed: number;
  dialect: DialectName;
  /** How long the reopened register may take to drain what waited. */
  drainGuardMs: number;
}): Promise<KillLoopResult> {
  const next = seededRandom(options.seed);
  const setup = openRegister();
  const hq = await startHeadOfficeFor(setup, options.dialect);
  try {
    const registerId = await hq.enrol(setup);
    await waitForStatus(setup.app, drained);
    setup.close();

    const sold = new Map<number, string>();
    for (let i = 0; i < options.kills; i += 1) {
      // Every few runs the link is down or flapping too, so kills also land with a full queue.
      hq.proxy.setDown(next() < 0.2);
      await runAndKill(
        ['test/harness/register-process.ts', setup.dataDir],
        Math.floor(next() * 700),
        (words) => {
          const [word, seq, saleId] = words;
          if (word === 'sold') sold.set(Number(seq), saleId!);
        },
      );
    }
    hq.proxy.setDown(false);

    const start = performance.now();
    const survivor = openRegister({ dataDir: setup.dataDir });
    try {
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
      await waitForStatus(survivor.app, allAcknowledged(survivor.app), options.drainGuardMs);
      const drainMs = performance.now() - start;
      const violations = await hq.invariants.check([{ registerId, storeId: homeStore, db }]);
      return { sold: sold.size, lost, drainMs, violations };
    } finally {
      survivor.close();
    }
  } finally {
    await hq.close();
    setup.destroy();
  }
}
