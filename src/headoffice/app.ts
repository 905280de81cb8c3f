/**
 * Starts a head-office node: database (migrated), the HTTP side (src/headoffice/http/) and the socket.io endpoint
 * on one port.
 * Several nodes may share one PostgreSQL database; give them an adapter so pokes reach every register.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pruneChangeLog } from './changes.ts';
import type { HeadOffice, PokeTarget } from './context.ts';
import { openDatabase, type OpenedDatabase } from './db/connect.ts';
import type { Db } from './db/schema.ts';
import { createHttpApi } from './http/api.ts';
import { attachSockets, type AdapterOptions } from './socket.ts';

export interface HeadOfficeOptions {
  /** 0 picks a free port. Default 4100. */
  port?: number;
  /**
   * The address to listen on. Default: every interface, so registers on other machines can connect;
   * 127.0.0.1 accepts this machine only (behind a reverse proxy on the same machine, say).
   */
  host?: string;
  /** SQLite file and the generated admin token live here. Default ./.counter-data/headoffice. */
  dataDir?: string;
  /** postgres://… to use PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema (created if missing). */
  pgSchema?: string;
  /** Bearer token for the admin API. Default: read from dataDir/admin-token, generated there on first start. */
  adminToken?: string;
  /** How pokes reach registers on other nodes: 'postgres' (needs databaseUrl) or 'redis' (needs redisUrl). */
  adapter?: 'none' | 'postgres' | 'redis';
  redisUrl?: string;
  /** Change-log entries older than this are pruned (registers behind them load a snapshot). Default 30 days. */
  changeRetentionMs?: number;
  /** How often pruning runs. Default hourly. */
  pruneIntervalMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RunningHeadOffice {
  url: string;
  port: number;
  db: Db;
  adminToken: string;
  /** Prunes the change log now (it also runs every pruneIntervalMs). */
  pruneChangeLog(): Promise<void>;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60_000;

export async function startHeadOffice(options: HeadOfficeOptions = {}): Promise<RunningHeadOffice> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = options.dataDir ?? './.counter-data/headoffice';
  const adminToken = options.adminToken ?? adminTokenFromDataDir(dataDir, log);
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir,
    pgSchema: options.pgSchema,
    log,
  });

  let poke: (targets: PokeTarget[]) => void = () => undefined;
  const ho: HeadOffice = {
    db: database.db,
    dialect: database.dialect,
    now: options.now ?? (() => new Date()),
    changeRetentionMs: options.changeRetentionMs ?? 30 * DAY_MS,
    poke: (targets) => poke(targets),
  };

  const httpServer = createServer();
  let disconnectRegister: (registerId: string) => void = () => undefined;
  let api;
  let sockets;
  try {
    // The HTTP side first: socket.io takes the requests for its own path and passes the rest on.
    api = await createHttpApi(httpServer, {
      ho,
      adminToken,
      disconnectRegister: (registerId) => disconnectRegister(registerId),
      log,
    });
    sockets = await attachSockets(httpServer, ho, adapterOptions(options, database), log);
  } catch (error) {
    await api?.close();
    await database.close();
    throw error;
  }
  poke = sockets.poke;
  disconnectRegister = sockets.disconnectRegister;

  const prune = () => pruneChangeLog(ho);
  const pruneTimer = setInterval(
    () => {
      prune().catch((error) => log(`change-log pruning failed: ${String(error)}`));
    },
    options.pruneIntervalMs ?? 60 * 60_000,
  );
  pruneTimer.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 4100, options.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host =
    options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    db: database.db,
    adminToken,
    pruneChangeLog: prune,
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer);
        httpServer.closeAllConnections();
        await sockets.close();
        await api.close();
        await database.close();
      })();
      return closing;
    },
  };
}

/**
 * Nodes that share a PostgreSQL database (and schema) share pokes; the channel is named after the schema so
 * two deployments on one PostgreSQL or Redis server never poke each other's registers.
 */
function adapterOptions(options: HeadOfficeOptions, database: OpenedDatabase): AdapterOptions {
  const kind = options.adapter ?? 'none';
  if (kind === 'none') return { kind };
  if (!database.pgConfig || !database.schema) {
    throw new Error(
      `The ${kind} adapter connects several head-office nodes sharing one PostgreSQL database: set DATABASE_URL to a postgres:// URL.`,
    );
  }
  const channel = `counter:${database.schema}`;
  if (kind === 'postgres') return { kind, pgConfig: database.pgConfig, channel };
  if (!options.redisUrl) throw new Error('The Redis adapter needs REDIS_URL, e.g. redis://127.0.0.1:6379.');
  return { kind, url: options.redisUrl, channel };
}

/** The admin token kept in the data directory; created (and printed once) on first start. */
function adminTokenFromDataDir(dataDir: string, log: (line: string) => void): string {
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  log(`Admin API token (saved in ${file}; set HEADOFFICE_ADMIN_TOKEN to choose your own): ${token}`);
  return token;
}
