/** What the services of stock documents (receiving, transfers) are built from, and who hears of each one. */
import type { LedgerDeps } from './ledger-deps.ts';
import type { AuditService } from './audit.ts';
import type { CatalogService } from './catalog.ts';
import type { Counters } from '../ledger/counters.ts';
import type { PeopleService } from './people.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement } from './stock.ts';

export interface StockDocumentDeps extends LedgerDeps {
  settings: Pick<SettingsService, 'store' | 'register'>;
  catalog: Pick<CatalogService, 'productById' | 'lookupCode'>;
  record: RecordMovement;
  /** `check` when the document starts; its audit entry, with what was done, is written as it commits. */
  people: Pick<PeopleService, 'check' | 'userRef'>;
  audit: Pick<AuditService, 'record'>;
  /** The numbers printed on goods receipts and packing lists. */
  counters: Pick<Counters, 'nextNumber'>;
}

/** Listeners told of each document after it commits (its paper prints); a throwing one is only logged. */
export function createListeners<T>(what: string) {
  const listeners = new Set<(document: T) => void>();
  return {
    add: (listener: (document: T) => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tell: (document: T): void => {
      for (const listener of listeners) {
        try {
          listener(document);
        } catch (error) {
          console.error(`A ${what} listener failed`, error);
        }
      }
    },
  };
}
