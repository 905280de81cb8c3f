import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that run for a minute or more (their loops kill and restart processes, or queue tens of thousands of
 * sales) yet are small, so on a fresh checkout, with no timings from an earlier run, vitest would start them
 * last and one worker would finish them alone. They start first; the other worker takes everything else.
 */
const longRunning = ['kill-register', 'big-queue', 'faults-transfer-kill', 'faults-head-office-kill'];

class LongRunningFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = longRunning.findIndex((name) => spec.moduleId.endsWith(`/${name}.test.ts`));
      return index < 0 ? longRunning.length : index;
    };
    const group = (spec: TestSpecification) => sorted.findIndex((other) => other.project === spec.project);
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => group(a.spec) - group(b.spec) || rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    sequence: { sequencer: LongRunningFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit-integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          // Two files at a time: vitest's default on 2 cores is one (a core less than there are), and most of
          // these files wait on sockets, timers and child processes rather than compute.
          maxWorkers: 2,
          // Before the browser files (2), which run one at a time.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Browser and Electron tests run after the rest, one file at a time: on 2 cores, Chromium next to the
        // database tests would only make both slow. They need `npm run build` first (npm test does it).
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          maxWorkers: 1,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
