/**
 * Head office as its own process, started the way `npm run headoffice` starts it (src/headoffice/server.ts with
 * PORT, HEADOFFICE_DATA_DIR, DATABASE_URL and HEADOFFICE_ADMIN_TOKEN), so a test can kill it with SIGKILL and
 * start it again on the same port and the same data: an SQLite file in a data directory, or a PostgreSQL schema
 * of its own. The test keeps its own connection to that database to check the invariants.
 *
 * The process is node itself (process.execPath, the pinned Node 22 that runs the tests), not `npx node`: a
 * SIGKILL sent to npx would leave the real server running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../../src/headoffice/db/connect.ts';
import type { Db } from '../../src/headoffice/db/schema.ts';
import {
  ADMIN_TOKEN,
  adminClient,
  PG_URL,
  type AdminClient,
  type DialectName,
} from '../integration/headoffice/helpers.ts';
import { repoRoot } from './sync-register.ts';

export interface HeadOfficeProcess {
  /** http://127.0.0.1:<port>; the same across restarts. */
  readonly url: string;
  readonly admin: AdminClient;
  /** DATABASE_URL as head office got it: PostgreSQL with its schema as search_path; '' on SQLite. */
  readonly databaseUrl: string;
  /** The test's own connection to head office's database (open once head office has migrated it). */
  readonly db: Db;
  /** Whether the process is running. */
  readonly running: boolean;
  /** Starts head office again after kill(), on the same port and data; resolves once it listens. */
  restart(): Promise<void>;
  /** kill -9; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Kills it if running, closes the test's connection and deletes the data. */
  close(): Promise<void>;
}

/**
 * A port nothing listens on right now, for head office to be started on again and again. It is taken below
 * Linux's ephemeral range (32768 and up), where no outgoing connection of this or another test file is given its
 * local port: otherwise one could take it while head office is down between a kill and a restart.
 */
async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
  }
  throw new Error('No free TCP port between 20000 and 32000');
}

export async function startHeadOfficeProcess(dialect: DialectName): Promise<HeadOfficeProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-ho-process-'));
  const pgSchema = `ho_proc_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  let databaseUrl = '';
  if (dialect === 'postgres') {
    // server.ts takes only DATABASE_URL: the schema is chosen with the connection's search_path.
    await withPg((client) => client.query(`create schema ${pgSchema}`));
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${pgSchema}`);
    databaseUrl = url.toString();
  }
  const env = {
    ...process.env,
    PORT: String(port),
    HEADOFFICE_DATA_DIR: dataDir,
    HEADOFFICE_ADMIN_TOKEN: ADMIN_TOKEN,
    HEADOFFICE_ADAPTER: 'none',
    DATABASE_URL: databaseUrl,
  };

  let child: ChildProcess | null = null;
  /** The last lines head office printed, shown when it fails to start. */
  const output: string[] = [];
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = spawn(
        process.execPath,
        ['--experimental-strip-types', '--no-warnings', join(repoRoot, 'src/headoffice/server.ts')],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      const onLine = (line: string): void => {
        output.push(line);
        if (output.length > 40) output.shift();
        if (process.env.HO_LOG) console.log(`[HO ${started.pid}] ${line}`);
        if (line.startsWith('Head office listening on')) resolve();
      };
      createInterface({ input: started.stdout! }).on('line', onLine);
      createInterface({ input: started.stderr! }).on('line', onLine);
      started.on('error', reject);
      started.on('exit', (code, signal) => {
        if (child === started) child = null;
        reject(new Error(`Head office exited (${signal ?? code}) before listening:\n${output.join('\n')}`));
      });
    });

  await start();
  let database: OpenedDatabase;
  try {
    database = await openDatabase(
      dialect === 'postgres' ? { databaseUrl: PG_URL, pgSchema, dataDir } : { dataDir },
    );
  } catch (error) {
    (child as ChildProcess | null)?.kill('SIGKILL');
    throw error;
  }

  const kill = async (): Promise<void> => {
    const running = child;
    if (!running) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    admin: adminClient(`http://127.0.0.1:${port}`),
    databaseUrl,
    db: database.db,
    get running() {
      return child !== null;
    },
    restart: async () => {
      if (child) throw new Error('Head office is still running: kill() it first');
      await start();
    },
    kill,
    close: async () => {
      await kill();
      await database.close();
      if (dialect === 'postgres') await withPg((client) => client.query(`drop schema ${pgSchema} cascade`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withPg(run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
