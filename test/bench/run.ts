/**
 * Runs the benchmarks, prints each table and rewrites docs/benchmarks.md.
 *
 *   npm run bench            every benchmark
 *   npm run bench -- core    only the named ones; the other sections of the docs are kept as they were
 *
 * To add a benchmark, write a module exporting `name` and `run()` (see report.ts) and list it below.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { machineDescription, sectionBody, type Benchmark, type BenchSection } from './report.ts';
import * as backOffice from './backoffice.ts';
import * as cost from './cost.ts';
import * as channels from './channels.ts';
import * as registerCore from './register-core.ts';
import * as faults from './faults.ts';
import * as inventory from './inventory.ts';
import * as inventoryStock from './inventory-stock.ts';
import * as peripherals from './peripherals.ts';
import * as purchasing from './purchasing.ts';
import * as sync from './sync.ts';

const benchmarks: Benchmark[] = [
  registerCore,
  sync,
  faults,
  peripherals,
  backOffice,
  inventory,
  inventoryStock,
  cost,
  channels,
  purchasing,
];

const docsFile = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

const header = `# Benchmarks

Written by \`npm run bench\` (test/bench/run.ts): do not edit by hand.
\`npm run bench -- <name>\` runs one benchmark and keeps the other sections as they were,
so each section names the machine and the date it was measured on.
Times are in milliseconds; percentiles are nearest-rank over every measured sample.
`;

function renderSection(name: string, section: BenchSection, measuredOn: string): string {
  return [
    `<!-- bench:${name} -->`,
    `## ${section.title} (\`${name}\`)`,
    '',
    measuredOn,
    '',
    section.method,
    '',
    sectionBody(section),
    `<!-- /bench:${name} -->`,
  ].join('\n');
}

function loadAverage(): string {
  return (os.loadavg()[0] as number).toFixed(1);
}

/** The sections already in the docs, by benchmark name. */
function existingSections(): Map<string, string> {
  const text = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : '';
  const sections = new Map<string, string>();
  for (const match of text.matchAll(/<!-- bench:(\S+) -->[\s\S]*?<!-- \/bench:\1 -->/g)) {
    sections.set(match[1] as string, match[0]);
  }
  return sections;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  // A name also runs its parts: `inventory` runs `inventory-stock` too.
  const isWanted = (benchmark: Benchmark, name: string) =>
    benchmark.name === name || benchmark.name.startsWith(`${name}-`);
  const unknown = wanted.filter((name) => !benchmarks.some((benchmark) => isWanted(benchmark, name)));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark ${unknown.join(', ')}: choose from ${benchmarks.map((b) => b.name).join(', ')}.`,
    );
    process.exitCode = 2;
    return;
  }
  const selected =
    wanted.length > 0 ? benchmarks.filter((b) => wanted.some((name) => isWanted(b, name))) : benchmarks;
  const machine = machineDescription();
  const date = new Date().toISOString().slice(0, 10);
  const measuredOn = [`Measured ${date} on:`, '', ...machine.map((line) => `- ${line}`)].join('\n');
  console.log(machine.join('\n'));

  const sections = existingSections();
  for (const benchmark of selected) {
    console.log(`\n== ${benchmark.name} ==`);
    const loadBefore = loadAverage();
    let section: BenchSection;
    try {
      section = await benchmark.run();
    } catch (error) {
      // One broken benchmark must not cost the others their results.
      console.error(
        `The ${benchmark.name} benchmark failed; its section in the docs is left as it was.`,
        error,
      );
      process.exitCode = 1;
      continue;
    }
    // Other processes on the machine move the p99s: say how busy it was.
    const load = `- Load average (1 min) at start and end: ${loadBefore} and ${loadAverage()}`;
    console.log(`${section.title}\n\n${sectionBody(section)}\n\n${load}`);
    sections.set(benchmark.name, renderSection(benchmark.name, section, `${measuredOn}\n${load}`));
  }

  // In the order of the list above; sections of benchmarks that no longer exist are dropped.
  const body = benchmarks.flatMap((benchmark) => sections.get(benchmark.name) ?? []);
  writeFileSync(docsFile, `${header}\n${body.join('\n\n')}\n`);
  console.log(`\nWrote ${docsFile}`);
}

await main();
