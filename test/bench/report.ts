/** What a benchmark hands back, and how it becomes a section of docs/benchmarks.md. */
import { createRequire } from 'node:module';
import os from 'node:os';
import Database from 'better-sqlite3';

export interface BenchTarget {
  /** The target as the issue states it, e.g. "barcode lookup p99 < 0.2 ms". */
  goal: string;
  /** What was measured against it, e.g. "0.031 ms". */
  measured: string;
  /** 'skipped': it could not be measured here; `measured` says why. */
  pass: boolean | 'skipped';
}

export interface BenchSection {
  title: string;
  /** What was set up and how it was measured, in a few sentences of Markdown. */
  method: string;
  columns: string[];
  rows: string[][];
  targets: BenchTarget[];
}

/** A benchmark module: `npm run bench -- <name>` runs only this one. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchSection>;
}

export function machineDescription(): string[] {
  const cpus = os.cpus();
  const memory = new Database(':memory:');
  const sqlite = memory.prepare<[], { version: string }>('SELECT sqlite_version() AS version').get()?.version;
  memory.close();
  const betterSqlite = (createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string })
    .version;
  return [
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `Node ${process.version}, better-sqlite3 ${betterSqlite}, SQLite ${sqlite ?? 'unknown'}`,
  ];
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function markdownTable(columns: string[], rows: string[][]): string {
  return [tableRow(columns), tableRow(columns.map(() => '---')), ...rows.map(tableRow)].join('\n');
}

/** The section's table and its targets, as printed to stdout and written to the docs. */
export function sectionBody(section: BenchSection): string {
  const targets = markdownTable(
    ['Target', 'Measured', 'Result'],
    section.targets.map((target) => [
      target.goal,
      target.measured,
      target.pass === 'skipped' ? 'SKIPPED' : target.pass ? 'PASS' : '**FAIL**',
    ]),
  );
  return `${markdownTable(section.columns, section.rows)}\n\n${targets}`;
}
