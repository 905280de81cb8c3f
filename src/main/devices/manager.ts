/**
 * The register's peripherals, from the configuration saved in the ledger: the receipt printer (status polling,
 * the print queue), the cash drawer, and the scanners (HID, serial, and paired phones through receiveScan)
 * feeding `sales.scan` or the screen that takes scans. A poll loop reads the printer's status and reopens any
 * configured device that went missing, so unplugging and replugging needs nobody. Device state changes go to
 * the renderer as the 'devices.status' event.
 *
 * Nothing is opened that is not configured, so tests and a register without peripherals touch no hardware.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import {
  parseBarcode,
  scanControlCharacterMessage,
  scanHasControlCharacters,
  type BarcodeOptions,
  type ParsedBarcode,
} from '../../shared/barcode.ts';
import type {
  DeviceStatus,
  DrawerEvent,
  DrawerStatusReport,
  FoundDevices,
  FoundHidDevice,
  FoundSerialPort,
  PrintJobReport,
  PrinterStatusReport,
  ScannerReading,
  ScannerStatusReport,
  Receipt,
  ScanOrigin,
} from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import type { ParsedInput } from '../../shared/contract.ts';
import {
  buildReceipt,
  buildReturnReceipt,
  buildVoidReceipt,
  type PrintDocument,
  type ReceiptDocument,
  type ReceiptOptions,
} from '../../shared/receipt.ts';
import {
  deviceConfigSchema,
  type DeviceConfig,
  type ScannerConfig,
  type NamedRegister,
  type StoreSettings,
} from '../../shared/settings.ts';
import type { TextDocument } from '../../shared/receipt.ts';
import { shiftReportDocument, type XReport, type ZReport } from '../../shared/shift-report.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { AdjustmentsService } from '../services/adjustments.ts';
import type { ReceivingService } from '../services/receiving.ts';
import type { Recorded, ReturnsService } from '../services/returns.ts';
import type { TransfersService } from '../services/transfers.ts';
import {
  adjustmentSlipDocument,
  packingListDocument,
  receivingSummaryDocument,
  shelfLabelsDocument,
} from '../../shared/inventory-print.ts';
import type { SalesService } from '../services/sales.ts';
import { allowEverything, type Authorize } from './authorize.ts';
import { CashDrawer, type DrawerLine } from './drawer.ts';
import { checkPrinterModel, printerModels, renderDocument, renderTestPage } from './escpos.ts';
import { PrintQueue } from './print-queue.ts';
import { ReceiptPrinter } from './printer.ts';
import { openHidScanner, toFoundHidDevice, type HidApi, type OpenScanner } from './scanners/hid-scanner.ts';
import { posScannerUsagePage, type ScannedCode } from './scanners/hid-report.ts';
import { openSerialScanner } from './scanners/serial-scanner.ts';
import { createPrinterTransport, type TransportFactory } from './transports/index.ts';
import { SerialTransport } from './transports/serial.ts';
import { plural } from '../../shared/words.ts';

export interface DeviceManagerDeps {
  db: Db;
  events: EventBus;
  now: () => Date;
  sales: Pick<SalesService, 'scan' | 'receipt' | 'onCompleted'>;
  /** Returns and post-voids, whose receipts print after they commit. */
  returns: Pick<ReturnsService, 'onRecorded'>;
  /** Goods received and transfers sent: their summary and packing list print after they commit. */
  receiving?: Pick<ReceivingService, 'onReceived'>;
  transfers?: Pick<TransfersService, 'onSent'>;
  /** Stock adjustments: their slip prints after they commit. */
  adjustments?: Pick<AdjustmentsService, 'onRecorded'>;
  store: () => StoreSettings;
  /** The open shift's X report, or a stored Z report, for printing. */
  shiftReport: (which: ShiftReportChoice) => XReport | ZReport;
  /** This register: its receipts name it. */
  register: () => NamedRegister;
  /** The store's barcode settings, for showing what a scanned code means in the scanner test. */
  barcodeOptions: () => BarcodeOptions;
  /** How often the printer status is read and missing devices are looked for. */
  pollIntervalMs?: number;
  createTransport?: TransportFactory;
  /** node-hid, loaded only when a HID scanner is configured or devices are listed. */
  loadHid?: () => Promise<HidApi>;
  listSerialPorts?: () => Promise<FoundSerialPort[]>;
  authorize?: Authorize;
  /** The name printed as cashier for a sale's user id. */
  cashierName?: (userId: string) => string;
  /** IANA zone for receipt times; the system zone when left out. */
  timeZone?: string;
  log?: (message: string, error: unknown) => void;
}

export type ShiftReportChoice = { kind: 'x' } | { kind: 'z'; number: number };

/** What became of a scan: whether it reached the sale or a screen, and what to tell whoever scanned it. */
export interface ScanOutcome {
  delivered: boolean;
  message: string;
}

const configKey = 'devices';
const defaultPollIntervalMs = 2000;
const notConfigured = { connection: 'not-configured', message: 'Not set up.' } as const;

async function loadNodeHid(): Promise<HidApi> {
  const hid = await import('node-hid');
  return hid.default ?? hid;
}

/** What SerialPort.list() gives for a port. Its own type does not resolve here: @serialport/bindings-interface's
 * package exports name no types. */
interface ListedSerialPort {
  path: string;
  manufacturer: string | undefined;
  vendorId: string | undefined;
  productId: string | undefined;
}

async function listSystemSerialPorts(): Promise<FoundSerialPort[]> {
  const ports = (await SerialPort.list()) as ListedSerialPort[];
  return ports.map((port) => ({
    path: port.path,
    manufacturer: port.manufacturer ?? null,
    vendorId: port.vendorId ?? null,
    productId: port.productId ?? null,
  }));
}

async function listUsbPrinterFiles(): Promise<string[]> {
  try {
    const names = await readdir('/dev/usb');
    return names.filter((name) => /^lp\d+$/.test(name)).map((name) => `/dev/usb/${name}`);
  } catch {
    return [];
  }
}

function scannerId(config: ScannerConfig): string {
  const hex = (value: number): string => value.toString(16).padStart(4, '0');
  return config.kind === 'hid'
    ? `hid:${hex(config.vendorId)}:${hex(config.productId)}`
    : `serial:${config.path}`;
}

function scannerLabel(config: ScannerConfig): string {
  return config.kind === 'hid' ? `Scanner ${scannerId(config).slice(4)}` : `Scanner on ${config.path}`;
}

interface ScannerSlot {
  config: ScannerConfig;
  report: ScannerStatusReport;
  handle: OpenScanner | null;
  opening: boolean;
}

export class DeviceManager {
  private readonly deps: DeviceManagerDeps;
  private readonly queue: PrintQueue;
  private readonly readConfig;
  private readonly writeConfig;
  private current: DeviceConfig = deviceConfigSchema.parse({});
  private printer: ReceiptPrinter | null = null;
  private drawer: CashDrawer | null = null;
  private drawerLine: SerialTransport | null = null;
  private drawerFailure: string | null = null;
  private scanners: ScannerSlot[] = [];
  private scannerTest = false;
  private scanRoute: 'sale' | 'screen' = 'sale';
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private unsubscribe: (() => void)[] = [];
  /** Receipts and drawer kicks still under way for completed sales. */
  private readonly afterSales = new Set<Promise<void>>();
  private lastStatus = '';
  /** Set by close(): from then on nothing touches the ledger, which the app closes right after. */
  private shutDown = false;
  /** Set while devices are being replaced or shut down: the poll loop stops rescheduling. */
  private stopped = true;

  constructor(deps: DeviceManagerDeps) {
    this.deps = deps;
    this.readConfig = deps.db.prepare<[string], { value: string }>(
      'SELECT value FROM settings WHERE key = ?',
    );
    this.writeConfig = deps.db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.queue = new PrintQueue({
      db: deps.db,
      now: deps.now,
      printer: () => {
        const printer = this.printer;
        const config = this.current.receiptPrinter;
        if (!printer || !config) return null;
        return (doc) => printer.print(renderDocument(doc, config));
      },
      onChange: () => this.emitStatus(),
    });
  }

  /** Opens what is configured, starts polling, and prints each completed sale from now on. */
  async start(): Promise<void> {
    this.unsubscribe = [
      this.deps.sales.onCompleted((receipt) => {
        this.track(this.afterSale(receipt));
      }),
      this.deps.returns.onRecorded((recorded) => {
        this.track(this.afterReturn(recorded));
      }),
      ...(this.deps.receiving
        ? [
            this.deps.receiving.onReceived((receipt) => {
              this.printSlipIfSetUp(`receiving summary ${receipt.number}`, () =>
                receivingSummaryDocument(receipt, this.deps.store()),
              );
              const labels = receipt.labels ?? [];
              if (labels.length > 0)
                this.printSlipIfSetUp(`shelf labels of ${receipt.number}`, () =>
                  shelfLabelsDocument(labels, this.deps.store()),
                );
            }),
          ]
        : []),
      ...(this.deps.transfers
        ? [
            this.deps.transfers.onSent((transfer) => {
              this.printSlipIfSetUp(
                `packing list of transfer ${transfer.number ?? transfer.transferId}`,
                () => packingListDocument(transfer, this.deps.store().locale),
              );
            }),
          ]
        : []),
      ...(this.deps.adjustments
        ? [
            this.deps.adjustments.onRecorded((adjustment) => {
              this.printSlipIfSetUp(`adjustment slip ${adjustment.adjustmentId}`, () =>
                adjustmentSlipDocument(adjustment, this.deps.store()),
              );
            }),
          ]
        : []),
    ];
    await this.apply(this.loadConfig());
  }

  /**
   * Stops at once everything that would write to the ledger (so the caller may close it right away), then
   * resolves once the ports are released.
   */
  close(): Promise<void> {
    this.shutDown = true;
    this.queue.stop();
    for (const stop of this.unsubscribe) stop();
    return this.stopDevices();
  }

  /** Resolves once the receipts and drawer kicks of the sales completed so far have been tried. */
  async settled(): Promise<void> {
    while (this.afterSales.size > 0) await Promise.all(this.afterSales);
  }

  config(): DeviceConfig {
    return this.current;
  }

  /** Saves the configuration in the ledger and reopens the devices with it. Needs 'settings.edit'. */
  async setConfig({ approval, ...config }: ParsedInput<'devices.setConfig'>): Promise<DeviceConfig> {
    const parsed = deviceConfigSchema.parse(config);
    (this.deps.authorize ?? allowEverything)('settings.edit', approval, { change: 'devices' });
    if (parsed.receiptPrinter) checkPrinterModel(parsed.receiptPrinter.model);
    if (parsed.drawer?.connection.kind === 'printer' && !parsed.receiptPrinter) {
      throw new CounterError(
        'INVALID_INPUT',
        'The drawer is set to open through the receipt printer: set up the printer too.',
      );
    }
    this.writeConfig.run(configKey, JSON.stringify(parsed));
    await this.apply(parsed);
    return parsed;
  }

  status(): DeviceStatus {
    return {
      printer: this.printerReport(),
      drawer: this.drawerReport(),
      scanners: this.scanners.map((slot) => slot.report),
      queue: this.queue.report(),
    };
  }

  async list(): Promise<FoundDevices> {
    const problems: string[] = [];
    let hid: FoundHidDevice[] = [];
    try {
      const found = await (await (this.deps.loadHid ?? loadNodeHid)()).devicesAsync();
      const byPath = new Map<string, FoundHidDevice>();
      for (const device of found) {
        const entry = toFoundHidDevice(device);
        if (entry && !byPath.has(entry.path)) byPath.set(entry.path, entry);
      }
      hid = [...byPath.values()];
    } catch (error) {
      problems.push(
        `HID devices could not be listed (${describe(error)}). On Linux, check the udev rule for hidraw.`,
      );
    }
    let serialPorts: FoundSerialPort[] = [];
    try {
      serialPorts = await (this.deps.listSerialPorts ?? listSystemSerialPorts)();
    } catch (error) {
      problems.push(`Serial ports could not be listed (${describe(error)}).`);
    }
    const printer = this.current.receiptPrinter?.connection;
    return {
      hid,
      serialPorts,
      usbPrinters: await listUsbPrinterFiles(),
      networkPrinters: printer?.kind === 'network' ? [{ host: printer.host, port: printer.port }] : [],
      printerModels: printerModels(),
      problems,
    };
  }

  async testPrint(): Promise<DeviceStatus> {
    const { printer, config } = this.requirePrinter();
    await printer.print(renderTestPage(config, this.deps.now()));
    return this.status();
  }

  /** "No sale": opens the drawer without a sale, for a permitted user (or with an approval), and records it. */
  async noSale(input?: ParsedInput<'drawer.noSale'>): Promise<DrawerEvent> {
    // First whether there is a drawer at all, so no permission is used (and audited) for nothing.
    if (!this.drawer) throw noDrawer();
    (this.deps.authorize ?? allowEverything)('drawer.noSale', input?.approval, { reason: 'no-sale' });
    return this.openDrawer('no-sale', null);
  }

  /** Prints a sale's receipt again, marked DUPLICATE; resolves once it printed or failed. */
  async reprint(saleId: string): Promise<PrintJobReport> {
    const job = this.queue.enqueue(
      'reprint',
      saleId,
      this.receiptDocument(this.deps.sales.receipt({ saleId }), true),
    );
    await this.queue.drain();
    return this.queue.job(job.jobId);
  }

  /** Prints the open shift's X report, or a Z report again; resolves once it printed or failed. */
  async printShiftReport(which: ShiftReportChoice): Promise<PrintJobReport> {
    return this.printSlip(
      shiftReportDocument(this.deps.shiftReport(which), this.deps.store().locale, this.deps.register()),
    );
  }

  /** A slip that is not a receipt (a report, a count sheet) on the receipt printer, now. */
  async printSlip(doc: TextDocument): Promise<PrintJobReport> {
    this.requirePrinter();
    const job = this.queue.enqueue('receipt', null, doc);
    await this.queue.drain();
    return this.queue.job(job.jobId);
  }

  /** 'screen': scans go to the screen as 'scan.read' events instead of into the sale (Returns). */
  setScanRoute(to: 'sale' | 'screen'): { to: 'sale' | 'screen' } {
    this.scanRoute = to;
    return { to };
  }

  /** Tries the failed receipts again now, oldest first. */
  async retryPrinting(): Promise<DeviceStatus> {
    await this.queue.drain();
    return this.status();
  }

  /** While on, hardware scans only show on the Devices screen and do not go into the sale. */
  setScannerTest(active: boolean): { active: boolean } {
    this.scannerTest = active;
    return { active };
  }

  /** One round of the poll loop: printer status, then reopening missing scanners. */
  pollNow(): Promise<void> {
    this.ticking ??= this.tick().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  // -------------------------------------------------------------------------------------------------------------

  private loadConfig(): DeviceConfig {
    const row = this.readConfig.get(configKey);
    if (!row) return deviceConfigSchema.parse({});
    const parsed = deviceConfigSchema.safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data;
    this.log(
      'The saved device settings are not valid; no device is used until they are set again',
      parsed.error,
    );
    return deviceConfigSchema.parse({});
  }

  private async apply(config: DeviceConfig): Promise<void> {
    await this.stopDevices();
    if (this.shutDown) return;
    this.stopped = false;
    this.current = config;
    const createTransport = this.deps.createTransport ?? createPrinterTransport;
    if (config.receiptPrinter) {
      const printer = new ReceiptPrinter(
        createTransport(config.receiptPrinter.connection, config.receiptPrinter.timeoutMs),
        config.drawer?.polarity ?? 'open-when-high',
      );
      printer.on('status', (report) => {
        // A drawer on the printer failed only because the printer did: with the printer back, so is the drawer.
        if (report.connection === 'online' && config.drawer?.connection.kind === 'printer') {
          this.drawerFailure = null;
        }
        this.emitStatus();
        // The printer is back (or has paper again): what failed meanwhile prints now, in order.
        if (report.ready) this.drainInBackground();
      });
      this.printer = printer;
    }
    if (config.drawer) {
      let line: DrawerLine;
      if (config.drawer.connection.kind === 'serial') {
        const serial = new SerialTransport({
          path: config.drawer.connection.path,
          baudRate: config.drawer.connection.baudRate,
          timeoutMs: config.receiptPrinter?.timeoutMs ?? 3000,
          label: `Cash drawer on ${config.drawer.connection.path}`,
        });
        this.drawerLine = serial;
        line = (bytes) => serial.write(bytes);
      } else {
        line = (bytes) => {
          if (!this.printer) throw new CounterError('DEVICE_UNAVAILABLE', 'No receipt printer is set up.');
          return this.printer.send(bytes);
        };
      }
      this.drawer = new CashDrawer(config.drawer, line, this.deps);
    }
    this.scanners = config.scanners.map((scanner) => ({
      config: scanner,
      report: {
        id: scannerId(scanner),
        kind: scanner.kind,
        label: scannerLabel(scanner),
        connection: 'connecting',
        message: 'Connecting…',
      },
      handle: null,
      opening: false,
    }));
    this.emitStatus();
    if (config.receiptPrinter || config.scanners.length > 0) {
      await this.pollNow();
      this.drainInBackground();
      this.schedule();
    }
  }

  private async stopDevices(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    const printer = this.printer;
    this.printer = null;
    this.drawer = null;
    await printer?.close();
    await this.drawerLine?.close();
    this.drawerLine = null;
    const scanners = this.scanners;
    this.scanners = [];
    const handles = scanners.flatMap((slot) => (slot.handle ? [slot.handle] : []));
    await Promise.all(handles.map((handle) => handle.close()));
  }

  /** Prints what is queued without waiting for it; a failing job is marked in the queue, anything else logged. */
  private drainInBackground(): void {
    this.queue.drain().catch((error: unknown) => this.log('The print queue stopped', error));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pollNow()
        .catch((error: unknown) =>
          this.log('Checking the devices failed; trying again at the next poll', error),
        )
        .finally(() => this.schedule());
    }, this.deps.pollIntervalMs ?? defaultPollIntervalMs);
  }

  private async tick(): Promise<void> {
    await this.printer?.poll();
    await Promise.all(this.scanners.map((slot) => this.reopen(slot)));
  }

  private async reopen(slot: ScannerSlot): Promise<void> {
    // Not every unplug closes the port (a pty, some USB serial drivers): a device file that is gone is unplugged.
    if (
      slot.handle &&
      slot.config.kind === 'serial' &&
      slot.config.path.startsWith('/') &&
      !existsSync(slot.config.path)
    ) {
      const handle = slot.handle;
      slot.handle = null;
      await handle.close();
      this.setScanner(
        slot,
        'offline',
        `${slot.report.label} was unplugged: plug it in again and it reconnects by itself.`,
      );
    }
    if (slot.handle || slot.opening || this.stopped) return;
    slot.opening = true;
    const { config } = slot;
    const label = slot.report.label;
    const handlers = {
      // The AIM identifier goes along: it tells the parser an 8-digit EAN-8 from a UPC-E, and marks GS1 data.
      onCode: ({ aim, data }: ScannedCode) =>
        this.receiveScan((aim ?? '') + data, { scannerId: slot.report.id, user: null }),
      onLost: (reason: string) => {
        slot.handle = null;
        this.setScanner(slot, 'offline', reason);
      },
    };
    try {
      if (config.kind === 'serial') {
        slot.handle = await openSerialScanner(
          { path: config.path, baudRate: config.baudRate, encoding: config.encoding, label },
          handlers,
        );
      } else {
        const hid = await (this.deps.loadHid ?? loadNodeHid)();
        const candidates = (await hid.devicesAsync()).filter(
          (device) =>
            device.vendorId === config.vendorId &&
            device.productId === config.productId &&
            (config.serialNumber === null || device.serialNumber === config.serialNumber),
        );
        // A scanner shows several interfaces (keyboard, HID POS): read the POS one.
        const device =
          candidates.find((candidate) => candidate.usagePage === posScannerUsagePage) ?? candidates[0];
        if (!device?.path) throw new CounterError('DEVICE_UNAVAILABLE', `${label} is missing: plug it in.`);
        slot.handle = await openHidScanner(hid, device.path, label, handlers);
      }
      if (this.stopped || !this.scanners.includes(slot)) {
        await slot.handle.close();
        slot.handle = null;
        return;
      }
      this.setScanner(slot, 'online', 'Ready.');
    } catch (error) {
      this.setScanner(slot, 'offline', describe(error));
    } finally {
      slot.opening = false;
    }
  }

  private setScanner(
    slot: ScannerSlot,
    connection: ScannerStatusReport['connection'],
    message: string,
  ): void {
    slot.report = { ...slot.report, connection, message };
    this.emitStatus();
  }

  /**
   * A code from any scanner, at the register or a paired phone (`by` says which): into the sale, or to the screen
   * when it takes scans itself (scanRoute) with who scanned it, or only onto the Devices screen during the
   * scanner test. An AIM identifier leads the code when the scanner sent one. Returns what became of it.
   */
  receiveScan(code: string, by: ScanOrigin): ScanOutcome {
    if (this.shutDown) return { delivered: false, message: 'The register is closing: scan again later.' };
    const aim = /^\][A-Za-z][0-9A-Za-z]/.test(code) ? code.slice(0, 3) : null;
    let parsed: ParsedBarcode | null = null;
    let outcome: ScanOutcome | undefined;
    try {
      parsed = parseBarcode(code, this.deps.barcodeOptions(), this.deps.now());
    } catch (error) {
      outcome = { delivered: false, message: describe(error) };
    }
    if (!this.scannerTest && scanHasControlCharacters(code)) {
      // No barcode holds one: neither the sale nor a screen gets the code (parseBarcode's refusal is the outcome).
      const refused = new CounterError('INVALID_BARCODE', scanControlCharacterMessage);
      this.deps.events.emit('scan.rejected', { code, error: refused.toJSON() });
    } else if (!this.scannerTest && this.scanRoute === 'screen') {
      this.deps.events.emit('scan.read', { code, by });
      outcome = { delivered: true, message: 'Sent to the screen that is open.' };
    } else if (!this.scannerTest) {
      try {
        const sale = this.deps.sales.scan({ code });
        const lines = plural(sale.lines.length, 'line');
        outcome = { delivered: true, message: `Added to the sale (${lines}).` };
      } catch (error) {
        const refused =
          error instanceof CounterError
            ? error
            : new CounterError('INTERNAL', 'The scan could not be added: try again.');
        if (!(error instanceof CounterError)) this.log('Scan failed', error);
        this.deps.events.emit('scan.rejected', { code, error: refused.toJSON() });
        outcome = { delivered: false, message: refused.message };
      }
    }
    outcome ??= { delivered: false, message: 'Read correctly (scanner test: not added to the sale).' };
    const reading: ScannerReading = {
      scannerId: by.scannerId,
      code,
      aim,
      parsed,
      outcome: outcome.message,
      addedToSale: !this.scannerTest && this.scanRoute === 'sale',
    };
    this.deps.events.emit('scanner.test', reading);
    return outcome;
  }

  /** Work after a sale or return committed, which close() and settled() wait for. */
  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.afterSales.delete(tracked));
    this.afterSales.add(tracked);
  }

  /**
   * Prints a slip that is not a receipt (a packing list, a receiving summary) when a printer is set up; its
   * printing is tracked like a receipt's.
   */
  private printSlipIfSetUp(what: string, build: () => PrintDocument): void {
    if (this.shutDown || !this.current.receiptPrinter) return;
    try {
      this.queue.enqueue('receipt', null, build());
    } catch (error) {
      this.log(`The ${what} could not be queued`, error);
    }
    this.track(this.queue.drain());
  }

  /**
   * A return's or void's receipt, printed like a sale's (and only where a printer is set up); then the drawer
   * opens if cash goes back to the customer.
   */
  private async afterReturn(recorded: Recorded): Promise<void> {
    if (this.shutDown) return;
    if (this.current.receiptPrinter) {
      try {
        const options = this.receiptOptions(recorded.document.userId, false);
        const doc =
          recorded.kind === 'return'
            ? buildReturnReceipt(recorded.document, this.deps.store(), options)
            : buildVoidReceipt(
                recorded.document,
                this.deps.sales.receipt({ saleId: recorded.document.saleId }).sale,
                this.deps.store(),
                options,
              );
        this.queue.enqueue('receipt', null, doc);
      } catch (error) {
        this.log(
          `The receipt for ${recorded.kind} ${recorded.document.receiptNumber} could not be queued`,
          error,
        );
      }
      await this.queue.drain();
    }
    const cashBack = recorded.document.refunds.some(
      (refund) => refund.kind === 'cash' && refund.amountMinor > 0,
    );
    if (this.drawer && !this.shutDown && cashBack) {
      const documentId = recorded.kind === 'return' ? recorded.document.returnId : recorded.document.voidId;
      await this.openDrawer('refund', documentId).catch(() => undefined);
    }
  }

  /** Prints the receipt it is handed (no second read of the sale), then opens the drawer for cash. */
  private async afterSale(receipt: Receipt): Promise<void> {
    const { saleId, tenders } = receipt.sale;
    if (this.shutDown) return;
    // Without a printer nothing is queued: receipts piling up would all print the day a printer is set up.
    if (this.current.receiptPrinter) {
      try {
        this.queue.enqueue('receipt', saleId, this.receiptDocument(receipt, false));
      } catch (error) {
        this.log(`The receipt for sale ${saleId} could not be queued`, error);
      }
      await this.queue.drain();
    }
    // After the receipt, so the drawer opens as the receipt comes out (and a pulse never lands mid-receipt).
    if (this.drawer && !this.shutDown && tenders.some((tender) => tender.kind === 'cash')) {
      await this.openDrawer('sale', saleId).catch(() => undefined);
    }
  }

  private async openDrawer(reason: DrawerEvent['reason'], saleId: string | null): Promise<DrawerEvent> {
    const drawer = this.drawer;
    if (!drawer) throw noDrawer();
    try {
      const event = await drawer.open(reason, saleId);
      this.drawerFailure = null;
      return event;
    } catch (error) {
      this.drawerFailure = describe(error);
      throw error;
    } finally {
      this.emitStatus();
    }
  }

  private requirePrinter(): { printer: ReceiptPrinter; config: NonNullable<DeviceConfig['receiptPrinter']> } {
    if (!this.printer || !this.current.receiptPrinter) {
      throw new CounterError(
        'DEVICE_UNAVAILABLE',
        'No receipt printer is set up: choose one on the Devices screen.',
      );
    }
    return { printer: this.printer, config: this.current.receiptPrinter };
  }

  private printerReport(): PrinterStatusReport {
    return this.printer?.report ?? { ...notConfigured, label: null, status: null, ready: false };
  }

  private drawerReport(): DrawerStatusReport {
    const config = this.current.drawer;
    if (!config) return { ...notConfigured, open: null };
    if (this.drawerFailure) return { connection: 'offline', open: null, message: this.drawerFailure };
    if (config.connection.kind === 'serial') {
      return { connection: 'online', open: null, message: `Opens through ${config.connection.path}.` };
    }
    const printer = this.printerReport();
    const open = printer.status?.drawerOpen ?? null;
    return {
      connection: printer.connection,
      open,
      // No sensor reading (printer offline, or its answer not understood): the printer's message says why.
      message: open === null ? printer.message : open ? 'Drawer open.' : 'Drawer closed.',
    };
  }

  private emitStatus(): void {
    if (this.shutDown) return;
    const status = this.status();
    const serialized = JSON.stringify(status);
    if (serialized === this.lastStatus) return;
    this.lastStatus = serialized;
    this.deps.events.emit('devices.status', status);
  }

  /** The receipt of a sale as it prints: in the store's time zone, with the cashier's name (and the customer's). */
  private receiptDocument({ sale, settings, customer }: Receipt, duplicate: boolean): ReceiptDocument {
    return buildReceipt(sale, settings, { ...this.receiptOptions(sale.userId, duplicate), customer });
  }

  private receiptOptions(userId: string | null, duplicate: boolean): ReceiptOptions {
    return {
      duplicate,
      cashier: userId && this.deps.cashierName ? this.deps.cashierName(userId) : null,
      register: this.deps.register(),
      ...(this.deps.timeZone ? { timeZone: this.deps.timeZone } : {}),
    };
  }

  private log(message: string, error: unknown): void {
    (this.deps.log ?? ((text, cause) => console.error(text, cause)))(message, error);
  }
}

const noDrawer = (): CounterError =>
  new CounterError('DEVICE_UNAVAILABLE', 'No cash drawer is set up: open it with the key.');

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
