/**
 * The register's services, built once over one ledger connection. Each prepares its statements at creation,
 * so the sale path only binds and runs.
 */
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import { createCatalogService, type CatalogService } from './catalog.ts';
import { createSalesService, type SalesService } from './sales.ts';
import { createSettingsService, type SettingsService } from './settings.ts';
import { createMovementRecorder, createStockService, type StockService } from './stock.ts';

export interface ServiceDeps {
  db: Db;
  events: EventBus;
  now: () => Date;
  version: string;
}

export interface Services {
  settings: SettingsService;
  catalog: CatalogService;
  sales: SalesService;
  stock: StockService;
  close(): void;
}

export function createServices({ db, events, now, version }: ServiceDeps): Services {
  const settings = createSettingsService(db, version);
  const record = createMovementRecorder(db);
  const catalog = createCatalogService({ db, events, settings, record, now });
  const stock = createStockService({ db, events, catalog, record });
  const sales = createSalesService({ db, events, now, settings, catalog, stock, record });
  return {
    settings,
    catalog,
    sales,
    stock,
    close: () => sales.close(),
  };
}
