/**
 * What a scanned code means: a GTIN (EAN/UPC), a GS1 element string (GS1-128, GS1 DataMatrix/QR/DataBar),
 * a price- or weight-embedded in-store code, or plain text (an internal SKU, a receipt number).
 * References: GS1 General Specifications (check digits 7.9, UPC-E, AIs in chapter 3, price check digits
 * 7.9.3-7.9.4) and ISO/IEC 15424 for AIM symbology identifiers.
 */
import { z } from 'zod';
import { CounterError } from './errors.ts';
import { gtinCheckDigit, isValidGtin } from './gtin.ts';
import { mulDivRound } from './money.ts';
import { hasControlCharacters } from './text.ts';

// ---------------------------------------------------------------------------------------------------------
// Settings: in-store codes with an embedded price or weight (EAN-13 prefixes 20-29, UPC-A number system 2).
// Their layout is decided per country or per retailer, so it is a store setting.

export const embeddedLayoutSchema = z
  .object({
    /** The first two digits of the 13-digit code: 20-29 for EAN-13, 02 for a UPC-A starting with 2. */
    prefix: z.string().regex(/^(02|2\d)$/, 'Prefix: 20-29 (EAN-13) or 02 (UPC-A with number system 2)'),
    carries: z.enum(['price', 'weight']),
    /** Digits after the prefix that name the item (the PLU). */
    itemDigits: z.number().int().min(1).max(9),
    /** A GS1 price/weight check digit sits between the item code and the value (4- or 5-digit values). */
    valueCheckDigit: z.boolean(),
    valueDigits: z.number().int().min(1).max(9),
    /** Price: decimals of the currency amount (2: 01234 = 12.34). Weight: decimals of kilograms (3: grams). */
    valueDecimals: z.number().int().min(0).max(5),
  })
  .refine((layout) => layout.itemDigits + (layout.valueCheckDigit ? 1 : 0) + layout.valueDigits === 10, {
    message: 'Item code, value check digit and value must fill the 10 digits between prefix and check digit',
  })
  .refine((layout) => !layout.valueCheckDigit || layout.valueDigits === 4 || layout.valueDigits === 5, {
    message: 'A value check digit exists for 4- and 5-digit values only',
  });
export type EmbeddedLayout = z.infer<typeof embeddedLayoutSchema>;

export const barcodeSettingsSchema = z.object({
  embeddedLayouts: z
    .array(embeddedLayoutSchema)
    .max(11)
    .refine((layouts) => new Set(layouts.map((layout) => layout.prefix)).size === layouts.length, {
      message: 'Each prefix may have one layout only',
    }),
});
export type BarcodeSettings = z.infer<typeof barcodeSettingsSchema>;

/**
 * The default: prefix 21 carries a price (5-digit item code, 5-digit price in cents, no price check digit),
 * prefix 28 a weight (5-digit item code, 5-digit weight in grams). Other 2x codes are plain in-store GTINs.
 */
export const defaultBarcodeSettings: BarcodeSettings = {
  embeddedLayouts: [
    {
      prefix: '21',
      carries: 'price',
      itemDigits: 5,
      valueCheckDigit: false,
      valueDigits: 5,
      valueDecimals: 2,
    },
    {
      prefix: '28',
      carries: 'weight',
      itemDigits: 5,
      valueCheckDigit: false,
      valueDigits: 5,
      valueDecimals: 3,
    },
  ],
};

/** What parseBarcode needs: the store's barcode settings plus its currency's minor-unit digits. */
export const barcodeOptionsSchema = barcodeSettingsSchema.extend({
  currencyDigits: z.number().int().min(0).max(4),
});
export type BarcodeOptions = z.infer<typeof barcodeOptionsSchema>;

// ---------------------------------------------------------------------------------------------------------
// Results

export type ParsedBarcode =
  | {
      kind: 'gtin';
      /** 14 digits, zero-padded. */
      gtin: string;
      /** The GTIN-14 the same 8 digits stand for as a UPC-E, when they also pass as one: the catalog decides. */
      asUpcE?: string;
      symbology?: string;
    }
  | {
      kind: 'gs1';
      /** AI 01, 14 digits. */
      gtin?: string;
      /** Every element by its AI, e.g. { '01': '0950…', '17': '190508' }. */
      elements: Record<string, string>;
      /** From AI 310n (net weight in kg with n decimals). */
      netWeightGrams?: number;
      /** From AI 390n/392n (amount payable with n decimals), in the store currency's minor units. */
      priceMinor?: number;
      /** From AI 17, as YYYY-MM-DD. */
      expiry?: string;
      batch?: string;
      serial?: string;
      symbology?: string;
    }
  | {
      kind: 'embedded';
      prefix: string;
      itemCode: string;
      priceMinor?: number;
      weightGrams?: number;
      symbology?: string;
    }
  | {
      kind: 'text';
      text: string;
      /** Six digits with no identifier may be a UPC-E sent without number system and check digit: its GTIN-14. */
      asUpcE?: string;
      symbology?: string;
    };

type Gs1Result = Extract<ParsedBarcode, { kind: 'gs1' }>;

const GS = '\u001d';

/** What a scanner may put around a code (its suffix, or a stray space): parsing trims it. */
const SURROUNDING_WHITESPACE = /^[\r\n\t ]+|[\r\n\t ]+$/g;

/**
 * Whether a scan holds a control character no barcode carries. GS is GS1's separator and stays; a line break or
 * tab at either end is the scanner's suffix and is trimmed; anything else (NUL, an escape code) is refused.
 */
export function scanHasControlCharacters(code: string): boolean {
  return hasControlCharacters(code.replace(SURROUNDING_WHITESPACE, '').replaceAll(GS, ''));
}

export const scanControlCharacterMessage =
  'The scan contains a control character that no barcode holds: scan it again or type the SKU.';

/** A scanned or typed code as it arrives from the screen. */
export const scanCodeSchema = z
  .string()
  .min(1, 'Empty scan')
  .max(200)
  .refine((code) => !scanHasControlCharacters(code), scanControlCharacterMessage);

function badCheckDigit(code: string): CounterError {
  return new CounterError(
    'INVALID_BARCODE',
    `The barcode ${code} failed its check digit: scan it again or type the SKU.`,
  );
}

function badGs1(reason: string): CounterError {
  return new CounterError(
    'INVALID_BARCODE',
    `The barcode's GS1 data could not be read (${reason}): scan it again or type the SKU.`,
  );
}

/** A value with `from` decimals as an integer with `to` decimals (rounded half away from zero if fewer). */
function rescale(value: number, from: number, to: number): number {
  return to >= from ? value * 10 ** (to - from) : mulDivRound(value, 1, 10 ** (from - to));
}

// ---------------------------------------------------------------------------------------------------------
// AIM symbology identifiers: "]" + symbology letter + modifier, sent before the data by scanners set up to.

const SYMBOLOGY_NAMES: Record<string, string> = {
  ']E0': 'EAN-13/UPC',
  ']E3': 'EAN/UPC with add-on',
  ']E4': 'EAN-8',
  ']C0': 'Code 128',
  ']C1': 'GS1-128',
  ']d1': 'Data Matrix',
  ']d2': 'GS1 DataMatrix',
  ']Q1': 'QR Code',
  ']Q3': 'GS1 QR Code',
  ']e0': 'GS1 DataBar',
  ']J1': 'GS1 DotCode',
  ']I0': 'ITF',
  ']I1': 'ITF',
  ']A0': 'Code 39',
  ']F0': 'Codabar',
  ']G0': 'Code 93',
  ']L0': 'PDF417',
  ']z0': 'Aztec',
};
/** Identifiers whose data is a GS1 element string (FNC1 in first position). */
const GS1_IDENTIFIERS = new Set([']C1', ']d2', ']Q3', ']e0', ']J1']);

// ---------------------------------------------------------------------------------------------------------
// GTINs and UPC-E

const toGtin14 = (gtin: string): string => gtin.padStart(14, '0');

/**
 * The 11 digits before the check digit of the UPC-A a UPC-E abbreviates, from its number system and six digits:
 * the last of the six says where the zeros go (GS1 General Specifications, UPC-E zero suppression).
 */
function upcABody(numberSystem: string, six: string): string {
  const [d1, d2, d3, d4, d5, d6] = [...six];
  let body: string;
  if (d6 === '0' || d6 === '1' || d6 === '2') body = `${d1}${d2}${d6}0000${d3}${d4}${d5}`;
  else if (d6 === '3') body = `${d1}${d2}${d3}00000${d4}${d5}`;
  else if (d6 === '4') body = `${d1}${d2}${d3}${d4}00000${d5}`;
  else body = `${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  return `${numberSystem}${body}`;
}

/** UPC-E (number system 0 or 1, six digits, check digit) as the 12-digit UPC-A it abbreviates. */
export function expandUpcE(upcE: string): string {
  if (!/^[01]\d{7}$/.test(upcE)) {
    throw new CounterError(
      'INVALID_BARCODE',
      `${upcE} is not a UPC-E code: those are 8 digits starting with 0 or 1.`,
    );
  }
  return `${upcABody(upcE.slice(0, 1), upcE.slice(1, 7))}${upcE.slice(7)}`;
}

/**
 * A UPC-E as scanners set to leave out its number system and check digit send it (six digits), as the 12-digit
 * UPC-A: number system 0, the one in use for products, and the check digit worked out.
 */
function expandSixDigitUpcE(six: string): string {
  const body = upcABody('0', six);
  return `${body}${gtinCheckDigit(body)}`;
}

/**
 * An 8-digit EAN/UPC scan: EAN-8 or UPC-E, as the scanner's identifier says. Without one, whichever checks
 * out; digits that pass as both are both, and the catalog decides (the EAN-8 first, the UPC-E as `asUpcE`).
 */
function eightDigitGtin(code: string, identifier: string | undefined): { gtin: string; asUpcE?: string } {
  const ean8 = identifier !== ']E0' && isValidGtin(code) ? code : undefined;
  const expanded = identifier !== ']E4' && /^[01]/.test(code) ? expandUpcE(code) : undefined;
  const upcA = expanded !== undefined && isValidGtin(expanded) ? expanded : undefined;
  if (ean8 !== undefined && upcA !== undefined) return { gtin: ean8, asUpcE: toGtin14(upcA) };
  const gtin = ean8 ?? upcA;
  if (gtin === undefined) throw badCheckDigit(code);
  return { gtin };
}

/**
 * The forms a catalog may hold the same GTIN under: 14, 13, 12 and 8 digits, as far as its leading zeros
 * allow. Accepts any GTIN length; 4006381333931 → ['04006381333931', '4006381333931'].
 */
export function gtinLookupKeys(gtin: string): string[] {
  if (!/^(\d{8}|\d{12,14})$/.test(gtin)) {
    throw new CounterError('INVALID_INPUT', `${gtin} is not a GTIN: use 8, 12, 13 or 14 digits.`);
  }
  const gtin14 = toGtin14(gtin);
  return [14, 13, 12, 8]
    .filter((length) => /^0*$/.test(gtin14.slice(0, 14 - length)))
    .map((length) => gtin14.slice(14 - length));
}

// ---------------------------------------------------------------------------------------------------------
// Price/weight check digits (GS1 General Specifications 7.9.3 and 7.9.4), each a table per weighting factor.

const WEIGHT_2_MINUS = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const WEIGHT_3 = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const WEIGHT_5_PLUS = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const WEIGHT_5_MINUS = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

function weightedSum(value: string, weights: number[][]): number {
  return [...value].reduce((sum, digit, i) => sum + (weights[i]?.[Number(digit)] ?? 0), 0);
}

/** The check digit of a 4- or 5-digit price or weight field. */
export function priceCheckDigit(value: string): number {
  if (/^\d{4}$/.test(value)) {
    return (weightedSum(value, [WEIGHT_2_MINUS, WEIGHT_2_MINUS, WEIGHT_3, WEIGHT_5_MINUS]) * 3) % 10;
  }
  if (/^\d{5}$/.test(value)) {
    const sum = weightedSum(value, [
      WEIGHT_5_PLUS,
      WEIGHT_2_MINUS,
      WEIGHT_5_MINUS,
      WEIGHT_5_PLUS,
      WEIGHT_2_MINUS,
    ]);
    // The digit whose 5- product makes the sum up to a multiple of ten.
    return WEIGHT_5_MINUS.indexOf((10 - (sum % 10)) % 10);
  }
  throw new CounterError('INVALID_INPUT', `A price check digit needs 4 or 5 digits, not "${value}".`);
}

function parseEmbedded(gtin14: string, options: BarcodeOptions): ParsedBarcode | undefined {
  const code13 = gtin14.slice(1);
  const layout = gtin14.startsWith('0')
    ? options.embeddedLayouts.find((candidate) => code13.startsWith(candidate.prefix))
    : undefined;
  if (!layout) return undefined;
  let position = layout.prefix.length;
  const itemCode = code13.slice(position, (position += layout.itemDigits));
  const valueCheck = layout.valueCheckDigit ? Number(code13[position++]) : undefined;
  const valueText = code13.slice(position, position + layout.valueDigits);
  if (valueCheck !== undefined && priceCheckDigit(valueText) !== valueCheck) {
    throw new CounterError(
      'INVALID_BARCODE',
      `The ${layout.carries} in barcode ${code13} failed its check digit: scan it again or type the SKU.`,
    );
  }
  const value = Number(valueText);
  return layout.carries === 'price'
    ? {
        kind: 'embedded',
        prefix: layout.prefix,
        itemCode,
        priceMinor: rescale(value, layout.valueDecimals, options.currencyDigits),
      }
    : {
        kind: 'embedded',
        prefix: layout.prefix,
        itemCode,
        weightGrams: rescale(value, layout.valueDecimals, 3),
      };
}

/**
 * The barcode a catalog holds an in-store item under: its price- or weight-embedded code with the value (and
 * any value check digit) as zeros and the check digit recomputed, as retail systems commonly store them:
 * prefix 21, item 00123 → 2100123000005. The 13-digit form; a catalog may hold a UPC-A (02…) as 12 digits.
 */
export function embeddedItemBarcode({ prefix, itemCode }: { prefix: string; itemCode: string }): string {
  const body = `${prefix}${itemCode}`.padEnd(12, '0');
  return `${body}${gtinCheckDigit(body)}`;
}

// ---------------------------------------------------------------------------------------------------------
// GS1 element strings

/** How many digits an AI has, by its first two (GS1 General Specifications, figure 3.2-1 / 5.10.1-2). */
const AI_LENGTH_BY_PREFIX: Record<string, number> = {};
for (const [length, prefixes] of [
  [2, '00 01 02 03 10 11 12 13 15 16 17 20 21 22 30 37 90 91 92 93 94 95 96 97 98 99'],
  [3, '23 24 25 40 41 42 71'],
  [4, '31 32 33 34 35 36 39 43 70 72 80 81 82'],
] as const) {
  for (const prefix of prefixes.split(' ')) AI_LENGTH_BY_PREFIX[prefix] = length;
}

/** Element strings of a predefined length, by AI prefix: these need no GS after them. All others end at GS. */
const PREDEFINED_VALUE_LENGTH: Record<string, number> = {
  '00': 18,
  '01': 14,
  '02': 14,
  '03': 14,
  '11': 6,
  '12': 6,
  '13': 6,
  '15': 6,
  '16': 6,
  '17': 6,
  '20': 2,
  '31': 6,
  '32': 6,
  '33': 6,
  '34': 6,
  '35': 6,
  '36': 6,
  '41': 13,
};

/** Longest value of the variable-length AIs we read; a longer one means a lost GS separator. */
function maxValueLength(ai: string): number {
  if (ai === '10' || ai === '21' || ai === '22') return 20;
  if (ai === '30' || ai === '37') return 8;
  if (/^39[02]\d$/.test(ai)) return 15;
  if (/^39[13]\d$/.test(ai)) return 18;
  return 90;
}

const NUMERIC_PREFIXES = new Set([
  '00',
  '01',
  '02',
  '03',
  '11',
  '12',
  '13',
  '15',
  '16',
  '17',
  '20',
  '30',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '39',
  '41',
]);
const CHECK_DIGIT_PREFIXES = new Set(['00', '01', '02', '03', '41']);
/** Production, due, packaging, best before, sell by and expiry dates: YYMMDD. */
const DATE_AIS = new Set(['11', '12', '13', '15', '16', '17']);

function checkElement(ai: string, value: string): void {
  const prefix = ai.slice(0, 2);
  const expectedLength = PREDEFINED_VALUE_LENGTH[prefix];
  if (value === '') throw badGs1(`AI ${ai} is empty`);
  if (expectedLength !== undefined && value.length !== expectedLength) {
    throw badGs1(`AI ${ai} needs ${expectedLength} characters, got ${value.length}`);
  }
  if (value.length > maxValueLength(ai)) throw badGs1(`AI ${ai} is too long; a separator may be missing`);
  if (NUMERIC_PREFIXES.has(prefix) && !/^\d+$/.test(value)) throw badGs1(`AI ${ai} must be digits`);
  if (CHECK_DIGIT_PREFIXES.has(prefix) && gtinCheckDigit(value.slice(0, -1)) !== Number(value.slice(-1))) {
    throw badCheckDigit(value);
  }
}

function addElement(elements: Record<string, string>, ai: string, value: string): void {
  checkElement(ai, value);
  if (elements[ai] !== undefined && elements[ai] !== value) throw badGs1(`AI ${ai} appears twice`);
  elements[ai] = value;
}

function aiLength(data: string, position: number): number {
  const length = AI_LENGTH_BY_PREFIX[data.slice(position, position + 2)];
  if (length === undefined || !/^\d+$/.test(data.slice(position, position + length))) {
    throw badGs1(`no known AI at "${data.slice(position, position + 4)}"`);
  }
  return length;
}

/** "0109501101020917" + "17190508" + "10ABCD1234" GS "21…": fixed-length values run to their length, the rest to GS. */
function parseElementString(data: string): Record<string, string> {
  const elements: Record<string, string> = {};
  let position = 0;
  while (position < data.length) {
    if (data[position] === GS) {
      position += 1;
      continue;
    }
    const ai = data.slice(position, position + aiLength(data, position));
    position += ai.length;
    const predefined = PREDEFINED_VALUE_LENGTH[ai.slice(0, 2)];
    const separator = data.indexOf(GS, position);
    const end = predefined !== undefined ? position + predefined : separator === -1 ? data.length : separator;
    addElement(elements, ai, data.slice(position, end));
    position = end;
  }
  return elements;
}

const BRACKETED = /^(\(\d{2,4}\)[^()]*)+$/;

/** The human-readable form "(01)09501101020917(17)190508(10)ABCD1234". */
function parseBracketed(data: string): Record<string, string> {
  const elements: Record<string, string> = {};
  for (const [, ai = '', value = ''] of data.matchAll(/\((\d{2,4})\)([^()]*)/g)) {
    if (aiLength(ai, 0) !== ai.length) throw badGs1(`(${ai}) is not a known AI`);
    addElement(elements, ai, value);
  }
  return elements;
}

/**
 * The four-digit year of a two-digit one (GS1 General Specifications, "Determination of century in dates"): a
 * year 51 to 99 years ahead of today's is in the previous century, one 50 to 99 years behind it in the next,
 * any other in the current one; in 2026, 76 is 2076 and 77 is 1977.
 */
function gs1Year(yy: number, today: Date): number {
  const currentYear = today.getUTCFullYear();
  const century = currentYear - (currentYear % 100);
  const ahead = yy - (currentYear % 100);
  if (ahead >= 51) return century - 100 + yy;
  if (ahead <= -50) return century + 100 + yy;
  return century + yy;
}

/** A YYMMDD element as YYYY-MM-DD; day 00 means the last day of the month. A date that does not exist is refused. */
function gs1Date(ai: string, yymmdd: string, today: Date): string {
  const year = gs1Year(Number(yymmdd.slice(0, 2)), today);
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day > daysInMonth) throw badGs1(`AI ${ai} is not a date: ${yymmdd}`);
  const twoDigits = (value: number): string => String(value).padStart(2, '0');
  return `${year}-${twoDigits(month)}-${twoDigits(day === 0 ? daysInMonth : day)}`;
}

/** What the elements say; every date among them must exist (its century depends on `today`). */
function gs1Result(elements: Record<string, string>, options: BarcodeOptions, today: Date): Gs1Result {
  const result: Gs1Result = { kind: 'gs1', elements };
  const gtin = elements['01'];
  if (gtin !== undefined) result.gtin = gtin;
  for (const [ai, value] of Object.entries(elements)) {
    const decimals = Number(ai[3]);
    if (/^310\d$/.test(ai)) result.netWeightGrams = rescale(Number(value), decimals, 3);
    if (/^39[02]\d$/.test(ai)) result.priceMinor = rescale(Number(value), decimals, options.currencyDigits);
    if (DATE_AIS.has(ai)) {
      const date = gs1Date(ai, value, today);
      if (ai === '17') result.expiry = date;
    }
  }
  if (elements['10'] !== undefined) result.batch = elements['10'];
  if (elements['21'] !== undefined) result.serial = elements['21'];
  return result;
}

/**
 * Without an AIM identifier, data is taken as a GS1 element string when it carries a GS separator, or starts
 * with AI 01/02 and 14 digits (a GS1 DataBar sends exactly that), or is AI 00 and 18 digits (an SSCC). Their
 * check digits are checked as elements: a damaged one says "scan again" instead of passing as text.
 */
function looksLikeElementString(data: string): boolean {
  return data.includes(GS) || /^0[12]\d{14}/.test(data) || /^00\d{18}$/.test(data);
}

/** What a serial scanner's decoder puts where the bytes were not in the scanner's encoding. */
const REPLACEMENT_CHARACTER = '\ufffd';

// ---------------------------------------------------------------------------------------------------------

/**
 * Parses a scan. Throws INVALID_BARCODE when a GTIN or GS1 code is damaged (failed check digit, malformed
 * element string, a date that does not exist, a control character other than GS), so the cashier scans again
 * instead of selling the wrong thing. `today` decides the century of two-digit years in GS1 dates.
 *
 * Numeric data of a GTIN length (8, 12, 13, 14) from an EAN/UPC or ITF symbol, or from a scanner that sends
 * no AIM identifier, must be a valid GTIN. From other symbologies (Code 128, Code 39, QR…) such data is a
 * GTIN if its check digit fits and text otherwise, since internal codes are often printed that way.
 * Eight digits are EAN-8 or UPC-E: the AIM identifier decides (]E4 EAN-8, ]E0 UPC-E); without one, whichever
 * check digit fits, and digits that fit both carry the UPC-E reading as `asUpcE` for the catalog to decide.
 * Six digits under ]E0 are a UPC-E without number system and check digit; without an identifier they are text
 * (an internal code, perhaps) with that UPC-E reading as `asUpcE`.
 */
export function parseBarcode(raw: string, options: BarcodeOptions, today: Date = new Date()): ParsedBarcode {
  if (scanHasControlCharacters(raw)) throw new CounterError('INVALID_BARCODE', scanControlCharacterMessage);
  const trimmed = raw.replace(SURROUNDING_WHITESPACE, '');
  const identifier = /^\][A-Za-z][0-9A-Za-z]/.test(trimmed) ? trimmed.slice(0, 3) : undefined;
  let data = identifier ? trimmed.slice(3) : trimmed;
  const symbology = identifier && (SYMBOLOGY_NAMES[identifier] ?? identifier);
  const withSymbology = <T extends ParsedBarcode>(result: T): T =>
    symbology ? { ...result, symbology } : result;
  if (data === '') throw new CounterError('INVALID_BARCODE', 'The scan was empty: scan it again.');
  if (data.includes(REPLACEMENT_CHARACTER)) {
    throw new CounterError(
      'INVALID_BARCODE',
      `The scanner sent characters its encoding setting cannot read (shown as ${REPLACEMENT_CHARACTER}): set the scanner's encoding on the Devices screen to what the scanner sends, then scan again.`,
    );
  }

  if (BRACKETED.test(data)) return withSymbology(gs1Result(parseBracketed(data), options, today));
  if ((identifier && GS1_IDENTIFIERS.has(identifier)) || (!identifier && looksLikeElementString(data))) {
    return withSymbology(gs1Result(parseElementString(data), options, today));
  }

  // EAN/UPC with a 2- or 5-digit add-on (periodicals): the add-on is not part of the item number.
  if (identifier === ']E3') data = data.length >= 15 ? data.slice(0, 13) : data.slice(0, 8);

  const strict = !identifier || identifier.startsWith(']E') || identifier.startsWith(']I');
  let gtin: string | undefined;
  let asUpcE: string | undefined;
  if (strict && /^\d{8}$/.test(data)) ({ gtin, asUpcE } = eightDigitGtin(data, identifier));
  else if (identifier === ']E0' && /^\d{6}$/.test(data)) gtin = expandSixDigitUpcE(data);
  else if (/^(\d{8}|\d{12,14})$/.test(data)) {
    if (isValidGtin(data)) gtin = data;
    else if (strict) throw badCheckDigit(data);
  }
  if (gtin === undefined) {
    const upcE = !identifier && /^\d{6}$/.test(data) ? { asUpcE: toGtin14(expandSixDigitUpcE(data)) } : {};
    return withSymbology({ kind: 'text', text: data, ...upcE });
  }

  const gtin14 = toGtin14(gtin);
  return withSymbology(
    parseEmbedded(gtin14, options) ?? { kind: 'gtin', gtin: gtin14, ...(asUpcE ? { asUpcE } : {}) },
  );
}
