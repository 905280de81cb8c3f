/**
 * The real head office (in this process, on port 0) serving the built back office (out/backoffice, from
 * `npm run build`), on SQLite or PostgreSQL, fresh: nobody can sign in yet, and the setup link head office
 * prints at start is kept for the test to open, as the first owner opens it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HeadOfficeOptions } from '../../src/headoffice/app.ts';
import {
  startTestHeadOffice,
  type DialectName,
  type TestHeadOffice,
} from '../integration/headoffice/helpers.ts';
import { TEST_PASSWORD_COST } from '../integration/headoffice/people-helpers.ts';
import { repoRoot } from './built-app.ts';

export const builtBackOfficeDir = join(repoRoot, 'out/backoffice');

/** The first owner fills in the setup page head office's link opened, and lands on Today. */
export async function makeFirstOwner(
  page: Page,
  owner: { name: string; email: string; password: string },
): Promise<void> {
  await page.getByTestId('setup-name').fill(owner.name);
  await page.getByTestId('setup-email').fill(owner.email);
  await page.getByTestId('password').fill(owner.password);
  await page.getByTestId('password-again').fill(owner.password);
  await page.getByTestId('setup-submit').click();
  await page.locator('h1', { hasText: 'Today' }).waitFor({ timeout: 20_000 });
}

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
