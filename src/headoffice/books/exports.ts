/**
 * A day's journals as files for accounting tools, and the record of each export. The columns each format
 * relies on are listed in docs/books.md with where they come from; what could not be tried against the real
 * tools is said there too.
 */
import { createHash } from 'node:crypto';
import type { DayJournals, ExportFormat, Journal, JournalLine } from '../../shared/books.ts';
import { CounterError } from '../../shared/errors.ts';
import { currencyDigits, toDecimalString } from '../../shared/money.ts';
import { dayRange } from '../../shared/time-zone.ts';
import { forUpdate, nowIso, type HeadOffice } from '../context.ts';
import { findStore } from '../find.ts';
import { dayJournals } from './journal.ts';

/** A cell of a CSV file (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csv = (rows: string[][]): string => rows.map((row) => row.map(cell).join(',') + '\r\n').join('');

/** "2026-12-06" as 06/12/2026 (Xero) or 12/06/2026 (QuickBooks, US). */
const dayFirst = (date: string): string => date.split('-').reverse().join('/');
const monthFirst = (date: string): string => {
  const [year, month, day] = date.split('-');
  return `${month}/${day}/${year}`;
};

interface Exporter {
  extension: string;
  contentType: string;
  write: (day: DayJournals, money: (minor: number) => string) => string;
}

const signed = (line: JournalLine): number => line.debitMinor - line.creditMinor;
const eachLine = (day: DayJournals) =>
  day.journals.flatMap((journal) => journal.lines.map((line) => ({ journal, line })));
const orBlank = (minor: number, money: (minor: number) => string): string =>
  minor === 0 ? '' : money(minor);

/** A CSV file of the day: `header`, then one row per journal line. */
function csvExporter(
  header: string[],
  row: (
    entry: ReturnType<typeof eachLine>[number],
    money: (minor: number) => string,
    day: DayJournals,
  ) => string[],
): Exporter {
  return {
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8',
    write: (day, money) => csv([header, ...eachLine(day).map((entry) => row(entry, money, day))]),
  };
}

/** Xero's manual journal import template: a positive Amount is a debit, a negative one a credit. */
const xero = csvExporter(
  [
    '*Narration',
    '*Date',
    'Description',
    '*AccountCode',
    '*TaxRate',
    '*Amount',
    'TrackingName1',
    'TrackingOption1',
    'TrackingName2',
    'TrackingOption2',
  ],
  ({ journal, line }, money) => [
    journal.narration,
    dayFirst(journal.date),
    line.description,
    line.account.code,
    line.account.taxRate,
    money(signed(line)),
    '',
    '',
    '',
    '',
  ],
);

/** QuickBooks Online's journal entry import: lines with the same Journal No make one entry; accounts by name. */
const qbo = csvExporter(
  ['Journal No', 'Journal Date', 'Account Name', 'Debits', 'Credits', 'Description', 'Name'],
  ({ journal, line }, money) => [
    journal.number,
    monthFirst(journal.date),
    line.account.name,
    orBlank(line.debitMinor, money),
    orBlank(line.creditMinor, money),
    line.description,
    '',
  ],
);

/**
 * QuickBooks Desktop's IIF: tab-separated; each journal is a TRNS line (its first line), SPL lines (the rest)
 * and ENDTRNS; AMOUNT positive for a debit; the transactions' amounts add up to zero.
 */
const iif: Exporter = {
  extension: 'iif',
  contentType: 'text/plain; charset=utf-8',
  write: (day, money) => {
    const columns = ['TRNSTYPE', 'DATE', 'ACCNT', 'NAME', 'CLASS', 'AMOUNT', 'DOCNUM', 'MEMO'];
    const rows: string[][] = [['!TRNS', 'TRNSID', ...columns], ['!SPL', 'SPLID', ...columns], ['!ENDTRNS']];
    for (const journal of day.journals) {
      journal.lines.forEach((line, index) => {
        rows.push([
          index === 0 ? 'TRNS' : 'SPL',
          '',
          'GENERAL JOURNAL',
          monthFirst(journal.date),
          line.account.name,
          '',
          '',
          money(signed(line)),
          journal.number,
          iifText(line.description),
        ]);
      });
      if (journal.lines.length > 0) rows.push(['ENDTRNS']);
    }
    return rows.map((row) => row.join('\t') + '\r\n').join('');
  },
};

/** IIF has no quoting: a tab or a quote in a text would break the line. */
const iifText = (text: string): string => text.replaceAll(/[\t"]/g, ' ');

/** Everything the journal knows, one line per row, for a spreadsheet or another tool. */
const plain = csvExporter(
  [
    'store',
    'date',
    'journal',
    'corrects_date',
    'account_code',
    'account_name',
    'line',
    'description',
    'debit',
    'credit',
    'currency',
  ],
  ({ journal, line }, money, day) => [
    day.storeId,
    journal.date,
    journal.number,
    journal.correctsDate ?? '',
    line.account.code,
    line.account.name,
    line.key,
    line.description,
    money(line.debitMinor),
    money(line.creditMinor),
    day.currency,
  ],
);

export const exporters: Record<ExportFormat, Exporter> = { xero, qbo, iif, csv: plain };

/** The file of `day` in `format`, and its name. */
export function journalFile(
  day: DayJournals,
  format: ExportFormat,
): { fileName: string; contentType: string; body: string } {
  const exporter = exporters[format];
  const digits = currencyDigits(day.currency);
  return {
    fileName: `journal-${day.storeId}-${day.date}-${format}.${exporter.extension}`,
    contentType: exporter.contentType,
    body: exporter.write(day, (minor) => toDecimalString(minor, digits)),
  };
}

/**
 * Exports a day that is over in the store's time zone and records the export: the first export fixes what
 * the day's journal holds (see journal.ts), so the same day gives the same file again.
 *
 * The store's registers are locked first, as a batch of their events locks its register before it takes its
 * arrival time: a batch that committed is in the file, one still waiting arrives after the export's time and
 * goes into a correction. Nothing is in neither, and nothing changes the file afterwards.
 */
export async function exportDay(
  ho: HeadOffice,
  storeId: string,
  date: string,
  format: ExportFormat,
  exportedBy: string,
): Promise<{ fileName: string; contentType: string; body: string; journals: Journal[] }> {
  const store = await findStore(ho.db, storeId);
  if (ho.now().getTime() < dayRange(date, store.time_zone).to.getTime()) {
    throw new CounterError(
      'CONFLICT',
      `${date} is not over yet in ${store.name}'s time zone (${store.time_zone}): look at its journal now and export it once the day has ended.`,
    );
  }
  return ho.db.transaction().execute(async (tx) => {
    await forUpdate(ho, tx.selectFrom('registers').select('id').where('store_id', '=', storeId)).execute();
    // A batch that takes its arrival time in this same millisecond, after the lock, is not in the file.
    const receivedThrough = new Date(ho.now().getTime() - 1).toISOString();
    const day = await dayJournals({ ...ho, db: tx }, storeId, date, { receivedThrough });
    const file = journalFile(day, format);
    await tx
      .insertInto('journal_exports')
      .values({
        store_id: storeId,
        business_date: date,
        format,
        exported_at: nowIso(ho),
        exported_by: exportedBy,
        received_through: receivedThrough,
        content_hash: createHash('sha256').update(file.body).digest('hex'),
      })
      .execute();
    return { ...file, journals: day.journals };
  });
}
