/** Receipt printing and the cash drawer (DEVICES.md). Device settings live in `settings` under the key 'devices'. */
export default `
-- The print queue. A sale commits first; its receipt is queued here after the commit and printed from here, so
-- a printer fault never touches the sale and no receipt is lost on a restart. The receipt document (not the
-- printer bytes) is kept, so a job still prints after the printer model changes.
CREATE TABLE print_jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'reprint')),
  sale_id     TEXT,
  document    TEXT NOT NULL CHECK (json_valid(document)),
  status      TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'done', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  printed_at  TEXT
);
CREATE INDEX print_jobs_open ON print_jobs(status, id) WHERE status <> 'done';
CREATE INDEX print_jobs_by_sale ON print_jobs(sale_id);

-- Every time the drawer is kicked, including when the kick failed: an audit trail for cash.
CREATE TABLE drawer_events (
  id          INTEGER PRIMARY KEY,
  occurred_at TEXT NOT NULL,
  register_id TEXT NOT NULL,
  reason      TEXT NOT NULL CHECK (reason IN ('sale', 'no-sale', 'refund')),
  -- The document that opened it: a sale, or for a refund the return or void.
  sale_id     TEXT,
  opened      INTEGER NOT NULL CHECK (opened IN (0, 1)),
  error       TEXT
);
CREATE TRIGGER drawer_events_no_update BEFORE UPDATE ON drawer_events BEGIN
  SELECT RAISE(ABORT, 'drawer events are append-only');
END;
CREATE TRIGGER drawer_events_no_delete BEFORE DELETE ON drawer_events BEGIN
  SELECT RAISE(ABORT, 'drawer events are append-only');
END;
`;
