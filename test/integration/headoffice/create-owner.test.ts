/**
 * `npm run headoffice -- create-owner --email E --name N`, run as a person runs it at head office's terminal (the
 * real server.ts in its own process, on the data directory head office uses): it makes an owner and prints the
 * one-time link where they choose their password; a wrong command line says what to type instead.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/sync-register.ts';
import { startTestHeadOffice, testDatabase, type TestHeadOffice } from './helpers.ts';
import { linkToken, PASSWORD, send, signIn, TEST_PASSWORD_COST } from './people-helpers.ts';

const run = promisify(execFile);

describe('npm run headoffice -- create-owner', () => {
  const database = testDatabase('sqlite');
  let ho: TestHeadOffice | undefined;
  afterAll(async () => {
    await ho?.close();
    await database.cleanup();
  });

  const headOffice = (...args: string[]) =>
    run(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', join(repoRoot, 'src/headoffice/server.ts'), ...args],
      {
        env: {
          ...process.env,
          HEADOFFICE_DATA_DIR: database.options.dataDir,
          PORT: '4321',
          DATABASE_URL: '',
        },
      },
    );

  it('makes an owner who chooses their password through the link it prints', async () => {
    const { stdout } = await headOffice('create-owner', '--email', 'Ana@Example.com', '--name', 'Ana Byrne');
    const printed =
      /^Owner made\. They choose their password at (http:\/\/127\.0\.0\.1:4321\/set-password\?token=\S+) \(works once, for 24 hours\)\.\n$/.exec(
        stdout,
      );
    expect(printed, stdout).not.toBeNull();

    ho = await startTestHeadOffice('sqlite', { passwordHashCost: TEST_PASSWORD_COST }, database);
    const chosen = await send(ho.url, 'POST', '/api/password', {
      token: linkToken(printed![1]!),
      password: PASSWORD,
    });
    expect(chosen.status).toBe(204);
    const ana = await signIn(ho.url, 'ana@example.com');
    expect((await ana.call('GET', '/api/session')).body.user).toMatchObject({
      name: 'Ana Byrne',
      role: 'owner',
    });
    expect((await ana.call('GET', '/api/audit?actor=system')).body.items).toEqual([
      expect.objectContaining({
        actorName: 'head office terminal',
        action: 'create-owner',
        target: `userId=${ana.userId}`,
        details: { email: 'ana@example.com', name: 'Ana Byrne' },
      }),
    ]);
  });

  it('says what to type when the command line is wrong, and makes nobody', async () => {
    const refusals = [
      [
        ['create-owner', '--email', 'bo@example.com'],
        /create-owner needs --email and --name: npm run headoffice -- create-owner --email/,
      ],
      [
        ['create-owner', '--email', 'bo', '--name', 'Bo'],
        /The owner is not valid: email: Email: an address such as ana@example.com/,
      ],
      [
        ['create-owner', '--mail', 'bo@example.com', '--name', 'Bo'],
        /create-owner takes --email and --name, each with a value: npm run headoffice -- create-owner/,
      ],
      [
        ['create-owner', '--email', 'ANA@example.com', '--name', 'Ana again'],
        /already a user with the email ana@example.com/,
      ],
      [['make-owner'], /"make-owner" is not a head-office command/],
    ] as const;
    for (const [args, message] of refusals) {
      await expect(headOffice(...args), args.join(' ')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(message),
      });
    }
    const users = await ho!.db.selectFrom('users').select('email').execute();
    expect(users).toEqual([{ email: 'ana@example.com' }]);
  });
});
