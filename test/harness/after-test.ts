/** Closing what a test opened (registers, head offices, proxies), even when the test failed. */
import { afterEach } from 'vitest';

/**
 * Call once at the top of a test file. The function it returns queues a clean-up; after each test the queued
 * clean-ups run, the last queued first (a register closes before the head office it talks to).
 */
export function cleanUpAfterEachTest(): (cleanup: () => unknown) => void {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
}
