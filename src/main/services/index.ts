/**
 * The register's services, built once over one ledger connection. Each prepares its statements at creation,
 * so the sale path only binds and runs.
 */
import { CounterError } from '../../shared/errors.ts';
import { warehouseDoesNotSellMessage } from '../../shared/stock.ts';
import type { SyncStatus } from '../../shared/sync/status.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import { createCounters } from '../ledger/counters.ts';
import { createOutbox, type Outbox } from '../ledger/outbox.ts';
import { createAdjustmentsService, type AdjustmentsService } from './adjustments.ts';
import { enrollmentCheck } from '../sync/state.ts';
import { createAuditService, type AuditService } from './audit.ts';
import { createCountsService, type CountReviewSource, type CountsService } from './counts.ts';
import { createCatalogService, type CatalogService } from './catalog.ts';
import { createCustomersService, type CustomerDirectory, type CustomersService } from './customers.ts';
import { createLowStockService, type LowStockService } from './low-stock.ts';
import { createPeopleService, type PeopleService } from './people.ts';
import { createPurchaseDraftingService, type PurchaseDraftingService } from './purchase-drafting.ts';
import { createPurchaseOrdersService, type PurchaseOrdersService } from './purchase-orders.ts';
import { createReceivingService, type ReceivingService } from './receiving.ts';
import { createReturnsService, type LookupRemoteReceipt, type ReturnsService } from './returns.ts';
import { createSalesService, type SalesService } from './sales.ts';
import { createSettingsService, type SettingsService } from './settings.ts';
import { createShiftsService, type ShiftsService } from './shifts.ts';
import { createMovementRecorder, createStockService, type StockService } from './stock.ts';
import { createTransfersService, type TransfersService } from './transfers.ts';

export interface ServiceDeps {
  db: Db;
  events: EventBus;
  now: () => Date;
  version: string;
  /** Sync's status for the Z report's head-office line (sync is built after the services). */
  syncStatus?: () => SyncStatus;
  /** scrypt cost for PIN hashes; tests pass a small one to stay fast. */
  pinHashCost?: number;
  /** Head office's answer for another register's receipt (sync is built after the services); absent: offline. */
  lookupReceipt?: LookupRemoteReceipt;
  /** Head office's customers (sync is built after the services); absent: offline. */
  customerDirectory?: CustomerDirectory;
  /** Head office's merged review of a count (sync is built after the services); absent: offline. */
  countReview?: CountReviewSource;
}

export interface Services {
  settings: SettingsService;
  catalog: CatalogService;
  sales: SalesService;
  stock: StockService;
  people: PeopleService;
  audit: AuditService;
  shifts: ShiftsService;
  returns: ReturnsService;
  counts: CountsService;
  receiving: ReceivingService;
  purchaseOrders: PurchaseOrdersService;
  purchaseDrafting: PurchaseDraftingService;
  lowStock: LowStockService;
  transfers: TransfersService;
  adjustments: AdjustmentsService;
  customers: CustomersService;
  /** Tells whoever listens (the sync pump) that events were queued for head office. */
  outbox: Pick<Outbox, 'onAppended'>;
  close(): void;
}

export function createServices(deps: ServiceDeps): Services {
  const { db, events, now, version, syncStatus, pinHashCost } = deps;
  const settings = createSettingsService(db, version);
  const record = createMovementRecorder(db);
  const counters = createCounters(db);
  const outbox = createOutbox(db, counters);
  const appendOutbox = outbox.append;
  const ledger = { db, events, now, appendOutbox };
  const audit = createAuditService({
    db,
    now,
    settings,
    appendOutbox,
    check: (action, approval) => people.check(action, approval),
  });
  const people = createPeopleService({ db, events, now, audit, pinHashCost });
  const catalog = createCatalogService({
    db,
    events,
    settings,
    record,
    now,
    people,
    enrolled: enrollmentCheck(db),
  });
  const purchaseOrders = createPurchaseOrdersService({ db, now, catalog, people });
  const incoming = (sku: string): number => purchaseOrders.incoming(sku);
  const stock = createStockService({ db, events, catalog, record, incoming });
  const shifts = createShiftsService({ ...ledger, settings, people, counters, syncStatus });
  // A sale needs a store (a warehouse does not sell), someone logged in and an open shift; both are recorded on it.
  const seller = (): { userId: string; shiftId: string } => {
    if (settings.store().locationKind === 'warehouse') throw warehouseDoesNotSell();
    return { userId: people.requireUser().userId, shiftId: shifts.requireOpen().shiftId };
  };
  const customers = createCustomersService({
    db,
    now,
    settings,
    appendOutbox,
    userId: () => people.requireUser().userId,
    openSaleId: () => sales.current().saleId,
    directory: {
      find: (query) => deps.customerDirectory?.find(query) ?? Promise.resolve(null),
      purchases: (customerId) => deps.customerDirectory?.purchases(customerId) ?? Promise.resolve(null),
    },
  });
  const sales = createSalesService({
    ...ledger,
    ...{ settings, catalog, stock, record, seller, people, counters },
    customers: customers.links,
  });
  const returns = createReturnsService({
    ...ledger,
    ...{ settings, catalog, sales, record, people, counters, seller },
    lookupRemote: (receiptNumber) => deps.lookupReceipt?.(receiptNumber) ?? Promise.resolve(null),
    customers: customers.links,
    requireCashFor: shifts.requireCashFor,
  });
  const stockDocuments = { ...ledger, settings, catalog, record, people, audit, counters };
  const receiving = createReceivingService({ ...stockDocuments, purchaseOrders });
  const purchaseDrafting = createPurchaseDraftingService(stockDocuments);
  const lowStock = createLowStockService({ db, settings, stock, incoming });
  const transfers = createTransfersService({
    ...stockDocuments,
    onHandHere: (productId) => stock.figuresHere(productId).on_hand,
  });
  const adjustments = createAdjustmentsService({ ...ledger, settings, catalog, people, record });
  const counts = createCountsService({
    db,
    now,
    settings,
    catalog,
    stock,
    people,
    appendOutbox,
    review: (countId) => deps.countReview?.(countId) ?? Promise.resolve(null),
  });
  const documents = { returns, counts, receiving, transfers, adjustments, customers };
  const purchasing = { purchaseOrders, purchaseDrafting, lowStock };
  return {
    settings,
    catalog,
    sales,
    stock,
    people,
    audit,
    shifts,
    ...documents,
    ...purchasing,
    outbox,
    close: () => sales.close(),
  };
}

const warehouseDoesNotSell = (): CounterError => new CounterError('NOT_ALLOWED', warehouseDoesNotSellMessage);
