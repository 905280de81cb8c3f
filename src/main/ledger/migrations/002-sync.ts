/**
 * Register-side sync (SYNC.md): enrolment and upstream progress, downstream cursors, and the stock figures head
 * office sends for this store and the others.
 */
export default `
-- One row: who this register is at head office and how far the upstream pump has got. The outbox itself is in
-- 001-core; an event is waiting while its seq > last_acked_seq.
CREATE TABLE sync_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  head_office_url TEXT,
  device_token    TEXT,
  store_id        TEXT,
  store_name      TEXT,
  register_id     TEXT,
  enrolled_at     TEXT,
  -- Highest seq head office has confirmed applying; never above what it said, never decreasing.
  last_acked_seq  INTEGER NOT NULL DEFAULT 0 CHECK (last_acked_seq >= 0),
  last_success_at TEXT,
  -- The last problem, in words for the person at the register; NULL once sync works again.
  last_error      TEXT,
  -- Set when head office stopped this register (revoked token, quarantine, upgrade required): sync waits for
  -- a person; selling goes on and the queue is kept.
  blocked_reason  TEXT
);
INSERT INTO sync_state (id) VALUES (1);
CREATE TRIGGER sync_state_acked_never_decreases BEFORE UPDATE OF last_acked_seq ON sync_state
WHEN new.last_acked_seq < old.last_acked_seq BEGIN
  SELECT RAISE(ABORT, 'last_acked_seq never decreases');
END;

-- Downstream: the last change applied per stream, written in the transaction that applies the page. While a
-- snapshot is loading (after must_refetch), snapshot_after_key is where the next page starts and
-- snapshot_cursor the cursor to pull from once it is complete; both NULL otherwise.
CREATE TABLE sync_cursors (
  stream             TEXT PRIMARY KEY,
  cursor             INTEGER NOT NULL DEFAULT 0,
  snapshot_loading   INTEGER NOT NULL DEFAULT 0 CHECK (snapshot_loading IN (0, 1)),
  snapshot_after_key TEXT,
  snapshot_cursor    INTEGER,
  updated_at         TEXT NOT NULL
);

-- Keys seen so far by a snapshot that is loading: what is not among them when it completes no longer exists.
-- A table, not a temp table, so a snapshot interrupted by a flaky link resumes instead of restarting.
CREATE TABLE sync_snapshot_keys (
  stream TEXT NOT NULL,
  key    TEXT NOT NULL,
  PRIMARY KEY (stream, key)
) WITHOUT ROWID;

-- Head office's stock figures per store and SKU (stream 'stock', key "storeId:sku"). For this register's own
-- store, applied_seq is the last of this register's seqs head office had applied when it computed on_hand:
-- on hand here = on_hand + this register's sales with a later outbox seq (see src/main/sync/store-stock.ts).
CREATE TABLE head_office_stock (
  key         TEXT PRIMARY KEY,
  store_id    TEXT NOT NULL,
  store_name  TEXT NOT NULL,
  sku         TEXT NOT NULL,
  on_hand     INTEGER NOT NULL,
  as_of       TEXT NOT NULL,
  applied_seq INTEGER
) WITHOUT ROWID;
CREATE INDEX head_office_stock_by_sku ON head_office_stock(sku, store_id);
`;
