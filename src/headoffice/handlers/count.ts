/**
 * 'count.submitted': the lines one register counted for a count. Writes the count (the first submission of a
 * count opened at a register creates it), the submission and its lines; moves no stock: a manager approves the
 * count (counts.ts), which records the COUNT movements. A count that belongs to another store is a
 * 'store_mismatch' and nothing of the submission is written; lines for a count already approved are kept but
 * change nothing ('late_count').
 */
import type { countSubmitted, CountPayload } from '../../shared/documents/count.ts';
import { anyOf, insertRows } from '../db/bulk.ts';
import { foundAt, type DocumentHandler, type Received, type RegisterFinding } from './handler.ts';

type CountDoc = Received<typeof countSubmitted.type>;

const describe = (count: CountPayload): string =>
  `Count ${count.countId} (submission ${count.submissionId}, ${count.lines.length} lines)`;

export const countHandler: DocumentHandler<typeof countSubmitted.type> = {
  rows: {
    key: (count) => count.submissionId,
    describe,
    async insert({ ho, tx, receivedAt }, docs) {
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
      const lines = docs
        .filter((doc) => ids.has(doc.payload.submissionId))
        .flatMap(({ payload }) =>
          payload.lines.map((line) => ({
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
