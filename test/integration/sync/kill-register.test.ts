/**
 * kill -9 of a register process at random points while it sells and syncs, 50 times, against the real head
 * office on PostgreSQL (test/harness/kill-loop.ts; the benchmark runs more). Afterwards: every sale the process
 * reported survived, the queue drains, and the six SYNC.md invariants hold.
 */
import { expect, it } from 'vitest';
import { killLoop } from '../../harness/kill-loop.ts';
import { seedFrom } from '../../harness/seeded-random.ts';

const kills = Number(process.env.KILL_ITERATIONS ?? 50);
const seed = seedFrom('KILL_SEED');

it(`keeps every sale and syncs each exactly once across ${kills} kill -9s (seed ${seed})`, async () => {
  const result = await killLoop({ kills, seed, dialect: 'postgres', drainGuardMs: 120_000 });
  expect(result.lost, 'sales reported as completed but missing after kill -9').toEqual([]);
  expect(result.sold).toBeGreaterThan(kills);
  expect(result.violations).toEqual([]);
}, 600_000);
