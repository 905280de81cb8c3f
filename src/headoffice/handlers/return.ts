/**
 * 'return.completed': a row in `returns` that names the sale it took goods of (original_sale_id; null without
 * receipt), sellable goods back into the store's stock (damaged ones are not on hand), and 'over_return' /
 * 'currency_mismatch' findings.
 */
import type { returnCompleted, ReturnPayload } from '../../shared/documents/return.ts';
import { insertRows } from '../db/bulk.ts';
import { checkOverReturns } from '../over-returns.ts';
import { currencyFindings } from './currency.ts';
import type { DocumentHandler } from './handler.ts';

const describe = (ret: ReturnPayload): string => `Return ${ret.returnId} (receipt ${ret.receiptNumber})`;

export const returnHandler: DocumentHandler<typeof returnCompleted.type> = {
  rows: {
    key: (ret) => ret.returnId,
    describe,
    async insert({ ho, tx }, docs) {
      const rows = await insertRows(
        ho.dialect,
        tx,
        'returns',
        docs.map(({ register, seq, payload: ret }) => ({
          return_id: ret.returnId,
          store_id: register.store_id,
          register_id: register.id,
          seq,
          receipt_number: ret.receiptNumber,
          original_sale_id: ret.original?.saleId ?? null,
          completed_at: ret.completedAt,
          total_minor: ret.totals.totalMinor,
        })),
      )
        .onConflict((oc) => oc.column('return_id').doNothing())
        .returning('return_id as id')
        .execute();
      return rows.map((row) => row.id);
    },
  },

  movements: ({ register, seq, payload: ret }) =>
    ret.lines
      .filter((line) => line.disposition === 'sellable')
      .map((line) => ({
        storeId: register.store_id,
        sku: line.sku,
        reason: 'RETURN',
        quantity: line.quantity,
        ref: ret.returnId,
        registerId: register.id,
        seq,
        occurredAt: ret.completedAt,
      })),

  async check(batch, docs) {
    return [
      ...(await checkOverReturns(batch.tx, docs)),
      ...(await currencyFindings(batch, docs, (ret) => ret.currency, describe)),
    ];
  },

  countInShift: (_db, _register, shiftId, docs) => ({
    documents: { returns: docs.map((doc) => doc.payload).filter((ret) => ret.shiftId === shiftId) },
    missing: [],
  }),
};
