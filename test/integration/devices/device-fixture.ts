/**
 * A device manager on a real SQLite ledger in a temp directory, with a stand-in for the sales service (the
 * part the devices use: scan, receipt, onCompleted), and helpers to wait for events. Everything made here is
 * closed and removed after each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { DeviceManager, type DeviceManagerDeps } from '../../../src/main/devices/manager.ts';
import { EventBus } from '../../../src/main/events.ts';
import { openLedger, type Db } from '../../../src/main/ledger/database.ts';
import type { SalesService } from '../../../src/main/services/sales.ts';
import { defaultBarcodeSettings } from '../../../src/shared/barcode.ts';
import type { EventName, Events } from '../../../src/shared/contract.ts';
import type { CompletedSale, OpenSale, Receipt } from '../../../src/shared/domain.ts';
import { CounterError } from '../../../src/shared/errors.ts';
import type { DeviceConfig } from '../../../src/shared/settings.ts';
import { PtyPair as HarnessPtyPair } from '../../harness/pty-pair.ts';
import { storeSettings } from './sample-sale.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'counter-devices-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens (or reopens) the ledger file in `dir`; closed after the test. */
export function ledger(dir: string): Db {
  const db = openLedger(join(dir, 'ledger.db'));
  cleanups.push(() => db.open && db.close());
  return db;
}

function emptySale(): OpenSale {
  return {
    saleId: 'open-1',
    startedAt: '2026-03-14T09:00:00.000Z',
    lines: [],
    totals: {
      pricesIncludeTax: true,
      subtotalMinor: 0,
      discountMinor: 0,
      taxMinor: 0,
      totalMinor: 0,
      taxes: [],
    },
    tenders: [],
    paidMinor: 0,
    dueMinor: 0,
    changeMinor: 0,
    cashDueMinor: 0,
    cardDueMinor: 0,
    roundingMinor: 0,
    cartDiscount: null,
    stockWarnings: [],
    canComplete: { code: 'EMPTY_SALE', reason: 'There is nothing in this sale yet.' },
  };
}

/** Plays the sales service: `complete` announces a committed sale as the real one does after its commit. */
export class FakeSales implements Pick<SalesService, 'scan' | 'receipt' | 'onCompleted'> {
  readonly scanned: string[] = [];
  /** Codes scan refuses, as the real service refuses an unknown barcode. */
  readonly unknown = new Set<string>();
  private readonly completed = new Map<string, CompletedSale>();
  private readonly listeners = new Set<(receipt: Receipt) => void>();

  complete(sale: CompletedSale): void {
    this.completed.set(sale.saleId, sale);
    for (const listener of this.listeners) listener({ sale, settings: storeSettings, cashier: null });
  }

  scan({ code }: { code: string }): OpenSale {
    if (this.unknown.has(code)) {
      throw new CounterError('UNKNOWN_BARCODE', `No product has the code ${code}: check the barcode.`);
    }
    this.scanned.push(code);
    return emptySale();
  }

  receipt({ saleId }: { saleId: string }): Receipt {
    const sale = this.completed.get(saleId);
    if (!sale) throw new CounterError('NOT_FOUND', 'No completed sale has that id.');
    return { sale, settings: storeSettings, cashier: null };
  }

  onCompleted(listener: (receipt: Receipt) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface Harness {
  db: Db;
  events: EventBus;
  sales: FakeSales;
  devices: DeviceManager;
}

/** A started device manager with `config` saved; closed after the test. Polls every 25 ms. */
export async function startDevices(
  options: { db: Db; config?: Partial<DeviceConfig>; sales?: FakeSales } & Partial<DeviceManagerDeps>,
): Promise<Harness> {
  const { db, config, sales = new FakeSales(), ...rest } = options;
  const events = rest.events ?? new EventBus();
  const devices = new DeviceManager({
    db,
    events,
    now: () => new Date('2026-03-14T09:30:00.000Z'),
    sales,
    returns: { onRecorded: () => () => undefined },
    store: () => storeSettings,
    shiftReport: () => {
      throw new CounterError('NOT_FOUND', 'These tests have no shifts.');
    },
    register: () => ({ registerId: 'R1' }),
    barcodeOptions: () => ({ ...defaultBarcodeSettings, currencyDigits: 2 }),
    pollIntervalMs: 25,
    timeZone: 'UTC',
    log: () => undefined,
    ...rest,
  });
  cleanups.push(() => devices.close());
  await devices.start();
  if (config) await devices.setConfig({ receiptPrinter: null, drawer: null, scanners: [], ...config });
  return { db, events, sales, devices };
}

/** Resolves with the payload of the first `name` event that passes `test`, counting only events from now on. */
export function nextEvent<E extends EventName>(
  events: EventBus,
  name: E,
  test: (payload: Events[E]) => boolean = () => true,
): Promise<Events[E]> {
  return new Promise((resolve) => {
    const unsubscribe = events.subscribe((message) => {
      if (message.name !== name || !test(message.payload as Events[E])) return;
      unsubscribe();
      resolve(message.payload as Events[E]);
    });
  });
}

/** Resolves once `check` passes, re-checking on every event from the bus (device state changes emit one). */
export function until(events: EventBus, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const unsubscribe = events.subscribe(() => {
      if (!check()) return;
      unsubscribe();
      resolve();
    });
  });
}

export { hasSocat } from '../../harness/pty-pair.ts';

/** A socat pty pair (test/harness/pty-pair.ts), unplugged after the test. */
export class PtyPair extends HarnessPtyPair {
  constructor(dir: string) {
    super(dir);
    cleanups.push(() => this.unplug());
  }
}
