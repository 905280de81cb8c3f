/**
 * Several registers of a store count one count (issue 15). store_counts: the store's counts as head office
 * announces them (the 'counts' stream), opened there or at any register of the store, so a person here can join
 * one and count into it under its id; approval_seq: this register sent a count.approved for it (the outbox seq),
 * until head office's stream says it is approved.
 */
export default `
CREATE TABLE store_counts (
  count_id            TEXT PRIMARY KEY,
  store_id            TEXT NOT NULL,
  scope               TEXT NOT NULL CHECK (json_valid(scope)),
  blind               INTEGER NOT NULL CHECK (blind IN (0, 1)),
  opened_at           TEXT NOT NULL,
  opened_by           TEXT NOT NULL,
  -- The register it was opened at and its name; null: opened at head office.
  opened_at_register  TEXT,
  opened_at_register_name TEXT,
  status              TEXT NOT NULL CHECK (status IN ('open', 'approved')),
  approved_at         TEXT,
  approved_by         TEXT,
  approval_seq        INTEGER,
  updated_at          TEXT NOT NULL
);
`;
