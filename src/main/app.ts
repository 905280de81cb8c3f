/**
 * The register without Electron: ledger, services, handler table, dispatcher and event bus. index.ts wraps it
 * in a window; the test bridge, the CLI commands and the benchmark use it as it is.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatch, type Dispatch } from './ipc/dispatch.ts';
import { createHandlers } from './ipc/handlers.ts';
import { EventBus } from './events.ts';
import { openLedger, type Db } from './ledger/database.ts';
import { createServices, type Services } from './services/index.ts';
import { seedDemoStoreIfEmpty } from './services/demo-seed.ts';
import type { Handlers } from '../shared/contract.ts';

export interface RegisterAppOptions {
  dataDir: string;
  resourcesDir: string;
  version: string;
  /** Injected clock for tests; defaults to the wall clock. */
  now?: () => Date;
}

export interface RegisterApp {
  db: Db;
  events: EventBus;
  services: Services;
  handlers: Handlers;
  dispatch: Dispatch;
  close(): void;
}

export const ledgerFileName = 'ledger.db';

export function createRegisterApp(options: RegisterAppOptions): RegisterApp {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openLedger(join(options.dataDir, ledgerFileName));
  const events = new EventBus();
  const services = createServices({ db, events, now: options.now ?? (() => new Date()), version: options.version });
  seedDemoStoreIfEmpty(services, options.resourcesDir);
  const handlers = createHandlers(services);
  const dispatch = createDispatch(handlers, (message, error) => console.error(message, error));
  return {
    db,
    events,
    services,
    handlers,
    dispatch,
    close: () => {
      services.close();
      db.close();
    },
  };
}
