/**
 * The register's hot paths on a large ledger (issue 2): barcode lookup, name search and completing a sale,
 * each measured beside a bare better-sqlite3 baseline in the same run, in alternating blocks.
 */
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventBus } from '../../src/main/events.ts';
import { openLedger, type Db } from '../../src/main/ledger/database.ts';
import {
  demoRegister,
  demoStore,
  demoUsers,
  seedDemoUsersIfNone,
} from '../../src/main/services/demo-seed.ts';
import { createServices, type Services } from '../../src/main/services/index.ts';
import { generateCatalog, seededRandom, type GeneratedProduct } from '../fixtures/catalog-generator.ts';
import type { BenchSection, BenchTarget } from './report.ts';
import {
  comparisonRows,
  measureInterleaved,
  ms,
  pick,
  ratio,
  summarize,
  timed,
  type Comparison,
  type RunOptions,
  type Stats,
} from './stats.ts';

export const name = 'core';

const productCount = 100_000;
const movementCount = 1_000_000;
const linesPerSale = 5;

const lookupRuns: RunOptions = { samples: 10_000, blockSize: 1_000, warmup: 1_000 };
const searchRuns: RunOptions = { samples: 2_000, blockSize: 200, warmup: 200 };
const saleRuns: RunOptions = { samples: 2_000, blockSize: 100, warmup: 100 };

interface Product extends GeneratedProduct {
  id: number;
}

interface Ledger {
  db: Db;
  services: Services;
  products: Product[];
}

/**
 * The demo store with the generated catalog, written through the catalog service as the CSV import would,
 * a year of stock history, and a cashier logged in with a shift open, ready to sell.
 */
function createLedger(file: string): Ledger {
  const db = openLedger(file);
  // A large page cache for the bulk inserts only: the measured connection runs with the default again.
  const defaultCacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  const services = createServices({ db, events: new EventBus(), now: () => new Date(), version: 'bench' });
  services.settings.saveStore(demoStore);
  services.settings.saveRegister(demoRegister);
  const updatedAt = new Date().toISOString();
  const products = db.transaction(() =>
    generateCatalog(productCount).map((product): Product => ({
      ...product,
      id: services.catalog.upsert(product, updatedAt).productId,
    })),
  )();
  addPastMovements(db, products);
  db.pragma(`cache_size = ${defaultCacheSize}`);
  seedDemoUsersIfNone(services);
  services.people.login({ pin: demoUsers[0]!.pin }); // Alex, a cashier
  services.shifts.open({ count: [{ valueMinor: 2000, count: 5 }] });
  return { db, services, products };
}

/**
 * A year of history: opening stock for every product, then deliveries and sales at random. Setup, not
 * measured: bare statements in one transaction, with the balance projection summed alongside.
 */
function addPastMovements(db: Db, products: Product[]): void {
  const random = seededRandom(11);
  const insertMovement = db.prepare<[number, number, string, string, string]>(
    'INSERT INTO stock_movements (product_id, delta, reason, ref_id, occurred_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertBalance = db.prepare<[number, number]>(
    'INSERT INTO stock_balances (product_id, on_hand) VALUES (?, ?)',
  );
  const onHand = new Map<number, number>();
  const move = (product: Product, delta: number, reason: string, refId: string, at: string): void => {
    insertMovement.run(product.id, delta, reason, refId, at);
    onHand.set(product.id, (onHand.get(product.id) ?? 0) + delta);
  };
  const yearMs = 365 * 24 * 3600 * 1000;
  const start = Date.now() - yearMs;
  const history = movementCount - products.length;
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  db.transaction(() => {
    const opened = new Date(start).toISOString();
    for (const product of products) move(product, product.stock, 'RECEIVE', 'opening-stock', opened);
    for (let i = 0; i < history; i++) {
      const product = pick(products, random);
      const byWeight = product.unit === 'kg';
      const at = new Date(start + Math.floor(((i + 1) * yearMs) / history)).toISOString();
      if (random() < 0.1) {
        move(product, byWeight ? between(5, 20) * 1000 : between(12, 48), 'RECEIVE', `delivery-${i}`, at);
      } else {
        move(product, byWeight ? -between(200, 1500) : -between(1, 3), 'SALE', randomUUID(), at);
      }
    }
    for (const [productId, quantity] of onHand) insertBalance.run(productId, quantity);
  })();
}

/** A fresh connection to a copy of the ledger, with the pragmas openLedger sets. */
function openBaseline(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('wal_autocheckpoint = 0');
  return db;
}

/** `count` different products, so a basket never merges two picks into one line. */
function pickDistinct(items: readonly Product[], count: number, random: () => number): Product[] {
  const chosen = new Set<Product>();
  while (chosen.size < count) chosen.add(pick(items, random));
  return [...chosen];
}

/** What a cashier types: one to three consecutive words of a product name, the last one cut short. */
function partialQuery(productName: string, random: () => number): string {
  const words = productName
    .toLowerCase()
    .split(' ')
    .filter((word) => /[a-z0-9]/.test(word));
  const count = Math.min(words.length, 1 + Math.floor(random() * 3));
  const first = Math.floor(random() * (words.length - count + 1));
  const chosen = words.slice(first, first + count);
  const last = chosen.pop() as string;
  const typed = last.slice(0, Math.min(last.length, 2 + Math.floor(random() * (last.length - 1))));
  return [...chosen, typed].join(' ');
}

function benchLookup({ db, services }: Ledger): Comparison {
  const codes = db.prepare<[], string>('SELECT code FROM barcodes').pluck().all();
  const bare = db.prepare<[string], { id: number }>(
    `SELECT p.id, p.sku, p.name, p.price_minor, p.tax_code, p.unit, p.active
     FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?`,
  );
  for (const code of codes.slice(0, 100)) {
    if (services.catalog.lookupCode(code)?.id !== bare.get(code)?.id)
      throw new Error(`Lookups differ: ${code}`);
  }
  // The same seed on both sides: both look up the same codes in the same order.
  const oursRandom = seededRandom(21);
  const bareRandom = seededRandom(21);
  const [ours, baseline] = measureInterleaved(
    [
      () => {
        const code = pick(codes, oursRandom);
        return timed(() => services.catalog.lookupCode(code));
      },
      () => {
        const code = pick(codes, bareRandom);
        return timed(() => bare.get(code));
      },
    ],
    lookupRuns,
  ) as [number[], number[]];
  return [
    {
      label: `Barcode lookup: catalog.lookupCode, random codes of ${formatCount(codes.length)} barcodes`,
      stats: summarize(ours),
    },
    { label: 'baseline: prepared SELECT barcodes JOIN products by code', stats: summarize(baseline) },
  ];
}

function benchSearch({ db, services, products }: Ledger): Comparison {
  const random = seededRandom(31);
  const queries = Array.from({ length: searchRuns.samples + searchRuns.warmup }, () =>
    partialQuery(pick(products, random).name, random),
  );
  // One `name LIKE '%word%'` per word, as a search without an index would do it, with the same limit as ours.
  const likeByWordCount = [1, 2, 3].map((words) =>
    db.prepare<string[], { id: number }>(
      `SELECT id, sku, name, price_minor FROM products
       WHERE ${Array.from({ length: words }, () => 'name LIKE ?').join(' AND ')} LIMIT 20`,
    ),
  );
  const like = (query: string): unknown[] => {
    const words = query.split(' ').map((word) => `%${word}%`);
    return likeByWordCount[words.length - 1]!.all(...words);
  };
  for (const query of queries.slice(0, 200)) {
    if (services.catalog.search(query).length === 0) throw new Error(`Search found nothing for "${query}"`);
    if (like(query).length === 0) throw new Error(`LIKE found nothing for "${query}"`);
  }
  let oursNext = 0;
  let bareNext = 0;
  const [ours, baseline] = measureInterleaved(
    [
      () => {
        const query = queries[oursNext++] as string;
        return timed(() => services.catalog.search(query));
      },
      () => {
        const query = queries[bareNext++] as string;
        return timed(() => like(query));
      },
    ],
    searchRuns,
  ) as [number[], number[]];
  return [
    {
      label: 'Name search: catalog.search, 1–3 word partial queries (FTS5 prefix, ≤ 20 results)',
      stats: summarize(ours),
    },
    { label: "baseline: name LIKE '%word%' per word, LIMIT 20", stats: summarize(baseline) },
  ];
}

interface BareLine {
  product: Product;
  lineId: string;
  taxRateBasisPoints: number;
  taxMinor: number;
}

/** Everything the bare baseline writes for one sale, prepared before the clock starts. */
interface BareSale {
  saleId: string;
  userId: string;
  shiftId: string;
  tenderId: string;
  eventId: string;
  at: string;
  lines: BareLine[];
  totalMinor: number;
  taxMinor: number;
  cashMinor: number;
  taxes: string;
  payload: string;
  payloadHash: string;
}

/** A sale of these products paid in cash, priced roughly as the register would, with its outbox payload. */
function bareSale(products: Product[], seller: { userId: string; shiftId: string }): BareSale {
  const at = new Date().toISOString();
  const lines = products.map((product): BareLine => {
    const rate = demoStore.taxRates.find((taxRate) => taxRate.code === product.taxCode);
    const taxRateBasisPoints = rate?.rateBasisPoints ?? 0;
    const taxMinor = Math.round((product.priceMinor * taxRateBasisPoints) / (10_000 + taxRateBasisPoints));
    return { product, lineId: randomUUID(), taxRateBasisPoints, taxMinor };
  });
  const totalMinor = products.reduce((sum, product) => sum + product.priceMinor, 0);
  const taxMinor = lines.reduce((sum, line) => sum + line.taxMinor, 0);
  const saleId = randomUUID();
  const payload = JSON.stringify({ saleId, completedAt: at, lines, totalMinor, taxMinor });
  return {
    saleId,
    ...seller,
    tenderId: randomUUID(),
    eventId: randomUUID(),
    at,
    lines,
    totalMinor,
    taxMinor,
    cashMinor: cashFor(totalMinor),
    taxes: JSON.stringify([{ code: 'STD', taxMinor }]),
    payload,
    payloadHash: createHash('sha256').update(payload).digest('hex'),
  };
}

/** What the customer hands over: the next 5 euro note above the total. */
function cashFor(dueMinor: number): number {
  return Math.ceil((dueMinor + 1) / 500) * 500;
}

/**
 * The rows sales.complete() writes (sale, lines, tender, movements, balances, outbox row, the two counters),
 * with bare prepared statements in one immediate transaction.
 */
function bareSaleWriter(db: Db): (sale: BareSale) => void {
  const nextNumber = db
    .prepare<[string], number>(
      `INSERT INTO counters (name, value) VALUES (?, 1)
       ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
    )
    .pluck();
  const insertSale = db.prepare(
    `INSERT INTO sales (sale_id, receipt_number, store_id, register_id, started_at, completed_at,
       currency, prices_include_tax, subtotal_minor, tax_minor, total_minor, change_minor, taxes, outbox_seq,
       user_id, shift_id)
     VALUES (?, ?, ?, ?, ?, ?, 'EUR', 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO sale_lines (sale_id, line_no, line_id, product_id, sku, name, unit, quantity,
       unit_price_minor, tax_code, tax_rate_bp, amount_minor, tax_minor, total_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTender = db.prepare(
    `INSERT INTO sale_tenders (sale_id, tender_no, tender_id, kind, amount_minor)
     VALUES (?, 1, ?, 'cash', ?)`,
  );
  const insertMovement = db.prepare(
    `INSERT INTO stock_movements (product_id, delta, reason, ref_id, occurred_at)
     VALUES (?, -1, 'SALE', ?, ?)`,
  );
  const moveBalance = db.prepare(
    `INSERT INTO stock_balances (product_id, on_hand) VALUES (?, -1)
     ON CONFLICT(product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand`,
  );
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (seq, event_id, type, schema_version, occurred_at, payload, payload_hash)
     VALUES (?, ?, 'sale.completed', 1, ?, ?, ?)`,
  );
  const write = db.transaction((sale: BareSale) => {
    const receipt = `${demoRegister.receiptPrefix}${String(nextNumber.get('receipt')).padStart(6, '0')}`;
    const seq = nextNumber.get('outbox') as number;
    insertSale.run(
      sale.saleId,
      receipt,
      demoRegister.storeId,
      demoRegister.registerId,
      sale.at,
      sale.at,
      sale.totalMinor - sale.taxMinor,
      sale.taxMinor,
      sale.totalMinor,
      sale.cashMinor - sale.totalMinor,
      sale.taxes,
      seq,
      sale.userId,
      sale.shiftId,
    );
    sale.lines.forEach(({ product, lineId, taxRateBasisPoints, taxMinor }, index) =>
      insertLine.run(
        sale.saleId,
        index + 1,
        lineId,
        product.id,
        product.sku,
        product.name,
        product.unit,
        product.priceMinor,
        product.taxCode,
        taxRateBasisPoints,
        product.priceMinor - taxMinor,
        taxMinor,
        product.priceMinor,
      ),
    );
    insertTender.run(sale.saleId, sale.tenderId, sale.cashMinor);
    for (const { product } of sale.lines) {
      insertMovement.run(product.id, sale.saleId, sale.at);
      moveBalance.run(product.id);
    }
    insertOutbox.run(seq, sale.eventId, sale.at, sale.payload, sale.payloadHash);
  });
  return (sale) => write.immediate(sale);
}

function benchSale({ services, products }: Ledger, baselineDb: Db): Comparison {
  const { sales } = services;
  // The same cashier and shift on both sides: the baseline's copy of the ledger has them too.
  const seller = {
    userId: services.people.requireUser().userId,
    shiftId: services.shifts.requireOpen().shiftId,
  };
  const sellable = products.filter((product) => product.active && product.unit === 'each');
  const writeBare = bareSaleWriter(baselineDb);
  // The smallest durable write: one counter row, committed with the same fsync every sale pays.
  const bumpCounter = baselineDb.prepare(
    `INSERT INTO counters (name, value) VALUES ('bench', 1)
     ON CONFLICT(name) DO UPDATE SET value = value + 1`,
  );
  const commitOneRow = baselineDb.transaction(() => bumpCounter.run());
  // The same seed on both sides: both sell the same baskets in the same order.
  const oursRandom = seededRandom(41);
  const bareRandom = seededRandom(41);
  const [ours, baseline, oneRow] = measureInterleaved(
    [
      () => {
        let open = sales.current();
        for (const product of pickDistinct(sellable, linesPerSale, oursRandom)) {
          open = sales.addProduct({ productId: product.id });
        }
        sales.addTender({ kind: 'cash', amountMinor: cashFor(open.dueMinor) });
        return timed(() => sales.complete());
      },
      () => {
        const sale = bareSale(pickDistinct(sellable, linesPerSale, bareRandom), seller);
        return timed(() => writeBare(sale));
      },
      () => timed(() => commitOneRow.immediate()),
    ],
    saleRuns,
  ) as [number[], number[], number[]];
  return [
    { label: `Complete a ${linesPerSale}-line cash sale: sales.complete()`, stats: summarize(ours) },
    {
      label: 'baseline: the same rows, bare prepared statements, one transaction, separate file',
      stats: summarize(baseline),
    },
    { label: 'reference: commit of a one-row write (the disk’s fsync floor)', stats: summarize(oneRow) },
  ];
}

/** 100000 → "100,000" */
function formatCount(n: number): string {
  return n.toLocaleString('en');
}

function target(goal: string, measured: Stats, limitMs: number): BenchTarget {
  return { goal, measured: `${ms(measured.p99)} ms`, pass: measured.p99 < limitMs };
}

export async function run(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-'));
  const ledgerFile = join(dir, 'ledger.db');
  const baselineFile = join(dir, 'baseline.db');
  let ledger: Ledger | undefined;
  let baselineDb: Db | undefined;
  try {
    const setupStart = performance.now();
    ledger = createLedger(ledgerFile);
    // Empty the WAL so that the copy is the whole ledger.
    ledger.db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(ledgerFile, baselineFile);
    baselineDb = openBaseline(baselineFile);
    const setupSeconds = (performance.now() - setupStart) / 1000;
    console.log(`Set up the ledger in ${setupSeconds.toFixed(1)} s; measuring...`);

    const lookup = benchLookup(ledger);
    const search = benchSearch(ledger);
    const sale = benchSale(ledger, baselineDb);
    const [ours, baseline] = sale;

    return {
      title: 'Register core',
      method: [
        `A ledger in a temporary directory under ${tmpdir()} with ${formatCount(productCount)} products`,
        'generated by test/fixtures/catalog-generator.ts and written through catalog.upsert, and',
        `${formatCount(movementCount)} past stock movements with their balance projection`,
        `(setup ${setupSeconds.toFixed(0)} s, not measured).`,
        'Each row is measured beside its baseline in alternating blocks after a warm-up.',
        'Reads go through the ledger connection.',
        'The write baseline goes to a byte copy of the ledger in the same directory with the same pragmas',
        '(WAL, synchronous=FULL, foreign keys).',
        'Each sale (5 different products, paid in cash) is rung up before the clock starts;',
        'only sales.complete() is timed.',
        'It ends with an fsync, so its numbers depend on the disk and on other I/O on the machine.',
      ].join(' '),
      columns: ['Measurement', 'p50 ms', 'p99 ms', 'mean ms', 'samples', '÷ baseline p50', '÷ baseline p99'],
      rows: [lookup, search, sale].flatMap(comparisonRows),
      targets: [
        target('Barcode lookup p99 < 0.2 ms', lookup[0].stats, 0.2),
        target('Name search p99 < 5 ms', search[0].stats, 5),
        target('Sale completion p99 < 2 ms', ours.stats, 2),
        {
          goal: 'Sale completion p99 within 2× the bare-write baseline',
          measured: `${ms(ours.stats.p99)} ms, ${ratio(ours.stats.p99, baseline.stats.p99)} the baseline`,
          pass: ours.stats.p99 <= 2 * baseline.stats.p99,
        },
      ],
    };
  } finally {
    baselineDb?.close();
    ledger?.services.close();
    ledger?.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
