/**
 * What the ledger commands share: finding the register's data directory, opening its existing ledger with the
 * services, and turning failures into a message and an exit code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ledgerFileName } from '../app.ts';
import { EventBus } from '../events.ts';
import { openLedger } from '../ledger/database.ts';
import { createServices, type Services } from '../services/index.ts';
import { isCounterError } from '../../shared/errors.ts';

/** Exit codes: 0 done, 1 the command found problems (reported), 2 it could not run. */
export const exitCodes = { ok: 0, problems: 1, failed: 2 } as const;

export class UsageError extends Error {}

export function resolveDataDir(option: string | undefined): string {
  const dataDir = option ?? process.env['COUNTER_DATA_DIR'];
  if (!dataDir) {
    throw new UsageError("Say which register's data to use: --data-dir DIR, or set COUNTER_DATA_DIR.");
  }
  return dataDir;
}

/** Opens the ledger in dataDir (migrating it if it is older), refusing to create one where there is none. */
export function openServices(dataDir: string): { services: Services; close(): void } {
  const file = join(dataDir, ledgerFileName);
  if (!existsSync(file)) {
    throw new UsageError(`There is no ledger at ${file}: start Counter once with this data directory first.`);
  }
  const db = openLedger(file);
  const version = process.env['npm_package_version'] ?? 'cli';
  const services = createServices({ db, events: new EventBus(), now: () => new Date(), version });
  return {
    services,
    close: () => {
      services.close();
      db.close();
    },
  };
}

/** Runs a command and exits with its code; known failures print their message, others their stack. */
export function runCommand(usage: string, command: () => number): void {
  try {
    process.exitCode = command();
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      console.error(`${error.message}\n\n${usage}`);
    } else if (isCounterError(error)) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exitCode = exitCodes.failed;
  }
}

/** node:util parseArgs refuses unknown or malformed options with these codes. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}
