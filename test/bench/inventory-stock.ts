/**
 * Stock of one SKU across 50 stores (issue 15, "Benchmark"): the back office's SKU view asks head office for one
 * SKU at every store in every state, and for its movements at a store. 50 stores with 2,000 stocked SKUs each in
 * every state and 100 movements per store and SKU of the SKU looked at (plus 20 of every other), on PostgreSQL.
 * Each request over HTTP to head office in its own process, beside the same queries as bare SQL through pg.
 */
import pg from 'pg';
import { demoStore } from '../../src/main/services/demo-seed.ts';
import { generateCatalog } from '../fixtures/catalog-generator.ts';
import { startHeadOfficeProcess } from '../harness/head-office-process.ts';
import { latency, measure, ok } from './backoffice.ts';
import type { BenchSection } from './report.ts';

/** Run with the other inventory benchmarks by `npm run bench -- inventory`, or alone by its own name. */
export const name = 'inventory-stock';

const storeCount = 50;
const skuCount = 2_000;
const movementsOfWatched = 100;
const movementsOfOthers = 20;
const p99Goal = 50;

const storeId = (i: number) => `STORE-${String(i).padStart(2, '0')}`;

export async function run(): Promise<BenchSection> {
  const ho = await startHeadOfficeProcess('postgres');
  const sql = new pg.Client({ connectionString: ho.databaseUrl });
  await sql.connect();
  try {
    const catalog = generateCatalog(skuCount).map(({ stock: _stock, ...product }) => product);
    await ok(ho, 'PUT', '/api/products', { products: catalog });
    for (let i = 1; i <= storeCount; i += 1) {
      await ok(ho, 'POST', '/api/stores', {
        id: storeId(i),
        name: `Store ${i}`,
        currency: 'EUR',
        pricesIncludeTax: true,
        taxRates: demoStore.taxRates,
        ...(i === storeCount ? { kind: 'warehouse' } : {}),
      });
    }
    const watched = catalog[0]!.sku;
    const now = new Date().toISOString();
    await sql.query(
      `insert into stock_balances (store_id, sku, on_hand, damaged, committed, in_transit, counted_at, updated_at,
         change_seq)
       select s.id, p.sku, abs(hashtext(s.id || p.sku)) % 100, abs(hashtext(p.sku || s.id)) % 5, 0, 0, null, $1, 0
       from stores s cross join products p`,
      [now],
    );
    await sql.query(
      `insert into stock_movements (store_id, sku, reason, state, quantity, ref, document_kind, actor, register_id,
         seq, occurred_at, recorded_at)
       select s.id, p.sku, 'SALE', 'on_hand', -1, md5(s.id || p.sku || n), 'sale.completed', null, 'REG-' || s.id, n,
         $1, $1
       from stores s cross join products p
       cross join generate_series(1, case when p.sku = $2 then $3::int else $4::int end) n`,
      [now, watched, movementsOfWatched, movementsOfOthers],
    );
    await sql.query('vacuum analyze');

    const requests = [
      {
        what: `One SKU at ${storeCount} stores, every state`,
        path: `/api/stock/${watched}`,
        bare: [
          ['select id, name, kind from stores order by name, id'],
          ['select * from stock_balances where sku = $1', [watched]],
          ['select name from products where sku = $1', [watched]],
        ] as [string, unknown[]?][],
      },
      {
        what: `Its movements at a store (${movementsOfWatched}), first page`,
        path: `/api/stores/${storeId(7)}/stock/${watched}/movements`,
        bare: [
          [
            `select m.*, a.reason, a.custom_reason from stock_movements m
             left join adjustments a on a.adjustment_id = m.ref and m.reason = 'ADJUST'
             where m.store_id = $1 and m.sku = $2 order by m.id desc limit 101`,
            [storeId(7), watched],
          ],
          ['select id from stores where id = $1', [storeId(7)]],
        ] as [string, unknown[]?][],
      },
    ];
    const rows: string[][] = [];
    // The target is the first view's (the SKU at every store); its movements are shown beside it.
    let acrossStores: number | null = null;
    for (const request of requests) {
      const api = await measure(() => ok(ho, 'GET', request.path));
      const bare = await measure(async () => {
        for (const [text, values] of request.bare) await sql.query(text, values);
      });
      acrossStores ??= api.p99;
      console.log(`${request.what}: API ${latency(api)}; bare SQL ${latency(bare)}`);
      rows.push([request.what, `\`GET ${request.path}\``, latency(api), latency(bare)]);
    }
    return {
      title: 'Stock of one SKU across 50 stores (PostgreSQL)',
      method:
        `${storeCount} stores (one a warehouse) with ${skuCount.toLocaleString('en-US')} SKUs each in every ` +
        `state, ${movementsOfWatched} movements per store of the SKU looked at and ${movementsOfOthers} of every ` +
        'other, on PostgreSQL. Each request one at a time over HTTP to head office in its own process, beside ' +
        'its queries as bare SQL through pg in the same run.',
      columns: ['View', 'Request', 'API call', 'Bare SQL'],
      rows,
      targets: [
        {
          goal: `Stock screen of one SKU across ${storeCount} stores: API call p99 < ${p99Goal} ms`,
          measured: `p99 ${acrossStores!.toFixed(1)} ms`,
          pass: acrossStores! < p99Goal,
        },
      ],
    };
  } finally {
    await sql.end();
    await ho.close();
  }
}
