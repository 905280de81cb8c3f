/**
 * The register without Electron: ledger, services, handler table, dispatcher and event bus. index.ts wraps it
 * in a window; the test bridge, the CLI commands and the benchmark use it as it is.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Authorize } from './devices/authorize.ts';
import { DeviceManager, type DeviceManagerDeps } from './devices/manager.ts';
import { createDispatch, type Dispatch } from './ipc/dispatch.ts';
import { createHandlers } from './ipc/handlers.ts';
import { EventBus } from './events.ts';
import { startCheckpoints } from './ledger/checkpoint.ts';
import { openLedger, type Db } from './ledger/database.ts';
import { PhoneService, type PhoneServiceDeps } from './phone/phones.ts';
import { createServices, type Services } from './services/index.ts';
import { seedDemoStoreIfEmpty, seedDemoUsersIfNone } from './services/demo-seed.ts';
import { createSync, type SyncOptions, type SyncService } from './sync/index.ts';
import { systemClock } from './sync/clock.ts';
import type { Handlers } from '../shared/contract.ts';

export interface RegisterAppOptions {
  dataDir: string;
  resourcesDir: string;
  version: string;
  /** Injected clock for tests; defaults to the wall clock. */
  now?: () => Date;
  /** Test seams for the peripherals (fake transports, a fast poll). Only configured devices are ever opened. */
  devices?: Pick<DeviceManagerDeps, 'pollIntervalMs' | 'createTransport' | 'loadHid' | 'timeZone'>;
  /** Test seams for head-office sync (socket factory, clock, short timeouts). */
  sync?: SyncOptions;
  /**
   * Phones as scanners: the built phone page (out/phone beside the built main by default), and where the
   * phone server listens (the LAN addresses, port 8443, by default).
   */
  phone?: Partial<Pick<PhoneServiceDeps, 'pageDir' | 'hosts' | 'port'>>;
  /** scrypt cost for PIN hashes; tests pass a small one. */
  pinHashCost?: number;
}

export interface RegisterApp {
  db: Db;
  events: EventBus;
  services: Services;
  devices: DeviceManager;
  phones: PhoneService;
  sync: SyncService;
  handlers: Handlers;
  dispatch: Dispatch;
  close(): void;
}

export const ledgerFileName = 'ledger.db';

export function createRegisterApp(options: RegisterAppOptions): RegisterApp {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openLedger(join(options.dataDir, ledgerFileName));
  const events = new EventBus();
  const services = createServices({
    db,
    events,
    now: options.now ?? (() => new Date()),
    version: options.version,
    // Sync is built from the services below; the Z report only asks it for its status when a shift closes.
    syncStatus: () => sync.status(),
    lookupReceipt: (receiptNumber) => sync.lookupReceipt(receiptNumber),
    customerDirectory: {
      find: (query) => sync.customerDirectory.find(query),
      purchases: (customerId) => sync.customerDirectory.purchases(customerId),
    },
    countReview: (countId) => sync.countReview(countId),
    pinHashCost: options.pinHashCost,
  });
  seedDemoStoreIfEmpty(services, options.resourcesDir);
  seedDemoUsersIfNone(services);
  const checkpoints = startCheckpoints(db);
  services.sales.onCompleted(() => checkpoints.afterWrite());
  const log = (message: string, error: unknown): void => console.error(message, error);
  // The audit entry is written when the action is authorized (a no-sale's kick itself goes to drawer_events).
  const authorize: Authorize = services.people.authorize;
  const devices = new DeviceManager({
    db,
    events,
    now: options.now ?? (() => new Date()),
    sales: services.sales,
    returns: services.returns,
    receiving: services.receiving,
    transfers: services.transfers,
    adjustments: services.adjustments,
    store: () => services.settings.store(),
    shiftReport: (which) =>
      which.kind === 'x' ? services.shifts.xReport() : services.shifts.zReport(which.number).report,
    register: () => services.settings.register(),
    barcodeOptions: () => services.settings.barcodeOptions(),
    cashierName: (userId) => services.people.userRef(userId).name,
    authorize,
    log,
    ...options.devices,
  });
  devices.start().catch((error: unknown) => log('The peripherals could not be started', error));
  const phones = new PhoneService({
    db,
    events,
    now: options.now ?? (() => new Date()),
    dataDir: options.dataDir,
    pageDir: join(import.meta.dirname, '../phone'),
    register: () => services.settings.register(),
    user: (userId) => services.people.list().find((user) => user.userId === userId),
    authorize,
    scan: (code, by) => devices.receiveScan(code, by),
    log,
    ...options.phone,
  });
  phones.start().catch((error: unknown) => log('The phone server could not be started', error));
  const sync = createSync({
    db,
    events,
    services,
    clock: { ...systemClock, now: options.now ?? systemClock.now },
    ...options.sync,
  });
  // Connects only once the register is enrolled; until then it sells on its own and keeps every event.
  sync.start();
  const handlers = createHandlers(services, devices, sync, phones);
  const dispatch = createDispatch(handlers, log);
  return {
    db,
    events,
    services,
    devices,
    phones,
    sync,
    handlers,
    dispatch,
    close: () => {
      checkpoints.stop();
      sync.close();
      // Stops ledger writes at once; serial ports and sockets are released in the background.
      devices.close().catch((error: unknown) => log('The peripherals could not be closed', error));
      phones.close().catch((error: unknown) => log('The phone server could not be closed', error));
      services.close();
      db.close();
    },
  };
}
