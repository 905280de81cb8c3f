/**
 * The OpenAPI document is generated from the routes' zod schemas: head office serves it without a token, and
 * docs/openapi.json must be what `npm run openapi` writes today (a route or schema changed without running it
 * fails here).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, openApiFile } from '../../../src/headoffice/write-openapi.ts';
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

  it('is served without a token and names every admin route and who may call it', async () => {
    const reply = await ho.admin('GET', '/api/openapi.json', undefined, null);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(JSON.parse(readFileSync(openApiFile, 'utf8')));
    const operations = Object.entries(
      reply.body.paths as Record<string, Record<string, { security?: [] }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
    expect(operations.map(({ route }) => route)).toContain('POST /api/stores/{storeId}/stock-movements');
    expect(operations).toHaveLength(22);
    // Open: the health check and enrolment; the rest need the admin token (the document's default).
    expect(
      operations.filter(({ operation }) => operation.security?.length === 0).map(({ route }) => route),
    ).toEqual(['GET /healthz', 'POST /api/enroll']);
    expect(reply.body.security).toEqual([{ adminToken: [] }]);
  });
});
