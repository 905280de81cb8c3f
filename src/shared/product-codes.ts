/**
 * What a SKU and a barcode may look like, the same at the register's CSV import, head office's API and the back
 * office's import (docs/catalog-csv.md). A product that breaks these could not be typed, scanned or sold.
 */
import { gtinCheckDigit, isValidGtin } from './gtin.ts';

export const MAX_SKU_LENGTH = 64;
/** Letters, digits and - _ . / : what every spreadsheet, label printer and URL keeps as it is. */
const skuPattern = /^[A-Za-z0-9._/-]+$/;
export const skuRule = `1 to ${MAX_SKU_LENGTH} letters, digits, "-", "_", "." or "/" (no spaces)`;

/** Why this is not a SKU, or null when it is one. */
export function skuProblem(sku: string): string | null {
  if (sku === '') return 'is empty';
  if (sku.length > MAX_SKU_LENGTH) return `is longer than ${MAX_SKU_LENGTH} characters`;
  if (!skuPattern.test(sku)) return `"${sku}" is not a SKU: use ${skuRule}`;
  return null;
}

/**
 * A store-internal code, for a Code 128 label the store prints itself: 4 to 48 letters and digits, at least one
 * of them a letter, so that it can never be a GTIN with a mistyped digit. Letters and digits only, as the sync
 * protocol's catalog item takes them. (Labels from the store's own scales are GTINs in the restricted-circulation
 * range 20-29 and follow the GTIN rule.)
 */
const internalCodePattern = /^(?=.*[A-Za-z])[A-Za-z0-9]{4,48}$/;
export const barcodeRule =
  'an EAN-8, UPC-A, EAN-13 or GTIN-14 with its check digit, or a store-internal code of 4 to 48 letters and ' +
  'digits with at least one letter';

/** Why a scanner could never read this as this product's barcode, or null when it could. */
export function barcodeProblem(code: string): string | null {
  if (/^\d+$/.test(code)) {
    if (!/^(\d{8}|\d{12,14})$/.test(code))
      return `"${code}" is not an EAN/UPC: those have 8, 12, 13 or 14 digits`;
    if (!isValidGtin(code)) {
      const expected = gtinCheckDigit(code.slice(0, -1));
      return `"${code}" has a wrong check digit (the last digit should be ${expected})`;
    }
    return null;
  }
  if (!internalCodePattern.test(code)) return `"${code}" is not a barcode: use ${barcodeRule}`;
  return null;
}
