/**
 * The daily journal of a store (issue 18, "Books"): the postings of every document of the store's business day
 * (its midnight to midnight in its time zone, by when the register says the document happened), added up per
 * line, mapped to accounts, balanced.
 *
 * Once a day is exported its journal no longer changes: it holds the documents that had arrived by its first
 * export (journal_exports.received_through), so exporting it again gives the same file. A document of that
 * day arriving later goes into a correction journal dated the day it arrived, which names the day it corrects;
 * the arrival day's export carries it. A day can be exported only once it is over in the store's time zone, so
 * whatever arrives after its export arrives on a later day (exports.ts says how a batch in flight is handled).
 */
import { accountKinds, type DayJournals, type Journal, type JournalLine } from '../../shared/books.ts';
import type { StorePayload } from '../../shared/documents/kind.ts';
import { dayOf, dayRange } from '../../shared/time-zone.ts';
import { sql } from 'kysely';
import type { Executor, HeadOffice } from '../context.ts';
import type { Store } from '../db/schema.ts';
import { findStore } from '../find.ts';
import { storedPayload } from '../received.ts';
import { accountResolver, type AccountResolver } from './accounts.ts';
import { headOfficePostings, journalSources, type AnyJournalSource, type Posting } from './sources.ts';

/** A document of the journal: where it came from, when it happened and arrived, and what it posts. */
interface SourcedDocument {
  registerId: string;
  seq: number;
  occurredAt: string;
  receivedAt: string;
  postings: Posting[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The events of `source`'s kind of the store's registers that may belong to the day: those that arrived from a
 * day before it (a document cannot arrive before it happened, a register's clock a little ahead aside) and, once
 * the day is exported, up to its export. Registers may write times with an offset, so the days are compared
 * after reading.
 */
async function loadDocuments(
  db: Executor,
  store: Store,
  registerIds: string[],
  source: AnyJournalSource,
  day: { from: Date; to: Date },
  receivedThrough: string | null,
): Promise<SourcedDocument[]> {
  let query = db
    .selectFrom('received_events as e')
    .select(['e.register_id', 'e.seq', 'e.schema_version', 'e.payload', 'e.occurred_at', 'e.received_at'])
    .where('e.register_id', 'in', registerIds)
    .where('e.type', '=', source.kind.type)
    .where('e.received_at', '>=', new Date(day.from.getTime() - DAY_MS).toISOString())
    .where('e.occurred_at', '<', new Date(day.to.getTime() + DAY_MS).toISOString());
  if (receivedThrough !== null) query = query.where('e.received_at', '<=', receivedThrough);
  if (source.appliedIn !== undefined) {
    const applied = sql.table(source.appliedIn);
    query = query.where(
      sql<boolean>`exists (select 1 from ${applied} as d where d.register_id = e.register_id and d.seq = e.seq)`,
    );
  }
  const rows = await query.orderBy('e.register_id').orderBy('e.seq').execute();
  const readable = rows.flatMap((row) => {
    const payload = storedPayload<StorePayload>(source.kind, row.schema_version, row.payload);
    // Another store's document is not applied here (a store_mismatch exception says so).
    return payload && payload.storeId === store.id ? [{ row, payload }] : [];
  });
  const postings = await source.postings(readable.map((doc) => doc.payload) as never[], {
    db,
    storeId: store.id,
    origins: readable.map(({ row }) => ({ registerId: row.register_id, seq: row.seq })),
  });
  return readable.map(({ row }, index) => ({
    registerId: row.register_id,
    seq: row.seq,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    postings: postings[index] ?? [],
  }));
}

interface FirstExport {
  at: string;
  /** The day's journal holds the documents that arrived up to then. */
  through: string;
}

/** The first export of each exported day of the store. */
async function firstExports(db: Executor, storeId: string): Promise<Map<string, FirstExport>> {
  const rows = await db
    .selectFrom('journal_exports')
    .select([
      'business_date',
      (eb) => eb.fn.min('exported_at').as('at'),
      (eb) => eb.fn.min('received_through').as('through'),
    ])
    .where('store_id', '=', storeId)
    .groupBy('business_date')
    .execute();
  return new Map(rows.map(({ business_date, ...first }) => [business_date, first]));
}

export interface JournalOptions {
  /** The day is being exported for the first time: its journal holds what arrived up to then. */
  receivedThrough?: string;
}

/** The journals of a store's business day `date` (YYYY-MM-DD): its own, then corrections of earlier days. */
export async function dayJournals(
  ho: HeadOffice,
  storeId: string,
  date: string,
  options: JournalOptions = {},
): Promise<DayJournals> {
  const db = ho.db;
  const store = await findStore(db, storeId);
  const day = dayRange(date, store.time_zone);
  const registerIds = (
    await db.selectFrom('registers').select('id').where('store_id', '=', storeId).execute()
  ).map((row) => row.id);
  const exported = await firstExports(db, storeId);
  const through = exported.get(date)?.through ?? options.receivedThrough ?? null;
  const arrivedFrom = day.from.toISOString();
  const arrivedTo = day.to.toISOString();

  const own: SourcedDocument[] = [];
  const corrections = new Map<string, SourcedDocument[]>();
  for (const source of registerIds.length > 0 ? journalSources : []) {
    // Corrections arrive on the day (before its export, which comes after the day ended).
    for (const doc of await loadDocuments(db, store, registerIds, source, day, through)) {
      const docDay = dayOf(new Date(doc.occurredAt), store.time_zone);
      if (docDay === date) {
        if (through === null || doc.receivedAt <= through) own.push(doc);
        continue;
      }
      const correctedThrough = exported.get(docDay)?.through;
      const arrivedToday = doc.receivedAt >= arrivedFrom && doc.receivedAt < arrivedTo;
      if (
        docDay < date &&
        arrivedToday &&
        correctedThrough !== undefined &&
        doc.receivedAt > correctedThrough
      )
        corrections.set(docDay, [...(corrections.get(docDay) ?? []), doc]);
    }
  }

  for (const move of await headOfficePostings(db, store.id, day, through))
    own.push({
      registerId: move.what,
      seq: 0,
      occurredAt: move.at,
      receivedAt: move.at,
      postings: move.postings,
    });

  const resolve = await accountResolver(db, storeId);
  const journals = [
    ...(own.length > 0 ? [journalOf(store, date, null, own, resolve)] : []),
    ...[...corrections.keys()]
      .sort()
      .map((corrects) => journalOf(store, date, corrects, corrections.get(corrects)!, resolve)),
  ];
  return {
    storeId: store.id,
    storeName: store.name,
    date,
    timeZone: store.time_zone,
    currency: store.currency,
    dayEnded: ho.now().getTime() >= day.to.getTime(),
    firstExportedAt: exported.get(date)?.at ?? null,
    journals,
  };
}

const kindOrder = new Map<string, number>(accountKinds.map((kind, index) => [kind, index]));

/** Where a document's postings do not add up to zero (a void of a sale head office cannot read). */
const suspense = (imbalanceMinor: number): Posting => ({
  key: 'suspense',
  kind: 'suspense',
  qualifier: null,
  description: 'Documents that do not balance: see the exceptions',
  amountMinor: -imbalanceMinor,
});

function journalOf(
  store: Store,
  date: string,
  correctsDate: string | null,
  docs: SourcedDocument[],
  resolve: AccountResolver,
): Journal {
  const ordered = [...docs].sort((a, b) =>
    a.registerId === b.registerId ? a.seq - b.seq : a.registerId < b.registerId ? -1 : 1,
  );
  const sums = new Map<string, Posting>();
  for (const doc of ordered) {
    const imbalance = doc.postings.reduce((total, posting) => total + posting.amountMinor, 0);
    for (const posting of imbalance === 0 ? doc.postings : [...doc.postings, suspense(imbalance)]) {
      const sum = sums.get(posting.key);
      sums.set(posting.key, sum ? { ...sum, amountMinor: sum.amountMinor + posting.amountMinor } : posting);
    }
  }
  const lines: JournalLine[] = [...sums.values()]
    .filter((posting) => posting.amountMinor !== 0)
    .sort(
      (a, b) =>
        kindOrder.get(a.kind)! - kindOrder.get(b.kind)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )
    .map((posting) => ({
      key: posting.key,
      account: resolve(posting.kind, posting.qualifier),
      description: posting.description,
      debitMinor: Math.max(0, posting.amountMinor),
      creditMinor: Math.max(0, -posting.amountMinor),
    }));
  const compact = (day: string): string => day.replaceAll('-', '');
  return {
    number: `${store.id}-${compact(date)}` + (correctsDate ? `-C${compact(correctsDate)}` : ''),
    date,
    correctsDate,
    narration: correctsDate
      ? `Counter ${store.name}: correction of ${correctsDate} (documents that arrived on ${date}, after ${correctsDate} was exported)`
      : `Counter ${store.name}: takings of ${date}`,
    documents: docs.length,
    lines,
    debitMinor: lines.reduce((total, line) => total + line.debitMinor, 0),
    creditMinor: lines.reduce((total, line) => total + line.creditMinor, 0),
  };
}
