/**
 * 'sale.voided': a post-void cancels a sale of its own register, so head office applies one only for a sale of
 * the pushing register's store that it holds and that no other void cancelled: a row in `sale_voids` (the
 * receipt lookup then says voided) and the sale's goods back into stock. A void of another store's sale, or of a
 * sale head office does not hold, is a 'store_mismatch': nothing is applied to either store.
 */
import type { saleVoided, VoidPayload } from '../../shared/documents/void.ts';
import type { ShiftDocuments } from '../../shared/shift-totals.ts';
import { lookup } from '../db/bulk.ts';
import { salesById } from '../received.ts';
import { insertDocuments } from './document-rows.ts';
import { foundAt, lineMovements, type DocumentHandler, type RegisterFinding } from './handler.ts';

const describe = (saleVoid: VoidPayload): string => `Void ${saleVoid.voidId} of sale ${saleVoid.saleId}`;

export const voidHandler: DocumentHandler<typeof saleVoided.type> = {
  rows: {
    key: (saleVoid) => saleVoid.voidId,
    describe,
    insert: (batch, docs) =>
      insertDocuments(batch, 'sale_voids', 'void_id', docs, (saleVoid, origin) => ({
        void_id: saleVoid.voidId,
        sale_id: saleVoid.saleId,
        ...origin,
        voided_at: saleVoid.voidedAt,
        total_minor: saleVoid.totalMinor,
      })),
  },

  async checkReferences({ ho, tx }, docs) {
    const saleIds = docs.map((doc) => doc.payload.saleId);
    const [storeOfSale, voidOf] = await Promise.all([
      lookup(tx, ho.dialect, { table: 'sales', key: 'sale_id', value: 'store_id' }, saleIds),
      lookup(tx, ho.dialect, { table: 'sale_voids', key: 'sale_id', value: 'void_id' }, saleIds),
    ]);
    const findings: RegisterFinding[] = [];
    const apply = docs.filter(({ register, seq, payload: saleVoid }) => {
      const saleStore = storeOfSale.get(saleVoid.saleId);
      const earlier = voidOf.get(saleVoid.saleId);
      const found = foundAt(register);
      if (saleStore !== register.store_id) {
        findings.push(
          found({
            seq,
            kind: 'store_mismatch',
            details: `Void ${saleVoid.receiptNumber} cancels sale ${saleVoid.saleReceiptNumber}, ${saleStore === undefined ? 'which head office does not hold' : `a sale of store ${saleStore}`}: a register of store ${register.store_id} can void only its store's sales. Nothing was applied to either store.`,
          }),
        );
        return false;
      }
      // The same void sent again is the rows' 'duplicate_document'; another void of the same sale is too.
      if (earlier !== undefined && earlier !== saleVoid.voidId) {
        findings.push(
          found({
            seq,
            kind: 'duplicate_document',
            details: `Void ${saleVoid.receiptNumber} cancels sale ${saleVoid.saleReceiptNumber}, which another void cancelled already; it was not applied again.`,
          }),
        );
        return false;
      }
      voidOf.set(saleVoid.saleId, saleVoid.voidId);
      return true;
    });
    return { apply, findings };
  },

  movements: ({ register, seq, payload: saleVoid }) =>
    lineMovements(
      { register, seq, ref: saleVoid.voidId, occurredAt: saleVoid.voidedAt },
      saleVoid.lines,
      (line) => [{ reason: 'VOID', quantity: line.quantity }],
    ),

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
