/**
 * Random fault points that can be replayed: tests pick kill times and counts from a seeded generator and name
 * the seed in the test title, so a failure says how to reproduce it (set the environment variable it names).
 */

/** mulberry32: small, seeded, good enough to pick kill times. Returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from `process.env[name]`, or a fresh one. */
export function seedFrom(name: string): number {
  return Number(process.env[name] ?? Date.now() % 100_000);
}
