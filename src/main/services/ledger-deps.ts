import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { AppendOutbox } from '../ledger/outbox.ts';

/**
 * What every service that writes a document is built on: the ledger connection, the clock, the bus that tells
 * the screens, and the outbox its event goes up by. Each service adds what else it uses.
 */
export interface LedgerDeps {
  db: Db;
  events: EventBus;
  now: () => Date;
  appendOutbox: AppendOutbox;
}
