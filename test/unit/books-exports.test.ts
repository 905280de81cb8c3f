/**
 * The journal files where a person's words or the currency could break them: a comma or a quote in a store's
 * name (CSV quoting), a tab in a description (IIF has no quoting), a currency without decimals, and a
 * correction journal, which names the day it corrects.
 */
import { describe, expect, it } from 'vitest';
import type { DayJournals, Journal } from '../../src/shared/books.ts';
import { journalFile } from '../../src/headoffice/books/exports.ts';

const account = (code: string, name: string) => ({ code, name, taxRate: 'Tax Exempt' });

function journal(overrides: Partial<Journal> = {}): Journal {
  return {
    number: 'TOKYO-1-20261206',
    date: '2026-12-06',
    correctsDate: null,
    narration: 'Counter "Ginza, East": takings of 2026-12-06',
    documents: 1,
    lines: [
      {
        key: 'takings:cash',
        account: account('1010', 'Cash, clearing'),
        description: 'Cash\ttakings',
        debitMinor: 1_080,
        creditMinor: 0,
      },
      {
        key: 'sales:STD:1000',
        account: account('4000', 'Sales'),
        description: 'Sales Standard 10%',
        debitMinor: 0,
        creditMinor: 1_080,
      },
    ],
    debitMinor: 1_080,
    creditMinor: 1_080,
    ...overrides,
  };
}

const day = (journals: Journal[]): DayJournals => ({
  storeId: 'TOKYO-1',
  storeName: 'Ginza, East',
  date: '2026-12-07',
  timeZone: 'Asia/Tokyo',
  currency: 'JPY',
  dayEnded: true,
  firstExportedAt: null,
  journals,
});

describe('journal files', () => {
  it('quotes CSV cells with commas and quotes, and writes yen without decimals', () => {
    const lines = journalFile(day([journal()]), 'xero').body.split('\r\n');
    expect(lines[1]).toBe(
      '"Counter ""Ginza, East"": takings of 2026-12-06",06/12/2026,Cash\ttakings,1010,Tax Exempt,1080,,,,',
    );
    expect(journalFile(day([journal()]), 'qbo').body.split('\r\n')[1]).toBe(
      'TOKYO-1-20261206,12/06/2026,"Cash, clearing",1080,,Cash\ttakings,',
    );
  });

  it('keeps each IIF line to its columns: no tab or quote inside a text', () => {
    const lines = journalFile(day([journal()]), 'iif').body.split('\r\n');
    expect(lines[3]!.split('\t')).toEqual([
      'TRNS',
      '',
      'GENERAL JOURNAL',
      '12/06/2026',
      'Cash, clearing',
      '',
      '',
      '1080',
      'TOKYO-1-20261206',
      'Cash takings',
    ]);
    expect(lines[5]).toBe('ENDTRNS');
  });

  it('writes a correction after the day it corrects, as a journal of its own', () => {
    const correction = journal({
      number: 'TOKYO-1-20261207-C20261206',
      date: '2026-12-07',
      correctsDate: '2026-12-06',
    });
    const file = journalFile(day([correction]), 'csv');
    expect(file.fileName).toBe('journal-TOKYO-1-2026-12-07-csv.csv');
    expect(file.body.split('\r\n')[1]).toBe(
      'TOKYO-1,2026-12-07,TOKYO-1-20261207-C20261206,2026-12-06,1010,"Cash, clearing",takings:cash,Cash\ttakings,1080,0,JPY',
    );
    expect(
      journalFile(day([correction]), 'iif')
        .body.split('\r\n')
        .filter((line) => line === 'ENDTRNS'),
    ).toHaveLength(1);
  });
});
