/**
 * Moving-average update per received line (issue 17, "Benchmark"): what a goods receipt line costs head office
 * to move the SKU's average (costing.ts: read what the company holds across its stores and the average, apply
 * the formula, write it), beside a bare insert of the same line's figure as the baseline, in the same run and
 * the same kind of transaction. 20 stores holding 5,000 SKUs each; SQLite and PostgreSQL, in this process.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import type { HeadOffice } from '../../src/headoffice/context.ts';
import { applyReceiptCosts } from '../../src/headoffice/costing.ts';
import { openDatabase, type Dialect } from '../../src/headoffice/db/connect.ts';
import { createStore } from '../../src/headoffice/stores.ts';
import { demoStore } from '../../src/main/services/demo-seed.ts';
import type { BenchSection } from './report.ts';
import { summarize, type Stats } from './stats.ts';

export const name = 'cost';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const storeCount = 20;
const skuCount = 5_000;
const samples = 2_000;
const warmup = 200;
/** The average reads two small things before it writes: per line it should cost at most this many bare inserts. */
const goalRatio = 3;

const skuOf = (i: number) => `SKU-${String(i % skuCount).padStart(5, '0')}`;

async function seeded(dialect: Dialect) {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-cost-'));
  const pgSchema = `bench_cost_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const opened = await openDatabase({
    dataDir,
    ...(dialect === 'postgres' ? { databaseUrl: PG_URL, pgSchema } : {}),
  });
  const ho: HeadOffice = {
    db: opened.db,
    dialect,
    now: () => new Date(),
    changeRetentionMs: 60_000,
    poke: () => undefined,
  };
  const now = new Date().toISOString();
  for (let s = 1; s <= storeCount; s += 1) {
    await createStore(ho, {
      id: `S${s}`,
      name: `Store ${s}`,
      currency: 'EUR',
      pricesIncludeTax: true,
      taxRates: demoStore.taxRates,
    });
    for (let from = 0; from < skuCount; from += 1_000) {
      const rows = Array.from({ length: 1_000 }, (_, i) => ({
        store_id: `S${s}`,
        sku: skuOf(from + i),
        on_hand: (from + i + s) % 40,
        damaged: 0,
        committed: 0,
        in_transit: 0,
        counted_at: null,
        updated_at: now,
        change_seq: 0,
      }));
      await opened.db.insertInto('stock_balances').values(rows).execute();
    }
  }
  if (dialect === 'postgres') await sql`analyze`.execute(opened.db);
  return {
    ho,
    async close() {
      await opened.close();
      if (dialect === 'postgres') {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${pgSchema} cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The variants take turns, one sample each, so load on the machine falls on both alike. */
async function measureBoth(
  ours: (i: number) => Promise<unknown>,
  baseline: (i: number) => Promise<unknown>,
): Promise<{ ours: Stats; baseline: Stats }> {
  const times = { ours: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < warmup + samples; i += 1) {
    for (const [variant, run] of [
      ['ours', ours],
      ['baseline', baseline],
    ] as const) {
      const start = performance.now();
      await run(i);
      if (i >= warmup) times[variant].push(performance.now() - start);
    }
  }
  return { ours: summarize(times.ours), baseline: summarize(times.baseline) };
}

const ms = (stats: Stats) => `p50 ${stats.p50.toFixed(3)} ms, p99 ${stats.p99.toFixed(3)} ms`;

export async function run(): Promise<BenchSection> {
  const rows: string[][] = [];
  const ratios: number[] = [];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const { ho, close } = await seeded(dialect);
    try {
      const line = (i: number) => ({
        sku: skuOf(i * 7),
        quantity: 1 + (i % 12),
        unitCostMinor: 100 + (i % 900),
      });
      const measured = await measureBoth(
        (i) =>
          ho.db
            .transaction()
            .execute((tx) =>
              applyReceiptCosts(ho, tx, [{ storeId: `S${1 + (i % storeCount)}`, lines: [line(i)] }]),
            ),
        (i) =>
          ho.db.transaction().execute(async (tx) => {
            const { sku, unitCostMinor } = line(i);
            await tx
              .insertInto('item_costs')
              .values({
                currency: 'USD',
                sku,
                unit_cost_minor: unitCostMinor,
                updated_at: new Date().toISOString(),
              })
              .onConflict((oc) =>
                oc.columns(['currency', 'sku']).doUpdateSet({ unit_cost_minor: unitCostMinor }),
              )
              .execute();
          }),
      );
      console.log(`${dialect}: moving average ${ms(measured.ours)}; bare insert ${ms(measured.baseline)}`);
      rows.push([dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL', ms(measured.ours), ms(measured.baseline)]);
      ratios.push(measured.ours.p50 / measured.baseline.p50);
    } finally {
      await close();
    }
  }
  const ratio = Math.max(...ratios);
  return {
    title: 'Moving-average update per received line',
    method:
      `${storeCount} stores holding ${skuCount.toLocaleString('en-US')} SKUs each. Per goods receipt line, one ` +
      'transaction: `applyReceiptCosts` (reads what the company holds of the SKU across its stores and its ' +
      'average, applies the formula, upserts the average) beside the baseline, a bare upsert of the same ' +
      `line's cost in the same kind of transaction. ${samples.toLocaleString('en-US')} samples each after ` +
      `${warmup} unmeasured, the two taking turns, in this process.`,
    columns: ['Database', 'Moving average per line', 'Bare insert per line (baseline)'],
    rows,
    targets: [
      {
        goal: `Moving-average update of one received line, p50 at most ${goalRatio}× the bare insert's (both databases)`,
        measured: `${ratio.toFixed(2)}× (the larger of the two)`,
        pass: ratio <= goalRatio,
      },
    ],
  };
}
