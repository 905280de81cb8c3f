/**
 * `npm run headoffice`: runs a head-office node from environment variables.
 * `npm run headoffice -- create-owner --email E --name N`: makes an owner (in the database these variables name)
 * and prints the one-time link where they choose their password.
 * `npm run headoffice -- journal --store S --date D [--format F]`: prints a store's journal of a day, or exports
 * it (xero, qbo, iif, csv) to standard output.
 * `npm run headoffice -- stock:check [--repair]`: checks every store's stock balances against the movements
 * (exit code 1 when some differ and were not repaired).
 *
 *   PORT                   default 4100
 *   HOST                   the address to listen on; default every interface (registers on other machines can
 *                          connect), 127.0.0.1 for this machine only
 *   HEADOFFICE_DATA_DIR    default ./.counter-data/headoffice (SQLite file, generated admin token)
 *   DATABASE_URL           postgres://… to use PostgreSQL instead of SQLite
 *   HEADOFFICE_ADMIN_TOKEN the legacy admin token (generated and printed on first start if unset); owner rights
 *                          until an owner revokes it
 *   REDIS_URL              use the Redis adapter for pokes between nodes
 *   HEADOFFICE_ADAPTER     none | postgres | redis (default: redis when REDIS_URL is set, else none)
 *   TRUST_PROXY            1: behind a reverse proxy, take the client's address and https from X-Forwarded-*
 */
import { networkInterfaces } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createOwnerFromTerminal,
  journalFromTerminal,
  localUrl,
  startHeadOffice,
  stockCheckFromTerminal,
  type HeadOfficeOptions,
} from './app.ts';
import { JOURNAL_USAGE, journalRequestFromArgs } from './books/cli.ts';
import { describeStockCheck } from './stock-check.ts';
import { secretsKeyOf, SECRETS_KEY_ENV } from './channels/secrets.ts';

/** Tests and scripts import it from here (or app.ts); importing does not start a server. */
export { startHeadOffice };

function adapterFromEnv(): HeadOfficeOptions['adapter'] {
  const chosen = process.env.HEADOFFICE_ADAPTER;
  if (chosen === 'none' || chosen === 'postgres' || chosen === 'redis') return chosen;
  if (chosen) throw new Error(`HEADOFFICE_ADAPTER="${chosen}": use none, postgres or redis.`);
  return process.env.REDIS_URL ? 'redis' : 'none';
}

const CREATE_OWNER_USAGE = 'npm run headoffice -- create-owner --email ana@example.com --name "Ana Byrne"';
const STOCK_CHECK_USAGE = 'npm run headoffice -- stock:check [--repair]';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT="${process.env.PORT}" is not a port number.`);
  const host = process.env.HOST || undefined;
  const database = {
    dataDir: process.env.HEADOFFICE_DATA_DIR,
    databaseUrl: process.env.DATABASE_URL || undefined,
  };
  const [command, ...args] = process.argv.slice(2);
  if (command === 'create-owner') {
    const link = await createOwnerFromTerminal(database, ownerFromArgs(args), localUrl(host, port));
    console.log(`Owner made. They choose their password at ${link} (works once, for 24 hours).`);
    return;
  }
  if (command === 'journal') {
    process.stdout.write(await journalFromTerminal(database, journalRequestFromArgs(args)));
    return;
  }
  if (command === 'stock:check') {
    const report = await stockCheckFromTerminal(database, repairFromArgs(args));
    const { lines, exitCode } = describeStockCheck(report);
    for (const line of lines) console.log(line);
    process.exitCode = exitCode;
    return;
  }
  if (command !== undefined) {
    throw new Error(
      `"${command}" is not a head-office command: run npm run headoffice, ${CREATE_OWNER_USAGE}, ${JOURNAL_USAGE} or ${STOCK_CHECK_USAGE}.`,
    );
  }
  const headOffice = await startHeadOffice({
    port,
    host,
    ...database,
    adminToken: process.env.HEADOFFICE_ADMIN_TOKEN || undefined,
    adapter: adapterFromEnv(),
    redisUrl: process.env.REDIS_URL || undefined,
    trustProxy: process.env.TRUST_PROXY === '1',
    channels: { secretsKey: secretsKeyOf(process.env[SECRETS_KEY_ENV]) },
  });
  console.log(
    `Head office listening on ${headOffice.url} (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`,
  );
  console.log(whoCanConnect(host, headOffice.port));
  const stop = () => {
    headOffice.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** stock:check takes --repair and nothing else. */
function repairFromArgs(args: string[]): boolean {
  try {
    return parseArgs({ args, options: { repair: { type: 'boolean' } } }).values.repair ?? false;
  } catch (error) {
    throw new Error(`stock:check takes only --repair: ${STOCK_CHECK_USAGE}.`, { cause: error });
  }
}

/** --email and --name, both needed; the email and name themselves are checked where the owner is made. */
function ownerFromArgs(args: string[]): { email: string; name: string } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } }));
  } catch (error) {
    // Node's own words talk about positional arguments; a person needs the command line to type.
    throw new Error(`create-owner takes --email and --name, each with a value: ${CREATE_OWNER_USAGE}.`, {
      cause: error,
    });
  }
  if (values.email === undefined || values.name === undefined)
    throw new Error(`create-owner needs --email and --name: ${CREATE_OWNER_USAGE}.`);
  return { email: values.email, name: values.name };
}

/** What HOST means for registers on other machines, in the words `npm run headoffice` prints at start. */
function whoCanConnect(host: string | undefined, port: number): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') {
    const addresses = Object.values(networkInterfaces()).flatMap((list = []) =>
      list
        .filter((address) => address.family === 'IPv4' && !address.internal)
        .map((address) => `http://${address.address}:${port}`),
    );
    return (
      "Listening on every network interface: registers on other machines connect to this machine's address" +
      (addresses.length > 0 ? ` (${addresses.join(', ')})` : '') +
      '. Set HOST=127.0.0.1 to accept this machine only.'
    );
  }
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) {
    return `Listening on ${host} only: registers on other machines cannot connect. Leave HOST unset to accept them.`;
  }
  return `Listening on ${host} only: registers connect to http://${host.includes(':') ? `[${host}]` : host}:${port}.`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
