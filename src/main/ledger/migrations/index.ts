import core from './001-core.ts';
import sync from './002-sync.ts';
import devices from './003-devices.ts';

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
];
