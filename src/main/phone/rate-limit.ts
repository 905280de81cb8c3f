/**
 * A fixed-window counter per key (a phone's network address): at most `limit` in each `windowMs`. Enough to
 * stop a device on the store's network from guessing pairing codes or tokens, or flooding the register.
 */
export class RateLimit {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(limit: number, windowMs: number, now: () => number) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Without counting: 0 while `key` is within its limit, else the milliseconds until it is again. */
  wait(key: string): number {
    const window = this.windows.get(key);
    const at = this.now();
    if (!window || at - window.startedAt >= this.windowMs || window.count < this.limit) return 0;
    return window.startedAt + this.windowMs - at;
  }

  /** Counts one for `key`: 0 when allowed, else the milliseconds until the key may try again. */
  take(key: string): number {
    const at = this.now();
    let window = this.windows.get(key);
    if (!window || at - window.startedAt >= this.windowMs) {
      if (this.windows.size > 10_000) this.forgetOld(at);
      window = { startedAt: at, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.limit ? window.startedAt + this.windowMs - at : 0;
  }

  private forgetOld(at: number): void {
    for (const [key, window] of this.windows) {
      if (at - window.startedAt >= this.windowMs) this.windows.delete(key);
    }
  }
}
