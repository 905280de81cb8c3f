import { describe, expect, it } from 'vitest';
import {
  barcodeSettingsSchema,
  defaultBarcodeSettings,
  embeddedLayoutSchema,
  expandUpcE,
  gtinLookupKeys,
  parseBarcode,
  priceCheckDigit,
  scanCodeSchema,
  type BarcodeOptions,
  type EmbeddedLayout,
  type ParsedBarcode,
} from '../../src/shared/barcode.ts';
import { isCounterError } from '../../src/shared/errors.ts';

const GS = '\u001d';
const eur: BarcodeOptions = { ...defaultBarcodeSettings, currencyDigits: 2 };
/** The day the scans below happen: the century of a GS1 date's two-digit year depends on it. */
const today = new Date('2026-03-14T12:00:00Z');

/** The German-style layout: prefix 28, 4-digit item, price check digit, 5-digit weight in grams. */
const weightWithCheck: EmbeddedLayout = {
  prefix: '28',
  carries: 'weight',
  itemDigits: 4,
  valueCheckDigit: true,
  valueDigits: 5,
  valueDecimals: 3,
};
/** US UPC-A number system 2: 5-digit item, price check digit, 4-digit price in cents. */
const upcPrice: EmbeddedLayout = {
  prefix: '02',
  carries: 'price',
  itemDigits: 5,
  valueCheckDigit: true,
  valueDigits: 4,
  valueDecimals: 2,
};

function thrown(action: () => unknown): { code: string; message: string } | undefined {
  try {
    action();
  } catch (error) {
    if (isCounterError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return undefined;
}

describe('parseBarcode: GTINs', () => {
  it.each<[string, string, ParsedBarcode]>([
    ['EAN-13', '4006381333931', { kind: 'gtin', gtin: '04006381333931' }],
    [
      'EAN-13 with AIM ]E0',
      ']E04006381333931',
      { kind: 'gtin', gtin: '04006381333931', symbology: 'EAN-13/UPC' },
    ],
    ['UPC-A', '036000291452', { kind: 'gtin', gtin: '00036000291452' }],
    [
      'UPC-A sent as 13 digits under ]E0',
      ']E00036000291452',
      { kind: 'gtin', gtin: '00036000291452', symbology: 'EAN-13/UPC' },
    ],
    ['EAN-8', '96385074', { kind: 'gtin', gtin: '00000096385074' }],
    ['EAN-8 with AIM ]E4', ']E496385074', { kind: 'gtin', gtin: '00000096385074', symbology: 'EAN-8' }],
    ['GTIN-14 on ITF-14', ']I110614141000415', { kind: 'gtin', gtin: '10614141000415', symbology: 'ITF' }],
    ['GTIN-14 without identifier', '10614141000415', { kind: 'gtin', gtin: '10614141000415' }],
    ['scanner suffix CR LF is ignored', '4006381333931\r\n', { kind: 'gtin', gtin: '04006381333931' }],
    [
      'EAN-13 with a 2-digit add-on',
      ']E3978030640615712',
      { kind: 'gtin', gtin: '09780306406157', symbology: 'EAN/UPC with add-on' },
    ],
    [
      'EAN-13 with a 5-digit add-on',
      ']E3978030640615790000',
      { kind: 'gtin', gtin: '09780306406157', symbology: 'EAN/UPC with add-on' },
    ],
    [
      'a valid GTIN in Code 128',
      ']C01234567890128',
      { kind: 'gtin', gtin: '01234567890128', symbology: 'Code 128' },
    ],
    [
      '2x prefix without a layout is a plain in-store GTIN',
      '2012345678903',
      { kind: 'gtin', gtin: '02012345678903' },
    ],
  ])('%s: %j', (_name, raw, expected) => {
    expect(parseBarcode(raw, eur)).toEqual(expected);
  });
});

describe('parseBarcode: UPC-E', () => {
  it.each([
    ['last digit 0', '01234505', '012000003455'],
    ['last digit 1', '01234514', '012100003454'],
    ['last digit 2', '01234523', '012200003453'],
    ['last digit 3', '01234531', '012300000451'],
    ['last digit 4', '01234543', '012340000053'],
    ['last digit 5', '01234558', '012345000058'],
    ['last digit 9', '01234596', '012345000096'],
    ['number system 1', '16543214', '165100004324'],
    ['Wikipedia example', '04252614', '042100005264'],
  ])('%s: %s → UPC-A %s', (_name, upcE, upcA) => {
    expect(expandUpcE(upcE)).toBe(upcA);
    expect(parseBarcode(`]E0${upcE}`, eur)).toMatchObject({ kind: 'gtin', gtin: `00${upcA}` });
  });

  it('reads 8 digits without identifier as UPC-E when they are not a valid EAN-8', () => {
    expect(parseBarcode('04252614', eur)).toEqual({ kind: 'gtin', gtin: '00042100005264' });
  });

  it.each<[string, string, ParsedBarcode]>([
    [
      'without identifier, both readings go to the catalog',
      '01234565',
      { kind: 'gtin', gtin: '00000001234565', asUpcE: '00012345000065' },
    ],
    [']E4 says EAN-8', ']E401234565', { kind: 'gtin', gtin: '00000001234565', symbology: 'EAN-8' }],
    [']E0 says UPC-E', ']E001234565', { kind: 'gtin', gtin: '00012345000065', symbology: 'EAN-13/UPC' }],
  ])('8 digits valid both as EAN-8 and UPC-E: %s', (_name, raw, expected) => {
    expect(parseBarcode(raw, eur)).toEqual(expected);
  });

  it('expands a UPC-E sent as its six digits alone (no number system, no check digit)', () => {
    expect(parseBarcode(']E0425261', eur)).toEqual({
      kind: 'gtin',
      gtin: '00042100005264',
      symbology: 'EAN-13/UPC',
    });
    expect(parseBarcode(']E0123453', eur)).toMatchObject({ gtin: '00012300000451' });
  });

  it('keeps six digits without identifier as text, with their UPC-E reading for the catalog', () => {
    expect(parseBarcode('425261', eur)).toEqual({ kind: 'text', text: '425261', asUpcE: '00042100005264' });
    expect(parseBarcode(']C0425261', eur)).toEqual({ kind: 'text', text: '425261', symbology: 'Code 128' });
  });

  it('refuses something that is not a UPC-E', () => {
    expect(() => expandUpcE('21234565')).toThrow(/not a UPC-E/);
  });
});

describe('parseBarcode: damaged codes', () => {
  it.each([
    ['EAN-13', '4006381333932', '4006381333932'],
    ['EAN-13 under ]E0', ']E04006381333932', '4006381333932'],
    ['UPC-A', '036000291453', '036000291453'],
    ['EAN-8 / UPC-E', '96385075', '96385075'],
    ['EAN-8 under ]E4', ']E401234514', '01234514'],
    ['GTIN-14', '10614141000416', '10614141000416'],
    ['SSCC without identifier', '00106141411234567898', '106141411234567898'],
    ['GTIN after AI 01 without identifier', '0109501101020918', '09501101020918'],
    ['GTIN after AI 01, a date after it', '010950110102091817190508', '09501101020918'],
  ])('%s %s fails its check digit: scan again, not text', (_name, raw, code) => {
    expect(thrown(() => parseBarcode(raw, eur))).toEqual({
      code: 'INVALID_BARCODE',
      message: `The barcode ${code} failed its check digit: scan it again or type the SKU.`,
    });
  });

  it('refuses characters the serial scanner could not decode, and says which setting to change', () => {
    expect(thrown(() => parseBarcode('CAF\ufffd-01', eur))).toEqual({
      code: 'INVALID_BARCODE',
      message: expect.stringMatching(/set the scanner's encoding on the Devices screen/),
    });
  });

  it('refuses an empty scan', () => {
    expect(thrown(() => parseBarcode(' \r\n', eur))?.code).toBe('INVALID_BARCODE');
  });
});

describe('control characters in a scan', () => {
  it.each([
    ['NUL in a SKU', 'ABC\u0000123'],
    ['an escape code', '\u001b[2J4006381333931'],
    ['a tab inside', 'ABC\t123'],
    ['a line break inside', '4006381\n333931'],
    ['a C1 control', ']C0ABC\u0085123'],
    ['DEL', '4006381333931\u007f'],
  ])('refuses %s, whatever the symbology', (_name, raw) => {
    const refused = {
      code: 'INVALID_BARCODE',
      message: 'The scan contains a control character that no barcode holds: scan it again or type the SKU.',
    };
    expect(thrown(() => parseBarcode(raw, eur))).toEqual(refused);
    expect(scanCodeSchema.safeParse(raw).error?.issues[0]?.message).toBe(refused.message);
  });

  it('keeps the GS1 separator and the line break or tab a scanner ends a code with', () => {
    const gs1 = `]C10109501101020917${GS}10ABC123${GS}`;
    expect(parseBarcode(`${gs1}\r\n`, eur)).toMatchObject({ kind: 'gs1', batch: 'ABC123' });
    expect(parseBarcode('4006381333931\t', eur)).toMatchObject({ kind: 'gtin' });
    for (const code of [gs1, '\r\n4006381333931\r\n']) expect(scanCodeSchema.parse(code)).toBe(code);
  });
});

describe('parseBarcode: text codes', () => {
  it.each<[string, string, ParsedBarcode]>([
    ['receipt number', 'S1R2-000123', { kind: 'text', text: 'S1R2-000123' }],
    ['short internal SKU', 'A12345', { kind: 'text', text: 'A12345' }],
    ['10-digit number', '1234567890', { kind: 'text', text: '1234567890' }],
    ['Code 39 SKU', ']A0ABC-123', { kind: 'text', text: 'ABC-123', symbology: 'Code 39' }],
    [
      'a 13-digit internal number in Code 128 is not a GTIN',
      ']C04006381333932',
      { kind: 'text', text: '4006381333932', symbology: 'Code 128' },
    ],
    [
      'QR code with a URL',
      ']Q1https://example.com/r/42',
      { kind: 'text', text: 'https://example.com/r/42', symbology: 'QR Code' },
    ],
    [
      'an unknown identifier is reported as is',
      ']X5HELLO',
      { kind: 'text', text: 'HELLO', symbology: ']X5' },
    ],
  ])('%s', (_name, raw, expected) => {
    expect(parseBarcode(raw, eur)).toEqual(expected);
  });
});

describe('parseBarcode: GS1 element strings', () => {
  const specExample = {
    kind: 'gs1',
    gtin: '09501101020917',
    elements: { '01': '09501101020917', '17': '190508', '10': 'ABCD1234', '21': '10' },
    expiry: '2019-05-08',
    batch: 'ABCD1234',
    serial: '10',
  };

  it.each<[string, string, object]>([
    [
      'bracketed (GS1 General Specifications example)',
      '(01)09501101020917(17)190508(10)ABCD1234(21)10',
      specExample,
    ],
    [
      'GS1 DataMatrix, variable batch ended by GS',
      `]d20109501101020917171905081${'0ABCD1234'}${GS}2110`,
      { ...specExample, symbology: 'GS1 DataMatrix' },
    ],
    [
      'GS1-128',
      `]C10109501101020917171905081${'0ABCD1234'}${GS}2110`,
      { ...specExample, symbology: 'GS1-128' },
    ],
    [
      'GS1 QR',
      `]Q30109501101020917171905081${'0ABCD1234'}${GS}2110`,
      { ...specExample, symbology: 'GS1 QR Code' },
    ],
    [
      'no identifier, a leading GS for FNC1',
      `${GS}0109501101020917171905081${'0ABCD1234'}${GS}2110`,
      specExample,
    ],
    [
      'no identifier, no separators needed after fixed-length AIs',
      '010950110102091717190508' + '10ABCD1234',
      {
        kind: 'gs1',
        gtin: '09501101020917',
        elements: { '01': '09501101020917', '17': '190508', '10': 'ABCD1234' },
        expiry: '2019-05-08',
        batch: 'ABCD1234',
      },
    ],
    [
      'a variable-length AI first, ended by GS',
      `]C110ABC${GS}0109501101020917`,
      {
        kind: 'gs1',
        gtin: '09501101020917',
        elements: { '10': 'ABC', '01': '09501101020917' },
        batch: 'ABC',
        symbology: 'GS1-128',
      },
    ],
    ['SSCC bracketed', '(00)106141411234567897', { kind: 'gs1', elements: { '00': '106141411234567897' } }],
    [
      'SSCC without identifier',
      '00106141411234567897',
      { kind: 'gs1', elements: { '00': '106141411234567897' } },
    ],
    [
      'GS1 DataBar',
      ']e00100012345678905',
      { kind: 'gs1', gtin: '00012345678905', elements: { '01': '00012345678905' }, symbology: 'GS1 DataBar' },
    ],
    [
      'GS1 DataBar sent without identifier',
      '0100012345678905',
      { kind: 'gs1', gtin: '00012345678905', elements: { '01': '00012345678905' } },
    ],
    [
      'net weight 3103: 0.189 kg',
      '(01)10614141000415(3103)000189',
      {
        kind: 'gs1',
        gtin: '10614141000415',
        elements: { '01': '10614141000415', '3103': '000189' },
        netWeightGrams: 189,
      },
    ],
    ['net weight 3102: 1.89 kg', ']C101106141410004153102000189', { netWeightGrams: 1890 }],
    [
      'net weight 3105: 0.12345 kg rounds to 123 g',
      '(01)10614141000415(3105)012345',
      { netWeightGrams: 123 },
    ],
    ['net weight 3100: 2 kg', '(01)10614141000415(3100)000002', { netWeightGrams: 2000 }],
    [
      'price 3922: 12.34',
      `]C10110614141000415${'3922'}1234`,
      { priceMinor: 1234, elements: { '01': '10614141000415', '3922': '1234' } },
    ],
    ['price 3921: 12.3', '(01)10614141000415(3921)123', { priceMinor: 1230 }],
    ['price 3923 rounds to the cent', '(01)10614141000415(3923)12345', { priceMinor: 1235 }],
    [
      'weight then price: no separator after the fixed-length weight',
      `]C101106141410004153103000750${'3922'}499`,
      { netWeightGrams: 750, priceMinor: 499 },
    ],
    ['expiry day 00 is the end of the month', '(01)10614141000415(17)240200', { expiry: '2024-02-29' }],
    [
      'best before and production dates are kept as elements',
      '(01)10614141000415(15)251231(11)250101',
      { elements: { '01': '10614141000415', '15': '251231', '11': '250101' } },
    ],
    [
      'a 3-digit AI (country of origin) and a 4-digit one (7003)',
      `(01)10614141000415(422)276(7003)2501011230`,
      { elements: { '01': '10614141000415', '422': '276', '7003': '2501011230' } },
    ],
    [
      'an internal AI (91) at the end',
      `]C10110614141000415${'91'}SHELF-7`,
      { elements: { '01': '10614141000415', '91': 'SHELF-7' } },
    ],
  ])('%s', (_name, raw, expected) => {
    expect(parseBarcode(raw, eur, today)).toMatchObject(expected);
  });

  it.each([
    ['2026: 50 years ahead is this century', '2026-03-14', '761231', '2076-12-31'],
    ['2026: 51 years ahead is the last century', '2026-03-14', '771231', '1977-12-31'],
    ['2026: day 00 of February 2000, a leap year', '2026-03-14', '000200', '2000-02-29'],
    ['2080: 49 years back is this century', '2080-06-30', '310101', '2031-01-01'],
    ['2080: 50 years back is the next century', '2080-06-30', '300101', '2130-01-01'],
    ['2051: day 00 of February 2100, no leap year', '2051-01-01', '000200', '2100-02-28'],
  ])(
    'takes the century of a two-digit year from the GS1 sliding window: %s',
    (_name, day, yymmdd, expiry) => {
      const scannedOn = new Date(`${day}T12:00:00Z`);
      expect(parseBarcode(`(01)10614141000415(17)${yymmdd}`, eur, scannedOn)).toMatchObject({ expiry });
    },
  );

  it('converts GS1 prices to the store currency: JPY has no minor units', () => {
    const jpy: BarcodeOptions = { ...defaultBarcodeSettings, currencyDigits: 0 };
    expect(parseBarcode('(01)10614141000415(3920)1250', jpy)).toMatchObject({ priceMinor: 1250 });
  });

  it.each([
    ['a GTIN with a bad check digit', ']C10109501101020918', /09501101020918 failed its check digit/],
    ['an SSCC with a bad check digit', '(00)106141411234567898', /106141411234567898 failed its check digit/],
    ['a month 13', '(01)09501101020917(17)191308', /AI 17 is not a date/],
    ['31 February', '(01)09501101020917(17)260231', /AI 17 is not a date: 260231/],
    ['29 February in a year that is no leap year', '(01)09501101020917(17)250229', /AI 17 is not a date/],
    ['31 April as a best before date', '(01)09501101020917(15)260431', /AI 15 is not a date/],
    ['a short fixed-length value', ']C1011234', /AI 01 needs 14 characters/],
    ['letters in a numeric AI', '(01)0950110102091A', /AI 01 must be digits/],
    [
      'a batch longer than 20 characters: a lost separator',
      `]C110ABCDEFGHIJKLMNOPQRSTU`,
      /AI 10 is too long/,
    ],
    ['an unknown AI', ']C10109501101020917' + '05123', /no known AI at "0512"/],
    ['an unknown bracketed AI', '(0109)09501101020917', /\(0109\) is not a known AI/],
    ['an empty variable value', `]C110${GS}21ABC`, /AI 10 is empty/],
    ['the same AI twice with different values', '(10)ABC(10)DEF', /AI 10 appears twice/],
  ])('refuses %s', (_name, raw, message) => {
    const error = thrown(() => parseBarcode(raw, eur, today));
    expect(error?.code).toBe('INVALID_BARCODE');
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/scan it again or type the SKU/);
  });
});

describe('parseBarcode: price- and weight-embedded codes', () => {
  it.each<[string, string, BarcodeOptions, ParsedBarcode]>([
    [
      'default: prefix 21 carries the price in cents',
      '2112345012346',
      eur,
      { kind: 'embedded', prefix: '21', itemCode: '12345', priceMinor: 1234 },
    ],
    [
      'default: prefix 28 carries the weight in grams',
      '2800042012348',
      eur,
      { kind: 'embedded', prefix: '28', itemCode: '00042', weightGrams: 1234 },
    ],
    [
      'with the AIM identifier',
      ']E02800042012348',
      eur,
      { kind: 'embedded', prefix: '28', itemCode: '00042', weightGrams: 1234, symbology: 'EAN-13/UPC' },
    ],
    [
      'a layout with a weight check digit (5 digits)',
      '2810275005024',
      { embeddedLayouts: [weightWithCheck], currencyDigits: 2 },
      { kind: 'embedded', prefix: '28', itemCode: '1027', weightGrams: 502 },
    ],
    [
      'UPC-A number system 2 with a 4-digit price and its check digit',
      '212345602997',
      { embeddedLayouts: [upcPrice], currencyDigits: 2 },
      { kind: 'embedded', prefix: '02', itemCode: '12345', priceMinor: 299 },
    ],
    [
      'a price in whole yen',
      '2112345012346',
      {
        embeddedLayouts: [
          { ...upcPrice, prefix: '21', valueCheckDigit: false, valueDigits: 5, valueDecimals: 0 },
        ],
        currencyDigits: 0,
      },
      { kind: 'embedded', prefix: '21', itemCode: '12345', priceMinor: 1234 },
    ],
    [
      'prefix 21 is a plain GTIN when the store has no layout for it',
      '2112345012346',
      { embeddedLayouts: [], currencyDigits: 2 },
      { kind: 'gtin', gtin: '02112345012346' },
    ],
  ])('%s', (_name, raw, options, expected) => {
    expect(parseBarcode(raw, options)).toEqual(expected);
  });

  it('refuses an embedded weight whose own check digit is wrong, though the EAN check digit is right', () => {
    const error = thrown(() =>
      parseBarcode('2810276005023', { embeddedLayouts: [weightWithCheck], currencyDigits: 2 }),
    );
    expect(error).toEqual({
      code: 'INVALID_BARCODE',
      message: 'The weight in barcode 2810276005023 failed its check digit: scan it again or type the SKU.',
    });
  });
});

describe('priceCheckDigit', () => {
  it.each([
    ['2875', 9],
    ['0299', 6],
    ['14685', 6],
    ['00502', 5],
    ['00828', 4],
    ['00000', 0],
  ])('%s → %i', (value, digit) => {
    expect(priceCheckDigit(value)).toBe(digit);
  });
});

describe('gtinLookupKeys', () => {
  it.each([
    ['00000096385074', ['00000096385074', '0000096385074', '000096385074', '96385074']],
    ['04006381333931', ['04006381333931', '4006381333931']],
    ['4006381333931', ['04006381333931', '4006381333931']],
    ['00036000291452', ['00036000291452', '0036000291452', '036000291452']],
    ['036000291452', ['00036000291452', '0036000291452', '036000291452']],
    ['10614141000415', ['10614141000415']],
  ])('%s → %j', (gtin, keys) => {
    expect(gtinLookupKeys(gtin)).toEqual(keys);
  });

  it('refuses something that is not a GTIN', () => {
    expect(thrown(() => gtinLookupKeys('12345'))?.code).toBe('INVALID_INPUT');
  });
});

describe('barcode settings', () => {
  it('accepts the default', () => {
    expect(barcodeSettingsSchema.parse(defaultBarcodeSettings)).toEqual(defaultBarcodeSettings);
  });

  it.each([
    ['digits that do not fill the code', { ...upcPrice, itemDigits: 4 }, /fill the 10 digits/],
    [
      'a check digit on a 6-digit value',
      { ...upcPrice, itemDigits: 3, valueDigits: 6 },
      /4- and 5-digit values only/,
    ],
    ['a prefix outside 20-29 and 02', { ...upcPrice, prefix: '30' }, /Prefix: 20-29/],
  ])('refuses a layout with %s', (_name, layout, message) => {
    const result = embeddedLayoutSchema.safeParse(layout);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join('; ')).toMatch(message);
  });

  it('refuses two layouts for one prefix', () => {
    const result = barcodeSettingsSchema.safeParse({ embeddedLayouts: [upcPrice, upcPrice] });
    expect(result.error?.issues[0]?.message).toBe('Each prefix may have one layout only');
  });
});
