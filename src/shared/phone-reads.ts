/**
 * The phone page's rule for which camera reads count as a scan (pure, so it is tested without a camera). A camera decodes many frames a second, and a blurred frame can decode to
 * a wrong but well-formed code, so a read counts only when two frames in a row read the same code, and an
 * EAN/UPC only with its check digit right. The code just taken is taken again only after it was out of view
 * for a moment: holding the phone over one item scans it once, moving to the next item of the same kind scans
 * that one too.
 */
import { expandUpcE } from './barcode.ts';
import { isValidGtin } from './gtin.ts';

export type ReadFormat = 'ean13' | 'ean8' | 'upca' | 'upce' | 'code128' | 'qr';

export interface Read {
  format: ReadFormat;
  text: string;
  /**
   * The AIM symbology identifier ("]E0", "]C1"…), sent to the register before the text as a hardware scanner
   * sends it: it tells an EAN-8 from a UPC-E and marks GS1 data.
   */
  aim: string;
}

/** The code the register gets for a read. */
export const registerCode = (read: Read): string => read.aim + read.text;

export function hasValidCheckDigit({ format, text }: Read): boolean {
  switch (format) {
    case 'ean13':
    case 'ean8':
    case 'upca':
      return isValidGtin(text);
    case 'upce':
      return /^[01]\d{7}$/.test(text) && isValidGtin(expandUpcE(text));
    default:
      // Code 128 and QR carry their own checks, which the decoder has verified.
      return true;
  }
}

/** How long the code just taken must be out of view before it counts again. */
const rearmMs = 800;

export class ReadFilter {
  private previous: string | null = null;
  private taken: { key: string; seenAt: number } | null = null;

  /** The read of one frame (null: nothing read) at time `at` (ms); returns the read when it counts as a scan. */
  next(read: Read | null, at: number): Read | null {
    const key = read && hasValidCheckDigit(read) ? `${read.format}:${read.text}` : null;
    const previous = this.previous;
    this.previous = key;
    if (key === null) return null;
    if (this.taken?.key === key) {
      if (at - this.taken.seenAt < rearmMs) {
        this.taken.seenAt = at;
        return null;
      }
      this.taken = null;
    }
    if (previous !== key) return null;
    this.taken = { key, seenAt: at };
    // The next scan needs two reads of its own.
    this.previous = null;
    return read;
  }
}
