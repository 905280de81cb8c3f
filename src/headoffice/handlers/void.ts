/**
 * 'sale.voided': a post-void cancels a sale of its own register: a row in `sale_voids` (the receipt lookup then
 * says voided) and the sale's goods back into stock.
 */
import type { saleVoided, VoidPayload } from '../../shared/documents/void.ts';
import type { ShiftDocuments } from '../../shared/shift-totals.ts';
import { insertRows } from '../db/bulk.ts';
import { salesById } from '../received.ts';
import type { DocumentHandler } from './handler.ts';

const describe = (saleVoid: VoidPayload): string => `Void ${saleVoid.voidId} of sale ${saleVoid.saleId}`;

export const voidHandler: DocumentHandler<typeof saleVoided.type> = {
  rows: {
    key: (saleVoid) => saleVoid.voidId,
    describe,
    async insert({ ho, tx }, docs) {
      const rows = await insertRows(
        ho.dialect,
        tx,
        'sale_voids',
        docs.map(({ register, seq, payload: saleVoid }) => ({
          void_id: saleVoid.voidId,
          sale_id: saleVoid.saleId,
          store_id: register.store_id,
          register_id: register.id,
          seq,
          voided_at: saleVoid.voidedAt,
          total_minor: saleVoid.totalMinor,
        })),
      )
        .onConflict((oc) => oc.column('void_id').doNothing())
        .returning('void_id as id')
        .execute();
      return rows.map((row) => row.id);
    },
  },

  movements: ({ register, seq, payload: saleVoid }) =>
    saleVoid.lines.map((line) => ({
      storeId: register.store_id,
      sku: line.sku,
      reason: 'VOID',
      quantity: line.quantity,
      ref: saleVoid.voidId,
      registerId: register.id,
      seq,
      occurredAt: saleVoid.voidedAt,
    })),

  // A void counts with the sale it cancels (its tax goes back with it): one of the register's store.
  async countInShift(db, register, shiftId, docs) {
    const ofShift = docs.map((doc) => doc.payload).filter((saleVoid) => saleVoid.shiftId === shiftId);
    const sales = await salesById(
      db,
      ofShift.map((saleVoid) => saleVoid.saleId),
      register.store_id,
    );
    const voids: ShiftDocuments['voids'] = [];
    const missing: string[] = [];
    for (const saleVoid of ofShift) {
      const sale = sales.get(saleVoid.saleId);
      if (sale) voids.push({ ...saleVoid, sale });
      else missing.push(`the sale ${saleVoid.saleReceiptNumber} that void ${saleVoid.receiptNumber} cancels`);
    }
    return { documents: { voids }, missing };
  },
};
