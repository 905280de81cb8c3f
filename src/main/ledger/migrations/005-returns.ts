/**
 * Discounts and cash rounding on sales, returns and exchanges, post-voids, refunds, damaged stock and parked
 * sales. Everything here is append-only except parked_sales, which holds carts that are not sales yet.
 */
export default `
-- Discounts and price overrides per line (JSON as given: AppliedDiscount, PriceOverride) and the line's share of
-- the cart discount. amount_minor stays quantity × price; total_minor is after the discounts.
ALTER TABLE sale_lines ADD COLUMN discount TEXT CHECK (discount IS NULL OR json_valid(discount));
ALTER TABLE sale_lines ADD COLUMN cart_discount_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sale_lines ADD COLUMN price_override TEXT CHECK (price_override IS NULL OR json_valid(price_override));

-- discount_minor: everything discounts took off the subtotal (line and cart). rounding_minor: what cash
-- rounding added to the total (negative: rounded down), so cash taken = total + rounding. For the new side of
-- an exchange, exchange_credit_minor of the total was paid with the goods returned on exchange_return_id.
ALTER TABLE sales ADD COLUMN discount_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN cart_discount TEXT CHECK (cart_discount IS NULL OR json_valid(cart_discount));
ALTER TABLE sales ADD COLUMN rounding_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sales ADD COLUMN exchange_return_id TEXT;
ALTER TABLE sales ADD COLUMN exchange_credit_minor INTEGER NOT NULL DEFAULT 0;

-- A return document: goods back from a customer, with or without the receipt, possibly as one side of an
-- exchange. Its number comes from the same 'receipt' counter as sales, so every printed document has one gapless
-- series. original_sale_id may be another register's sale (found through head office), so it is no foreign key.
-- The value returned (total_minor) went back as refunds (see refunds) + exchange credit:
--   total_minor + rounding_minor = refunded in money + exchange_credit_minor.
CREATE TABLE returns (
  return_id               TEXT PRIMARY KEY,
  receipt_number          TEXT NOT NULL UNIQUE,
  original_sale_id        TEXT,
  original_receipt_number TEXT,
  original_register_id    TEXT,
  store_id                TEXT NOT NULL,
  register_id             TEXT NOT NULL,
  user_id                 TEXT,
  approver_id             TEXT,
  shift_id                TEXT,
  reason                  TEXT,
  completed_at            TEXT NOT NULL,
  currency                TEXT NOT NULL,
  prices_include_tax      INTEGER NOT NULL,
  subtotal_minor          INTEGER NOT NULL,
  discount_minor          INTEGER NOT NULL,
  tax_minor               INTEGER NOT NULL,
  total_minor             INTEGER NOT NULL,
  taxes                   TEXT NOT NULL CHECK (json_valid(taxes)),
  rounding_minor          INTEGER NOT NULL,
  exchange_sale_id        TEXT,
  exchange_credit_minor   INTEGER NOT NULL,
  outbox_seq              INTEGER NOT NULL UNIQUE
);
CREATE INDEX returns_by_original_sale ON returns(original_sale_id);
CREATE INDEX returns_by_shift ON returns(shift_id);

-- Quantities are positive (what came back); amounts are the share of the original line's, so all the returns of
-- a line add up to exactly what it was sold for. disposition: 'sellable' goes back on hand with a RETURN movement,
-- 'damaged' goes to damaged_stock_movements and leaves on hand alone.
CREATE TABLE return_lines (
  return_id        TEXT NOT NULL REFERENCES returns(return_id),
  line_no          INTEGER NOT NULL,
  original_sale_id TEXT,
  original_line_id TEXT,
  product_id       INTEGER NOT NULL,
  sku              TEXT NOT NULL,
  name             TEXT NOT NULL,
  unit             TEXT NOT NULL,
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_minor INTEGER NOT NULL,
  tax_code         TEXT NOT NULL,
  tax_rate_bp      INTEGER NOT NULL,
  amount_minor     INTEGER NOT NULL,
  discount_minor   INTEGER NOT NULL,
  tax_minor        INTEGER NOT NULL,
  total_minor      INTEGER NOT NULL,
  disposition      TEXT NOT NULL CHECK (disposition IN ('sellable', 'damaged')),
  PRIMARY KEY (return_id, line_no)
) WITHOUT ROWID;
CREATE INDEX return_lines_by_original ON return_lines(original_sale_id, original_line_id);

-- Never more back than was sold, across every return of the line. The service checks first and says so in
-- words; this is the ledger's own guarantee for sales it holds.
CREATE TRIGGER return_lines_within_sold BEFORE INSERT ON return_lines
WHEN new.original_line_id IS NOT NULL
  AND (SELECT coalesce(sum(quantity), 0) FROM return_lines
       WHERE original_sale_id = new.original_sale_id AND original_line_id = new.original_line_id) + new.quantity
    > (SELECT quantity FROM sale_lines WHERE sale_id = new.original_sale_id AND line_id = new.original_line_id)
BEGIN
  SELECT RAISE(ABORT, 'more of a sale line returned than was sold');
END;

-- A completed sale voided the same day: the sale stays, this cancels it. Its stock comes back with VOID
-- movements and its payments go back through refunds. Numbered from the same 'receipt' counter.
CREATE TABLE sale_voids (
  void_id        TEXT PRIMARY KEY,
  sale_id        TEXT NOT NULL UNIQUE REFERENCES sales(sale_id),
  receipt_number TEXT NOT NULL UNIQUE,
  store_id       TEXT NOT NULL,
  register_id    TEXT NOT NULL,
  user_id        TEXT,
  approver_id    TEXT,
  shift_id       TEXT,
  reason         TEXT NOT NULL,
  voided_at      TEXT NOT NULL,
  total_minor    INTEGER NOT NULL,
  outbox_seq     INTEGER NOT NULL UNIQUE
);
CREATE INDEX sale_voids_by_shift ON sale_voids(shift_id);

-- Money given back, per tender, for returns and voids: what left the drawer or went back to a card.
-- original_sale_id is the sale whose payment it goes back to (NULL: a return without receipt).
CREATE TABLE refunds (
  document_id      TEXT NOT NULL,
  document_kind    TEXT NOT NULL CHECK (document_kind IN ('return', 'void')),
  refund_no        INTEGER NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('cash', 'card')),
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  original_sale_id TEXT,
  shift_id         TEXT,
  occurred_at      TEXT NOT NULL,
  PRIMARY KEY (document_id, refund_no)
) WITHOUT ROWID;
CREATE INDEX refunds_by_sale ON refunds(original_sale_id);
CREATE INDEX refunds_by_shift ON refunds(shift_id);

-- Damaged goods taken back: not sellable, so not on hand. reason: 'RETURN' (more when write-offs exist).
CREATE TABLE damaged_stock_movements (
  id          INTEGER PRIMARY KEY,
  product_id  INTEGER NOT NULL REFERENCES products(id),
  delta       INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  ref_id      TEXT,
  occurred_at TEXT NOT NULL
);
CREATE INDEX damaged_stock_movements_by_product ON damaged_stock_movements(product_id);
CREATE VIEW damaged_stock AS
  SELECT product_id, sum(delta) AS quantity FROM damaged_stock_movements GROUP BY product_id;

CREATE TRIGGER returns_no_update BEFORE UPDATE ON returns BEGIN
  SELECT RAISE(ABORT, 'returns are never rewritten');
END;
CREATE TRIGGER returns_no_delete BEFORE DELETE ON returns BEGIN
  SELECT RAISE(ABORT, 'returns are never deleted');
END;
CREATE TRIGGER return_lines_no_update BEFORE UPDATE ON return_lines BEGIN
  SELECT RAISE(ABORT, 'returns are never rewritten');
END;
CREATE TRIGGER return_lines_no_delete BEFORE DELETE ON return_lines BEGIN
  SELECT RAISE(ABORT, 'returns are never deleted');
END;
CREATE TRIGGER sale_voids_no_update BEFORE UPDATE ON sale_voids BEGIN
  SELECT RAISE(ABORT, 'voids are never rewritten');
END;
CREATE TRIGGER sale_voids_no_delete BEFORE DELETE ON sale_voids BEGIN
  SELECT RAISE(ABORT, 'voids are never deleted');
END;
CREATE TRIGGER refunds_no_update BEFORE UPDATE ON refunds BEGIN
  SELECT RAISE(ABORT, 'refunds are never rewritten');
END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds BEGIN
  SELECT RAISE(ABORT, 'refunds are never deleted');
END;
CREATE TRIGGER damaged_stock_movements_no_update BEFORE UPDATE ON damaged_stock_movements BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only');
END;
CREATE TRIGGER damaged_stock_movements_no_delete BEFORE DELETE ON damaged_stock_movements BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only');
END;

-- Sales put aside to serve someone else, resumed later: the open-sale draft as it was. Closing a shift is
-- refused while any are here.
CREATE TABLE parked_sales (
  sale_id   TEXT PRIMARY KEY,
  parked_at TEXT NOT NULL,
  parked_by TEXT,
  draft     TEXT NOT NULL CHECK (json_valid(draft))
);
`;
