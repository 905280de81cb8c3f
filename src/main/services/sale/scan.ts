/**
 * What a scanned or typed code refers to: the catalog lookup behind `sale.scan`, with what the code says about
 * weight and price (src/shared/barcode.ts parses it).
 */
import {
  embeddedItemBarcode,
  gtinLookupKeys,
  parseBarcode,
  type BarcodeOptions,
} from '../../../shared/barcode.ts';
import type { ProductHit } from '../../../shared/domain.ts';
import { CounterError } from '../../../shared/errors.ts';
import { mulDivRound } from '../../../shared/money.ts';
import type { CatalogService } from '../catalog.ts';

/** What a scan adds: the product, and what its barcode says about how much. */
export interface ScanMatch {
  product: ProductHit;
  /** Grams of a product sold by kg, from a weight- or price-embedded code or GS1 AI 310n. */
  quantity?: number;
  /**
   * The price on the item's label (price-embedded code, GS1 AI 392n): the line's amount, since that is what the
   * customer was shown. The line keeps the catalog's unit price and is taxed on this amount like any other; for
   * goods sold by kg, the grams are worked back from it (when the code carries no weight) for the stock count,
   * so the receipt's "kg × price/kg" may differ from the label by rounding, never the amount charged.
   */
  labelPriceMinor?: number;
}

const GRAMS_PER_KG = 1000;

function unknownCode(code: string): CounterError {
  return new CounterError(
    'UNKNOWN_BARCODE',
    `No product has the code ${code}: check the barcode, or search for the product by name.`,
  );
}

/** The product under any of a GTIN's forms: a catalog may hold 13 digits where a scanner sends 12 or 14. */
function lookupGtin(catalog: Pick<CatalogService, 'lookupCode'>, gtin: string): ProductHit | null {
  for (const key of gtinLookupKeys(gtin)) {
    const product = catalog.lookupCode(key);
    if (product) return product;
  }
  return null;
}

/**
 * What a code's weight and label price mean for this product. A weight sets the grams of goods sold by kg; a
 * product sold by the piece is one piece whatever its label weighs.
 */
function measured(product: ProductHit, weightGrams?: number, labelPriceMinor?: number): ScanMatch {
  if (product.unit === 'each') return { product, labelPriceMinor };
  if (weightGrams !== undefined || labelPriceMinor === undefined) {
    return { product, quantity: weightGrams, labelPriceMinor };
  }
  if (product.priceMinor === 0) {
    throw new CounterError(
      'INVALID_INPUT',
      `${product.name} has no price per kg in the catalog, so its weight cannot be worked out from its label: set its price first.`,
    );
  }
  const quantity = mulDivRound(labelPriceMinor, GRAMS_PER_KG, product.priceMinor);
  return { product, quantity, labelPriceMinor };
}

/** A scan's UPC-E reading, when it has one besides its first (src/shared/barcode.ts `asUpcE`). */
function lookupUpcE(
  catalog: Pick<CatalogService, 'lookupCode'>,
  asUpcE: string | undefined,
): ProductHit | null {
  return asUpcE === undefined ? null : lookupGtin(catalog, asUpcE);
}

/**
 * What a scanned or typed code refers to. An exact barcode or SKU match comes first (so a SKU typed by hand
 * works, even an all-digit one); otherwise the code is parsed (src/shared/barcode.ts) and looked up by what it
 * holds: a GTIN under any of its forms, a GS1 element string by its AI 01 with AI 310n/392n for weight and
 * price, an in-store price- or weight-embedded code by its item code (stored in the catalog as
 * embeddedItemBarcode gives it, docs/catalog-csv.md), and text after an AIM identifier as a barcode or SKU.
 * A code that may also be a UPC-E (8 digits valid as EAN-8 and as UPC-E, 6 digits without identifier) is
 * looked up as that too: the reading the catalog holds wins, and when it holds both, the EAN-8 or SKU does, as
 * the digits read literally (a scanner that sends AIM identifiers leaves no doubt).
 * A damaged code throws INVALID_BARCODE, an unknown one UNKNOWN_BARCODE.
 */
export function resolveScan(
  catalog: Pick<CatalogService, 'lookupCode'>,
  code: string,
  options: BarcodeOptions,
  today: Date,
): ScanMatch {
  const text = code.trim();
  const exact = catalog.lookupCode(text);
  if (exact) return { product: exact };
  const parsed = parseBarcode(text, options, today);
  switch (parsed.kind) {
    case 'text': {
      const product =
        (parsed.text === text ? null : catalog.lookupCode(parsed.text)) ?? lookupUpcE(catalog, parsed.asUpcE);
      if (!product) throw unknownCode(parsed.text);
      return { product };
    }
    case 'gtin': {
      const product = lookupGtin(catalog, parsed.gtin) ?? lookupUpcE(catalog, parsed.asUpcE);
      if (!product) throw unknownCode(text);
      return { product };
    }
    case 'gs1': {
      if (parsed.gtin === undefined) {
        throw new CounterError(
          'UNKNOWN_BARCODE',
          `The code ${text} names no product (it has no GTIN, AI 01): scan the product's other barcode or search for it by name.`,
        );
      }
      const product = lookupGtin(catalog, parsed.gtin);
      if (!product) throw unknownCode(parsed.gtin);
      return measured(product, parsed.netWeightGrams, parsed.priceMinor);
    }
    case 'embedded': {
      const product = lookupGtin(catalog, embeddedItemBarcode(parsed));
      if (!product) {
        throw new CounterError(
          'UNKNOWN_BARCODE',
          `No product has the in-store item code ${parsed.itemCode} (prefix ${parsed.prefix}) of barcode ${text}: check the product's barcodes in the catalog, or search for it by name.`,
        );
      }
      return measured(product, parsed.weightGrams, parsed.priceMinor);
    }
  }
}
