import { z } from 'zod';
import { barcodeSettingsSchema, defaultBarcodeSettings } from './barcode.ts';
import { MAX_AMOUNT_MINOR } from './limits.ts';
import { receivingTolerancePercentSchema } from './purchase-receiving.ts';
import { locationKindSchema } from './stock.ts';
import { multiLineText, plainText } from './text.ts';

/** A tax rate in basis points: 2000 = 20 %, 550 = 5.5 %. */
export const taxRateSchema = z.object({
  code: z.string().regex(/^[A-Z0-9_]{1,8}$/, 'Tax code: 1-8 capital letters or digits, e.g. STD'),
  name: plainText('Tax rate name').min(1).max(40),
  rateBasisPoints: z.number().int().min(0).max(10_000),
});
export type TaxRate = z.infer<typeof taxRateSchema>;

/**
 * The largest over or short (minor units) a shift closes with as counted. Beyond it the close asks for a recount,
 * then a reason and a manager's approval. Set per store at head office; it replaces the per-role limits of
 * earlier versions, so it is the same for everyone who closes.
 */
export const overShortThresholdSchema = z
  .number()
  .int('The over/short limit is a whole number of cents')
  .min(0, 'The over/short limit cannot be negative')
  .max(MAX_AMOUNT_MINOR, `The over/short limit cannot be more than ${MAX_AMOUNT_MINOR} cents`);

/** A store whose head office never set its limit: what a cashier could close with before there was one. */
export const defaultOverShortThresholdMinor = 500;

// Intl knows the ISO 4217 codes in use; a made-up one (XYZ) would print and total in nothing anyone pays with.
const isoCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const currencyMessage = 'Currency: an ISO 4217 code such as EUR or USD';

export const storeSettingsSchema = z.object({
  storeName: plainText('Store name').trim().min(1, 'Store name: enter a name').max(60),
  addressLines: z
    .array(plainText('An address line').max(60, 'An address line: at most 60 characters'))
    .max(4, 'Address: at most 4 lines'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: currencyMessage, abort: true })
    .refine((code) => isoCurrencies.has(code), currencyMessage),
  locale: plainText('Locale').min(2).max(20),
  /** true: shelf prices include tax (EU style); false: tax is added at the till (US style). */
  pricesIncludeTax: z.boolean(),
  taxRates: z.array(taxRateSchema).min(1),
  receiptHeader: multiLineText('Receipt header').max(200, 'Receipt header: at most 200 characters'),
  receiptFooter: multiLineText('Receipt footer').max(200, 'Receipt footer: at most 200 characters'),
  /** How in-store price- and weight-embedded barcodes are laid out. Settings saved before it existed get the default. */
  barcodes: barcodeSettingsSchema.default(defaultBarcodeSettings),
  /**
   * Cash rounding: the smallest coin in use, in minor units (5: cash totals round to 0.05). Absent, 0 or 1: none.
   * Only the part of a sale paid in cash is rounded; the difference is recorded on the sale and printed.
   */
  cashRoundingMinor: z
    .number()
    .int('The smallest coin is a whole number of cents')
    .min(0)
    .max(1000, 'The smallest coin cannot be more than 1000 cents')
    .optional(),
  /** Absent: defaultOverShortThresholdMinor. */
  overShortThresholdMinor: overShortThresholdSchema.optional(),
  /** Set by head office: a warehouse receives, counts, adjusts and transfers but does not sell. Absent: a store. */
  locationKind: locationKindSchema.optional(),
  /**
   * Set by head office: the value (minor units, at price until costs exist) above which a stock adjustment needs
   * someone allowed to approve one ('stock.adjust.approve'). Absent or null: no limit beyond 'stock.adjust'.
   */
  adjustmentApprovalMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR).nullable().optional(),
  /**
   * Set by head office: how far (percent of what was ordered) a delivery may go above its purchase order before
   * a manager approves it ('receiving.overTolerance'). Absent: defaultReceivingTolerancePercent.
   */
  receivingTolerancePercent: receivingTolerancePercentSchema.optional(),
});
export type StoreSettings = z.infer<typeof storeSettingsSchema>;

export const overShortThreshold = (settings: Pick<StoreSettings, 'overShortThresholdMinor'>): number =>
  settings.overShortThresholdMinor ?? defaultOverShortThresholdMinor;

export const registerIdentitySchema = z.object({
  storeId: plainText('Store id').min(1).max(40),
  registerId: plainText('Register id').min(1).max(40),
  /** Printed before the receipt number, e.g. "S1R2-" gives S1R2-000123. Unique per register. */
  receiptPrefix: plainText('Receipt prefix').max(12),
  /**
   * What people call it (Till 1), given when it was enrolled with head office; shown and printed instead of
   * head office's id for it. A register that was never enrolled goes by its id.
   */
  registerName: plainText('Register name').min(1).max(60).optional(),
});
export type RegisterIdentity = z.infer<typeof registerIdentitySchema>;

/** What it takes to name a register. */
export type NamedRegister = Pick<RegisterIdentity, 'registerId' | 'registerName'>;

/**
 * How screens and paper name register `registerId`: this register (`own`) by the name it was given at
 * enrolment; any other register, and this one before it had a name, by its id.
 */
export function registerLabel(registerId: string, own: NamedRegister | undefined): string {
  return own?.registerId === registerId && own.registerName ? own.registerName : registerId;
}

// Devices (DEVICES.md): which printer, drawer and scanners this register uses. Saved in the ledger under the
// settings key 'devices'.
const devicePath = plainText('Port').min(1, 'Choose a port').max(200);
const baudRate = z.number().int().min(1200).max(921_600);

export const printerConnectionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('network'),
    host: plainText('Printer address').trim().min(1, 'Enter the printer address, e.g. 192.168.1.50').max(253),
    port: z.number().int().min(1).max(65_535).default(9100),
  }),
  z.object({ kind: z.literal('serial'), path: devicePath, baudRate: baudRate.default(38_400) }),
  /** A Linux USB printer device file, e.g. /dev/usb/lp0 (the user needs to be in group lp). */
  z.object({
    kind: z.literal('usb'),
    path: devicePath.regex(/^\/dev\//, 'A USB printer is a /dev file, e.g. /dev/usb/lp0'),
  }),
]);
export type PrinterConnection = z.infer<typeof printerConnectionSchema>;

export const receiptPrinterConfigSchema = z.object({
  connection: printerConnectionSchema,
  /** A printer model id from the encoder's profiles (devices.list gives the choices), e.g. epson-tm-t88vi. */
  model: plainText('Printer model').min(1).max(40),
  /** Characters per line when the paper differs from the model's default; null keeps the model's width. */
  columns: z.number().int().min(24).max(64).nullable().default(null),
  /** How the receipt number is printed for returns; models without QR get Code 128. */
  returnCode: z.enum(['qr', 'code128']).default('qr'),
  cut: z.enum(['full', 'partial']).default('partial'),
  /** How long to wait for the printer before calling it offline. */
  timeoutMs: z.number().int().min(500).max(30_000).default(3000),
});
export type ReceiptPrinterConfig = z.infer<typeof receiptPrinterConfigSchema>;

export const drawerConfigSchema = z.object({
  /** Most drawers hang off the printer's drawer port; some are opened by writing to a serial port. */
  connection: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('printer') }),
    z.object({ kind: z.literal('serial'), path: devicePath, baudRate: baudRate.default(9600) }),
  ]),
  /** The drawer connector pin the drawer is wired to. */
  pin: z.union([z.literal(2), z.literal(5)]).default(2),
  pulseOnMs: z.number().int().min(2).max(510).default(100),
  pulseOffMs: z.number().int().min(2).max(510).default(500),
  /** Whether a high level on the drawer sensor means open; it depends on the drawer. */
  polarity: z.enum(['open-when-high', 'open-when-low']).default('open-when-high'),
});
export type DrawerConfig = z.infer<typeof drawerConfigSchema>;

/**
 * How a serial scanner's bytes become text. Scanners pass a code's bytes on as they are, and those of a Code 128
 * or QR code are ISO 8859-1 unless the code says otherwise: hence Latin-1 by default. A scanner set up to send
 * UTF-8 (or reading QR codes made in UTF-8) needs UTF-8.
 */
export const scannerEncodingSchema = z.enum(['latin1', 'utf-8']);
export type ScannerEncoding = z.infer<typeof scannerEncodingSchema>;
export const defaultScannerEncoding: ScannerEncoding = 'latin1';

export const scannerConfigSchema = z.discriminatedUnion('kind', [
  /** A HID POS scanner, found again by vendor and product id (its path changes when it is replugged). */
  z.object({
    kind: z.literal('hid'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    serialNumber: plainText('Serial number').max(100).nullable().default(null),
  }),
  /** A serial or USB CDC scanner sending one code per line (CR, LF or CR LF). */
  z.object({
    kind: z.literal('serial'),
    path: devicePath,
    baudRate: baudRate.default(9600),
    /** Left out: defaultScannerEncoding. */
    encoding: scannerEncodingSchema.optional(),
  }),
]);
export type ScannerConfig = z.infer<typeof scannerConfigSchema>;

export const deviceConfigSchema = z.object({
  receiptPrinter: receiptPrinterConfigSchema.nullable().default(null),
  drawer: drawerConfigSchema.nullable().default(null),
  scanners: z.array(scannerConfigSchema).max(8).default([]),
});
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;
