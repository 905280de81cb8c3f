/** Time as the sync code sees it: injected so tests can shorten waits and fix the jitter. */
export interface Clock {
  now: () => Date;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** Uniform in [0, 1): the jitter of the backoff. */
  random: () => number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
};

/**
 * A wait that can be cut short. `sleep` resolves when its time is up or when `wake` is called; a wake that
 * arrives while nobody sleeps is remembered, so the next sleep returns at once and no wake-up is ever lost.
 */
export class Alarm {
  private handle: unknown = null;
  private resolve: (() => void) | null = null;
  private pending = false;
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.handle = this.clock.setTimeout(() => this.wake(), ms);
    });
  }

  /** Forgets a wake that arrived while nobody slept (before a backoff, which only some wakes may cut short). */
  clearPending(): void {
    this.pending = false;
  }

  wake(): void {
    const resolve = this.resolve;
    if (!resolve) {
      this.pending = true;
      return;
    }
    this.clock.clearTimeout(this.handle);
    this.resolve = null;
    this.handle = null;
    resolve();
  }
}
