/**
 * A stock count's documents from the registers (issue 15):
 * - 'count.opened': a register opened a count; head office writes it and announces it to the store's registers
 *   (the 'counts' stream) so they can join it.
 * - 'count.submitted': the lines one register counted for a count. Writes the count (the first submission of a
 *   count head office did not know creates it), the submission and its lines; moves no stock: a manager approves
 *   the count (counts.ts), which records the COUNT movements. Lines for a count already approved are kept but
 *   change nothing ('late_count').
 * - 'count.approved': a manager approved the count at a register; head office approves it as the admin API
 *   would. A second approval of a count changes nothing ('duplicate_document').
 * Any of them naming a count of another store is a 'store_mismatch' and nothing of it is written.
 *
 * An opening count (a register's stock when it enrolled) needs nobody's approval where head office has no figure
 * yet but the register's own (its sales before enrolment): each such SKU is counted at once; the SKUs head office
 * has figures for from elsewhere (another register of the store enrolled first, or stock was received) stay open
 * for a manager, so nothing doubles. A count with nothing left to review is approved as it arrives. It is not
 * announced for other registers to join: it is one register's own stock.
 */
import type {
  countApproved,
  countOpened,
  countSubmitted,
  CountPayload,
} from '../../shared/documents/count.ts';
import { storedCountOf } from '../../shared/counts.ts';
import { announceCounts, approveOpenCount, lockCount } from '../counts.ts';
import { nowIso, type HeadOffice, type Tx } from '../context.ts';
import { anyOf, insertRows, lookup } from '../db/bulk.ts';
import type { CountsTable } from '../db/schema.ts';
import { recordCounts } from '../stock.ts';
import { foundAt, type Batch, type DocumentHandler, type Received, type RegisterFinding } from './handler.ts';

type CountDoc = Received<typeof countSubmitted.type>;
type CountDocument = Received<
  typeof countOpened.type | typeof countSubmitted.type | typeof countApproved.type
>;

type CountLine = CountPayload['lines'][number];

/** Who approves the SKUs of an opening count head office had no figure for. */
const OPENING_APPROVER = 'opening stock';

/**
 * Counts the lines of an opening count whose SKU head office has no figure for at the store but this register's;
 * returns the others, for a manager. Closes the count when none is left.
 */
async function applyOpening(
  { ho, tx, changes }: Batch,
  { register, payload }: CountDoc,
): Promise<CountLine[]> {
  const storeId = register.store_id;
  const skus = payload.lines.map((line) => line.sku);
  // Figures from anything but this register's own events: its sales before enrolment may have reached head office
  // in earlier batches, and those the opening count already saw.
  const known = new Set(
    skus.length === 0
      ? []
      : (
          await tx
            .selectFrom('stock_movements')
            .select('sku')
            .distinct()
            .where('store_id', '=', storeId)
            .where('sku', 'in', anyOf(ho.dialect, skus))
            .where((eb) => eb.or([eb('register_id', 'is', null), eb('register_id', '!=', register.id)]))
            .execute()
        ).map((row) => row.sku),
  );
  const fresh = payload.lines.filter((line) => !known.has(line.sku));
  const prices = new Map(
    fresh.length === 0
      ? []
      : (
          await tx
            .selectFrom('products')
            .select(['sku', 'price_minor'])
            .where(
              'sku',
              'in',
              anyOf(
                ho.dialect,
                fresh.map((line) => line.sku),
              ),
            )
            .execute()
        ).map((row) => [row.sku, Number(row.price_minor)]),
  );
  await recordCounts(
    ho,
    tx,
    changes,
    fresh.map((line) => ({
      storeId,
      sku: line.sku,
      quantity: line.quantity,
      ref: `opening count ${payload.countId}`,
      occurredAt: line.countedAt,
    })),
  );
  if (fresh.length > 0) {
    await insertRows(
      ho.dialect,
      tx,
      'count_results',
      fresh.map((line) => ({
        count_id: payload.countId,
        sku: line.sku,
        counted: line.quantity,
        expected: 0,
        as_of: line.countedAt,
        price_minor: prices.get(line.sku) ?? null,
        outcome: 'applied' as const,
      })),
    ).execute();
  }
  const kept = payload.lines.filter((line) => known.has(line.sku));
  if (kept.length === 0) {
    await tx
      .updateTable('counts')
      .set({ status: 'approved', approved_at: nowIso(ho), approved_by: OPENING_APPROVER, uncounted: 'leave' })
      .where('count_id', '=', payload.countId)
      .execute();
  }
  return kept;
}

const describe = (count: CountPayload): string =>
  `Count ${count.countId} (submission ${count.submissionId}, ${count.lines.length} lines)`;

export const countHandler: DocumentHandler<typeof countSubmitted.type> = {
  rows: {
    key: (count) => count.submissionId,
    describe,
    async insert(batch, docs) {
      const { ho, tx, changes, receivedAt } = batch;
      const firstOfCount = new Map<string, CountDoc>();
      for (const doc of docs)
        if (!firstOfCount.has(doc.payload.countId)) firstOfCount.set(doc.payload.countId, doc);
      await writeCounts(
        ho,
        tx,
        changes,
        [...firstOfCount.values()].map(({ register, payload }) => ({
          ...payload,
          storeId: register.store_id,
          registerId: register.id,
        })),
      );
      const written = await insertRows(
        ho.dialect,
        tx,
        'count_submissions',
        docs.map(({ register, seq, payload }) => ({
          submission_id: payload.submissionId,
          count_id: payload.countId,
          store_id: register.store_id,
          register_id: register.id,
          seq,
          submitted_at: payload.submittedAt,
          submitted_by: payload.submittedBy,
          line_count: payload.lines.length,
          received_at: receivedAt,
        })),
      )
        .onConflict((oc) => oc.column('submission_id').doNothing())
        .returning('submission_id as id')
        .execute();
      const ids = new Set(written.map((row) => row.id));
      const linesOf = new Map<CountDoc, CountLine[]>();
      for (const doc of docs.filter((each) => ids.has(each.payload.submissionId))) {
        linesOf.set(doc, doc.payload.opening === true ? await applyOpening(batch, doc) : doc.payload.lines);
      }
      const lines = [...linesOf].flatMap(([{ payload }, kept]) =>
        kept.map((line) => ({
          count_id: payload.countId,
          submission_id: payload.submissionId,
          sku: line.sku,
          quantity: line.quantity,
          counted_at: line.countedAt,
          counted_by: line.countedBy,
        })),
      );
      if (lines.length > 0) await insertRows(ho.dialect, tx, 'count_lines', lines).execute();
      return [...ids];
    },
  },

  checkReferences: (batch, docs) => ownStoreCounts(batch, docs, describe),

  async check({ ho, tx }, docs) {
    const countIds = [...new Set(docs.map((doc) => doc.payload.countId))];
    const approved = await tx
      .selectFrom('counts')
      .select(['count_id', 'approved_at'])
      .where('count_id', 'in', anyOf(ho.dialect, countIds))
      .where('status', '=', 'approved')
      .execute();
    const approvedAt = new Map(approved.map((count) => [count.count_id, count.approved_at]));
    return docs
      .filter((doc) => approvedAt.has(doc.payload.countId) && doc.payload.lines.length > 0)
      .map((doc) =>
        foundAt(doc.register)({
          seq: doc.seq,
          kind: 'late_count',
          details: `${describe(doc.payload)} arrived after the count was approved (${approvedAt.get(doc.payload.countId)}): its lines are kept but did not change the stock. Count those SKUs again if the shelf is still wrong.`,
        }),
      );
  },
};

/** Writes the counts head office does not have yet and announces them to their stores' registers. */
async function writeCounts(
  ho: HeadOffice,
  tx: Tx,
  changes: Batch['changes'],
  counts: {
    countId: string;
    storeId: string;
    registerId: string;
    scope: CountPayload['scope'];
    blind: boolean;
    openedAt: string;
    openedBy: string;
    opening?: boolean;
  }[],
): Promise<string[]> {
  if (counts.length === 0) return [];
  const written = await insertRows(
    ho.dialect,
    tx,
    'counts',
    counts.map((count): CountsTable => ({
      // Newly opened at the register that sent it: not approved yet, and nothing left uncounted.
      ...storedCountOf({
        ...count,
        openedAtRegister: { id: count.registerId },
        status: 'open',
        approvedAt: null,
        approvedBy: null,
      }),
      uncounted: null,
      opening: count.opening === true ? 1 : 0,
    })),
  )
    .onConflict((oc) => oc.column('count_id').doNothing())
    .returningAll()
    .execute();
  await announceCounts(
    ho,
    tx,
    changes,
    written.filter((count) => Number(count.opening) !== 1),
  );
  return written.map((row) => row.count_id);
}

/** The documents whose count is unknown or of the register's own store; the others are a 'store_mismatch'. */
async function ownStoreCounts<D extends CountDocument>(
  { ho, tx }: Batch,
  docs: D[],
  describeDoc: (payload: D['payload']) => string,
): Promise<{ apply: D[]; findings: RegisterFinding[] }> {
  const storeOf = await lookup(
    tx,
    ho.dialect,
    { table: 'counts', key: 'count_id', value: 'store_id' },
    docs.map((doc) => doc.payload.countId),
  );
  const apply: D[] = [];
  const findings: RegisterFinding[] = [];
  for (const doc of docs) {
    const store = storeOf.get(doc.payload.countId);
    if (store === undefined || store === doc.register.store_id) {
      apply.push(doc);
      continue;
    }
    findings.push(
      foundAt(doc.register)({
        seq: doc.seq,
        kind: 'store_mismatch',
        details: `${describeDoc(doc.payload)} names a count of store "${store}", not of this register's store: nothing of it was applied.`,
      }),
    );
  }
  return { apply, findings };
}

export const countOpenHandler: DocumentHandler<typeof countOpened.type> = {
  rows: {
    key: (count) => count.countId,
    describe: (count) => `Count ${count.countId} (opened)`,
    insert: ({ ho, tx, changes }, docs) =>
      writeCounts(
        ho,
        tx,
        changes,
        docs.map(({ register, payload }) => ({
          ...payload,
          storeId: register.store_id,
          registerId: register.id,
        })),
      ),
  },
  checkReferences: (batch, docs) => ownStoreCounts(batch, docs, (count) => `Count ${count.countId}`),
};

const describeApproval = (approval: { countId: string }): string => `Approval of count ${approval.countId}`;

export const countApproveHandler: DocumentHandler<typeof countApproved.type> = {
  rows: {
    // One approval per count: a second one (from another register, or after head office approved) is a repeat.
    key: (approval) => approval.countId,
    describe: describeApproval,
    async insert({ ho, tx, changes }, docs) {
      const approved: string[] = [];
      for (const { register, payload } of docs) {
        const count = await lockCount(ho, tx, payload.countId);
        if (count?.status !== 'open') continue;
        await approveOpenCount(ho, tx, changes, count, {
          uncounted: payload.uncounted,
          by: `${payload.approvedBy.name} at register ${register.name}`,
          at: payload.approvedAt,
        });
        approved.push(payload.countId);
      }
      return approved;
    },
  },
  checkReferences: (batch, docs) => ownStoreCounts(batch, docs, describeApproval),
};
