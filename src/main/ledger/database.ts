import Database from 'better-sqlite3';
import { CounterError } from '../../shared/errors.ts';
import { migrations as bundledMigrations, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

/**
 * Opens (creating if needed) a ledger file and brings its schema up to date. WAL with synchronous=FULL: once
 * a sale's transaction returns, it survives a power cut.
 */
export function openLedger(file: string, migrations: Migration[] = bundledMigrations): Db {
  const db = new Database(file);
  try {
    // Before any pragma that writes (journal_mode rewrites the header): a newer file must stay untouched.
    refuseNewerSchema(db, migrations);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Checkpoints run when the register is idle (checkpoint.ts), not inside a sale's commit.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every bundled migration newer than the file, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[]): void {
  refuseNewerSchema(db, migrations);
  const current = schemaVersion(db);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

function refuseNewerSchema(db: Db, migrations: Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new CounterError(
      'DATABASE_TOO_NEW',
      `This ledger was written by a newer Counter (schema ${current}; this version knows up to ${latest}). ` +
        'Install the newer Counter again; nothing has been changed in the file.',
    );
  }
}
