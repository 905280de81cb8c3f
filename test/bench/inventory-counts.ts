/**
 * Stock counts (issue 15), for `npm run bench -- inventory`: a scan into an open count of up to 10,000 lines
 * until its line comes back (the screen then renders that one row), beside a bare one-row INSERT; submitting a
 * 10,000-line count at the register beside bare inserts of the same rows and outbox events in one transaction;
 * and head office applying that count (five count.submitted events in one push, SQLite) beside a bare insert of
 * its 10,000 lines.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { EventBus } from '../../src/main/events.ts';
import { openLedger, type Db } from '../../src/main/ledger/database.ts';
import {
  demoRegister,
  demoStore,
  demoUsers,
  seedDemoUsersIfNone,
} from '../../src/main/services/demo-seed.ts';
import { createServices, type Services } from '../../src/main/services/index.ts';
import { COUNT_LINES_PER_EVENT } from '../../src/shared/counts.ts';
import { countSubmitted } from '../../src/shared/documents/count.ts';
import { takeBatch } from '../../src/shared/sync/protocol.ts';
import { generateCatalog } from '../fixtures/catalog-generator.ts';
import {
  connectRegister,
  countSubmission,
  createStore,
  enrollRegister,
  outboxEvent,
  startTestHeadOffice,
} from '../integration/headoffice/helpers.ts';
import type { BenchTarget } from './report.ts';
import { comparisonRows, measureInterleaved, ms, summarize, timed, type Comparison } from './stats.ts';

const catalogSize = 10_000;
const countLines = 10_000;
const managerPin = demoUsers.find((user) => user.role === 'manager')!.pin;

interface Ledger {
  db: Db;
  services: Services;
  codes: string[];
}

function createLedger(file: string): Ledger {
  const db = openLedger(file);
  const services = createServices({ db, events: new EventBus(), now: () => new Date(), version: 'bench' });
  services.settings.saveStore(demoStore);
  services.settings.saveRegister(demoRegister);
  const updatedAt = new Date().toISOString();
  const products = generateCatalog(catalogSize);
  db.transaction(() => {
    for (const product of products) services.catalog.upsert(product, updatedAt);
  })();
  seedDemoUsersIfNone(services);
  services.people.login({ pin: managerPin });
  return { db, services, codes: products.map((product) => product.sku) };
}

/** Opens a count and fills it with `lines` lines (each SKU once), in one transaction: not measured. */
function filledCount({ db, services, codes }: Ledger, lines: number): void {
  services.counts.open({ scope: { kind: 'store' }, blind: false });
  db.transaction(() => {
    for (let i = 0; i < lines; i++) services.counts.scan(codes[i % codes.length]!);
  })();
}

export interface CountsBench {
  rows: string[][];
  targets: BenchTarget[];
}

export async function countsBench(): Promise<CountsBench> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-counts-'));
  try {
    const ledger = createLedger(join(dir, 'ledger.db'));
    const rows: string[][] = [];
    const targets: BenchTarget[] = [];

    // Scans into a count that grows to 10,000 lines, each a new line (the costliest case), beside a bare INSERT.
    filledCount(ledger, 0);
    ledger.db.exec('CREATE TABLE bare_lines (id INTEGER PRIMARY KEY, sku TEXT, quantity INTEGER, at TEXT)');
    const bareLine = ledger.db.prepare('INSERT INTO bare_lines (sku, quantity, at) VALUES (?, 1, ?)');
    let scanned = 0;
    const [scan, bare] = measureInterleaved(
      [
        () => timed(() => ledger.services.counts.scan(ledger.codes[scanned++ % catalogSize]!)),
        () => timed(() => bareLine.run('SKU', new Date().toISOString())),
      ],
      { samples: countLines - 500, blockSize: 500, warmup: 250 },
    );
    const scanStats = summarize(scan!);
    const scanComparison: Comparison = [
      { label: 'scan into a count → its line (register service)', stats: scanStats },
      { label: 'bare one-row INSERT (better-sqlite3)', stats: summarize(bare!) },
    ];
    rows.push(...comparisonRows(scanComparison));
    targets.push({
      goal: 'scan into a count → line shown, p99 < 16 ms (the service part; the screen renders one row)',
      measured: `${ms(scanStats.p99)} ms at up to ${countLines.toLocaleString('en')} lines`,
      pass: scanStats.p99 < 16,
    });
    ledger.services.counts.submit();

    // Submitting 10,000 lines, beside bare inserts of the same rows and outbox events in one transaction.
    ledger.db.exec('CREATE TABLE bare_outbox (seq INTEGER PRIMARY KEY, payload TEXT)');
    const bareOutbox = ledger.db.prepare('INSERT INTO bare_outbox (payload) VALUES (?)');
    const bareSubmit = ledger.db.transaction(() => {
      const at = new Date().toISOString();
      const lines = [];
      for (let i = 0; i < countLines; i++) {
        bareLine.run(ledger.codes[i % catalogSize]!, at);
        lines.push({ sku: ledger.codes[i % catalogSize], quantity: 1, countedAt: at, countedBy: 'u' });
      }
      for (let i = 0; i < lines.length; i += COUNT_LINES_PER_EVENT)
        bareOutbox.run(JSON.stringify(lines.slice(i, i + COUNT_LINES_PER_EVENT)));
    });
    const [submit, bareSubmitted] = measureInterleaved(
      [
        () => {
          filledCount(ledger, countLines);
          return timed(() => ledger.services.counts.submit());
        },
        () => timed(() => bareSubmit()),
      ],
      { samples: 10, blockSize: 2, warmup: 1 },
    );
    rows.push(
      ...comparisonRows([
        {
          label: `submit a ${countLines.toLocaleString('en')}-line count (register)`,
          stats: summarize(submit!),
        },
        { label: 'bare inserts of its lines and events, one transaction', stats: summarize(bareSubmitted!) },
      ]),
    );
    ledger.db.close();

    rows.push(...(await headOfficeApply()));
    return { rows, targets };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Head office (SQLite) applying a 10,000-line count pushed as its five events, beside a bare insert of its lines. */
async function headOfficeApply(): Promise<string[][]> {
  const ho = await startTestHeadOffice('sqlite');
  try {
    await createStore(ho.admin, 'S');
    const { token, registerId } = await enrollRegister(ho.admin, 'S');
    const socket = await connectRegister(ho.url, token);
    const skus = generateCatalog(catalogSize).map((product) => product.sku);
    const at = new Date().toISOString();
    const lines = Array.from({ length: countLines }, (_line, i) => ({
      sku: skus[i]!,
      quantity: 1,
      countedAt: at,
    }));
    let seq = 0;
    const applied: number[] = [];
    const bare: number[] = [];
    for (let run = 0; run < 6; run++) {
      const countId = randomUUID();
      const events = [];
      for (let i = 0; i < countLines; i += COUNT_LINES_PER_EVENT) {
        const payload = countSubmission(
          { storeId: 'S', registerId },
          countId,
          lines.slice(i, i + COUNT_LINES_PER_EVENT),
        );
        events.push(outboxEvent((seq += 1), payload, countSubmitted.type));
      }
      const pushed = performance.now();
      // As the register's pump sends them: batches of at most 1 MB, one after the other.
      for (let left = events; left.length > 0;) {
        const batch = takeBatch(left);
        const reply = await socket.emitWithAck('push', { events: batch });
        if (reply.status !== 'ok') throw new Error(`The push was not applied: ${JSON.stringify(reply)}`);
        left = left.slice(batch.length);
      }
      const took = performance.now() - pushed;

      const started = performance.now();
      await ho.db.transaction().execute(async (tx) => {
        await sql`create temporary table if not exists bare_count_lines (count_id text, sku text, quantity integer, counted_at text)`.execute(
          tx,
        );
        await sql`insert into bare_count_lines select ${countId}, value ->> 'sku', value ->> 'quantity', value ->> 'countedAt' from json_each(${JSON.stringify(lines)})`.execute(
          tx,
        );
      });
      const bareTook = performance.now() - started;
      // The first run warms up.
      if (run > 0) {
        applied.push(took);
        bare.push(bareTook);
      }
    }
    socket.close();
    return comparisonRows([
      {
        label: `head office applies the ${countLines.toLocaleString('en')}-line count (its events, in 1 MB pushes)`,
        stats: summarize(applied),
      },
      { label: 'bare insert of its lines (one statement, SQLite)', stats: summarize(bare) },
    ]);
  } finally {
    await ho.close();
    await ho.database.cleanup();
  }
}
