import core from './001-core.ts';
import sync from './002-sync.ts';
import devices from './003-devices.ts';
import peopleShifts from './004-people-shifts.ts';
import returns from './005-returns.ts';
import stockStates from './006-stock-states.ts';
import counts from './007-counts.ts';
import receivingTransfers from './008-receiving-transfers.ts';
import customers from './009-customers.ts';
import customerErasure from './010-customer-erasure.ts';
import storeCounts from './011-store-counts.ts';
import purchasing from './012-purchasing.ts';
import styles from './013-styles.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Bundled, numbered, forward-only. Append new ones at the end; never edit one that has shipped. */
export const migrations: Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'sync', sql: sync },
  { version: 3, name: 'devices', sql: devices },
  { version: 4, name: 'people-shifts', sql: peopleShifts },
  { version: 5, name: 'returns', sql: returns },
  { version: 6, name: 'stock-states', sql: stockStates },
  { version: 7, name: 'counts', sql: counts },
  { version: 8, name: 'receiving-transfers', sql: receivingTransfers },
  { version: 9, name: 'customers', sql: customers },
  { version: 10, name: 'customer-erasure', sql: customerErasure },
  { version: 11, name: 'store-counts', sql: storeCounts },
  { version: 12, name: 'purchasing', sql: purchasing },
  { version: 13, name: 'styles', sql: styles },
];
