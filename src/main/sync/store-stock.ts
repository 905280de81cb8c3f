/**
 * Stock as the counter shows it once head office sends figures (SYNC.md):
 *
 * - On hand here = head office's figure for this store, as of the last of this register's seqs head office had
 *   applied when it computed it (`applied_seq`), minus this register's sales with a later outbox seq, plus its
 *   later returns of sellable goods and voids. Those documents are read through their outbox_seq (unique, so
 *   indexed) and their lines, whose quantities are exactly the SALE, RETURN and VOID movements' deltas; the range
 *   is only what head office had not counted yet.
 * - Until head office has sent a figure for the product (not enrolled, or a product it does not stock), the
 *   register's own ledger balance is shown.
 * - Receipts, adjustments and counts made at this register are not sent to head office, so once head office
 *   has a figure they show only through it (head office records them itself).
 * - Other stores are shown as head office last reported them, with that time.
 */
import type { StoreStock } from '../../shared/domain.ts';
import type { Db } from '../ledger/database.ts';

export interface StoreStockView {
  /** `localOnHand` is the ledger balance, used when head office has no figure for the product. */
  onHandHere(productId: number, sku: string, localOnHand: number): number;
  otherStores(sku: string): StoreStock[];
}

export function createStoreStockView(db: Db): StoreStockView {
  const ownFigure = db.prepare<[string], { on_hand: number; applied_seq: number | null }>(
    `SELECT h.on_hand, h.applied_seq FROM head_office_stock h JOIN sync_state s ON s.id = 1
     WHERE h.sku = ? AND h.store_id = s.store_id`,
  );
  // CROSS JOIN keeps the documents outside: only those after the figure's seq are read (by their outbox_seq
  // index), never every line of the product's history.
  const soldSince = db.prepare<{ seq: number; productId: number }, { quantity: number }>(
    `SELECT
       (SELECT coalesce(sum(l.quantity), 0) FROM sales s CROSS JOIN sale_lines l ON l.sale_id = s.sale_id
        WHERE s.outbox_seq > @seq AND l.product_id = @productId)
     - (SELECT coalesce(sum(l.quantity), 0) FROM returns r CROSS JOIN return_lines l ON l.return_id = r.return_id
        WHERE r.outbox_seq > @seq AND l.product_id = @productId AND l.disposition = 'sellable')
     - (SELECT coalesce(sum(l.quantity), 0) FROM sale_voids v CROSS JOIN sale_lines l ON l.sale_id = v.sale_id
        WHERE v.outbox_seq > @seq AND l.product_id = @productId) AS quantity`,
  );
  const others = db.prepare<[string], StoreStock>(
    `SELECT h.store_id AS storeId, h.store_name AS storeName, h.on_hand AS onHand, h.as_of AS asOf
     FROM head_office_stock h JOIN sync_state s ON s.id = 1
     WHERE h.sku = ? AND (s.store_id IS NULL OR h.store_id <> s.store_id)
     ORDER BY h.store_name, h.store_id`,
  );

  return {
    onHandHere: (productId, sku, localOnHand) => {
      const figure = ownFigure.get(sku);
      if (!figure) return localOnHand;
      return figure.on_hand - soldSince.get({ seq: figure.applied_seq ?? 0, productId })!.quantity;
    },
    otherStores: (sku) => others.all(sku),
  };
}
