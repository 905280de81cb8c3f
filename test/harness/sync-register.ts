/**
 * A register for sync tests: the real app (ledger, services, sync) on a temp data directory, with short
 * timeouts so faults play out quickly, plus helpers to ring up sales and to wait for a sync status.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { createRegisterApp, type RegisterApp } from '../../src/main/app.ts';
import { demoCatalogFile, demoUsers } from '../../src/main/services/demo-seed.ts';
import type { SocketFactory, SyncOptions } from '../../src/main/sync/index.ts';
import type { CompletedSale } from '../../src/shared/domain.ts';
import type { SyncStatus } from '../../src/shared/sync/status.ts';

export const repoRoot = join(import.meta.dirname, '../..');

/** Demo catalog barcodes (resources/demo-catalog.csv). */
export const spaghetti = '8001014000002';
export const loaf = '5391005000009';

/** socket.io reconnecting within a fraction of a second instead of 1 s → 60 s. */
export const fastSocketFactory: SocketFactory = (url, auth) =>
  io(url, {
    transports: ['websocket'],
    auth,
    autoConnect: false,
    reconnectionDelay: 50,
    reconnectionDelayMax: 300,
  });

/** A push the register emitted: its seq range and when (ms since the epoch). */
export interface SentPush {
  first: number;
  last: number;
  at: number;
}

export interface PushRecorder {
  /** fastSocketFactory, with every outgoing 'push' recorded. */
  connect: SocketFactory;
  readonly pushes: SentPush[];
  /** Resolves with the next push the register emits. */
  next(): Promise<SentPush>;
}

/** Watches what the register sends, from the outside, without changing how it sends it. */
export function pushRecorder(): PushRecorder {
  const pushes: SentPush[] = [];
  const waiting: ((push: SentPush) => void)[] = [];
  return {
    connect: (url, auth) => {
      const socket = fastSocketFactory(url, auth);
      socket.onAnyOutgoing((event: string, request: { events: { seq: number }[] }) => {
        if (event !== 'push') return;
        const push = { first: request.events[0]!.seq, last: request.events.at(-1)!.seq, at: Date.now() };
        pushes.push(push);
        for (const resolve of waiting.splice(0)) resolve(push);
      });
      return socket;
    },
    pushes,
    next: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

export const fastSync: SyncOptions = {
  connect: fastSocketFactory,
  ackTimeoutMs: 2000,
  pollIntervalMs: 1000,
  backoff: { baseMs: 20, maxMs: 300 },
};

export interface TestRegister {
  app: RegisterApp;
  dataDir: string;
  /** Closes the app; the data directory stays for a restart. */
  close(): void;
  /** Closes the app and deletes its data. */
  destroy(): void;
}

/**
 * The demo catalog without its stock column, in `dataDir`: a register seeded from it has nothing on hand, so
 * enrolling sends head office no opening count and the outbox holds only what the test does.
 */
function resourcesWithoutStock(dataDir: string): string {
  const dir = join(dataDir, 'resources-without-stock');
  mkdirSync(dir, { recursive: true });
  const csv = readFileSync(join(repoRoot, 'resources', demoCatalogFile), 'utf8');
  // `stock` is the last column and a plain number, so dropping each line's last field removes it.
  const withoutStock = csv.replace(/,[^,\n]*$/gm, '');
  if (!withoutStock.startsWith('sku,') || withoutStock.split('\n')[0]!.includes('stock'))
    throw new Error(`${demoCatalogFile} no longer ends with its stock column: update resourcesWithoutStock`);
  writeFileSync(join(dir, demoCatalogFile), withoutStock);
  return dir;
}

export interface OpenRegisterOptions {
  /** An existing register's data (a restart); otherwise a fresh demo register in a temp directory. */
  dataDir?: string;
  sync?: SyncOptions;
  /**
   * A fresh register loads the demo catalog without its opening stock: for tests of the sync road itself, whose
   * seqs are then only the sales they make (a register with stock also sends its opening count at enrolment).
   */
  withoutStock?: boolean;
}

export function openRegister(options: OpenRegisterOptions = {}): TestRegister {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'counter-sync-'));
  const app = createRegisterApp({
    dataDir,
    resourcesDir:
      options.withoutStock === true ? resourcesWithoutStock(dataDir) : join(repoRoot, 'resources'),
    version: '0.0.0-test',
    pinHashCost: 1024,
    sync: { ...fastSync, ...options.sync },
  });
  // Selling needs someone logged in and an open shift (a float of 5 × €20).
  const { people, shifts } = app.services;
  people.login({ pin: demoUsers[0]!.pin });
  if (shifts.current().shift === null) shifts.open({ count: [{ valueMinor: 2000, count: 5 }] });
  let open = true;
  const close = (): void => {
    if (open) app.close();
    open = false;
  };
  return {
    app,
    dataDir,
    close,
    destroy: () => {
      close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Rings up the codes and pays cash for exactly the total. */
export function sell(app: RegisterApp, codes: string[] = [spaghetti]): CompletedSale {
  const { sales } = app.services;
  let sale = sales.current();
  for (const code of codes) sale = sales.scan({ code });
  sales.addTender({ kind: 'cash', amountMinor: sale.dueMinor });
  return sales.complete().receipt.sale;
}

const mixedBaskets = [[spaghetti], [loaf, spaghetti], [loaf, loaf, loaf], [spaghetti, spaghetti, loaf]];

/** Sells `count` sales in a row, baskets of one to three items, all before the pump gets a turn. */
export function sellMany(app: RegisterApp, count: number): void {
  for (let i = 0; i < count; i += 1) sell(app, mixedBaskets[i % mixedBaskets.length]);
}

/**
 * Resolves with the first status (now or from a 'sync.status' event) that satisfies `accept`. The long guard
 * only stops a hung test; it is not a speed assertion.
 */
export function waitForStatus(
  app: RegisterApp,
  accept: (status: SyncStatus) => boolean,
  guardMs = 60_000,
): Promise<SyncStatus> {
  return new Promise((resolve, reject) => {
    const check = (status: SyncStatus): boolean => {
      if (!accept(status)) return false;
      clearTimeout(guard);
      unsubscribe();
      resolve(status);
      return true;
    };
    const guard = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(`Sync never reached the expected state; last status: ${JSON.stringify(app.sync.status())}`),
      );
    }, guardMs);
    const unsubscribe = app.events.subscribe((message) => {
      if (message.name === 'sync.status') check(message.payload as SyncStatus);
    });
    check(app.sync.status());
  });
}

/** Resolves once `check` holds, looking again after every event the register emits. */
export function waitUntil(app: RegisterApp, check: () => boolean, guardMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const guard = setTimeout(() => {
      unsubscribe();
      reject(new Error(`Never happened; sync status: ${JSON.stringify(app.sync.status())}`));
    }, guardMs);
    const unsubscribe = app.events.subscribe(() => {
      if (!check()) return;
      clearTimeout(guard);
      unsubscribe();
      resolve();
    });
  });
}

export const drained = (status: SyncStatus): boolean => status.connected && status.eventsWaiting === 0;

/** The last seq in this register's outbox (0 when it is empty). */
export const lastOutboxSeq = (app: RegisterApp): number =>
  app.db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get()!;

/**
 * Connected, nothing waiting, and head office has acknowledged every event this register's ledger holds now:
 * whatever it sent on its own (the opening count at enrolment) as well as what the test did.
 */
export const allAcknowledged =
  (app: RegisterApp) =>
  (status: SyncStatus): boolean =>
    drained(status) && status.lastAckedSeq === lastOutboxSeq(app);

/** Looks again every 50 ms until `check` holds (for what emits no event); the guard only stops a hung test. */
export async function poll(
  what: string,
  check: () => boolean | Promise<boolean>,
  guardMs = 60_000,
): Promise<void> {
  const until = Date.now() + guardMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Logs the manager in instead of the cashier openRegister logs in (counting and sending need a manager). */
export function asManager(app: RegisterApp): void {
  app.services.people.logout();
  app.services.people.login({ pin: demoUsers.find((user) => user.role === 'manager')!.pin });
}
