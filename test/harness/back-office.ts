/**
 * The real head office (in this process, on port 0) serving the built back office (out/backoffice, from
 * `npm run build`), on SQLite or PostgreSQL, fresh: nobody can sign in yet, and the setup link head office
 * prints at start is kept for the test to open, as the first owner opens it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HeadOfficeOptions } from '../../src/headoffice/app.ts';
import {
  startTestHeadOffice,
  type DialectName,
  type TestHeadOffice,
} from '../integration/headoffice/helpers.ts';
import { TEST_PASSWORD_COST } from '../integration/headoffice/people-helpers.ts';
import { repoRoot } from './built-app.ts';

export const builtBackOfficeDir = join(repoRoot, 'out/backoffice');

export interface BackOfficeServer {
  ho: TestHeadOffice;
  /** The one-time setup link head office printed: http://127.0.0.1:<port>/setup?token=… */
  setupUrl: string;
  close(): Promise<void>;
}

export async function startBackOffice(
  dialect: DialectName,
  options: Partial<HeadOfficeOptions> = {},
): Promise<BackOfficeServer> {
  if (!existsSync(join(builtBackOfficeDir, 'index.html')))
    throw new Error(`${builtBackOfficeDir} has no index.html. Build first: run \`npm run build\`.`);
  const printed: string[] = [];
  const ho = await startTestHeadOffice(dialect, {
    backOfficeDir: builtBackOfficeDir,
    passwordHashCost: TEST_PASSWORD_COST,
    log: (line) => printed.push(line),
    ...options,
  });
  const setupUrl = printed.join('\n').match(/http:\/\/\S+\/setup\?token=\S+/)?.[0];
  if (!setupUrl) throw new Error(`Head office printed no setup link:\n${printed.join('\n')}`);
  return {
    ho,
    setupUrl,
    close: async () => {
      await ho.close();
      await ho.database.cleanup();
    },
  };
}
