/**
 * Register ↔ head-office sync (issue 3, "Benchmark"): draining a long offline queue, many registers selling at
 * once, and a new register downloading a large catalog. Each is measured beside a baseline taken in the same
 * run: a socket.io server that acknowledges without storing anything, or the raw transfer of the same pages.
 *
 * Head office, the baseline server and the downloading register each run in a child process of this file
 * (`node sync.ts <role> <options JSON>`), so their CPU and memory are their own; the load generator (the
 * registers' sockets) runs in the benchmark process. All of them share the machine's cores.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Server } from 'socket.io';
import type { CompletedSale, SaleLine } from '../../src/shared/domain.ts';
import {
  MAX_MESSAGE_BYTES,
  MAX_PULL_LIMIT,
  PROTOCOL_VERSION,
  SALE_COMPLETED,
  saleCompletedPayloadSchema,
  takeBatch,
  type CatalogItem,
  type PushReply,
  type UpstreamEvent,
} from '../../src/shared/sync/protocol.ts';
import { generateCatalog, seededRandom, type GeneratedProduct } from '../fixtures/catalog-generator.ts';
import {
  ADMIN_TOKEN,
  adminClient,
  connectRegister,
  enrollRegister,
  testDatabase,
  type AdminClient,
  type DialectName,
  type RegisterSocket,
  type TestDatabase,
} from '../integration/headoffice/helpers.ts';
import type { BenchSection, BenchTarget } from './report.ts';
import { pick, summarize, type Stats } from './stats.ts';

export const name = 'sync';

const drainEvents = 50_000;
const drainCatalogSize = 1_000;
const registerCount = 200;
const storeCount = 20;
/** Each store's best sellers: the SKUs the simulated registers sell (and head office has stock of). */
const fastMovers = 100;
const loadSeconds = 20;
/** Samples from the first seconds (connections warming up, first queries planned) are not counted. */
const warmupSeconds = 2;
const catalogSize = 100_000;

const thisFile = fileURLToPath(import.meta.url);
const repoRoot = join(import.meta.dirname, '../..');
/** The demo store's VAT rates, which the generated catalog's tax codes use. */
const taxRates = [
  { code: 'STD', name: 'VAT 23%', rateBasisPoints: 2300 },
  { code: 'RED', name: 'VAT 13.5%', rateBasisPoints: 1350 },
  { code: 'ZERO', name: 'VAT 0%', rateBasisPoints: 0 },
];

// ------------------------------------------------------------------------------------------- child processes

type Role = 'headoffice' | 'raw' | 'register' | 'pull';

interface Child {
  process: ChildProcess;
  /** The child's next message (its result, or `{ url }` once a server listens). */
  next<T>(): Promise<T>;
  /** Asks a server child to stop and waits for it to exit. */
  stop(): Promise<void>;
}

/** Runs this file as `role` in a child process. BENCH_CPU_PROF=dir profiles the children into dir. */
function spawnRole(role: Role, options: object): Child {
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = fork(thisFile, [role, JSON.stringify(options)], {
    execArgv: ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: unknown[] = [];
  const waiting: { resolve: (message: unknown) => void; reject: (error: Error) => void }[] = [];
  let exited: Error | null = null;
  child.on('message', (message) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else messages.push(message);
  });
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = new Error(`The ${role} child process exited (code ${code}) before answering.`);
      for (const waiter of waiting.splice(0)) waiter.reject(exited);
      resolve();
    }),
  );
  return {
    process: child,
    next: <T>() =>
      new Promise<T>((resolve, reject) => {
        if (messages.length > 0) resolve(messages.shift() as T);
        else if (exited) reject(exited);
        else waiting.push({ resolve: resolve as (message: unknown) => void, reject });
      }),
    stop: async () => {
      if (child.exitCode === null) child.send('stop');
      await exitPromise;
    },
  };
}

/** A server child: resolves once it listens. */
async function startServer(
  role: 'headoffice' | 'raw',
  options: object = {},
): Promise<Child & { url: string }> {
  const child = spawnRole(role, options);
  const { url } = await child.next<{ url: string }>();
  return { ...child, url };
}

function onStop(close: () => Promise<void>): void {
  process.on('message', (message) => {
    if (message === 'stop') void close().then(() => process.exit(0));
  });
}

async function headOfficeChild(options: TestDatabase['options']): Promise<void> {
  const { startHeadOffice } = await import('../../src/headoffice/app.ts');
  const ho = await startHeadOffice({
    port: 0,
    host: '127.0.0.1',
    adminToken: ADMIN_TOKEN,
    log: (line) => console.error(`[head office] ${line}`),
    ...options,
  });
  onStop(() => ho.close());
  process.send!({ url: ho.url });
}

/** The baseline server: socket.io with head office's transport settings, acknowledging every batch unread. */
async function rawChild(): Promise<void> {
  const http = createServer();
  const io = new Server(http, {
    transports: ['websocket'],
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
  });
  io.on('connection', (socket) => {
    socket.on('push', (request: { events: { seq: number }[] }, ack: (reply: PushReply) => void) => {
      const { events } = request;
      ack({
        status: 'ok',
        lastAppliedSeq: events.at(-1)!.seq,
        outcomes: events.map((event) => ({ seq: event.seq, outcome: 'applied' })),
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  onStop(() => io.close());
  process.send!({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
}

interface DownloadResult {
  ms: number;
  /** Peak resident memory of the whole process, MiB. */
  peakRssMiB: number;
  /** Resident memory just before the download started, MiB. */
  startRssMiB: number;
  products: number;
}

const mib = (bytes: number): number => bytes / 2 ** 20;
/** process.resourceUsage().maxRSS is in KiB. */
const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

/** A new register: the real app on an empty data directory, enrolled, until its catalog cursor is at `cursor`. */
async function registerChild(options: { url: string; pairingCode: string; cursor: number }): Promise<void> {
  const { createRegisterApp } = await import('../../src/main/app.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-register-'));
  const app = createRegisterApp({
    dataDir,
    resourcesDir: join(repoRoot, 'resources'),
    version: 'bench',
    pinHashCost: 1024,
  });
  const catalogCursor = app.db.prepare<[], { cursor: number }>(
    "SELECT cursor FROM sync_cursors WHERE stream = 'catalog'",
  );
  const startRssMiB = mib(process.memoryUsage().rss);
  const start = performance.now();
  await app.sync.enroll({
    headOfficeUrl: options.url,
    pairingCode: options.pairingCode,
    registerName: 'New till',
  });
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if ((catalogCursor.get()?.cursor ?? 0) < options.cursor) return;
      clearInterval(poll);
      resolve();
    }, 20);
  });
  const ms = performance.now() - start;
  const products = app.db.prepare<[], { count: number }>('SELECT count(*) AS count FROM products').get()!
    .count;
  app.close();
  rmSync(dataDir, { recursive: true, force: true });
  const result: DownloadResult = { ms, peakRssMiB: peakRssMiB(), startRssMiB, products };
  process.send!(result, () => process.exit(0));
}

/** The baseline download: the same pull requests from cursor 0, each page received and dropped. */
async function pullChild(options: { url: string; token: string }): Promise<void> {
  const socket = await connectRegister(options.url, options.token);
  const startRssMiB = mib(process.memoryUsage().rss);
  const start = performance.now();
  let cursor = 0;
  let changes = 0;
  for (;;) {
    const reply = await socket
      .timeout(60_000)
      .emitWithAck('pull', { stream: 'catalog', cursor, limit: MAX_PULL_LIMIT });
    if (reply.status !== 'ok') throw new Error(`pull: ${JSON.stringify(reply)}`);
    changes += reply.changes.length;
    cursor = reply.nextCursor;
    if (!reply.hasMore) break;
  }
  const ms = performance.now() - start;
  socket.close();
  const result: DownloadResult & { cursor: number } = {
    ms,
    peakRssMiB: peakRssMiB(),
    startRssMiB,
    products: changes,
    cursor,
  };
  process.send!(result, () => process.exit(0));
}

// ------------------------------------------------------------------------------------------- head office setup

function expectOk(reply: { status: number; body: unknown }, what: string): void {
  if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

/** Runs `work` on every item, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function catalogItem(product: GeneratedProduct): CatalogItem {
  const { stock: _stock, ...item } = product;
  return item;
}

async function putCatalog(admin: AdminClient, products: GeneratedProduct[]): Promise<void> {
  for (let i = 0; i < products.length; i += 1_000) {
    const reply = await admin('PUT', '/api/products', {
      products: products.slice(i, i + 1_000).map(catalogItem),
    });
    expectOk(reply, 'PUT /api/products');
  }
}

async function createStore(admin: AdminClient, id: string): Promise<void> {
  const store = { id, name: `Store ${id}`, currency: 'EUR', pricesIncludeTax: true, taxRates };
  expectOk(await admin('POST', '/api/stores', store), 'POST /api/stores');
}

/** Enough stock of each SKU at the store that selling it never goes below zero (no exceptions). */
async function receiveStock(
  admin: AdminClient,
  storeId: string,
  products: GeneratedProduct[],
): Promise<void> {
  await inParallel(products, 8, async (product) => {
    const quantity = product.unit === 'kg' ? 10_000_000 : 100_000;
    const reply = await admin('POST', `/api/stores/${storeId}/stock-movements`, {
      sku: product.sku,
      kind: 'receive',
      quantity,
    });
    expectOk(reply, 'POST stock-movements');
  });
}

// ------------------------------------------------------------------------------------------- sales

const rateOf = new Map(taxRates.map((rate) => [rate.code, rate.rateBasisPoints]));

/** A sale of 1–5 different products at head office's prices, paid in cash, as the register's ledger writes it. */
function completedSale(
  seq: number,
  who: { storeId: string; registerId: string },
  products: readonly GeneratedProduct[],
  completedAt: string,
  random: () => number,
): CompletedSale {
  const chosen = new Set<GeneratedProduct>();
  const lineCount = 1 + Math.floor(random() * 5);
  while (chosen.size < lineCount) chosen.add(pick(products, random));
  const lines: SaleLine[] = [...chosen].map((product, i) => {
    const byWeight = product.unit === 'kg';
    const quantity = byWeight
      ? 200 + Math.floor(random() * 1300)
      : random() < 0.8
        ? 1
        : 2 + Math.floor(random() * 2);
    const amountMinor = byWeight
      ? Math.round((product.priceMinor * quantity) / 1000)
      : product.priceMinor * quantity;
    const rate = rateOf.get(product.taxCode)!;
    return {
      lineId: `${seq}-${i + 1}`,
      productId: i + 1,
      sku: product.sku,
      name: product.name,
      unit: product.unit,
      quantity,
      unitPriceMinor: product.priceMinor,
      taxCode: product.taxCode,
      taxRateBasisPoints: rate,
      amountMinor,
      taxMinor: Math.round((amountMinor * rate) / (10_000 + rate)),
      totalMinor: amountMinor,
    };
  });
  const taxes = taxRates.flatMap((rate) => {
    const of = lines.filter((line) => line.taxCode === rate.code);
    if (of.length === 0) return [];
    const grossMinor = of.reduce((sum, line) => sum + line.totalMinor, 0);
    const taxMinor = of.reduce((sum, line) => sum + line.taxMinor, 0);
    return [{ ...rate, netMinor: grossMinor - taxMinor, taxMinor, grossMinor }];
  });
  const totalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0);
  const taxMinor = lines.reduce((sum, line) => sum + line.taxMinor, 0);
  return {
    saleId: randomUUID(),
    receiptNumber: `${who.registerId.slice(0, 8)}-${String(seq).padStart(6, '0')}`,
    completedAt,
    storeId: who.storeId,
    registerId: who.registerId,
    currency: 'EUR',
    lines,
    totals: {
      pricesIncludeTax: true,
      subtotalMinor: totalMinor,
      discountMinor: 0,
      taxMinor,
      totalMinor,
      taxes,
    },
    tenders: [{ tenderId: randomUUID(), kind: 'cash', amountMinor: totalMinor }],
    changeMinor: 0,
    outboxSeq: seq,
    userId: 'user-1',
    shiftId: 'shift-1',
  };
}

/** The outbox row of a sale, as the register's ledger writes it (src/main/ledger/outbox.ts). */
function saleEvent(sale: CompletedSale): UpstreamEvent {
  const payload = JSON.stringify(sale);
  return {
    seq: sale.outboxSeq,
    eventId: randomUUID(),
    type: SALE_COMPLETED,
    schemaVersion: 1,
    occurredAt: sale.completedAt,
    payload,
    payloadHash: createHash('sha256').update(payload).digest('hex'),
  };
}

/** A register's offline queue: `count` sales, one every 5 s of the past days, each checked against the schema. */
function offlineQueue(
  count: number,
  who: { storeId: string; registerId: string },
  products: readonly GeneratedProduct[],
): UpstreamEvent[] {
  const random = seededRandom(7);
  const start = Date.now() - count * 5_000;
  return Array.from({ length: count }, (_unused, i) => {
    const sale = completedSale(i + 1, who, products, new Date(start + i * 5_000).toISOString(), random);
    saleCompletedPayloadSchema.parse(sale);
    return saleEvent(sale);
  });
}

/** Batches as the pump cuts them: at most MAX_BATCH_EVENTS and MAX_BATCH_BYTES each. */
function batchesOf(events: UpstreamEvent[]): UpstreamEvent[][] {
  const batches: UpstreamEvent[][] = [];
  for (let i = 0; i < events.length;) {
    const batch = takeBatch(events.slice(i, i + 1_000));
    batches.push(batch);
    i += batch.length;
  }
  return batches;
}

/** One batch in flight, the next sent when the last is acknowledged: as the pump does it. Returns events/s. */
async function drain(socket: RegisterSocket, batches: UpstreamEvent[][]): Promise<number> {
  const count = batches.reduce((sum, batch) => sum + batch.length, 0);
  const start = performance.now();
  for (const batch of batches) {
    const reply = await socket.timeout(120_000).emitWithAck('push', { events: batch });
    if (reply.status !== 'ok' || reply.lastAppliedSeq !== batch.at(-1)!.seq)
      throw new Error(`push: ${JSON.stringify(reply).slice(0, 300)}`);
  }
  return count / ((performance.now() - start) / 1000);
}

// ------------------------------------------------------------------------------------------- (a) drain

interface DrainResult {
  dialect: DialectName;
  eventsPerSecond: number;
  rawPerSecond: number;
  exceptions: number;
}

async function rawDrain(batches: UpstreamEvent[][]): Promise<number> {
  const raw = await startServer('raw');
  try {
    const socket = await connectRegister(raw.url, 'any');
    const rate = await drain(socket, batches);
    socket.close();
    return rate;
  } finally {
    await raw.stop();
  }
}

async function benchDrain(dialect: DialectName, products: GeneratedProduct[]): Promise<DrainResult> {
  const database = testDatabase(dialect);
  const ho = await startServer('headoffice', database.options);
  try {
    const admin = adminClient(ho.url);
    await createStore(admin, 'S1');
    await putCatalog(admin, products);
    await receiveStock(admin, 'S1', products);
    const register = await enrollRegister(admin, 'S1');
    const events = offlineQueue(drainEvents, register, products);
    const batches = batchesOf(events);
    // The baseline right before, on the same events and batches.
    const rawPerSecond = await rawDrain(batches);
    const socket = await connectRegister(ho.url, register.token);
    const eventsPerSecond = await drain(socket, batches);
    socket.close();
    const exceptions = await admin<{ items: unknown[] }>('GET', '/api/exceptions?limit=1000');
    console.log(
      `drain on ${dialect}: ${eventsPerSecond.toFixed(0)} events/s, raw ${rawPerSecond.toFixed(0)} events/s, ` +
        `${batches.length} batches of ≤ ${Math.max(...batches.map((b) => b.length))} events`,
    );
    return { dialect, eventsPerSecond, rawPerSecond, exceptions: exceptions.body.items.length };
  } finally {
    await ho.stop();
    await database.cleanup();
  }
}

// ------------------------------------------------------------------------------------------- main

async function child(role: Role, options: never): Promise<void> {
  if (role === 'headoffice') return headOfficeChild(options);
  if (role === 'raw') return rawChild();
  if (role === 'register') return registerChild(options);
  return pullChild(options);
}

export async function run(): Promise<BenchSection> {
  const catalog = generateCatalog(catalogSize);
  const drainProducts = catalog.slice(0, drainCatalogSize);
  const drains: DrainResult[] = [];
  for (const dialect of (process.env.DEV_DIALECTS?.split(',') ?? ['sqlite', 'postgres']) as DialectName[])
    drains.push(await benchDrain(dialect, drainProducts));
  const rows = drains.map((d) => [
    `Drain ${drainEvents} sale events, head office on ${d.dialect}`,
    `${d.eventsPerSecond.toFixed(0)} events/s`,
    `${d.rawPerSecond.toFixed(0)} events/s`,
    `${((100 * d.eventsPerSecond) / d.rawPerSecond).toFixed(1)} %`,
  ]);
  const targets: BenchTarget[] = drains.map((d) => {
    const share = (100 * d.eventsPerSecond) / d.rawPerSecond;
    const goal = d.dialect === 'sqlite' ? 30 : 15;
    return {
      goal: `Drain on ${d.dialect} ≥ ${goal} % of raw`,
      measured: `${share.toFixed(1)} %`,
      pass: share >= goal,
    };
  });
  return {
    title: 'Sync',
    method: `${os.cpus().length} cores`,
    columns: ['Measurement', 'Ours', 'Baseline', 'Ours ÷ baseline'],
    rows,
    targets,
  };
}

void registerCount;
void storeCount;
void fastMovers;
void loadSeconds;
void warmupSeconds;
void PROTOCOL_VERSION;
void ({} as Stats);
void summarize;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await child(process.argv[2] as Role, JSON.parse(process.argv[3] ?? '{}') as never);
}
