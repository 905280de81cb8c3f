/**
 * 'count.submitted': the lines one register counted for a count. Writes the count (the first submission of a
 * count opened at a register creates it), the submission and its lines; moves no stock: a manager approves the
 * count (counts.ts), which records the COUNT movements. A count that belongs to another store is a
 * 'store_mismatch' and nothing of the submission is written; lines for a count already approved are kept but
 * change nothing ('late_count').
 *
 * An opening count (a register's stock when it enrolled) needs nobody's approval where head office has no figure
 * yet but the register's own (its sales before enrolment): each such SKU is counted at once; the SKUs head office
 * has figures for from elsewhere (another register of the store enrolled first, or stock was received) stay open
 * for a manager, so nothing doubles. A count with nothing left to review is approved as it arrives.
 */
import type { countSubmitted, CountPayload } from '../../shared/documents/count.ts';
import { nowIso } from '../context.ts';
import { anyOf, insertRows } from '../db/bulk.ts';
import { recordCounts } from '../stock.ts';
import { foundAt, type Batch, type DocumentHandler, type Received, type RegisterFinding } from './handler.ts';

type CountDoc = Received<typeof countSubmitted.type>;
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
      const { ho, tx, receivedAt } = batch;
      const firstOfCount = new Map<string, CountDoc>();
      for (const doc of docs)
        if (!firstOfCount.has(doc.payload.countId)) firstOfCount.set(doc.payload.countId, doc);
      await insertRows(
        ho.dialect,
        tx,
        'counts',
        [...firstOfCount.values()].map(({ register, payload }) => ({
          count_id: payload.countId,
          store_id: register.store_id,
          scope: JSON.stringify(payload.scope),
          blind: payload.blind ? 1 : 0,
          opened_at: payload.openedAt,
          opened_by: payload.openedBy,
          status: 'open' as const,
          approved_at: null,
          approved_by: null,
          uncounted: null,
          opening: payload.opening === true ? 1 : 0,
        })),
      )
        .onConflict((oc) => oc.column('count_id').doNothing())
        .execute();
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

  async checkReferences({ ho, tx }, docs) {
    const countIds = [...new Set(docs.map((doc) => doc.payload.countId))];
    const known = await tx
      .selectFrom('counts')
      .select(['count_id', 'store_id'])
      .where('count_id', 'in', anyOf(ho.dialect, countIds))
      .execute();
    const storeOf = new Map(known.map((count) => [count.count_id, count.store_id]));
    const apply: CountDoc[] = [];
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
          details: `${describe(doc.payload)} names a count of store "${store}", not of this register's store: nothing of it was applied.`,
        }),
      );
    }
    return { apply, findings };
  },

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
