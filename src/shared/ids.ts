/**
 * Ids of the records a register creates (sales and their lines and tenders, returns, voids, shifts, users,
 * outbox events): UUID version 7, which begins with the time it was made. An index keyed by such ids grows at
 * its end instead of at random places, so a batch of sales at head office (or a day of them in a ledger) touches
 * a few index pages, not one per sale.
 */
import { v7 } from 'uuid';

export const newId = (): string => v7();
