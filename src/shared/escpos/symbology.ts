/**
 * What a printed barcode may contain. The ESC/POS encoder passes any content to the printer, which then
 * prints a wrong code (EAN with a bad check digit) or nothing at all, silently: so we check first.
 */
import { CounterError } from '../errors.ts';
import { isValidGtin } from '../gtin.ts';

export type PrintableSymbology = 'ean13' | 'ean8' | 'upca' | 'code128' | 'qr';

/** Code 128 code set B: printable ASCII. '{' is left out because the printer reads it as a code-set switch. */
const code128Content = /^[\x20-\x7a\x7c-\x7e]{1,80}$/;

export function checkBarcodeContent(symbology: PrintableSymbology, content: string): void {
  const refuse = (why: string): never => {
    throw new CounterError('INVALID_BARCODE', `Cannot print "${content}" as ${symbology}: ${why}`);
  };
  switch (symbology) {
    case 'ean13':
      if (!/^\d{13}$/.test(content) || !isValidGtin(content))
        refuse('it needs 13 digits with a correct check digit.');
      return;
    case 'ean8':
      if (!/^\d{8}$/.test(content) || !isValidGtin(content))
        refuse('it needs 8 digits with a correct check digit.');
      return;
    case 'upca':
      if (!/^\d{12}$/.test(content) || !isValidGtin(content))
        refuse('it needs 12 digits with a correct check digit.');
      return;
    case 'code128':
      if (!code128Content.test(content)) refuse('use 1 to 80 plain ASCII characters, without "{".');
      return;
    case 'qr':
      // Model 2, error level M, byte mode (the encoder sends ISO 8859-1): at most 2331 bytes.
      if (!/^[\x20-\xff]{1,2331}$/.test(content)) refuse('use 1 to 2331 Latin-1 characters.');
      return;
  }
}
