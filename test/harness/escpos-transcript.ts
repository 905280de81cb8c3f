/**
 * Turns the ESC/POS bytes Counter sends into a readable transcript, so a test can check what the customer's
 * receipt says: INIT, TEXT "…", ALIGN, BOLD on/off, CODEPAGE, BARCODE/QR with their content, CUT,
 * DRAWER_PULSE pin/on/off. It knows the commands our encoder emits; anything else shows up as UNKNOWN with its
 * bytes rather than being skipped silently.
 *
 * Text is decoded with the printer model's code-page table (ESC t n picks table n), which the encoder does not
 * export: we recover it by asking the encoder which n it sends for each code page.
 */
import ReceiptPrinterEncoder, {
  type ReceiptPrinterEncoderOptions,
} from '@point-of-sale/receipt-printer-encoder';
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';

export type TranscriptEntry =
  | { op: 'INIT' }
  | { op: 'TEXT'; text: string; bold: boolean }
  | { op: 'ALIGN'; align: 'left' | 'center' | 'right' }
  | { op: 'BOLD'; on: boolean }
  | { op: 'FONT'; font: string }
  | { op: 'SIZE'; width: number; height: number }
  | { op: 'CODEPAGE'; table: number; name: string | null }
  | { op: 'FEED'; lines: number }
  | { op: 'BARCODE'; symbology: string; content: string }
  | { op: 'QR'; content: string }
  | { op: 'CUT'; partial: boolean }
  | { op: 'DRAWER_PULSE'; pin: 2 | 5; onMs: number; offMs: number }
  | { op: 'STATUS_REQUEST'; n: number }
  | { op: 'UNKNOWN'; bytes: string };

const barcodeSymbologies: Record<number, string> = {
  0: 'upca',
  1: 'upce',
  2: 'ean13',
  3: 'ean8',
  4: 'code39',
  5: 'itf',
  6: 'codabar',
  65: 'upca',
  66: 'upce',
  67: 'ean13',
  68: 'ean8',
  69: 'code39',
  70: 'itf',
  71: 'codabar',
  72: 'code93',
  73: 'code128',
  74: 'gs1-128',
  79: 'code128-auto',
};

const codepageTables = new Map<string, Map<number, Codepage>>();

/** Table number → code page for a printer model, found by asking the encoder what it sends for each one. */
function codepageTable(model: string): Map<number, Codepage> {
  let table = codepageTables.get(model);
  if (table) return table;
  table = new Map();
  for (const codepage of CodepageEncoder.getEncodings()) {
    try {
      const bytes = new ReceiptPrinterEncoder({
        printerModel: model as NonNullable<ReceiptPrinterEncoderOptions['printerModel']>,
        errors: 'strict',
      })
        .codepage(codepage)
        .text('a')
        .encode();
      const at = bytes.findIndex((byte, i) => byte === 0x1b && bytes[i + 1] === 0x74);
      if (at >= 0 && !table.has(bytes[at + 2]!)) table.set(bytes[at + 2]!, codepage);
    } catch {
      // Not a code page this model has.
    }
  }
  codepageTables.set(model, table);
  return table;
}

const hex = (bytes: ArrayLike<number>): string =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');

export interface TranscriptOptions {
  /** The encoder's printer model the bytes were made for; without it, bytes above 0x7f show as \xNN. */
  printerModel?: string;
}

export function decodeEscPos(
  input: Uint8Array | number[],
  options: TranscriptOptions = {},
): TranscriptEntry[] {
  const bytes = Uint8Array.from(input);
  const table = options.printerModel ? codepageTable(options.printerModel) : new Map<number, Codepage>();
  const entries: TranscriptEntry[] = [];
  let codepoints: number[] | null = null;
  let bold = false;
  let line = '';
  /** A style change in the middle of a line ends the text before it; the line's LF then adds no empty TEXT. */
  let lineHadText = false;
  let qrData = '';

  const flushText = (): void => {
    // Alignment padding the encoder puts before a style change stays with the text that follows it.
    if (line.trim().length === 0) return;
    entries.push({ op: 'TEXT', text: line, bold });
    line = '';
    lineHadText = true;
  };
  const push = (entry: TranscriptEntry): void => {
    flushText();
    entries.push(entry);
  };
  const decodeChar = (byte: number): string => {
    if (byte < 0x80) return String.fromCharCode(byte);
    const codepoint = codepoints?.[byte];
    return codepoint ? String.fromCodePoint(codepoint) : `\\x${byte.toString(16)}`;
  };
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const next = bytes[i + 1];
    const arg = bytes[i + 2] ?? 0;
    if (byte === 0x0a) {
      if (line.trim().length > 0 || !lineHadText) entries.push({ op: 'TEXT', text: line, bold });
      line = '';
      lineHadText = false;
      i += 1;
    } else if (byte === 0x0d) {
      i += 1;
    } else if (byte >= 0x20) {
      line += decodeChar(byte);
      i += 1;
    } else if (byte === 0x1b && next === 0x40) {
      push({ op: 'INIT' });
      bold = false;
      i += 2;
    } else if (byte === 0x1b && next === 0x74) {
      const name = table.get(arg) ?? null;
      codepoints = name ? CodepageEncoder.getCodepoints(name, true) : null;
      entries.push({ op: 'CODEPAGE', table: arg, name });
      i += 3;
    } else if (byte === 0x1b && next === 0x45) {
      push({ op: 'BOLD', on: (arg & 1) === 1 });
      bold = (arg & 1) === 1;
      i += 3;
    } else if (byte === 0x1b && next === 0x61) {
      const align = (['left', 'center', 'right'] as const)[arg % 0x30] ?? 'left';
      push({ op: 'ALIGN', align });
      i += 3;
    } else if (byte === 0x1b && next === 0x4d) {
      push({ op: 'FONT', font: String.fromCharCode(0x41 + (arg % 0x30)) });
      i += 3;
    } else if (byte === 0x1b && next === 0x64) {
      push({ op: 'FEED', lines: arg });
      i += 3;
    } else if (byte === 0x1b && next === 0x70) {
      push({
        op: 'DRAWER_PULSE',
        pin: (arg & 1) === 1 ? 5 : 2,
        onMs: (bytes[i + 3] ?? 0) * 2,
        offMs: (bytes[i + 4] ?? 0) * 2,
      });
      i += 5;
    } else if (byte === 0x1c && next === 0x2e) {
      // Cancel Kanji (multi-byte) mode: the encoder sends it after INIT so text is read one byte per character.
      i += 2;
    } else if (byte === 0x1d && next === 0x21) {
      push({ op: 'SIZE', width: (arg >> 4) + 1, height: (arg & 0x0f) + 1 });
      i += 3;
    } else if (byte === 0x1d && (next === 0x68 || next === 0x77 || next === 0x48)) {
      // Barcode height, module width and human-readable text position: layout only, not content.
      i += 3;
    } else if (byte === 0x1d && next === 0x56) {
      push({ op: 'CUT', partial: (arg & 1) === 1 });
      i += arg >= 0x41 ? 4 : 3;
    } else if (byte === 0x1d && next === 0x6b) {
      const symbology = barcodeSymbologies[arg] ?? `0x${arg.toString(16)}`;
      let content: string;
      if (arg <= 6) {
        const end = bytes.indexOf(0x00, i + 3);
        content = ascii(i + 3, end < 0 ? bytes.length : end);
        i = end < 0 ? bytes.length : end + 1;
      } else {
        const length = bytes[i + 3] ?? 0;
        content = ascii(i + 4, i + 4 + length);
        i += 4 + length;
      }
      // Code 128 data starts with its code set ({A, {B or {C), which is not part of what the code says.
      if (symbology === 'code128') content = content.replace(/^\{[ABC]/, '');
      push({ op: 'BARCODE', symbology, content });
    } else if (byte === 0x1d && next === 0x28 && arg === 0x6b) {
      const length = (bytes[i + 3] ?? 0) + (bytes[i + 4] ?? 0) * 256;
      const [cn, fn] = [bytes[i + 5], bytes[i + 6]];
      if (cn === 0x31 && fn === 0x50) qrData = String.fromCharCode(...bytes.subarray(i + 8, i + 5 + length));
      else if (cn === 0x31 && fn === 0x51) push({ op: 'QR', content: qrData });
      else if (cn !== 0x31) push({ op: 'UNKNOWN', bytes: hex(bytes.subarray(i, i + 5 + length)) });
      // Other QR functions (model, size, error level) are layout only.
      i += 5 + length;
    } else if (byte === 0x10 && next === 0x04) {
      push({ op: 'STATUS_REQUEST', n: arg });
      i += 3;
    } else {
      push({ op: 'UNKNOWN', bytes: hex([byte]) });
      i += 1;
    }
  }
  if (line.length > 0) entries.push({ op: 'TEXT', text: line, bold });
  return entries;
}

/** One readable line per entry, e.g. `TEXT "TOTAL   €5.02"`, `DRAWER_PULSE pin 2 on 100ms off 500ms`. */
export function formatTranscript(entries: TranscriptEntry[]): string[] {
  return entries.map((entry) => {
    switch (entry.op) {
      case 'INIT':
        return 'INIT';
      case 'TEXT':
        return `TEXT ${JSON.stringify(entry.text)}`;
      case 'ALIGN':
        return `ALIGN ${entry.align}`;
      case 'BOLD':
        return `BOLD ${entry.on ? 'on' : 'off'}`;
      case 'FONT':
        return `FONT ${entry.font}`;
      case 'SIZE':
        return `SIZE ${entry.width}x${entry.height}`;
      case 'CODEPAGE':
        return `CODEPAGE ${entry.table}${entry.name ? ` (${entry.name})` : ''}`;
      case 'FEED':
        return `FEED ${entry.lines}`;
      case 'BARCODE':
        return `BARCODE ${entry.symbology} ${JSON.stringify(entry.content)}`;
      case 'QR':
        return `QR ${JSON.stringify(entry.content)}`;
      case 'CUT':
        return `CUT ${entry.partial ? 'partial' : 'full'}`;
      case 'DRAWER_PULSE':
        return `DRAWER_PULSE pin ${entry.pin} on ${entry.onMs}ms off ${entry.offMs}ms`;
      case 'STATUS_REQUEST':
        return `STATUS_REQUEST ${entry.n}`;
      case 'UNKNOWN':
        return `UNKNOWN ${entry.bytes}`;
    }
  });
}

/** Just the printed lines, with runs of spaces collapsed, for "does the receipt say X" checks. */
export function printedLines(entries: TranscriptEntry[]): string[] {
  return entries.flatMap((entry) => (entry.op === 'TEXT' ? [entry.text.replace(/\s+/g, ' ').trim()] : []));
}
