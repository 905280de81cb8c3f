/**
 * The fault soak that issue 3 asks for beside the suite's 50 kills: kill -9 of a register process at random
 * points while it sells and syncs, many more times (test/harness/kill-loop.ts), then the register drains and
 * SYNC.md's invariants are checked against head office on PostgreSQL. This measures correctness under faults,
 * not speed, so it has no baseline: its targets are that nothing is lost or counted twice.
 *
 * FAULT_KILLS sets the number of kills (default 250); KILL_SEED replays a run.
 */
import { killLoop } from '../harness/kill-loop.ts';
import { seedFrom } from '../harness/seeded-random.ts';
import type { BenchSection } from './report.ts';

export const name = 'faults';

const kills = Number(process.env.FAULT_KILLS ?? 250);
/** How long the register may take to drain what waited once the link is back (SYNC.md invariant 5). */
const drainTargetMs = 120_000;
/** How long the run waits for that drain before it gives up. */
const drainGuardMs = 10 * 60_000;

export async function run(): Promise<BenchSection> {
  const seed = seedFrom('KILL_SEED');
  const start = performance.now();
  const result = await killLoop({ kills, seed, dialect: 'postgres', drainGuardMs });
  const minutes = ((performance.now() - start) / 60_000).toFixed(1);
  if (result.sold <= kills) {
    throw new Error(
      `The killed registers completed only ${result.sold} sales in ${kills} runs: too few to tell.`,
    );
  }
  return {
    title: 'Register killed while selling and syncing',
    method: [
      `The register as its own process (test/harness/register-process.ts) sells one sale after another while its`,
      `sync pump runs, and is killed with SIGKILL at a random moment of its first 0.7 s; ${kills} times on the same`,
      'ledger, against head office on PostgreSQL behind a TCP proxy that is down for one run in five. A sale counts',
      'as completed once the process printed it, which it does only after the commit. Then the register is opened',
      "again, the link is up, and it drains; head office's tables are checked against the ledger (SYNC.md's six",
      `invariants). Seed ${seed} (KILL_SEED=${seed} replays it); ${minutes} min in all.`,
    ].join(' '),
    columns: ['Measurement', 'Result'],
    rows: [
      ['kill -9 of the register', `${kills} times`],
      ['Sales completed by the killed processes', result.sold.toLocaleString('en')],
      ['Completed sales missing from the ledger afterwards', String(result.lost.length)],
      ['Invariants that do not hold at head office after the drain', String(result.violations.length)],
      ['Drain of what waited, from reopening the register', `${(result.drainMs / 1000).toFixed(1)} s`],
    ],
    targets: [
      {
        goal: `No completed sale lost across ${kills} kill -9s`,
        measured: `${result.lost.length} of ${result.sold.toLocaleString('en')} lost`,
        pass: result.lost.length === 0,
      },
      {
        goal: 'Every sale at head office exactly once: SYNC.md invariants 1–6',
        measured: result.violations.length === 0 ? 'all hold' : result.violations.join('; '),
        pass: result.violations.length === 0,
      },
      {
        goal: `The queue drains once the link is back, within ${drainTargetMs / 1000} s`,
        measured: `${(result.drainMs / 1000).toFixed(1)} s`,
        pass: result.drainMs <= drainTargetMs,
      },
    ],
  };
}
