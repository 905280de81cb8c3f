/** What a scanned code means, as label/value rows for the Devices screen's scanner test. */
import type { ParsedBarcode } from '../../../shared/barcode.ts';

export interface MeaningRow {
  label: string;
  value: string;
}

/** The GS1 Application Identifiers a store meets on goods, by AI (310n and 39xn by their first three digits). */
const aiNames: Record<string, string> = {
  '00': 'SSCC (shipping container)',
  '01': 'GTIN',
  '02': 'GTIN of contained items',
  '10': 'Batch or lot',
  '11': 'Production date',
  '13': 'Packaging date',
  '15': 'Best before',
  '16': 'Sell by',
  '17': 'Expiry date',
  '21': 'Serial number',
  '30': 'Count',
  '37': 'Count of items',
  '310': 'Net weight, kg',
  '390': 'Amount payable',
  '391': 'Amount payable, with currency',
  '392': 'Amount payable, single item',
  '393': 'Amount payable, single item, with currency',
};

function aiName(ai: string): string {
  return aiNames[ai] ?? aiNames[ai.slice(0, 3)] ?? 'Application Identifier';
}

/** The code split at its GS separators, so the screen can mark each one (a lost separator is a common fault). */
export function splitAtSeparators(code: string): string[] {
  return code.split('\u001d');
}

interface Formatters {
  money: (minor: number) => string;
  /** Grams, as the cart shows a weight. */
  weight: (grams: number) => string;
}

export function describeScan(parsed: ParsedBarcode, format: Formatters): MeaningRow[] {
  const rows: MeaningRow[] = [];
  if (parsed.symbology) rows.push({ label: 'Symbology', value: parsed.symbology });
  switch (parsed.kind) {
    case 'gtin':
      rows.push({ label: 'Kind', value: 'Product number (GTIN)' }, { label: 'GTIN-14', value: parsed.gtin });
      break;
    case 'embedded':
      rows.push(
        {
          label: 'Kind',
          value: `In-store code with ${parsed.weightGrams !== undefined ? 'weight' : 'price'} (prefix ${parsed.prefix})`,
        },
        { label: 'Item code', value: parsed.itemCode },
      );
      if (parsed.priceMinor !== undefined)
        rows.push({ label: 'Price', value: format.money(parsed.priceMinor) });
      if (parsed.weightGrams !== undefined)
        rows.push({ label: 'Weight', value: format.weight(parsed.weightGrams) });
      break;
    case 'gs1':
      rows.push({ label: 'Kind', value: 'GS1 element string' });
      // By AI: the object's own order puts "01" after "10" (integer-like keys come first).
      for (const [ai, value] of Object.entries(parsed.elements).sort(([a], [b]) => a.localeCompare(b))) {
        rows.push({ label: `(${ai}) ${aiName(ai)}`, value });
      }
      if (parsed.netWeightGrams !== undefined)
        rows.push({ label: 'Net weight', value: format.weight(parsed.netWeightGrams) });
      if (parsed.priceMinor !== undefined)
        rows.push({ label: 'Price', value: format.money(parsed.priceMinor) });
      if (parsed.expiry !== undefined) rows.push({ label: 'Expires', value: parsed.expiry });
      break;
    case 'text':
      rows.push({ label: 'Kind', value: 'Text (an internal code, SKU or receipt number)' });
      break;
  }
  return rows;
}
