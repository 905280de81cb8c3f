/**
 * Stock states (INVENTORY.md): every movement names its state, the document it belongs to (kind + id), the
 * outbox seq of that document's event and who made it; balances keep one column per state. Damaged goods taken
 * back, kept apart until now, become movements of the damaged state. Adjustments are the first new document.
 */
export default `
-- Rebuilt to drop the CHECK on reason (the list lives in src/shared/stock.ts and grows with each document) and
-- to add the new columns. outbox_seq: the seq of the document's event, so the register can add to head office's
-- figure exactly what head office had not applied yet; NULL for what never goes there (a catalog import).
CREATE TABLE stock_movements_new (
  id            INTEGER PRIMARY KEY,
  product_id    INTEGER NOT NULL REFERENCES products(id),
  state         TEXT NOT NULL DEFAULT 'on_hand' CHECK (state IN ('on_hand', 'damaged', 'committed', 'in_transit')),
  delta         INTEGER NOT NULL,
  reason        TEXT NOT NULL,
  document_kind TEXT,
  document_id   TEXT,
  outbox_seq    INTEGER,
  user_id       TEXT,
  occurred_at   TEXT NOT NULL
);
INSERT INTO stock_movements_new (id, product_id, state, delta, reason, document_kind, document_id, outbox_seq,
    user_id, occurred_at)
  SELECT m.id, m.product_id, 'on_hand', m.delta, m.reason,
    CASE m.reason WHEN 'SALE' THEN 'sale.completed' WHEN 'RETURN' THEN 'return.completed'
      WHEN 'VOID' THEN 'sale.voided' WHEN 'RECEIVE' THEN 'catalog.import' END,
    m.ref_id,
    CASE m.reason WHEN 'SALE' THEN (SELECT outbox_seq FROM sales WHERE sale_id = m.ref_id)
      WHEN 'RETURN' THEN (SELECT outbox_seq FROM returns WHERE return_id = m.ref_id)
      WHEN 'VOID' THEN (SELECT outbox_seq FROM sale_voids WHERE void_id = m.ref_id) END,
    CASE m.reason WHEN 'SALE' THEN (SELECT user_id FROM sales WHERE sale_id = m.ref_id)
      WHEN 'RETURN' THEN (SELECT user_id FROM returns WHERE return_id = m.ref_id)
      WHEN 'VOID' THEN (SELECT user_id FROM sale_voids WHERE void_id = m.ref_id) END,
    m.occurred_at
  FROM stock_movements m;
INSERT INTO stock_movements_new (product_id, state, delta, reason, document_kind, document_id, outbox_seq,
    user_id, occurred_at)
  SELECT d.product_id, 'damaged', d.delta, d.reason, 'return.completed', d.ref_id, r.outbox_seq, r.user_id,
    d.occurred_at
  FROM damaged_stock_movements d LEFT JOIN returns r ON r.return_id = d.ref_id
  ORDER BY d.id;
DROP TABLE stock_movements;
ALTER TABLE stock_movements_new RENAME TO stock_movements;
CREATE INDEX stock_movements_by_product ON stock_movements(product_id, id);
CREATE INDEX stock_movements_by_seq ON stock_movements(outbox_seq) WHERE outbox_seq IS NOT NULL;
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only');
END;
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only');
END;

DROP VIEW damaged_stock;
DROP TABLE damaged_stock_movements;

-- One column per state; on_hand keeps its name so every existing read of it stays as it was.
ALTER TABLE stock_balances ADD COLUMN damaged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stock_balances ADD COLUMN committed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stock_balances ADD COLUMN in_transit INTEGER NOT NULL DEFAULT 0;
INSERT INTO stock_balances (product_id, on_hand, damaged)
  SELECT product_id, 0, sum(delta) FROM stock_movements WHERE state = 'damaged' GROUP BY product_id
  ON CONFLICT(product_id) DO UPDATE SET damaged = excluded.damaged;

-- Head office's figures of the other states (the stock stream carries them from this version on).
ALTER TABLE head_office_stock ADD COLUMN damaged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE head_office_stock ADD COLUMN committed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE head_office_stock ADD COLUMN in_transit INTEGER NOT NULL DEFAULT 0;

-- An adjustment: goods that left on hand or changed state for a reason (INVENTORY.md). reason is one of the
-- fixed codes (src/shared/stock.ts) or NULL with custom_reason, the store's own words. Never rewritten: a
-- correction is another adjustment.
CREATE TABLE adjustments (
  adjustment_id TEXT PRIMARY KEY,
  store_id      TEXT NOT NULL,
  register_id   TEXT NOT NULL,
  reason        TEXT,
  custom_reason TEXT,
  note          TEXT,
  user_id       TEXT NOT NULL,
  approver_id   TEXT,
  value_minor   INTEGER NOT NULL,
  completed_at  TEXT NOT NULL,
  outbox_seq    INTEGER NOT NULL UNIQUE,
  CHECK ((reason IS NULL) <> (custom_reason IS NULL))
) WITHOUT ROWID;
CREATE INDEX adjustments_by_time ON adjustments(completed_at);
CREATE TABLE adjustment_lines (
  adjustment_id TEXT NOT NULL REFERENCES adjustments(adjustment_id),
  line_no       INTEGER NOT NULL,
  product_id    INTEGER NOT NULL REFERENCES products(id),
  sku           TEXT NOT NULL,
  name          TEXT NOT NULL,
  quantity      INTEGER NOT NULL,
  value_minor   INTEGER NOT NULL,
  PRIMARY KEY (adjustment_id, line_no)
) WITHOUT ROWID;
CREATE TRIGGER adjustments_no_update BEFORE UPDATE ON adjustments BEGIN
  SELECT RAISE(ABORT, 'adjustments are never rewritten');
END;
CREATE TRIGGER adjustments_no_delete BEFORE DELETE ON adjustments BEGIN
  SELECT RAISE(ABORT, 'adjustments are never deleted');
END;
CREATE TRIGGER adjustment_lines_no_update BEFORE UPDATE ON adjustment_lines BEGIN
  SELECT RAISE(ABORT, 'adjustments are never rewritten');
END;
CREATE TRIGGER adjustment_lines_no_delete BEFORE DELETE ON adjustment_lines BEGIN
  SELECT RAISE(ABORT, 'adjustments are never deleted');
END;
`;
