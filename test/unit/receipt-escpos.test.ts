import { describe, expect, it } from 'vitest';
import {
  checkPrinterModel,
  columnsFor,
  printerModels,
  renderDrawerPulse,
  renderDocument,
  renderTestPage,
} from '../../src/main/devices/escpos.ts';
import { checkBarcodeContent } from '../../src/shared/escpos/symbology.ts';
import { buildReceipt, receiptText } from '../../src/shared/receipt.ts';
import {
  decodeEscPos,
  formatTranscript,
  printedLines,
  type TranscriptEntry,
} from '../harness/escpos-transcript.ts';
import { cashSale, storeSettings } from '../integration/devices/sample-sale.ts';

const doc = buildReceipt(cashSale(), storeSettings, { timeZone: 'UTC' });
/** The last command, leaving out the line feed the encoder sends after a cut. */
const lastCommand = (lines: string[]): string | undefined =>
  lines.filter((line) => line !== 'TEXT ""').at(-1);
const epson = { model: 'epson-tm-t20iii', columns: null, returnCode: 'qr', cut: 'partial' } as const;

/**
 * Code pages whose standard table has €: IBM 858 (850 with € at 0xD5), ISO 8859-15, the Windows pages. Not IBM
 * 857, whose table leaves 0xD5 empty: codepage-encoder's cp857 has € there, printers' PC857 prints nothing.
 */
const pagesWithEuro = new Set([
  'cp858',
  'iso8859-15',
  ...['1250', '1251', '1252', '1253', '1254', '1255', '1256', '1257', '1258'].map((n) => `windows${n}`),
]);

/** The code page in effect for each piece of text with a € in it. */
function pagesPrintingEuro(transcript: TranscriptEntry[]): (string | null)[] {
  let current: string | null = null;
  const pages: (string | null)[] = [];
  for (const entry of transcript) {
    if (entry.op === 'CODEPAGE') current = entry.name;
    if (entry.op === 'TEXT' && entry.text.includes('€')) pages.push(current);
  }
  return pages;
}

describe('ESC/POS receipts', () => {
  it('prints the same lines as the on-screen preview, then the return code and a cut', () => {
    const transcript = decodeEscPos(renderDocument(doc, epson), { printerModel: epson.model });
    const preview = receiptText(doc, 48)
      .filter((line) => !line.includes('[S1R1-000042]'))
      .map((line) => line.replace(/\s+/g, ' ').trim());
    expect(printedLines(transcript).filter((line) => line !== '')).toEqual(preview);
    const lines = formatTranscript(transcript);
    expect(lines[0]).toBe('INIT');
    expect(lines).toContain('QR "S1R1-000042"');
    expect(lastCommand(lines)).toBe('CUT partial');
  });

  it('sets the store name and the total in bold, and nothing else', () => {
    const transcript = decodeEscPos(renderDocument(doc, epson), { printerModel: epson.model });
    const bold = transcript.flatMap((entry) =>
      entry.op === 'TEXT' && entry.bold ? [entry.text.replace(/\s+/g, ' ').trim()] : [],
    );
    expect(bold).toEqual(['Corner Shop', 'TOTAL €5.02']);
  });

  it('switches to a code page that has € and × so they print as such, not as "?"', () => {
    const transcript = decodeEscPos(renderDocument(doc, epson), { printerModel: epson.model });
    expect(printedLines(transcript)).toContain('0.512 kg × €3.99/kg');
    expect(transcript.some((entry) => entry.op === 'CODEPAGE')).toBe(true);
  });

  it('prints € on an Epson through PC858 (ESC t 19), not PC857 (ESC t 13), whose table has no €', () => {
    const lines = formatTranscript(decodeEscPos(renderDocument(doc, epson), { printerModel: epson.model }));
    expect(lines.filter((line) => line.startsWith('CODEPAGE'))).toEqual(['CODEPAGE 19 (cp858)']);
  });

  it.each(printerModels().map((model) => model.id))(
    'prints € through a code page whose standard table has it: %s',
    (model) => {
      const options = { ...epson, model, returnCode: 'code128' } as const;
      const receipt = decodeEscPos(renderDocument(doc, options), { printerModel: model });
      const testPage = decodeEscPos(renderTestPage(options, new Date('2026-03-14T09:26:00Z')), {
        printerModel: model,
      });
      for (const transcript of [receipt, testPage]) {
        const pages = pagesPrintingEuro(transcript);
        expect(pages.length).toBeGreaterThan(0);
        for (const page of pages) expect(pagesWithEuro).toContain(page);
      }
      expect(printedLines(receipt)).toContain('0.512 kg × €3.99/kg');
    },
  );

  it("uses the model's paper width, or the width set for it", () => {
    const narrow = decodeEscPos(renderDocument(doc, { ...epson, model: 'pos-5890' }), {
      printerModel: 'pos-5890',
    });
    const widths = narrow.flatMap((entry) => (entry.op === 'TEXT' ? [[...entry.text].length] : []));
    expect(Math.max(...widths)).toBe(32);
    expect(columnsFor({ model: 'pos-5890', columns: null })).toBe(32);
    expect(columnsFor({ model: 'epson-tm-t20iii', columns: 42 })).toBe(42);
  });

  it('prints the receipt number as Code 128 when asked, or when the model has no QR', () => {
    const asked = formatTranscript(decodeEscPos(renderDocument(doc, { ...epson, returnCode: 'code128' })));
    expect(asked).toContain('BARCODE code128 "S1R1-000042"');
    const noQr = printerModels().find((model) => !model.qrCode)!;
    const fallback = formatTranscript(decodeEscPos(renderDocument(doc, { ...epson, model: noQr.id })));
    expect(fallback).toContain('BARCODE code128 "S1R1-000042"');
    expect(fallback.some((line) => line.startsWith('QR'))).toBe(false);
  });

  it('prints a receipt on every model when a QR code is asked for (a model that takes no QR model 2 gets Code 128)', () => {
    for (const model of printerModels()) {
      const lines = formatTranscript(decodeEscPos(renderDocument(doc, { ...epson, model: model.id })));
      expect(lastCommand(lines), model.id).toBe('CUT partial');
      const code = model.qrCode ? 'QR' : 'BARCODE code128';
      expect(
        lines.some((line) => line.startsWith(code)),
        model.id,
      ).toBe(true);
    }
  });

  it('still prints a receipt whose number cannot be a barcode, with the number as text', () => {
    const odd = buildReceipt(cashSale({ receiptNumber: 'R{1}-000042' }), storeSettings, { timeZone: 'UTC' });
    const lines = formatTranscript(decodeEscPos(renderDocument(odd, { ...epson, returnCode: 'code128' })));
    expect(lines.some((line) => line.startsWith('BARCODE'))).toBe(false);
    expect(lines.some((line) => /^TEXT "Receipt\s+R\{1\}-000042"$/.test(line))).toBe(true);
    expect(lastCommand(lines)).toBe('CUT partial');
  });

  it('kicks the drawer with ESC p: pin 2, 100 ms on, 500 ms off', () => {
    const bytes = renderDrawerPulse({ pin: 2, onMs: 100, offMs: 500 });
    expect(Buffer.from(bytes).toString('hex')).toBe('1b700032fa');
    expect(formatTranscript(decodeEscPos(renderDrawerPulse({ pin: 5, onMs: 50, offMs: 500 })))).toEqual([
      'DRAWER_PULSE pin 5 on 50ms off 500ms',
    ]);
  });

  it('prints a test page that names the model and its width', () => {
    const lines = printedLines(
      decodeEscPos(renderTestPage(epson, new Date('2026-03-14T09:26:00Z')), { printerModel: epson.model }),
    );
    expect(lines).toEqual(
      expect.arrayContaining(['Counter test print', 'Epson TM-T20III', '48 characters per line']),
    );
    expect(lines).toContain('Accents: àéîõü ÀÉÎÕÜ ß ç ñ €');
  });

  it('offers only ESC/POS models, and refuses a model it does not know', () => {
    expect(printerModels().length).toBeGreaterThan(20);
    expect(printerModels().some((model) => model.id.startsWith('star-'))).toBe(false);
    expect(() => checkPrinterModel('epson-tm-t88vi')).not.toThrow();
    expect(() => checkPrinterModel('star-tsp650')).toThrow(/not a printer model Counter knows/);
  });
});

describe('barcode content checks (the encoder prints whatever it is given)', () => {
  it.each([
    ['ean13', '4006381333931'],
    ['ean8', '96385074'],
    ['upca', '036000291452'],
    ['code128', 'S1R2-000123'],
    ['qr', 'https://counter.example/r/S1R2-000123'],
  ] as const)('accepts %s %s', (symbology, content) => {
    expect(() => checkBarcodeContent(symbology, content)).not.toThrow();
  });

  it.each([
    ['ean13', '4006381333932', /correct check digit/],
    ['ean13', '400638133393', /13 digits/],
    ['ean8', '96385075', /check digit/],
    ['upca', '036000291453', /check digit/],
    ['code128', 'A{B', /without "\{"/],
    ['code128', 'Café', /plain ASCII/],
    ['code128', '', /1 to 80/],
    ['qr', '收据', /Latin-1/],
  ] as const)('refuses %s %s', (symbology, content, message) => {
    expect(() => checkBarcodeContent(symbology, content)).toThrow(message);
  });
});
