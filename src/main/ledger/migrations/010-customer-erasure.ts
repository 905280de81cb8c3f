/**
 * A customer's erasure on request reaches the register (issue 19, head office's 'customers' stream).
 * - customers.erased_at: when head office erased the record; its name, phone and email are blanked with it.
 * - The outbox stays append-only but for exactly one rewrite: the 'customer.created' event of an erased
 *   customer, once head office has acknowledged it (seq <= last_acked_seq), may have its name, phone and email
 *   blanked as head office blanked its own copy. Everything else (seq, id, type, time, hash) must stay, so the
 *   register could still prove what it sent and a resend would still be a 'duplicate'. An event not yet
 *   acknowledged is never touched: head office checks every event's hash, so it must go as it was made; it is
 *   blanked once acknowledged (src/main/sync/downstream.ts).
 */
import { ERASED_NAME } from '../../../shared/customers.ts';
import { customerCreated } from '../../../shared/documents/customer.ts';

export default `
ALTER TABLE customers ADD COLUMN erased_at TEXT;

DROP TRIGGER outbox_no_update;
CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
WHEN NOT (
  OLD.type = '${customerCreated.type}'
  AND NEW.seq IS OLD.seq AND NEW.event_id IS OLD.event_id AND NEW.type IS OLD.type
  AND NEW.schema_version IS OLD.schema_version AND NEW.occurred_at IS OLD.occurred_at
  AND NEW.payload_hash IS OLD.payload_hash
  AND OLD.seq <= coalesce((SELECT last_acked_seq FROM sync_state WHERE id = 1), 0)
  AND NEW.payload IS json_set(OLD.payload, '$.name', '${ERASED_NAME}', '$.phone', NULL, '$.email', NULL,
    '$.nameOnReceipt', json('false'))
) BEGIN
  SELECT RAISE(ABORT, 'outbox rows are never rewritten, but to erase an acknowledged customer''s details');
END;
`;
