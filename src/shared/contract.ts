/**
 * The one contract between the renderer and the main process: channel names, an input schema per call, the
 * output type per call, and the events main sends. Preload, main and the tests all import it from here.
 *
 * To find what a call does, look its channel up in src/main/ipc/handlers.ts: each entry is one service call.
 */
import { z } from 'zod';
import type {
  AppInfo,
  Availability,
  CompletedSale,
  DeviceStatus,
  DrawerEvent,
  FoundDevices,
  ImportReport,
  OpenSale,
  PrintJobReport,
  ProductHit,
  Receipt,
  ScannerReading,
  StockCheckReport,
} from './domain.ts';
import type { CounterErrorData, Envelope } from './errors.ts';
import { deviceConfigSchema, type DeviceConfig } from './settings.ts';
import { enrollRequestSchema } from './sync/protocol.ts';
import type { ShiftEndCheck, SyncStatus } from './sync/status.ts';

const none = z.object({}).strict().optional();
const lineId = z.string().min(1).max(64);
const productId = z.number().int().positive();
/** Pieces, or grams for goods sold by weight. Zero is not a quantity: remove the line instead. */
const quantity = z.number().int('Quantity must be a whole number').min(1, 'Quantity must be at least 1').max(1_000_000, 'Quantity is too large');

export const inputs = {
  'app.info': none,
  'catalog.search': z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(100).optional() }).strict(),
  'catalog.importCsv': z.object({ csv: z.string().max(20_000_000, 'The file is larger than 20 MB') }).strict(),
  'sale.current': none,
  'sale.scan': z.object({ code: z.string().min(1, 'Empty scan').max(200) }).strict(),
  'sale.addProduct': z.object({ productId, quantity: quantity.optional() }).strict(),
  'sale.setQuantity': z.object({ lineId, quantity }).strict(),
  'sale.removeLine': z.object({ lineId }).strict(),
  'sale.addTender': z
    .object({
      kind: z.enum(['cash', 'card']),
      amountMinor: z.number().int('Amount must be whole cents').positive('Amount must be more than zero').max(100_000_000),
    })
    .strict(),
  'sale.removeTender': z.object({ tenderId: z.string().min(1).max(64) }).strict(),
  'sale.cancel': none,
  'sale.complete': none,
  'sale.receipt': z.object({ saleId: z.string().min(1).max(64) }).strict(),
  'stock.availability': z.object({ productId }).strict(),
  'stock.check': z.object({ repair: z.boolean().optional() }).strict().optional(),
  'devices.list': none,
  'devices.getConfig': none,
  'devices.setConfig': deviceConfigSchema,
  'devices.status': none,
  'devices.testPrint': none,
  /** While active, hardware scans only show on the Devices screen ('scanner.test') and stay out of the sale. */
  'devices.scannerTest': z.object({ active: z.boolean() }).strict(),
  'drawer.noSale': none,
  'receipt.reprint': z.object({ saleId: z.string().min(1).max(64) }).strict(),
  'print.retry': none,
  'sync.status': none,
  /** Clears a stop whose cause a person fixed, reconnects, and sends and pulls now. */
  'sync.now': none,
  /** Once per register: a pairing code from head office gets it a device token bound to one store. */
  'sync.enroll': z
    .object({
      headOfficeUrl: z.url({ protocol: /^https?$/, error: 'Head office address: a web address such as https://hq.example.com' }),
      ...enrollRequestSchema.shape,
    })
    .strict(),
  'sync.shiftEndCheck': none,
} as const;

export type Channel = keyof typeof inputs;
export const channels = Object.keys(inputs) as Channel[];

/** What the renderer sends. */
export type Input<C extends Channel> = z.input<(typeof inputs)[C]>;
/** What a handler receives, after validation and defaults. */
export type ParsedInput<C extends Channel> = z.output<(typeof inputs)[C]>;
export type EnrollInput = ParsedInput<'sync.enroll'>;

export interface Outputs {
  'app.info': AppInfo;
  'catalog.search': ProductHit[];
  'catalog.importCsv': ImportReport;
  'sale.current': OpenSale;
  'sale.scan': OpenSale;
  'sale.addProduct': OpenSale;
  'sale.setQuantity': OpenSale;
  'sale.removeLine': OpenSale;
  'sale.addTender': OpenSale;
  'sale.removeTender': OpenSale;
  'sale.cancel': OpenSale;
  'sale.complete': CompletedSale;
  'sale.receipt': Receipt;
  'stock.availability': Availability;
  'stock.check': StockCheckReport;
  'devices.list': FoundDevices;
  'devices.getConfig': DeviceConfig;
  'devices.setConfig': DeviceConfig;
  'devices.status': DeviceStatus;
  'devices.testPrint': DeviceStatus;
  'devices.scannerTest': { active: boolean };
  'drawer.noSale': DrawerEvent;
  'receipt.reprint': PrintJobReport;
  'print.retry': DeviceStatus;
  'sync.status': SyncStatus;
  'sync.now': SyncStatus;
  'sync.enroll': SyncStatus;
  'sync.shiftEndCheck': ShiftEndCheck;
}
export type Output<C extends Channel> = Outputs[C];

/** The handler table main builds from its services: exactly one function per channel. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Output<C> | Promise<Output<C>> };

/** Events from main to the renderer, all through one subscription. */
export interface Events {
  'sale.changed': OpenSale;
  'stock.changed': { productIds: number[] };
  /** A hardware scanner read a code that could not be added; the renderer shows it like a wedge scan error. */
  'scan.rejected': { code: string; error: CounterErrorData };
  /** Printer, drawer and scanner state and the print queue, whenever any of it changes. */
  'devices.status': DeviceStatus;
  /** Every code a hardware scanner reads, with its parsed meaning, for the Devices screen's live test. */
  'scanner.test': ScannerReading;
  /** Connection, events waiting, last success or error: whenever any of it changes. */
  'sync.status': SyncStatus;
}
export type EventName = keyof Events;
export interface EventMessage<E extends EventName = EventName> {
  name: E;
  payload: Events[E];
}

/** Electron channel names: one per call, one for all events. */
export { eventChannel, ipcChannel } from './ipc-names.ts';

type OptionalIfEmpty<C extends Channel> = undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>];

/**
 * `window.counter`, as exposed by the preload. invoke resolves to an envelope rather than throwing, because
 * contextBridge keeps only the message of a thrown error; the renderer's client turns it into a CounterError.
 */
export interface CounterBridge {
  invoke<C extends Channel>(channel: C, ...input: OptionalIfEmpty<C>): Promise<Envelope<Output<C>>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}
