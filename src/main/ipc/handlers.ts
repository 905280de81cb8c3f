/**
 * The handler table: one entry per contract channel, each one service call. Inputs arrive validated by
 * dispatch.ts; errors are thrown as CounterError and become envelopes there.
 */
import type { Handlers } from '../../shared/contract.ts';
import type { DeviceManager } from '../devices/manager.ts';
import type { PhoneService } from '../phone/phones.ts';
import type { Services } from '../services/index.ts';
import type { SyncService } from '../sync/index.ts';

export function createHandlers(
  { settings, catalog, sales, stock, people, audit, shifts, returns }: Services,
  devices: DeviceManager,
  sync: SyncService,
  phones: PhoneService,
): Handlers {
  return {
    'app.info': () => settings.appInfo(),
    'catalog.search': ({ query, limit }) => catalog.search(query, limit),
    'catalog.importCsv': ({ csv }) => catalog.importCsv(csv),
    'sale.current': () => sales.current(),
    'sale.scan': (input) => sales.scan(input),
    'sale.addProduct': (input) => sales.addProduct(input),
    'sale.setQuantity': (input) => sales.setQuantity(input),
    'sale.removeLine': (input) => sales.removeLine(input),
    'sale.addTender': (input) => sales.addTender(input),
    'sale.removeTender': (input) => sales.removeTender(input),
    'sale.cancel': (input) => sales.cancel(input),
    'sale.complete': () => sales.complete(),
    'sale.receipt': (input) => sales.receipt(input),
    'sale.recent': (input) => sales.recent(input),
    'sale.discountLine': (input) => sales.discountLine(input),
    'sale.discountCart': (input) => sales.discountCart(input),
    'sale.overridePrice': (input) => sales.overridePrice(input),
    'sale.park': () => sales.park(),
    'sale.parked': () => sales.parked(),
    'sale.nameParked': (input) => sales.nameParked(input),
    'sale.resume': (input) => sales.resume(input),
    'sale.postVoid': (input) => returns.postVoid(input),
    'return.lookup': (input) => returns.lookup(input),
    'return.quote': (request) => returns.quote(request),
    'return.complete': (request) => returns.complete(request),
    'return.recent': (input) => returns.recent(input),
    'return.receipt': (input) => returns.receipt(input),
    'stock.availability': ({ productId }) => stock.availability(productId),
    'stock.check': (input) => stock.check({ repair: input?.repair ?? false }),
    'devices.list': () => devices.list(),
    'devices.getConfig': () => devices.config(),
    'devices.setConfig': (input) => devices.setConfig(input),
    'devices.status': () => devices.status(),
    'devices.testPrint': () => devices.testPrint(),
    'devices.scannerTest': ({ active }) => devices.setScannerTest(active),
    'devices.scanRoute': ({ to }) => devices.setScanRoute(to),
    'phones.state': () => phones.state(),
    'phones.pair': (input) => phones.pair(input),
    'phones.revoke': (input) => phones.revoke(input),
    'drawer.noSale': (input) => devices.noSale(input),
    'receipt.reprint': ({ saleId }) => devices.reprint(saleId),
    'print.retry': () => devices.retryPrinting(),
    'sync.status': () => sync.status(),
    'sync.now': () => sync.syncNow(),
    'sync.enroll': (input) => sync.enroll(input),
    'sync.shiftEndCheck': () => sync.shiftEndCheck(),
    'auth.current': () => people.current(),
    'auth.login': (input) => people.login(input),
    'auth.lock': () => people.lock(),
    'auth.logout': () => people.logout(),
    'users.list': () => people.list(),
    'users.save': (input) => people.save(input),
    'audit.list': (input) => audit.list(input),
    'shift.current': () => shifts.current(),
    'shift.open': (input) => shifts.open(input),
    'shift.cashMovement': (input) => shifts.cashMovement(input),
    'shift.xReport': () => shifts.xReport(),
    'shift.close': (input) => shifts.close(input),
    'shift.zReport': ({ number }) => shifts.zReport(number),
    'shift.printReport': (which) => devices.printShiftReport(which),
  };
}
