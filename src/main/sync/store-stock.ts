/**
 * Stock as the counter shows it once head office sends figures (SYNC.md):
 *
 * - The figures here = head office's figure of each state for this store, as of the last of this register's
 *   seqs head office had applied when it computed it (`applied_seq`), plus this register's own movements with a
 *   later outbox seq (sales, returns, voids, adjustments…: every movement names the seq of its document's event,
 *   read through an index, so only what head office had not applied yet is read).
 * - Until head office has sent a figure for the product (not enrolled, or a product it does not stock), the
 *   register's own ledger balances are shown.
 * - Movements that never go to head office (a catalog import) show only in the register's own balances.
 * - Other stores are shown as head office last reported them, with that time.
 */
import type { StoreStock } from '../../shared/domain.ts';
import { noStock, type StockFigures } from '../../shared/stock.ts';
import type { Db } from '../ledger/database.ts';

export interface StoreStockView {
  /** `local` is the ledger balance, used when head office has no figure for the product. */
  figuresHere(productId: number, sku: string, local: StockFigures): StockFigures;
  /** On hand of figuresHere. */
  onHandHere(productId: number, sku: string, localOnHand: number): number;
  otherStores(sku: string): StoreStock[];
}

export function createStoreStockView(db: Db): StoreStockView {
  const ownFigure = db.prepare<[string], StockFigures & { applied_seq: number | null }>(
    `SELECT h.on_hand, h.damaged, h.committed, h.in_transit, h.applied_seq
     FROM head_office_stock h JOIN sync_state s ON s.id = 1
     WHERE h.sku = ? AND h.store_id = s.store_id`,
  );
  const movedSince = db.prepare<
    { seq: number; productId: number },
    { state: keyof StockFigures; delta: number }
  >(
    `SELECT state, sum(delta) AS delta FROM stock_movements
     WHERE outbox_seq > @seq AND product_id = @productId GROUP BY state`,
  );
  const others = db.prepare<[string], Omit<StoreStock, 'figures'> & StockFigures>(
    `SELECT h.store_id AS storeId, h.store_name AS storeName, h.on_hand AS onHand, h.as_of AS asOf,
       h.on_hand, h.damaged, h.committed, h.in_transit
     FROM head_office_stock h JOIN sync_state s ON s.id = 1
     WHERE h.sku = ? AND (s.store_id IS NULL OR h.store_id <> s.store_id)
     ORDER BY h.store_name, h.store_id`,
  );

  const figuresHere = (productId: number, sku: string, local: StockFigures): StockFigures => {
    const figure = ownFigure.get(sku);
    if (!figure) return local;
    const figures = figuresOf(figure);
    for (const { state, delta } of movedSince.all({ seq: figure.applied_seq ?? 0, productId }))
      figures[state] += delta;
    return figures;
  };

  return {
    figuresHere,
    onHandHere: (productId, sku, localOnHand) =>
      figuresHere(productId, sku, { ...noStock, on_hand: localOnHand }).on_hand,
    otherStores: (sku) =>
      others.all(sku).map(({ storeId, storeName, onHand, asOf, ...row }) => ({
        storeId,
        storeName,
        onHand,
        asOf,
        figures: figuresOf(row),
      })),
  };
}

/** The state columns of a row that holds more. */
const figuresOf = (row: StockFigures): StockFigures => ({
  on_hand: row.on_hand,
  damaged: row.damaged,
  committed: row.committed,
  in_transit: row.in_transit,
});
