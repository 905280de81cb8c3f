/**
 * Stock counts (issue 15). A count is open at this register while people count into it (a draft, like an open
 * sale: its unsent lines may still change); submitting sends the unsent lines to head office as count.submitted
 * events and makes them final. The register's stock does not move: head office approves the count and its
 * figures come back down the stock stream.
 */
export default `
CREATE TABLE counts (
  count_id  TEXT PRIMARY KEY,
  scope     TEXT NOT NULL CHECK (json_valid(scope)),
  blind     INTEGER NOT NULL CHECK (blind IN (0, 1)),
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  status    TEXT NOT NULL CHECK (status IN ('open', 'submitted'))
);
-- One count open at a time at this register.
CREATE UNIQUE INDEX counts_one_open ON counts(status) WHERE status = 'open';

-- What was sent: one row per count.submitted event.
CREATE TABLE count_submissions (
  submission_id TEXT PRIMARY KEY,
  count_id      TEXT NOT NULL REFERENCES counts(count_id),
  submitted_at  TEXT NOT NULL,
  submitted_by  TEXT NOT NULL,
  line_count    INTEGER NOT NULL,
  outbox_seq    INTEGER NOT NULL UNIQUE
);

-- A line as counted: the same SKU on two shelves is two lines, which add up. expected is this register's on hand
-- when the line was counted (shown unless the count is blind). submission_id: null until sent, then final.
CREATE TABLE count_lines (
  count_id      TEXT NOT NULL REFERENCES counts(count_id),
  line_no       INTEGER NOT NULL,
  product_id    INTEGER NOT NULL,
  sku           TEXT NOT NULL,
  name          TEXT NOT NULL,
  quantity      INTEGER NOT NULL CHECK (quantity >= 0),
  counted_at    TEXT NOT NULL,
  counted_by    TEXT NOT NULL,
  expected      INTEGER NOT NULL,
  submission_id TEXT REFERENCES count_submissions(submission_id),
  PRIMARY KEY (count_id, line_no)
) WITHOUT ROWID;

-- A sent line is never changed.
CREATE TRIGGER count_lines_final BEFORE UPDATE ON count_lines
WHEN OLD.submission_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a submitted count line is final'); END;
`;
