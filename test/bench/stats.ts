/** Small timing helpers shared by the benchmarks: samples in milliseconds from performance.now(). */

export interface Stats {
  samples: number;
  p50: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles: p99 is a sample that was actually measured, never an interpolation. */
export function summarize(samples: number[]): Stats {
  if (samples.length === 0) throw new Error('No samples to summarize');
  const sorted = samples.toSorted((a, b) => a - b);
  const percentile = (p: number): number => sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
  return {
    samples: sorted.length,
    p50: percentile(50),
    p99: percentile(99),
    mean: sorted.reduce((sum, sample) => sum + sample, 0) / sorted.length,
  };
}

/** Milliseconds one call of `fn` took. */
export function timed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export interface RunOptions {
  /** Measured samples per variant. */
  samples: number;
  /** Samples per block; the variants take turns block by block. */
  blockSize: number;
  /** Unmeasured runs per variant before the first measured block. */
  warmup: number;
}

/**
 * The turns variants take: blocks of `blockSize` samples, in an order reversed every round (A B C, C B A, ...),
 * so that background load, cache state and WAL checkpoints fall on all of them alike. Yields the variant's
 * index and how many samples it takes in this block.
 */
function* turns(
  variants: number,
  { samples, blockSize }: RunOptions,
): Generator<[index: number, size: number]> {
  const order = Array.from({ length: variants }, (_variant, index) => index);
  for (let done = 0; done < samples; done += blockSize) {
    const size = Math.min(blockSize, samples - done);
    for (const index of order) yield [index, size];
    order.reverse();
  }
}

/**
 * Measures variants (ours, its baseline, a reference) in alternating blocks after a warm-up (see `turns`).
 * Each sampler runs one sample, doing any preparation it needs itself, and returns the milliseconds of the
 * part that is measured. Returns the samples of each variant, in the order given.
 */
export function measureInterleaved(samplers: (() => number)[], options: RunOptions): number[][] {
  for (let i = 0; i < options.warmup; i++) for (const sampler of samplers) sampler();
  const results = samplers.map(() => [] as number[]);
  for (const [index, size] of turns(samplers.length, options)) {
    const sampler = samplers[index] as () => number;
    const into = results[index] as number[];
    for (let i = 0; i < size; i++) into.push(sampler());
  }
  return results;
}

/**
 * measureInterleaved for samples that wait on I/O (a printer, a serial port). A sampler may return several
 * measurements of the same sample (e.g. from two starting points): one array per sample.
 */
export async function measureInterleavedAsync(
  samplers: (() => Promise<number[]>)[],
  options: RunOptions,
): Promise<number[][][]> {
  for (let i = 0; i < options.warmup; i++) for (const sampler of samplers) await sampler();
  const results = samplers.map(() => [] as number[][]);
  for (const [index, size] of turns(samplers.length, options)) {
    const sampler = samplers[index] as () => Promise<number[]>;
    const into = results[index] as number[][];
    for (let i = 0; i < size; i++) into.push(await sampler());
  }
  return results;
}

/** Milliseconds for a table cell: three decimals, enough for lookups of a few microseconds. */
export function ms(value: number): string {
  return value.toFixed(3);
}

/** "×1.42": how many times slower `value` is than `baseline`. */
export function ratio(value: number, baseline: number): string {
  return `×${(value / baseline).toFixed(2)}`;
}

export interface Variant {
  label: string;
  stats: Stats;
}

/** Ours, the baseline it is compared with, and any further references; measured together. */
export type Comparison = [ours: Variant, baseline: Variant, ...references: Variant[]];

/** Table rows: label, p50, p99, mean, samples, and for ours how many times its baseline it took. */
export function comparisonRows([ours, baseline, ...references]: Comparison): string[][] {
  const cells = ({ label, stats }: Variant): string[] => [
    label,
    ms(stats.p50),
    ms(stats.p99),
    ms(stats.mean),
    String(stats.samples),
  ];
  return [
    [...cells(ours), ratio(ours.stats.p50, baseline.stats.p50), ratio(ours.stats.p99, baseline.stats.p99)],
    ...[baseline, ...references].map((variant) => [...cells(variant), '', '']),
  ];
}

/** A uniformly chosen element of a non-empty list. */
export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}
