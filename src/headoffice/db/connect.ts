/**
 * Opens head office's database: an SQLite file in the data directory by default, PostgreSQL when a
 * postgres:// URL is given. The same kysely queries run on both; migrations run before anything else.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations.ts';
import { OneSchemaPostgresDialect } from './one-schema-introspector.ts';
import type { Db } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; absent for SQLite in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL schema to use (created if missing), e.g. one per test run. Default: the server's search_path. */
  pgSchema?: string;
  /** Where trouble nobody is waiting for goes (the SQLite checkpoint thread failing). Default: stderr. */
  log?: (line: string) => void;
}

export interface OpenedDatabase {
  db: Db;
  dialect: Dialect;
  /** PostgreSQL: the schema head office's tables live in. */
  schema: string | null;
  /** Connection settings for extra PostgreSQL pools (the socket.io adapter's LISTEN connection). */
  pgConfig: pg.PoolConfig | null;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Integers come back as JS numbers on both dialects (pg returns int8 and sums as strings by default). */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID || oid === NUMERIC_OID ? Number : pg.types.getTypeParser(oid, format),
};

export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  const opened = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.pgSchema)
    : openSqlite(options.dataDir, options.log ?? ((line) => console.error(line)));
  try {
    const { error, results } = await new Migrator({
      db: opened.db,
      provider: migrationProvider(opened.dialect),
      // Named explicitly: otherwise kysely takes a migration table in ANY schema of the database for its own.
      migrationTableSchema: opened.schema ?? undefined,
    }).migrateToLatest();
    if (error) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName;
      const reason = error instanceof Error ? error.message : JSON.stringify(error);
      throw new Error(
        `Head office could not migrate its database${failed ? ` (migration ${failed})` : ''}: ${reason}`,
        { cause: error },
      );
    }
    return opened;
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/**
 * WAL pages a commit may leave before it copies them into the database itself. The checkpoint thread normally
 * keeps the WAL far below this; it is the backstop that keeps the WAL from growing without end.
 */
const WAL_AUTOCHECKPOINT_PAGES = 16_384;

function openSqlite(dataDir: string, log: (line: string) => void): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'headoffice.db');
  const file = new SQLite(path);
  // WAL with synchronous=FULL: an acknowledged event survives a power cut at head office too.
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  file.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  const checkpoints = startCheckpoints(path, log);
  const db: Db = new Kysely({ dialect: new SqliteDialect({ database: cachingStatements(file) }) });
  return {
    db,
    dialect: 'sqlite',
    schema: null,
    pgConfig: null,
    close: async () => {
      await checkpoints.stop();
      await db.destroy();
    },
  };
}

/**
 * Copies the WAL into the database on another thread (db/checkpoint-worker.ts). Left to SQLite, the commit that
 * crosses the WAL threshold copies it, fsyncs the database file and only then answers: during a long drain
 * that was a third of every commit's time.
 */
function startCheckpoints(path: string, log: (line: string) => void): { stop(): Promise<void> } {
  const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), {
    workerData: { file: path, idleMs: 200 },
  });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Nothing is lost when the thread fails (say, the disk is full): commits copy the WAL themselves once it
  // reaches the backstop. Said once, so whoever runs head office can see why commits got slower.
  worker.on('error', (error) =>
    log(`The SQLite checkpoint thread stopped (${error.message}); commits now copy the WAL themselves.`),
  );
  return {
    stop: async () => {
      // Referenced again so the process waits for the thread to close its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

/** Prepared statements kept, most recently used first out of the cache last. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * kysely's SQLite driver prepares every query it runs; compiling the SQL can cost more than running it. This
 * hands it the same prepared statement for the same text. Safe because the driver runs one query at a time on
 * this one connection and reads each result whole (head office never streams a query).
 */
function cachingStatements(file: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(text) {
      let statement = statements.get(text);
      if (statement) {
        statements.delete(text);
      } else {
        statement = file.prepare(text);
        if (statements.size === STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, statement);
      return statement;
    },
    close: () => file.close(),
  };
}

async function openPostgres(connectionString: string, schema: string | undefined): Promise<OpenedDatabase> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`PostgreSQL schema "${schema}": use lower-case letters, digits and underscores.`);
  }
  const pgConfig: pg.PoolConfig = {
    connectionString,
    types: pgTypes,
    // An unreachable database fails fast (registers are told to retry) instead of hanging their acks.
    connectionTimeoutMillis: 5_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const pool = quietPool(pgConfig);
  try {
    if (schema) await pool.query(`create schema if not exists ${schema}`);
    const current = await pool.query<{ schema: string | null }>('select current_schema() as schema');
    const tablesSchema = current.rows[0]?.schema ?? 'public';
    const db: Db = new Kysely({ dialect: new OneSchemaPostgresDialect({ pool }, tablesSchema) });
    return { db, dialect: 'postgres', schema: tablesSchema, pgConfig, close: () => db.destroy() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * A pg pool whose lost connections never crash the process. pg emits 'error' on a client whose connection
 * dies; the pool listens only while the client is idle, and kysely not at all while it holds one. The query in
 * flight fails on its own (and is answered 'retry'), so the event itself needs no handling.
 */
export function quietPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
