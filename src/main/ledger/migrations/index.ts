import core from './001-core.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Bundled, numbered, forward-only. Append new ones at the end; never edit one that has shipped. */
export const migrations: Migration[] = [{ version: 1, name: 'core', sql: core }];
