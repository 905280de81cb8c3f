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
  { settings, catalog, sales, stock, people, audit, shifts, returns, customers }: Services,
  devices: DeviceManager,
  sync: SyncService,
  phones: PhoneService,
): Handlers {
  return {
    'app.info': () => settings.appInfo(),
    'catalog.search': ({ query, limit }) => catalog.search(query, limit),
    'catalog.importCsv': ({ csv }) => catalog.importCsv(csv),
    'sale.current': () => sales.current(),
    'sale.scan': ({ code }) => sales.scan(code),
    'sale.addProduct': ({ productId, quantity }) => sales.addProduct(productId, quantity),
    'sale.setQuantity': ({ lineId, quantity, approval }) => sales.setQuantity(lineId, quantity, approval),
    'sale.removeLine': ({ lineId, approval }) => sales.removeLine(lineId, approval),
    'sale.addTender': ({ kind, amountMinor }) => sales.addTender(kind, amountMinor),
    'sale.removeTender': ({ tenderId }) => sales.removeTender(tenderId),
    'sale.cancel': (input) => sales.cancel(input?.approval),
    'sale.complete': () => sales.complete(),
    'sale.receipt': ({ saleId }) => sales.receipt(saleId),
    'sale.recent': ({ limit }) => sales.recent(limit),
    'sale.discountLine': ({ lineId, discount, reason, approval }) =>
      sales.discountLine(lineId, discount, reason, approval),
    'sale.discountCart': ({ discount, reason, approval }) => sales.discountCart(discount, reason, approval),
    'sale.overridePrice': ({ lineId, unitPriceMinor, reason, approval }) =>
      sales.overridePrice(lineId, unitPriceMinor, reason, approval),
    'sale.park': () => sales.park(),
    'sale.parked': () => sales.parked(),
    'sale.nameParked': ({ saleId, name }) => sales.nameParked(saleId, name),
    'sale.resume': ({ saleId }) => sales.resume(saleId),
    'sale.postVoid': ({ saleId, reason, approval }) => returns.postVoid(saleId, reason, approval),
    'return.lookup': ({ code }) => returns.lookup(code),
    'return.quote': (request) => returns.quote(request),
    'return.complete': (request) => returns.complete(request),
    'return.recent': ({ limit }) => returns.recent(limit),
    'return.receipt': ({ code }) => returns.receipt(code),
    'customer.search': ({ query }) => customers.search(query),
    'customer.create': (input) => customers.create(input),
    'customer.attach': ({ customerId }) => customers.attach(customerId),
    'customer.detach': () => customers.detach(),
    'customer.attached': () => customers.attached(),
    'customer.history': ({ customerId }) => customers.history(customerId),
    'stock.availability': ({ productId }) => stock.availability(productId),
    'stock.check': (input) => stock.check({ repair: input?.repair ?? false }),
    'devices.list': () => devices.list(),
    'devices.getConfig': () => devices.config(),
    'devices.setConfig': ({ approval, ...config }) => devices.setConfig(config, approval),
    'devices.status': () => devices.status(),
    'devices.testPrint': () => devices.testPrint(),
    'devices.scannerTest': ({ active }) => devices.setScannerTest(active),
    'devices.scanRoute': ({ to }) => devices.setScanRoute(to),
    'phones.state': () => phones.state(),
    'phones.pair': ({ userId, hours, approval }) => phones.pair(userId, hours, approval),
    'phones.revoke': ({ pairingId, approval }) => phones.revoke(pairingId, approval),
    'drawer.noSale': (input) => devices.noSale(input?.approval),
    'receipt.reprint': ({ saleId }) => devices.reprint(saleId),
    'print.retry': () => devices.retryPrinting(),
    'sync.status': () => sync.status(),
    'sync.now': () => sync.syncNow(),
    // Enrolment binds the register to a store: a manager's setting when a person does it at the register.
    'sync.enroll': ({ approval, ...input }) =>
      sync.enroll(input, people.authorize('settings.edit', approval)),
    'sync.shiftEndCheck': () => sync.shiftEndCheck(),
    'auth.current': () => people.current(),
    'auth.login': (input) => people.login(input),
    'auth.lock': () => people.lock(),
    'auth.logout': () => people.logout(),
    'users.list': () => people.list(),
    'users.save': (input) => people.save(input),
    'audit.list': ({ limit, approval }) => audit.list(limit, approval),
    'shift.current': () => shifts.current(),
    'shift.open': (input) => shifts.open(input),
    'shift.cashMovement': (input) => shifts.cashMovement(input),
    'shift.xReport': () => shifts.xReport(),
    'shift.close': (input) => shifts.close(input),
    'shift.zReport': ({ number }) => shifts.zReport(number),
    'shift.printReport': (which) => devices.printShiftReport(which),
  };
}
