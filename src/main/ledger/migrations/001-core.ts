/** Catalog, settings, the open-sale draft, sales, the stock ledger and the sync outbox. */
export default `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
);

CREATE TABLE categories (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE products (
  id          INTEGER PRIMARY KEY,
  sku         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  tax_code    TEXT NOT NULL,
  category_id INTEGER REFERENCES categories(id),
  unit        TEXT NOT NULL DEFAULT 'each' CHECK (unit IN ('each', 'kg')),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_at  TEXT NOT NULL
);

CREATE TABLE barcodes (
  code       TEXT PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX barcodes_by_product ON barcodes(product_id);

-- Name search: external-content FTS5 on names only, kept in step by triggers. SKUs and barcodes are found by
-- exact match through their own indexes (a SKU such as PAN-000123 would otherwise match the word "pan").
CREATE VIRTUAL TABLE products_fts USING fts5(name, content='products', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_fts(rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF name ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, name) VALUES ('delete', old.id, old.name);
  INSERT INTO products_fts(rowid, name) VALUES (new.id, new.name);
END;

-- Open (not yet completed) sales. The draft is the whole cart as JSON, rewritten on every change, so a crash
-- or restart restores it. Completing a sale deletes its draft in the same transaction.
CREATE TABLE open_sales (
  sale_id    TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  draft      TEXT NOT NULL CHECK (json_valid(draft))
);

-- Named gapless counters: receipt numbers and the outbox sequence. Only ever incremented inside the
-- transaction that uses the number, so a rolled-back sale leaves no gap.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);

CREATE TABLE sales (
  sale_id            TEXT PRIMARY KEY,
  receipt_number     TEXT NOT NULL UNIQUE,
  store_id           TEXT NOT NULL,
  register_id        TEXT NOT NULL,
  started_at         TEXT NOT NULL,
  completed_at       TEXT NOT NULL,
  currency           TEXT NOT NULL,
  prices_include_tax INTEGER NOT NULL,
  subtotal_minor     INTEGER NOT NULL,
  tax_minor          INTEGER NOT NULL,
  total_minor        INTEGER NOT NULL,
  change_minor       INTEGER NOT NULL,
  -- The receipt's tax summary per rate (TaxSummary[]), kept as printed: rate names may change later.
  taxes              TEXT NOT NULL CHECK (json_valid(taxes)),
  outbox_seq         INTEGER NOT NULL UNIQUE
);
CREATE INDEX sales_by_completed_at ON sales(completed_at);

CREATE TABLE sale_lines (
  sale_id          TEXT NOT NULL REFERENCES sales(sale_id),
  line_no          INTEGER NOT NULL,
  line_id          TEXT NOT NULL,
  product_id       INTEGER NOT NULL,
  sku              TEXT NOT NULL,
  name             TEXT NOT NULL,
  unit             TEXT NOT NULL,
  quantity         INTEGER NOT NULL,
  unit_price_minor INTEGER NOT NULL,
  tax_code         TEXT NOT NULL,
  tax_rate_bp      INTEGER NOT NULL,
  amount_minor     INTEGER NOT NULL,
  tax_minor        INTEGER NOT NULL,
  total_minor      INTEGER NOT NULL,
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE sale_tenders (
  sale_id      TEXT NOT NULL REFERENCES sales(sale_id),
  tender_no    INTEGER NOT NULL,
  tender_id    TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('cash', 'card')),
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (sale_id, tender_no)
) WITHOUT ROWID;

-- The stock ledger: append-only. On hand = sum of movements; stock_balances is its projection, kept in the
-- same transaction as each movement and checkable with \`npm run stock:check\`.
CREATE TABLE stock_movements (
  id          INTEGER PRIMARY KEY,
  product_id  INTEGER NOT NULL REFERENCES products(id),
  delta       INTEGER NOT NULL,
  reason      TEXT NOT NULL CHECK (reason IN ('SALE', 'RETURN', 'RECEIVE', 'ADJUST', 'COUNT', 'VOID')),
  ref_id      TEXT,
  occurred_at TEXT NOT NULL
);
CREATE INDEX stock_movements_by_product ON stock_movements(product_id);
-- A COUNT movement stores the difference the count found, so on hand is always the plain sum of deltas.
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only');
END;
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements BEGIN
  SELECT RAISE(ABORT, 'stock movements are append-only');
END;

CREATE TABLE stock_balances (
  product_id INTEGER PRIMARY KEY REFERENCES products(id),
  on_hand    INTEGER NOT NULL
);

-- Events for head office (SYNC.md). seq is gapless per register and assigned in the business transaction;
-- a row is never rewritten after commit. What head office has acknowledged is kept in sync_state.
CREATE TABLE outbox (
  seq            INTEGER PRIMARY KEY,
  event_id       TEXT NOT NULL UNIQUE,
  type           TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at    TEXT NOT NULL,
  payload        TEXT NOT NULL CHECK (json_valid(payload)),
  payload_hash   TEXT NOT NULL
);
CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox BEGIN
  SELECT RAISE(ABORT, 'outbox rows are never rewritten');
END;

CREATE TRIGGER sales_no_update BEFORE UPDATE ON sales BEGIN
  SELECT RAISE(ABORT, 'completed sales are never rewritten');
END;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales BEGIN
  SELECT RAISE(ABORT, 'completed sales are never deleted');
END;
`;
