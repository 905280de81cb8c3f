/**
 * Receiving and transfers (issue 15). Each document is kept as it was sent to head office (its payload, JSON),
 * never rewritten. `transfers` holds every transfer of this store as head office last sent it down (the
 * 'transfers' stream), with what this register did to it since on top: a stage never goes back.
 */
export default `
CREATE TABLE goods_receipts (
  receipt_id   TEXT PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,
  user_id      TEXT NOT NULL,
  completed_at TEXT NOT NULL,
  outbox_seq   INTEGER NOT NULL UNIQUE,
  document     TEXT NOT NULL CHECK (json_valid(document))
) WITHOUT ROWID;
CREATE INDEX goods_receipts_by_time ON goods_receipts(completed_at);
CREATE TRIGGER goods_receipts_no_update BEFORE UPDATE ON goods_receipts BEGIN
  SELECT RAISE(ABORT, 'goods receipts are never rewritten');
END;
CREATE TRIGGER goods_receipts_no_delete BEFORE DELETE ON goods_receipts BEGIN
  SELECT RAISE(ABORT, 'goods receipts are never deleted');
END;

-- This register's stages of transfers: a request, a send or a receipt, each once per transfer.
CREATE TABLE transfer_documents (
  transfer_id TEXT NOT NULL,
  stage       TEXT NOT NULL CHECK (stage IN ('requested', 'sent', 'received')),
  user_id     TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  outbox_seq  INTEGER NOT NULL UNIQUE,
  document    TEXT NOT NULL CHECK (json_valid(document)),
  PRIMARY KEY (transfer_id, stage)
) WITHOUT ROWID;
CREATE TRIGGER transfer_documents_no_update BEFORE UPDATE ON transfer_documents BEGIN
  SELECT RAISE(ABORT, 'transfer documents are never rewritten');
END;
CREATE TRIGGER transfer_documents_no_delete BEFORE DELETE ON transfer_documents BEGIN
  SELECT RAISE(ABORT, 'transfer documents are never deleted');
END;

-- Transfers of this store either way (view: TransferView JSON). stage_rank orders the statuses (requested and
-- planned 1, sent 2, received 3): head office's figure replaces this one only when it is as far along.
CREATE TABLE transfers (
  transfer_id   TEXT PRIMARY KEY,
  number        TEXT,
  from_store_id TEXT NOT NULL,
  to_store_id   TEXT NOT NULL,
  status        TEXT NOT NULL,
  stage_rank    INTEGER NOT NULL,
  view          TEXT NOT NULL CHECK (json_valid(view)),
  updated_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX transfers_by_number ON transfers(number);
CREATE INDEX transfers_by_update ON transfers(updated_at);
`;
