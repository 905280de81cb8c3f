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
import { fileURLToPath } from 'node:url';
import { terminalJournal, type JournalRequest } from './books/cli.ts';
import { channelService, type ChannelOptions, type ChannelService } from './channels/service.ts';
import { pruneChangeLog } from './changes.ts';
import type { HeadOffice, PokeTarget } from './context.ts';
import { openDatabase, type OpenedDatabase } from './db/connect.ts';
import type { Db } from './db/schema.ts';
import { createHttpApi } from './http/api.ts';
import { isBuilt } from './http/back-office.ts';
import { recordAudit } from './people/audit.ts';
import { createOwner, setupLinkWhileNobody } from './people/first-owner.ts';
import { runLowStockDigest } from './low-stock-digest.ts';
import { linkView } from './people/links.ts';
import { systemActor } from './people/principal.ts';
import { DEFAULT_PASSWORD_COST } from './people/secrets.ts';
import { attachSockets, type AdapterOptions } from './socket.ts';
import { checkStock, type StockCheckReport } from './stock-check.ts';

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
  /**
   * The legacy admin token (owner rights until an owner revokes it). Default: read from dataDir/admin-token,
   * generated there on first start.
   */
  adminToken?: string;
  /** The built back office to serve at `/`. Default: out/backoffice of this checkout (`npm run build`). */
  backOfficeDir?: string;
  /** scrypt's cost (N) for new passwords. Default 2^17; tests pass a small one. */
  passwordHashCost?: number;
  /**
   * Behind a reverse proxy: take the client's address (rate limits) and protocol (the session cookie is Secure
   * over https) from X-Forwarded-For and X-Forwarded-Proto. Default false.
   */
  trustProxy?: boolean;
  /** How pokes reach registers on other nodes: 'postgres' (needs databaseUrl) or 'redis' (needs redisUrl). */
  adapter?: 'none' | 'postgres' | 'redis';
  redisUrl?: string;
  /** Change-log entries older than this are pruned (registers behind them load a snapshot). Default 30 days. */
  changeRetentionMs?: number;
  /** How often pruning runs. Default hourly. */
  pruneIntervalMs?: number;
  /** How often the low-stock digest goes (low-stock-digest.ts). Default daily. */
  digestIntervalMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
  /** Web-shop channels: the secrets' key (COUNTER_SECRETS_KEY), how to reach the shops, how often to work. */
  channels?: ChannelOptions;
}

export interface RunningHeadOffice {
  url: string;
  port: number;
  db: Db;
  adminToken: string;
  /** Web-shop channels: drain the push queue now, poll, reconcile (they also run on their timers). */
  channels: ChannelService;
  /** Prunes the change log now (it also runs every pruneIntervalMs). */
  pruneChangeLog(): Promise<void>;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60_000;

const DEFAULT_DATA_DIR = './.counter-data/headoffice';
const DEFAULT_BACK_OFFICE_DIR = fileURLToPath(new URL('../../out/backoffice', import.meta.url));

/** The database (migrated), and what every head-office service needs around it. */
async function openHeadOffice(
  options: HeadOfficeOptions,
  log: (line: string) => void,
  poke: HeadOffice['poke'],
): Promise<{ database: OpenedDatabase; ho: HeadOffice }> {
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    pgSchema: options.pgSchema,
    log,
  });
  const ho: HeadOffice = {
    db: database.db,
    dialect: database.dialect,
    now: options.now ?? (() => new Date()),
    changeRetentionMs: options.changeRetentionMs ?? 30 * DAY_MS,
    poke,
  };
  return { database, ho };
}

/** How this machine reaches head office listening on `host` (every interface when left out) and `port`. */
export function localUrl(host: string | undefined, port: number): string {
  const address = host && host !== '0.0.0.0' && host !== '::' ? host : '127.0.0.1';
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

export async function startHeadOffice(options: HeadOfficeOptions = {}): Promise<RunningHeadOffice> {
  const log = options.log ?? ((line: string) => console.log(line));
  const adminToken = options.adminToken ?? adminTokenFromDataDir(options.dataDir ?? DEFAULT_DATA_DIR, log);
  let poke: (targets: PokeTarget[]) => void = () => undefined;
  const { database, ho } = await openHeadOffice(options, log, (targets) => poke(targets));
  const backOfficeDir = options.backOfficeDir ?? DEFAULT_BACK_OFFICE_DIR;
  const backOfficeBuilt = isBuilt(backOfficeDir);
  if (!backOfficeBuilt)
    log(`The back office is not built (${backOfficeDir}): run npm run build to serve it.`);

  const channels = channelService(ho, options.channels ?? {}, log);
  const httpServer = createServer();
  let disconnectRegister: (registerId: string) => void = () => undefined;
  let setup;
  let api;
  let sockets;
  try {
    setup = await setupLinkWhileNobody(ho);
    // The HTTP side first: socket.io takes the requests for its own path and passes the rest on.
    api = await createHttpApi(httpServer, {
      ho,
      adminToken,
      passwordHashCost: options.passwordHashCost ?? DEFAULT_PASSWORD_COST,
      trustProxy: options.trustProxy ?? false,
      backOfficeDir: backOfficeBuilt ? backOfficeDir : null,
      disconnectRegister: (registerId) => disconnectRegister(registerId),
      log,
      channels,
    });
    sockets = await attachSockets(httpServer, ho, adapterOptions(options, database), log);
  } catch (error) {
    channels.stop();
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
  const digestTimer = setInterval(
    () => {
      runLowStockDigest(ho).catch((error) => log(`the low-stock digest failed: ${String(error)}`));
    },
    options.digestIntervalMs ?? 24 * 60 * 60_000,
  );
  digestTimer.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 4100, options.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = localUrl(options.host, port);
  if (setup) {
    log(
      `Nobody can sign in to the back office yet. Open ${linkView(url, 'setup', setup).url} within 24 hours ` +
        'to make the first owner (or run: npm run headoffice -- create-owner --email E --name N).',
    );
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    db: database.db,
    adminToken,
    channels,
    pruneChangeLog: prune,
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer);
        channels.stop();
        clearInterval(digestTimer);
        httpServer.closeAllConnections();
        await sockets.close();
        await api.close();
        await database.close();
      })();
      return closing;
    },
  };
}

/** A terminal command's work on head office's database (migrated first; head office need not be running). */
async function fromTerminal<T>(options: HeadOfficeOptions, work: (ho: HeadOffice) => Promise<T>): Promise<T> {
  const { database, ho } = await openHeadOffice(options, options.log ?? console.error, () => undefined);
  try {
    return await work(ho);
  } finally {
    await database.close();
  }
}

/**
 * `npm run headoffice -- create-owner`: makes an owner in head office's database (migrated first; head office
 * need not be running) and returns the one-time link, starting with `baseUrl`, where they choose their password.
 */
export async function createOwnerFromTerminal(
  options: HeadOfficeOptions,
  owner: { email: string; name: string },
  baseUrl: string,
): Promise<string> {
  return fromTerminal(options, async (ho) => {
    const { user, link } = await createOwner(ho, owner);
    await recordAudit(ho, {
      actor: systemActor,
      action: 'create-owner',
      target: `userId=${user.id}`,
      details: { email: user.email, name: user.name },
    });
    return linkView(baseUrl, 'password', link).url;
  });
}

/**
 * `npm run headoffice -- journal`: a store's journals of a day, as a table or as an export file (recorded as an
 * export), read from head office's database (migrated first; head office need not be running).
 */
export async function journalFromTerminal(
  options: HeadOfficeOptions,
  request: JournalRequest,
): Promise<string> {
  return fromTerminal(options, (ho) => terminalJournal(ho, request));
}

/**
 * `npm run headoffice -- stock:check [--repair]`: every store's balances against the movements, in head office's
 * database (migrated first). Head office may be running: the check waits for stock writes like any of them, and
 * the registers pick a repair up as they sync. A repair is audited.
 */
export async function stockCheckFromTerminal(
  options: HeadOfficeOptions,
  repair: boolean,
): Promise<StockCheckReport> {
  return fromTerminal(options, async (ho) => {
    const report = await checkStock(ho, { repair });
    if (report.repaired) {
      await recordAudit(ho, {
        actor: systemActor,
        action: 'stock-repair',
        target: 'stock',
        details: { differences: report.differences },
      });
    }
    return report;
  });
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
