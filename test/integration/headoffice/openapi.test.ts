/**
 * The OpenAPI document is generated from the routes' zod schemas and the access each declares: head office
 * serves it without a token, and docs/openapi.json must be what `npm run openapi` writes today (a route or schema
 * changed without running it fails here).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, openApiFile } from '../../../src/headoffice/write-openapi.ts';
import { permissions } from '../../../src/shared/backoffice/roles.ts';
import { startTestHeadOffice, type TestHeadOffice } from './helpers.ts';

describe('the OpenAPI document', () => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice('sqlite');
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  it('is in docs/openapi.json as `npm run openapi` writes it now', async () => {
    expect(readFileSync(openApiFile, 'utf8'), 'docs/openapi.json is stale: run npm run openapi').toBe(
      await openApiDocument(),
    );
  });

  it('is served without a token and says for every route who may call it', async () => {
    const reply = await ho.admin('GET', '/api/openapi.json', undefined, null);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(JSON.parse(readFileSync(openApiFile, 'utf8')));
    const operations = Object.entries(
      reply.body.paths as Record<string, Record<string, { security?: Record<string, string[]>[] }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        security: operation.security,
      })),
    );
    expect(operations.map(({ route }) => route)).toContain('POST /api/stores/{storeId}/stock-movements');
    expect(operations).toHaveLength(115);
    // Open: the health check, enrolment, signing in and the one-time links.
    expect(operations.filter(({ security }) => security?.length === 0).map(({ route }) => route)).toEqual([
      'GET /healthz',
      'POST /api/enroll',
      'POST /api/session',
      'POST /api/setup',
      'POST /api/password',
      'POST /api/channels/{channelId}/webhooks',
    ]);
    // Anyone signed in: their own session and password.
    expect(
      operations.filter(({ security }) => security?.[0]?.session?.length === 0).map(({ route }) => route),
    ).toEqual(['GET /api/session', 'DELETE /api/session', 'POST /api/users/me/password']);
    // Every other route: an API token or a session holding one permission of the roles table.
    for (const { route, security } of operations.filter((operation) => operation.security?.[0]?.apiToken)) {
      const [permission] = security![0]!.apiToken!;
      expect(permissions, route).toContain(permission);
      expect(security, route).toEqual([{ apiToken: [permission] }, { session: [permission] }]);
    }
    expect(reply.body.security).toBeUndefined();
  });
});
