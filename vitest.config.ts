import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit-integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          // Explicit: with the default 0, a project limited to one worker (as on 2 cores) is run last.
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
