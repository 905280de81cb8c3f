/** People (users, PINs, roles), the audit log, shifts with their cash movements and Z reports. */
export default `
-- Users are local to the register, so logging in and approving work offline. A user is deactivated, never
-- deleted: sales and audit rows keep pointing at them. pin_hash is "scrypt:N:r:p:salt:hash" (base64).
CREATE TABLE users (
  user_id    TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager')),
  pin_hash   TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_active_name ON users(name COLLATE NOCASE) WHERE active = 1;

-- Every permissioned action and every approval, written in the action's transaction with its outbox event.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  occurred_at TEXT NOT NULL,
  register_id TEXT NOT NULL,
  action      TEXT NOT NULL,
  user_id     TEXT NOT NULL REFERENCES users(user_id),
  approver_id TEXT REFERENCES users(user_id),
  details     TEXT NOT NULL CHECK (json_valid(details)),
  outbox_seq  INTEGER NOT NULL UNIQUE
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- A shift is open while it has no Z report. first_outbox_seq is the outbox seq the shift starts after: the
-- shift's events for head office are the seqs after it, up to its Z report's.
CREATE TABLE shifts (
  shift_id         TEXT PRIMARY KEY,
  register_id      TEXT NOT NULL,
  opened_at        TEXT NOT NULL,
  opened_by        TEXT NOT NULL REFERENCES users(user_id),
  currency         TEXT NOT NULL,
  float_minor      INTEGER NOT NULL CHECK (float_minor >= 0),
  -- The float as counted: [{ valueMinor, count }].
  float_count      TEXT NOT NULL CHECK (json_valid(float_count)),
  first_outbox_seq INTEGER NOT NULL
);
CREATE INDEX shifts_by_opened_at ON shifts(opened_at);
CREATE TRIGGER shifts_no_update BEFORE UPDATE ON shifts BEGIN
  SELECT RAISE(ABORT, 'shifts are never rewritten');
END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts BEGIN
  SELECT RAISE(ABORT, 'shifts are never deleted');
END;

CREATE TABLE shift_cash_movements (
  id           INTEGER PRIMARY KEY,
  shift_id     TEXT NOT NULL REFERENCES shifts(shift_id),
  occurred_at  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('in', 'out')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  reason       TEXT NOT NULL,
  user_id      TEXT NOT NULL REFERENCES users(user_id),
  approver_id  TEXT REFERENCES users(user_id)
);
CREATE INDEX shift_cash_movements_by_shift ON shift_cash_movements(shift_id);
CREATE TRIGGER shift_cash_movements_no_update BEFORE UPDATE ON shift_cash_movements BEGIN
  SELECT RAISE(ABORT, 'cash movements are append-only');
END;
CREATE TRIGGER shift_cash_movements_no_delete BEFORE DELETE ON shift_cash_movements BEGIN
  SELECT RAISE(ABORT, 'cash movements are append-only');
END;

-- Closing a shift writes its Z report: numbered without gaps (counter 'z_report'), kept as printed.
CREATE TABLE z_reports (
  number              INTEGER PRIMARY KEY,
  shift_id            TEXT NOT NULL UNIQUE REFERENCES shifts(shift_id),
  closed_at           TEXT NOT NULL,
  closed_by           TEXT NOT NULL REFERENCES users(user_id),
  approver_id         TEXT REFERENCES users(user_id),
  counted_minor       INTEGER NOT NULL,
  expected_cash_minor INTEGER NOT NULL,
  over_short_minor    INTEGER NOT NULL,
  -- The whole report (ZReport) as JSON, totals included.
  document            TEXT NOT NULL CHECK (json_valid(document)),
  outbox_seq          INTEGER NOT NULL UNIQUE
);
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports BEGIN
  SELECT RAISE(ABORT, 'Z reports are never rewritten');
END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports BEGIN
  SELECT RAISE(ABORT, 'Z reports are never deleted');
END;

-- Who made each sale and in which shift; NULL for sales made before this version.
ALTER TABLE sales ADD COLUMN user_id TEXT REFERENCES users(user_id);
ALTER TABLE sales ADD COLUMN shift_id TEXT REFERENCES shifts(shift_id);
CREATE INDEX sales_by_shift ON sales(shift_id);
`;
