/**
 * Inventory (issue 15): each document's cases in their own file (inventory-counts.ts for stock counts), shown
 * in one section of docs/benchmarks.md.
 */
import { countsBench } from './inventory-counts.ts';
import type { BenchSection } from './report.ts';

export const name = 'inventory';

export async function run(): Promise<BenchSection> {
  const counts = await countsBench();
  return {
    title: 'Inventory documents',
    method:
      'Stock counts: a register ledger with 10,000 generated products and a manager logged in. A scan into an ' +
      'open count (each scan a new line, up to 10,000 lines) is timed until the service returns the changed ' +
      'line, interleaved in blocks with a bare one-row INSERT. Submitting a 10,000-line count (its lines marked ' +
      'sent, five count.submitted events and the audit entry, one transaction) is timed beside bare inserts of ' +
      'the same lines and events. Head office on SQLite applies the count pushed as its five events in pushes of at most 1 MB ' +
      '(as the pump sends them; first run a warm-up), beside one bare INSERT of its lines from JSON.',
    columns: ['Operation', 'p50', 'p99', 'mean', 'samples', 'p50 vs baseline', 'p99 vs baseline'],
    rows: counts.rows,
    targets: counts.targets,
  };
}
