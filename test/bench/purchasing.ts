/**
 * Replenishment suggestions for a big store (issue 17, "Benchmark"): 100,000 active SKUs with reorder levels and
 * balances, 1,000,000 past sale movements over 90 days, a preferred supplier for every SKU, on PostgreSQL. The
 * suggestions (GET …/replenishment/suggestions, over HTTP to head office in its own process) beside a baseline
 * in the same run: one aggregate SQL over the same rows through pg (the low SKUs with their 30/90-day sales).
 */
import pg from 'pg';
import { demoStore } from '../../src/main/services/demo-seed.ts';
import { startHeadOfficeProcess } from '../harness/head-office-process.ts';
import { measure, ok } from './backoffice.ts';
import type { BenchSection } from './report.ts';
import type { Stats } from './stats.ts';

export const name = 'purchasing';

const skuCount = 100_000;
const movementCount = 1_000_000;
const goalMs = 2_000;
const warmup = 1;
const samples = 5;
const storeId = 'BIG-1';

const timedRuns = (run: () => Promise<unknown>) => measure(run, { warmup, samples });

const ms = (stats: Stats) => `p50 ${stats.p50.toFixed(0)} ms, max ${stats.p99.toFixed(0)} ms`;

export async function run(): Promise<BenchSection> {
  const ho = await startHeadOfficeProcess('postgres');
  const sql = new pg.Client({ connectionString: ho.databaseUrl });
  await sql.connect();
  try {
    await ok(ho, 'POST', '/api/stores', {
      id: storeId,
      name: 'Big store',
      currency: 'EUR',
      pricesIncludeTax: true,
      taxRates: demoStore.taxRates,
    });
    const now = new Date().toISOString();
    // Every SKU has levels 10 / 40 and a balance from 0 to 49: about one in five is low.
    await sql.query(
      `insert into products (sku, name, search_name, price_minor, tax_code, category, unit, active, updated_at)
       select 'SKU-' || lpad(n::text, 6, '0'), 'Product ' || n, 'product ' || n, 100 + n % 900, 'STD', 'Cat ' || n % 50, 'each', 1, $1
       from generate_series(1, $2::int) n`,
      [now, skuCount],
    );
    await sql.query(
      `insert into reorder_levels (store_id, sku, reorder_point, desired_level, safety_stock, updated_at)
       select $1, sku, 10, 40, 2, $2 from products`,
      [storeId, now],
    );
    await sql.query(
      `insert into stock_balances (store_id, sku, on_hand, damaged, committed, in_transit, counted_at, updated_at,
         change_seq)
       select $1, sku, abs(hashtext(sku)) % 50, 0, 0, 0, null, $2, 0 from products`,
      [storeId, now],
    );
    await sql.query(
      `insert into suppliers (id, name, search_name, contact, email, currency, lead_time_days, minimum_order_minor,
         created_at, updated_at)
       select 'SUP-' || n, 'Supplier ' || n, 'supplier ' || n, null, null, 'EUR', 5, 0, $1, $1 from generate_series(1, 20) n`,
      [now],
    );
    await sql.query(
      `insert into supplier_items (supplier_id, sku, supplier_code, unit_cost_minor, pack_size, case_barcode,
         minimum_quantity, preferred, updated_at)
       select 'SUP-' || (1 + abs(hashtext(sku)) % 20), sku, 'C-' || sku, 50, 6, null, 0, 1, $1 from products`,
      [now],
    );
    // 1,000,000 sales over the last 90 days, 10 per SKU.
    await sql.query(
      `insert into stock_movements (store_id, sku, reason, state, quantity, ref, document_kind, actor, register_id,
         seq, occurred_at, recorded_at)
       select $1, 'SKU-' || lpad((1 + n % $3::int)::text, 6, '0'), 'SALE', 'on_hand', -1, null, 'sale.completed',
         null, 'REG-1', n, to_char(now() - (n % 90) * interval '1 day' - (n % 86400) * interval '1 second',
         'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), $2
       from generate_series(1, $4::int) n`,
      [storeId, now, skuCount, movementCount],
    );
    await sql.query('vacuum analyze');

    let lines = 0;
    const suggestions = await timedRuns(async () => {
      const body = (await ok(ho, 'GET', `/api/stores/${storeId}/replenishment/suggestions`)) as {
        lines: unknown[];
      };
      lines = body.lines.length;
    });
    const since90 = new Date(Date.now() - 90 * 86_400_000).toISOString();
    const since30 = new Date(Date.now() - 30 * 86_400_000).toISOString();
    let baselineRows = 0;
    const baseline = await timedRuns(async () => {
      const result = await sql.query(
        `select p.sku, b.on_hand, l.reorder_point, l.desired_level, s.sold30, s.sold90
         from products p
         join reorder_levels l on l.store_id = $1 and l.sku = p.sku
         left join stock_balances b on b.store_id = $1 and b.sku = p.sku
         left join (
           select sku, -sum(case when occurred_at >= $3 then quantity else 0 end) as sold30, -sum(quantity) as sold90
           from stock_movements
           where store_id = $1 and reason in ('SALE', 'RETURN', 'VOID') and occurred_at >= $2
           group by sku
         ) s on s.sku = p.sku
         where p.active = 1 and coalesce(b.on_hand, 0) - coalesce(b.committed, 0) <= l.reorder_point`,
        [storeId, since90, since30],
      );
      baselineRows = result.rowCount ?? 0;
    });
    console.log(
      `suggestions: ${ms(suggestions)} (${lines} lines); baseline SQL: ${ms(baseline)} (${baselineRows})`,
    );
    return {
      title: 'Replenishment suggestions for a store with 100,000 SKUs (PostgreSQL)',
      method:
        `One store with ${skuCount.toLocaleString('en-US')} active SKUs, each with reorder levels, a balance and a ` +
        `preferred supplier, and ${movementCount.toLocaleString('en-US')} sale movements over the last 90 days, ` +
        `on PostgreSQL. The suggestions over HTTP to head office in its own process (levels, balances, incoming, ` +
        `inbound transfers, 30/90-day sales, suppliers, transfer offers; ${samples} runs after ${warmup} unmeasured), ` +
        'beside a baseline in the same run: one aggregate SQL over the same rows through pg (the low SKUs with ' +
        'their 30/90-day sales, no suppliers, offers or rounding).',
      columns: ['What', 'Rows', 'Time'],
      rows: [
        [
          'Suggestions (`GET /api/stores/:storeId/replenishment/suggestions`)',
          String(lines),
          ms(suggestions),
        ],
        ['Baseline: one aggregate SQL', String(baselineRows), ms(baseline)],
      ],
      targets: [
        {
          goal: `Suggestions for a store with 100,000 SKUs and 1,000,000 past movements < ${goalMs} ms`,
          measured: `max ${suggestions.p99.toFixed(0)} ms`,
          pass: suggestions.p99 < goalMs,
        },
      ],
    };
  } finally {
    await sql.end();
    await ho.close();
  }
}
