/**
 * The Devices screen's form: the saved DeviceConfig as editable text fields and back. Checked with the same
 * schema main uses (src/shared/settings.ts), so a mistake is marked at its field before anything is sent.
 */
import {
  deviceConfigSchema,
  type DeviceConfig,
  type DrawerConfig,
  type ReceiptPrinterConfig,
  type ScannerConfig,
} from '../../../shared/settings.ts';
import type { z } from '../zod.ts';

type PrinterKind = 'none' | ReceiptPrinterConfig['connection']['kind'];
type DrawerKind = 'none' | DrawerConfig['connection']['kind'];

export interface PrinterForm {
  kind: PrinterKind;
  host: string;
  port: string;
  serialPath: string;
  serialBaud: string;
  usbPath: string;
  model: string;
  /** Empty: the model's own width. */
  columns: string;
  returnCode: ReceiptPrinterConfig['returnCode'];
  cut: ReceiptPrinterConfig['cut'];
  timeoutMs: string;
}

export interface DrawerForm {
  kind: DrawerKind;
  path: string;
  baudRate: string;
  pin: DrawerConfig['pin'];
  polarity: DrawerConfig['polarity'];
  pulseOnMs: string;
  pulseOffMs: string;
}

export interface DeviceForm {
  printer: PrinterForm;
  drawer: DrawerForm;
  scanners: ScannerConfig[];
}

/** The form with some of the printer's fields changed. */
export const withPrinter = (change: Partial<PrinterForm>) => (form: DeviceForm) => ({
  ...form,
  printer: { ...form.printer, ...change },
});

/** The form with some of the drawer's fields changed. */
export const withDrawer = (change: Partial<DrawerForm>) => (form: DeviceForm) => ({
  ...form,
  drawer: { ...form.drawer, ...change },
});

/** The fields a message can be shown at. */
export type Field =
  | `printer.${Exclude<keyof PrinterForm, 'kind' | 'returnCode' | 'cut'>}`
  | `drawer.${Exclude<keyof DrawerForm, 'kind' | 'pin' | 'polarity'>}`
  | 'scanners';

export type FieldErrors = Partial<Record<Field, string>>;

export const fieldLabels: Record<Field, string> = {
  'printer.host': 'Printer address',
  'printer.port': 'Printer port',
  'printer.serialPath': 'Printer serial port',
  'printer.serialBaud': 'Printer speed',
  'printer.usbPath': 'USB printer file',
  'printer.model': 'Printer model',
  'printer.columns': 'Characters per line',
  'printer.timeoutMs': 'Printer timeout',
  'drawer.path': 'Drawer serial port',
  'drawer.baudRate': 'Drawer speed',
  'drawer.pulseOnMs': 'Drawer pulse',
  'drawer.pulseOffMs': 'Drawer pause',
  scanners: 'Scanners',
};

/** The model a new printer starts with: a common 80 mm ESC/POS printer. */
export const defaultPrinterModel = 'epson-tm-t88vi';

const defaults = deviceConfigSchema.parse({
  receiptPrinter: { connection: { kind: 'network', host: '-' }, model: defaultPrinterModel },
  drawer: { connection: { kind: 'printer' } },
});
const printerDefaults = defaults.receiptPrinter!;
const drawerDefaults = defaults.drawer!;
const defaultSerialBaud = 38_400;
const defaultDrawerBaud = 9600;

export function formFromConfig(config: DeviceConfig): DeviceForm {
  const printer = config.receiptPrinter ?? printerDefaults;
  const connection = config.receiptPrinter?.connection;
  const drawer = config.drawer ?? drawerDefaults;
  const drawerLine = config.drawer?.connection;
  return {
    printer: {
      kind: connection?.kind ?? 'none',
      host: connection?.kind === 'network' ? connection.host : '',
      port: String(connection?.kind === 'network' ? connection.port : 9100),
      serialPath: connection?.kind === 'serial' ? connection.path : '',
      serialBaud: String(connection?.kind === 'serial' ? connection.baudRate : defaultSerialBaud),
      usbPath: connection?.kind === 'usb' ? connection.path : '',
      model: printer.model,
      columns: printer.columns === null ? '' : String(printer.columns),
      returnCode: printer.returnCode,
      cut: printer.cut,
      timeoutMs: String(printer.timeoutMs),
    },
    drawer: {
      kind: drawerLine?.kind ?? 'none',
      path: drawerLine?.kind === 'serial' ? drawerLine.path : '',
      baudRate: String(drawerLine?.kind === 'serial' ? drawerLine.baudRate : defaultDrawerBaud),
      pin: drawer.pin,
      polarity: drawer.polarity,
      pulseOnMs: String(drawer.pulseOnMs),
      pulseOffMs: String(drawer.pulseOffMs),
    },
    scanners: config.scanners,
  };
}

/** A typed number; NaN for anything else, which the schema then refuses with the field's name. */
function numberFrom(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

function printerConnection(form: PrinterForm): unknown {
  switch (form.kind) {
    case 'network':
      return { kind: 'network', host: form.host, port: numberFrom(form.port) };
    case 'serial':
      return { kind: 'serial', path: form.serialPath, baudRate: numberFrom(form.serialBaud) };
    case 'usb':
      return { kind: 'usb', path: form.usbPath };
    case 'none':
      return null;
  }
}

/** What the form says, before checking: numbers where numbers go, nothing for devices set to "none". */
function candidate(form: DeviceForm): unknown {
  const { printer, drawer } = form;
  return {
    receiptPrinter:
      printer.kind === 'none'
        ? null
        : {
            connection: printerConnection(printer),
            model: printer.model,
            columns: printer.columns.trim() === '' ? null : numberFrom(printer.columns),
            returnCode: printer.returnCode,
            cut: printer.cut,
            timeoutMs: numberFrom(printer.timeoutMs),
          },
    drawer:
      drawer.kind === 'none'
        ? null
        : {
            connection:
              drawer.kind === 'serial'
                ? { kind: 'serial', path: drawer.path, baudRate: numberFrom(drawer.baudRate) }
                : { kind: 'printer' },
            pin: drawer.pin,
            polarity: drawer.polarity,
            pulseOnMs: numberFrom(drawer.pulseOnMs),
            pulseOffMs: numberFrom(drawer.pulseOffMs),
          },
    scanners: form.scanners,
  };
}

/** Which form field a schema path points at: the printer's `connection.path` is the serial or the USB one. */
function fieldOf(path: readonly PropertyKey[], form: DeviceForm): Field {
  const [section, first, second] = path.map(String);
  if (section === 'receiptPrinter') {
    if (first !== 'connection') return `printer.${first}` as Field;
    if (form.printer.kind === 'usb') return 'printer.usbPath';
    if (form.printer.kind === 'serial')
      return second === 'baudRate' ? 'printer.serialBaud' : 'printer.serialPath';
    return second === 'port' ? 'printer.port' : 'printer.host';
  }
  if (section === 'drawer') return `drawer.${first === 'connection' ? second : first}` as Field;
  return 'scanners';
}

/** Zod's words for number problems, said for a person filling in a form. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int')) {
    return 'Enter a whole number.';
  }
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `Enter ${String(issue.minimum)} or more.`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `Enter ${String(issue.maximum)} or less.`;
  return issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
}

export type FormResult = { ok: true; config: DeviceConfig } | { ok: false; errors: FieldErrors };

export function configFromForm(form: DeviceForm): FormResult {
  const parsed = deviceConfigSchema.safeParse(candidate(form));
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[fieldOf(issue.path, form)] ??= describeIssue(issue);
  return { ok: false, errors };
}

/** Stable per configured scanner, as main names it in the status ("hid:0c2e:0b8f", "serial:/dev/ttyACM0"). */
export function scannerKey(scanner: ScannerConfig): string {
  const hex = (value: number) => value.toString(16).padStart(4, '0');
  return scanner.kind === 'hid'
    ? `hid:${hex(scanner.vendorId)}:${hex(scanner.productId)}`
    : `serial:${scanner.path}`;
}
