/**
 * Purchasing at the register (issue 17). `purchase_orders` and `purchase_order_lines` hold this store's open
 * orders as head office last sent them down (the 'purchaseOrders' stream): what was ordered, what head office
 * has counted as received and which receipts that counts. `goods_receipts.purchase_order_id` names the order a receipt was against, so what this
 * register received since head office counted shows at once. `receiving_drafts` keeps a receipt in progress
 * (one per order, one without an order) until it completes or is thrown away. `reorder_levels` are the store's
 * levels as head office sends them, for the managers' low-stock list. `purchase_order_drafts` are the orders a manager
 * drafted here, each sent as one 'purchase-order.drafted' event.
 */
export default `
CREATE TABLE purchase_orders (
  purchase_order_id TEXT PRIMARY KEY,
  number            TEXT NOT NULL,
  supplier_name     TEXT,
  state             TEXT NOT NULL,
  expected_at       TEXT,
  -- The receipts head office counted in the lines' \`received\` (JSON array of ids): this register's others
  -- against the order are added on top.
  counted_receipts  TEXT NOT NULL CHECK (json_valid(counted_receipts)),
  updated_at        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX purchase_orders_by_number ON purchase_orders(number);

CREATE TABLE purchase_order_lines (
  purchase_order_id TEXT NOT NULL REFERENCES purchase_orders(purchase_order_id) ON DELETE CASCADE,
  -- Head office's order of the lines.
  position          INTEGER NOT NULL,
  sku               TEXT NOT NULL,
  name              TEXT NOT NULL,
  ordered           INTEGER NOT NULL,
  -- Head office's figure: the sum of the receipts against the order it has applied.
  received          INTEGER NOT NULL,
  unit_cost_minor   INTEGER,
  pack_size         INTEGER NOT NULL DEFAULT 1,
  -- Scanning it receives one pack.
  case_barcode      TEXT,
  PRIMARY KEY (purchase_order_id, sku)
) WITHOUT ROWID;
CREATE INDEX purchase_order_lines_by_sku ON purchase_order_lines(sku);

ALTER TABLE goods_receipts ADD COLUMN purchase_order_id TEXT;
CREATE INDEX goods_receipts_by_order ON goods_receipts(purchase_order_id) WHERE purchase_order_id IS NOT NULL;

CREATE TABLE receiving_drafts (
  draft_key TEXT PRIMARY KEY,
  user_id   TEXT NOT NULL,
  saved_at  TEXT NOT NULL,
  draft     TEXT NOT NULL CHECK (json_valid(draft))
) WITHOUT ROWID;

-- The company's suppliers as head office sends them ('suppliers' stream), for drafting an order here.
CREATE TABLE suppliers (
  supplier_id TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  currency    TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- The store's reorder levels as head office sends them ('reorder' stream, keyed as there): a SKU's own, or a
-- category's default for its SKUs without their own.
CREATE TABLE reorder_levels (
  key           TEXT PRIMARY KEY,
  sku           TEXT,
  category      TEXT,
  reorder_point INTEGER NOT NULL,
  desired_level INTEGER NOT NULL,
  safety_stock  INTEGER NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK ((sku IS NULL) <> (category IS NULL))
) WITHOUT ROWID;
CREATE INDEX reorder_levels_by_sku ON reorder_levels(sku) WHERE sku IS NOT NULL;
CREATE INDEX reorder_levels_by_category ON reorder_levels(category) WHERE category IS NOT NULL;

CREATE TABLE purchase_order_drafts (
  purchase_order_id TEXT PRIMARY KEY,
  user_id           TEXT NOT NULL,
  drafted_at        TEXT NOT NULL,
  outbox_seq        INTEGER NOT NULL UNIQUE,
  document          TEXT NOT NULL CHECK (json_valid(document))
) WITHOUT ROWID;
CREATE TRIGGER purchase_order_drafts_no_update BEFORE UPDATE ON purchase_order_drafts BEGIN
  SELECT RAISE(ABORT, 'drafted purchase orders are never rewritten');
END;
`;
