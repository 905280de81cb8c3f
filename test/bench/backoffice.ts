/**
 * The back office's lists at the size the issue names (issue 16, "Benchmark"): 100,000 products and 50 stores on
 * PostgreSQL, with 10,000 stocked SKUs per store, 100,000 sales and 20,000 exceptions. Each page the back office
 * asks for is timed as the browser asks for it (an HTTP call to head office, session-less with the admin token,
 * answer encoded and checked against its schema), beside the bare SQL of the same page run through pg in the
 * same run: the difference is what head office adds.
 *
 * The catalog goes in through the admin API (PUT /api/products, 5,000 at a time); stores, registers, stock,
 * sales and exceptions are written straight into the tables, as their own paths (registers syncing) would take
 * far longer to produce them and are benchmarked in `sync`.
 */
import pg from 'pg';
import { demoStore } from '../../src/main/services/demo-seed.ts';
import type { SalePayload } from '../../src/shared/documents/sale.ts';
import { startOfDay } from '../../src/shared/time-zone.ts';
import { generateCatalog } from '../fixtures/catalog-generator.ts';
import { startHeadOfficeProcess, type HeadOfficeProcess } from '../harness/head-office-process.ts';
import { completedSale } from '../integration/headoffice/helpers.ts';
import type { BenchSection } from './report.ts';
import { summarize, type Stats } from './stats.ts';

export const name = 'backoffice';

const productCount = 100_000;
const storeCount = 50;
const stockedPerStore = 10_000;
const salesPerStore = 2_000;
const exceptionCount = 20_000;
const samples = 200;
const warmup = 20;
const p99Goal = 50;

const storeId = (i: number) => `STORE-${String(i).padStart(2, '0')}`;
const timeZone = 'Europe/Dublin';

/** `$from`, `$from+1`… for `count` values. */
const placeholders = (count: number, from = 1): string =>
  Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');

/**
 * The queries GET /api/today runs (src/headoffice/today.ts, listStores, listRegisters) as plain SQL: each store's
 * sales by hour and returns since its midnight, open exceptions, SKUs with nothing on hand and the registers with
 * their last applied event.
 */
function todayQueries(): Page['bare'] {
  const ids = Array.from({ length: storeCount }, (_, i) => storeId(i + 1));
  // Every store is in one zone: one midnight, one condition.
  const sinceMidnight = `store_id in (${placeholders(storeCount, 2)}) and completed_at >= $1`;
  const sinceValues = [startOfDay(new Date(), timeZone).toISOString(), ...ids];
  return [
    ['select * from stores order by id'],
    [
      `select store_id, substr(completed_at, 1, 13), count(*), sum(total_minor) from sales
       where ${sinceMidnight} group by store_id, substr(completed_at, 1, 13)`,
      sinceValues,
    ],
    [
      `select store_id, count(*), sum(total_minor) from returns where ${sinceMidnight} group by store_id`,
      sinceValues,
    ],
    [
      `select store_id, count(*) from exceptions where resolved_at is null and store_id in (${placeholders(storeCount)})
       group by store_id`,
      ids,
    ],
    [
      `select store_id, count(*) from stock_balances where on_hand <= $1
       and store_id in (${placeholders(storeCount, 2)}) group by store_id`,
      [0, ...ids],
    ],
    [
      `select r.*, e.occurred_at as last_event_at from registers r
       left join received_events e on e.register_id = r.id and e.seq = r.last_applied_seq
       where r.store_id in (${placeholders(storeCount)}) order by r.store_id, r.created_at`,
      ids,
    ],
  ];
}

export async function ok(
  ho: Pick<HeadOfficeProcess, 'admin'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const reply = await ho.admin(method, path, body);
  if (reply.status >= 300)
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export async function seed(ho: Pick<HeadOfficeProcess, 'admin'>, sql: pg.Client): Promise<void> {
  const catalog = generateCatalog(productCount);
  for (let i = 0; i < catalog.length; i += 5_000) {
    const products = catalog.slice(i, i + 5_000).map(({ stock: _stock, ...product }) => product);
    await ok(ho, 'PUT', '/api/products', { products });
  }
  for (let i = 1; i <= storeCount; i += 1) {
    await ok(ho, 'POST', '/api/stores', {
      id: storeId(i),
      name: `Store ${i}`,
      currency: 'EUR',
      locale: 'en-IE',
      timeZone,
      pricesIncludeTax: true,
      taxRates: demoStore.taxRates,
    });
  }
  const now = new Date().toISOString();
  await sql.query(
    `insert into registers (id, store_id, name, token_hash, created_at, last_applied_seq, last_seen_at)
     select 'REG-' || id, id, 'Till 1', md5(id), $1, $2, $1 from stores`,
    [now, salesPerStore],
  );
  // Each store stocks the first SKUs of the catalog; about three in a hundred have nothing on hand.
  await sql.query(
    `insert into stock_balances (store_id, sku, on_hand, counted_at, updated_at, change_seq)
     select s.id, p.sku, (abs(hashtext(s.id || p.sku)) % 100) - 2, null, $1, 0
     from stores s cross join (select sku from products order by sku limit $2) p`,
    [now, stockedPerStore],
  );
  // Sales spread over the last 30 days, every one with the register's payload its receipt is read from.
  const template: SalePayload = completedSale(1, { storeId: 'STORE-01', registerId: 'REG-STORE-01' }, [
    { sku: catalog[0]!.sku, unitPriceMinor: catalog[0]!.priceMinor },
    { sku: catalog[1]!.sku, unitPriceMinor: catalog[1]!.priceMinor },
  ]);
  await sql.query(
    `insert into received_events (register_id, seq, event_id, type, schema_version, payload_hash, payload,
       occurred_at, received_at)
     select r.id, n, md5(r.id || n), 'sale.completed', 1, md5($1), $1, $2, $2
     from registers r cross join generate_series(1, $3) n`,
    [JSON.stringify(template), now, salesPerStore],
  );
  await sql.query(
    `insert into sales (sale_id, store_id, register_id, seq, receipt_number, completed_at, received_at, currency,
       prices_include_tax, subtotal_minor, tax_minor, total_minor, change_minor, tenders, user_id, shift_id)
     select md5(r.id || n), r.store_id, r.id, n, 'R-' || lpad(n::text, 6, '0'),
       to_char((now() - (n * interval '20 minutes')) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       $1, 'EUR', 1, 500 + n % 3000, 0, 500 + n % 3000, 0, '[]', 'user-1', 'shift-1'
     from registers r cross join generate_series(1, $2) n`,
    [now, salesPerStore],
  );
  await sql.query(
    `insert into exceptions (kind, store_id, register_id, seq, sku, details, created_at, resolved_at)
     select 'negative_stock', 'STORE-' || lpad((n % $1 + 1)::text, 2, '0'), null, null, 'SKU-' || n,
       'Below zero after a sale', $2, case when n % 2 = 0 then $2 end
     from generate_series(1, $3) n`,
    [storeCount, now, exceptionCount],
  );
  // As autovacuum would by the time anyone looks: statistics, and the visibility map index-only scans need.
  await sql.query('vacuum analyze');
}

interface Page {
  what: string;
  path: string;
  /** The page's queries as plain SQL: what the database alone spends on it. */
  bare: [text: string, values?: unknown[]][];
}

/** `run` timed `samples` times after `warmup` unmeasured calls (fewer for a request that takes seconds). */
export async function measure(
  run: () => Promise<unknown>,
  runs: { warmup: number; samples: number } = { warmup, samples },
): Promise<Stats> {
  for (let i = 0; i < runs.warmup; i += 1) await run();
  const times: number[] = [];
  for (let i = 0; i < runs.samples; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return summarize(times);
}

const count = (value: number): string => value.toLocaleString('en-US');
export const latency = (stats: Stats): string =>
  `p50 ${stats.p50.toFixed(1)} ms, p99 ${stats.p99.toFixed(1)} ms`;

export async function run(): Promise<BenchSection> {
  // Head office in its own process, as `npm run headoffice` runs it: its work and this one's do not mix.
  const ho = await startHeadOfficeProcess('postgres');
  const sql = new pg.Client({ connectionString: ho.databaseUrl });
  await sql.connect();
  try {
    const started = performance.now();
    await seed(ho, sql);
    console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // A cursor deep into the catalog by name, as a person scrolling far down would send it.
    const deep = (
      await sql.query<{ name: string; sku: string }>(
        'select name, sku from products order by name, sku offset 90000 limit 1',
      )
    ).rows[0]!;
    const after = JSON.stringify([deep.name, deep.sku]);
    const word = 'butter';
    const matches = Number(
      (
        await sql.query<{ n: string }>(
          `select count(*) as n from products where to_tsvector('simple', search_name) @@ to_tsquery('simple', $1)`,
          [`${word}:*`],
        )
      ).rows[0]!.n,
    );
    const category = (await sql.query<{ category: string }>('select category from products limit 1')).rows[0]!
      .category;
    /** What a search finds: the words of a name, the start of a SKU, or a barcode. */
    const found = `select sku from products where to_tsvector('simple', search_name) @@ to_tsquery('simple', $1)
      union select sku from products where lower(sku) like $2
      union select b.sku from barcodes b join products p on p.sku = b.sku where b.code = $3`;
    const pageRows = (order: string, where = 'true', values: unknown[] = []): Page['bare'] => [
      [`select sku, name from products where ${where} order by ${order} limit 101`, values],
      [`select count(*) from products where ${where}`, values],
      ['select code, sku from barcodes where sku in (select sku from products order by sku limit 100)'],
    ];
    const pages: Page[] = [
      { what: 'Products, first page', path: '/api/products', bare: pageRows('sku') },
      {
        what: 'Products by price, dearest first',
        path: '/api/products?sort=-price',
        bare: pageRows('price_minor desc, sku desc'),
      },
      {
        what: `Products searched ("${word}": ${count(matches)} matches)`,
        path: `/api/products?q=${word}`,
        bare: [
          [
            `select sku, count(*) over () from (${found}) found order by sku limit 101`,
            [`${word}:*`, `${word}%`, word],
          ],
          ['select code, sku from barcodes where sku in (select sku from products order by sku limit 100)'],
        ],
      },
      {
        what: 'Products of a category, on sale',
        path: `/api/products?category=${encodeURIComponent(category)}&active=true`,
        bare: pageRows('sku', 'category = $1 and active = 1', [category]),
      },
      {
        what: 'Products by name, row 90,000',
        path: `/api/products?sort=name&after=${encodeURIComponent(after)}`,
        bare: [
          [
            'select sku, name from products where (name, sku) > ($1, $2) order by name, sku limit 101',
            [deep.name, deep.sku],
          ],
        ],
      },
      {
        what: "A store's stock with nothing on hand",
        path: `/api/stores/${storeId(7)}/stock?low=true`,
        bare: [
          [
            `select b.*, p.name from stock_balances b left join products p on p.sku = b.sku
             where b.store_id = $1 and b.on_hand <= 0 order by b.sku limit 101`,
            [storeId(7)],
          ],
        ],
      },
      {
        what: "A store's stock searched",
        path: `/api/stores/${storeId(7)}/stock?q=${word}`,
        bare: [
          [
            `select b.*, p.name from stock_balances b left join products p on p.sku = b.sku
             where b.store_id = $1 and (lower(b.sku) like $2 or b.sku in (select sku from products
               where to_tsvector('simple', search_name) @@ to_tsquery('simple', $3))) order by b.sku limit 101`,
            [storeId(7), `${word}%`, `${word}:*`],
          ],
        ],
      },
      {
        what: "A store's sales, newest first",
        path: `/api/sales?storeId=${storeId(7)}&order=newest`,
        bare: [
          [
            'select * from sales where store_id = $1 order by completed_at desc, sale_id desc limit 101',
            [storeId(7)],
          ],
          [
            `select s.sale_id, e.payload from sales s join received_events e on e.register_id = s.register_id and e.seq = s.seq
             where s.sale_id in (select sale_id from sales where store_id = $1 order by completed_at desc limit 100)`,
            [storeId(7)],
          ],
        ],
      },
      {
        what: 'Open exceptions, every store',
        path: '/api/exceptions?unresolved=true',
        bare: [['select * from exceptions where resolved_at is null order by id limit 101']],
      },
      {
        what: `Today, ${storeCount} stores`,
        path: '/api/today',
        bare: todayQueries(),
      },
    ];

    const rows: string[][] = [];
    let worst = 0;
    for (const page of pages) {
      const api = await measure(() => ok(ho, 'GET', page.path));
      const bare = await measure(async () => {
        for (const [text, values] of page.bare) await sql.query(text, values);
      });
      worst = Math.max(worst, api.p99);
      console.log(`${page.what}: API ${latency(api)}; bare SQL ${latency(bare)}`);
      rows.push([
        page.what,
        `\`GET ${page.path.length > 60 ? `${page.path.slice(0, 57)}…` : page.path}\``,
        latency(api),
        latency(bare),
      ]);
    }
    return {
      title: 'Back office lists at 100,000 products and 50 stores (PostgreSQL)',
      method:
        `${count(productCount)} products (through PUT /api/products), ${storeCount} stores with ` +
        `${count(stockedPerStore)} stocked SKUs each, ${count(storeCount * salesPerStore)} sales and ` +
        `${count(exceptionCount)} exceptions, on PostgreSQL. Each page as the back office asks for it, one request ` +
        `at a time over HTTP to head office in its own process (${samples} measured after ${warmup} unmeasured), ` +
        "beside the page's queries as bare SQL through pg in the same run. The search is for a word in " +
        `${count(matches)} product names: the dearest kind, as a count and a sort of every match come with it.`,
      columns: ['Page', 'Request', 'API call', 'Bare SQL'],
      rows,
      targets: [
        {
          goal: `Every list and filter page: API call p99 < ${p99Goal} ms on PostgreSQL`,
          measured: `worst p99 ${worst.toFixed(1)} ms`,
          pass: worst < p99Goal,
        },
      ],
    };
  } finally {
    await sql.end();
    await ho.close();
  }
}
