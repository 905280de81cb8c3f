/**
 * Receipt documents to ESC/POS bytes.
 *
 * We encode with `@point-of-sale/receipt-printer-encoder` rather than the older `escpos` package: the encoder is
 * typed and maintained, and carries printer-model profiles (column width, code-page table, what each model can
 * print: QR, which barcodes) that we expose as the "printer model" setting. `escpos` has been dormant since 2024,
 * is untyped, encodes text as GB18030 by default, and its USB adapter crashes because it depends on `usb: "*"`,
 * which now resolves to an incompatible 3.x. We only use the encoder for bytes; getting them to the printer is
 * done by our own transports (./transports).
 *
 * The encoder does not check barcode content (an EAN with a wrong check digit prints as a wrong code), so
 * content is checked first with checkBarcodeContent.
 */
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';
import ReceiptPrinterEncoder, {
  type ReceiptPrinterEncoderOptions,
} from '@point-of-sale/receipt-printer-encoder';
import { checkBarcodeContent } from '../../shared/escpos/symbology.ts';
import type { PrinterModelInfo } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import { layoutReceipt, layoutText, type PrintDocument } from '../../shared/receipt.ts';
import type { DrawerConfig, ReceiptPrinterConfig } from '../../shared/settings.ts';

type PrinterModelId = NonNullable<ReceiptPrinterEncoderOptions['printerModel']>;

/** The part of the encoder's model profile we read (its own type for it is `object`). */
interface Capabilities {
  language: string;
  barcodes: { supported: boolean; symbologies: string[] };
  /** `models` lists the QR models the printer takes; a profile may claim QR yet list none (MPT-II). */
  qrcode: { supported: boolean; models: string[] };
}

/** We print QR model 2, the one every phone and scanner reads. */
const canPrintQr = (capabilities: Capabilities): boolean =>
  capabilities.qrcode.supported && capabilities.qrcode.models.includes('2');

const escPosModels: PrinterModelInfo[] = ReceiptPrinterEncoder.printerModels
  .map(({ id, name }) => {
    const encoder = new ReceiptPrinterEncoder({ printerModel: id as PrinterModelId });
    const capabilities = encoder.printerCapabilities as Capabilities;
    return {
      id,
      name: name.trim(),
      columns: encoder.columns,
      qrCode: canPrintQr(capabilities),
      language: encoder.language,
    };
  })
  // Status polling (DLE EOT) and the transcript are ESC/POS; Star's own languages are left out until needed.
  .filter((model) => model.language === 'esc-pos')
  .map(({ id, name, columns, qrCode }) => ({ id, name, columns, qrCode }));

/** The printer models a store can choose from: the encoder's ESC/POS profiles. */
export function printerModels(): PrinterModelInfo[] {
  return escPosModels;
}

export function checkPrinterModel(model: string): void {
  if (!escPosModels.some((known) => known.id === model)) {
    throw new CounterError(
      'INVALID_INPUT',
      `"${model}" is not a printer model Counter knows. Choose one from the list; for an unlisted ESC/POS printer, a model with the same paper width usually works.`,
    );
  }
}

type PrintOptions = Pick<ReceiptPrinterConfig, 'model' | 'columns' | 'returnCode' | 'cut'>;

function encoderFor(
  options: Pick<PrintOptions, 'model'> & Partial<Pick<PrintOptions, 'columns'>>,
): ReceiptPrinterEncoder {
  return new ReceiptPrinterEncoder({
    printerModel: options.model as PrinterModelId,
    ...(options.columns ? { columns: options.columns } : {}),
    // Throw instead of printing a warning to the console and leaving content out.
    errors: 'strict',
  });
}

/** The paper width in characters for these settings. */
export function columnsFor(options: Pick<PrintOptions, 'model' | 'columns'>): number {
  return encoderFor(options).columns;
}

export interface DrawerPulse {
  pin: DrawerConfig['pin'];
  onMs: number;
  offMs: number;
}

function addPulse(encoder: ReceiptPrinterEncoder, pulse: DrawerPulse): void {
  // ESC p m t1 t2: m 0 is connector pin 2, 1 is pin 5; the encoder converts milliseconds to 2 ms units.
  encoder.pulse(pulse.pin === 5 ? 1 : 0, pulse.onMs, pulse.offMs);
}

function addReturnCode(encoder: ReceiptPrinterEncoder, content: string, options: PrintOptions): void {
  const capabilities = encoder.printerCapabilities as Capabilities;
  const useQr = options.returnCode === 'qr' && canPrintQr(capabilities);
  const symbology = useQr ? 'qr' : 'code128';
  const printable =
    useQr || (capabilities.barcodes.supported && capabilities.barcodes.symbologies.includes('code128'));
  try {
    checkBarcodeContent(symbology, content);
  } catch {
    // The receipt number is printed as text above; an unprintable code must not stop the receipt.
    return;
  }
  if (!printable) return;
  encoder.align('center');
  if (useQr) encoder.qrcode(content, { model: 2, size: 6, errorlevel: 'm' });
  else encoder.barcode(content, 'code128', { height: 60, width: 2, text: 'below' });
  encoder.align('left');
}

/**
 * Characters codepage-encoder gives a code page that the page's standard table, the one printers carry, does not
 * have. Its cp857 has € at 0xD5, a later IBM revision; IBM's original 857 and Epson's PC857 (ESC t 13) leave
 * 0xD5 empty, so a € sent there prints as nothing. PC858 (850 with € at 0xD5, ESC t 19 on Epson) is the one for €.
 */
const missingFromPrinterTables: Partial<Record<Codepage, number[]>> = { cp857: [0x20ac] };

/** A model's code pages with the characters each can print, in the order the encoder prefers them. */
const codepagesByModel = new Map<string, { codepage: Codepage; characters: Set<number> }[]>();

function codepagesOf(model: string): { codepage: Codepage; characters: Set<number> }[] {
  let codepages = codepagesByModel.get(model);
  if (codepages) return codepages;
  const probe = encoderFor({ model });
  codepages = CodepageEncoder.getEncodings().flatMap((codepage) => {
    try {
      probe.codepage(codepage);
    } catch {
      return []; // Not a code page this model has.
    }
    const missing = missingFromPrinterTables[codepage] ?? [];
    const characters = CodepageEncoder.getCodepoints(codepage, true).filter((c) => !missing.includes(c));
    return [{ codepage, characters: new Set(characters) }];
  });
  codepagesByModel.set(model, codepages);
  return codepages;
}

/**
 * One code page that has every character of these lines, else 'auto'. The encoder's 'auto' finds a code page
 * per character, and codepage-encoder 3.0 deep-copies a code-page table for each lookup: some 50 ms for one
 * receipt, the whole budget from sale to paper. A single code page for the whole receipt costs about a
 * millisecond; 'auto' stays for the rare receipt no single code page covers (mixed scripts).
 */
function codepageFor(model: string, lines: string[]): Codepage | 'auto' {
  const needed = new Set<number>();
  for (const line of lines) for (const character of line) needed.add(character.codePointAt(0)!);
  const found = codepagesOf(model).find(({ characters }) => [...needed].every((c) => characters.has(c)));
  return found?.codepage ?? 'auto';
}

/** A whole receipt or slip: its layout rows (a receipt's return code among them), then the cut. */
export function renderDocument(doc: PrintDocument, options: PrintOptions): Uint8Array {
  const encoder = encoderFor(options);
  const rows = doc.kind === 'text' ? layoutText(doc, encoder.columns) : layoutReceipt(doc, encoder.columns);
  const texts = rows.flatMap((row) => (row.kind === 'text' ? [row.text] : []));
  encoder.initialize().codepage(codepageFor(options.model, texts));
  for (const row of rows) {
    if (row.kind === 'code') {
      addReturnCode(encoder, row.content, options);
      continue;
    }
    encoder.align(row.align);
    if (row.bold) encoder.bold(true).line(row.text).bold(false);
    else encoder.line(row.text);
  }
  encoder.cut(options.cut);
  return encoder.encode();
}

/** Just the drawer kick (ESC p is the same on every ESC/POS model), for "No sale" or after a cash sale. */
export function renderDrawerPulse(pulse: DrawerPulse): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ errors: 'strict' });
  addPulse(encoder, pulse);
  return encoder.encode();
}

/** "Test print" on the Devices screen: proves the model, width and code page are right. */
export function renderTestPage(options: PrintOptions, now: Date): Uint8Array {
  const encoder = encoderFor(options);
  const model = escPosModels.find((known) => known.id === options.model);
  const accents = 'Accents: àéîõü ÀÉÎÕÜ ß ç ñ €';
  encoder
    .initialize()
    // The code page a receipt with these characters gets.
    .codepage(codepageFor(options.model, [accents]))
    .align('center')
    .bold(true)
    .line('Counter test print')
    .bold(false)
    .line(model ? model.name : options.model)
    .line(`${encoder.columns} characters per line`)
    .line(now.toISOString().replace('T', ' ').slice(0, 16))
    .align('left')
    .line('-'.repeat(encoder.columns))
    .line(accents)
    .line('1234567890'.repeat(Math.ceil(encoder.columns / 10)).slice(0, encoder.columns));
  addReturnCode(encoder, 'TEST-0001', options);
  encoder.cut(options.cut);
  return encoder.encode();
}
