/**
 * `npm run headoffice`: runs a head-office node from environment variables.
 *
 *   PORT                   default 4100
 *   HEADOFFICE_DATA_DIR    default ./.counter-data/headoffice (SQLite file, generated admin token)
 *   DATABASE_URL           postgres://… to use PostgreSQL instead of SQLite
 *   HEADOFFICE_ADMIN_TOKEN bearer token for the admin API (generated and printed on first start if unset)
 *   REDIS_URL              use the Redis adapter for pokes between nodes
 *   HEADOFFICE_ADAPTER     none | postgres | redis (default: redis when REDIS_URL is set, else none)
 */
import { pathToFileURL } from 'node:url';
import { startHeadOffice, type HeadOfficeOptions } from './app.ts';

/** Tests and scripts import it from here (or app.ts); importing does not start a server. */
export { startHeadOffice };

function adapterFromEnv(): HeadOfficeOptions['adapter'] {
  const chosen = process.env.HEADOFFICE_ADAPTER;
  if (chosen === 'none' || chosen === 'postgres' || chosen === 'redis') return chosen;
  if (chosen) throw new Error(`HEADOFFICE_ADAPTER="${chosen}": use none, postgres or redis.`);
  return process.env.REDIS_URL ? 'redis' : 'none';
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT="${process.env.PORT}" is not a port number.`);
  const headOffice = await startHeadOffice({
    port,
    dataDir: process.env.HEADOFFICE_DATA_DIR,
    databaseUrl: process.env.DATABASE_URL || undefined,
    adminToken: process.env.HEADOFFICE_ADMIN_TOKEN || undefined,
    adapter: adapterFromEnv(),
    redisUrl: process.env.REDIS_URL || undefined,
  });
  console.log(
    `Head office listening on ${headOffice.url} (${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`,
  );
  const stop = () => {
    headOffice.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
