/**
 * `npm run headoffice -- journal --store S --date D [--format F]`: a store's journals of a day as a table for a
 * person, or (with --format) the export file on standard output, recorded as an export like any other.
 */
import { parseArgs } from 'node:util';
import { exportFormats, type DayJournals, type ExportFormat } from '../../shared/books.ts';
import { currencyDigits, toDecimalString } from '../../shared/money.ts';
import type { HeadOffice } from '../context.ts';
import { exportDay } from './exports.ts';
import { dayJournals } from './journal.ts';

export const JOURNAL_USAGE = `npm run headoffice -- journal --store DUBLIN-1 --date 2026-12-06 [--format ${exportFormats.join('|')}]`;

export interface JournalRequest {
  storeId: string;
  date: string;
  format: ExportFormat | null;
}

export function journalRequestFromArgs(args: string[]): JournalRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { store: { type: 'string' }, date: { type: 'string' }, format: { type: 'string' } },
    }));
  } catch (error) {
    throw new Error(
      `journal takes --store, --date and optionally --format, each with a value: ${JOURNAL_USAGE}.`,
      {
        cause: error,
      },
    );
  }
  if (values.store === undefined || values.date === undefined)
    throw new Error(`journal needs --store and --date: ${JOURNAL_USAGE}.`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    throw new Error(`--date ${values.date}: give the day as YYYY-MM-DD, e.g. 2026-12-06.`);
  const format = values.format ?? null;
  if (format !== null && !exportFormats.includes(format as ExportFormat))
    throw new Error(`--format ${format}: use one of ${exportFormats.join(', ')}.`);
  return { storeId: values.store, date: values.date, format: format as ExportFormat | null };
}

/** The text to print: the export file, or the journals as a table. */
export async function terminalJournal(ho: HeadOffice, request: JournalRequest): Promise<string> {
  if (request.format !== null)
    return (await exportDay(ho, request.storeId, request.date, request.format, 'cli')).body;
  return journalTable(await dayJournals(ho, request.storeId, request.date));
}

function journalTable(day: DayJournals): string {
  const digits = currencyDigits(day.currency);
  const money = (minor: number): string => (minor === 0 ? '' : toDecimalString(minor, digits));
  const out: string[] = [];
  if (day.journals.length === 0)
    out.push(`${day.storeName} (${day.storeId}): nothing to post on ${day.date}.`);
  for (const journal of day.journals) {
    out.push(`${journal.number}  ${journal.narration}  (${journal.documents} documents, ${day.currency})`);
    const rows = journal.lines.map((line) => [
      `${line.account.code} ${line.account.name}`,
      money(line.debitMinor),
      money(line.creditMinor),
      line.description,
    ]);
    rows.push(['Total', money(journal.debitMinor), money(journal.creditMinor), '']);
    const width = (column: number): number => Math.max(...rows.map((row) => row[column]!.length), 6);
    for (const [account, debit, credit, description] of [['Account', 'Debit', 'Credit', ''], ...rows]) {
      out.push(
        `  ${account!.padEnd(width(0))}  ${debit!.padStart(width(1))}  ${credit!.padStart(width(2))}  ${description}`.trimEnd(),
      );
    }
    out.push('');
  }
  if (day.firstExportedAt)
    out.push(`First exported ${day.firstExportedAt}: this day's journal no longer changes.`);
  else if (!day.dayEnded)
    out.push(`${day.date} is not over yet in ${day.timeZone}: the journal may still grow.`);
  return out.join('\n') + '\n';
}
