/**
 * The handler table: one entry per contract channel, each one service call. Inputs arrive validated by
 * dispatch.ts; errors are thrown as CounterError and become envelopes there.
 */
import type { Handlers } from '../../shared/contract.ts';
import type { DeviceManager } from '../devices/manager.ts';
import type { Services } from '../services/index.ts';
import type { SyncService } from '../sync/index.ts';

export function createHandlers(
  { settings, catalog, sales, stock }: Services,
  devices: DeviceManager,
  sync: SyncService,
): Handlers {
  return {
    'app.info': () => settings.appInfo(),
    'catalog.search': ({ query, limit }) => catalog.search(query, limit),
    'catalog.importCsv': ({ csv }) => catalog.importCsv(csv),
    'sale.current': () => sales.current(),
    'sale.scan': ({ code }) => sales.scan(code),
    'sale.addProduct': ({ productId, quantity }) => sales.addProduct(productId, quantity),
    'sale.setQuantity': ({ lineId, quantity }) => sales.setQuantity(lineId, quantity),
    'sale.removeLine': ({ lineId }) => sales.removeLine(lineId),
    'sale.addTender': ({ kind, amountMinor }) => sales.addTender(kind, amountMinor),
    'sale.removeTender': ({ tenderId }) => sales.removeTender(tenderId),
    'sale.cancel': () => sales.cancel(),
    'sale.complete': () => sales.complete(),
    'sale.receipt': ({ saleId }) => sales.receipt(saleId),
    'stock.availability': ({ productId }) => stock.availability(productId),
    'stock.check': (input) => stock.check({ repair: input?.repair ?? false }),
    'devices.list': () => devices.list(),
    'devices.getConfig': () => devices.config(),
    'devices.setConfig': (config) => devices.setConfig(config),
    'devices.status': () => devices.status(),
    'devices.testPrint': () => devices.testPrint(),
    'devices.scannerTest': ({ active }) => devices.setScannerTest(active),
    'drawer.noSale': () => devices.noSale(),
    'receipt.reprint': ({ saleId }) => devices.reprint(saleId),
    'print.retry': () => devices.retryPrinting(),
    'sync.status': () => sync.status(),
    'sync.now': () => sync.syncNow(),
    'sync.enroll': (input) => sync.enroll(input),
    'sync.shiftEndCheck': () => sync.shiftEndCheck(),
  };
}
