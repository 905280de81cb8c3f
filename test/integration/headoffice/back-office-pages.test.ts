/**
 * Head office serves the back office on the API's own origin: its files under /assets, and index.html for every
 * page a browser asks for (the app's router shows the page), with a strict Content-Security-Policy of its own.
 * The API, the health check and the registers' socket never answer with a page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHeadOffice, type TestHeadOffice } from './helpers.ts';

const page =
  '<!doctype html><title>Counter back office</title><script type="module" src="/assets/app-1a2b.js"></script>';

describe('the back office at /', () => {
  let ho: TestHeadOffice;
  let built: string;

  beforeAll(async () => {
    built = mkdtempSync(join(tmpdir(), 'counter-backoffice-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), page);
    writeFileSync(join(built, 'assets/app-1a2b.js'), 'console.log("back office");');
    ho = await startTestHeadOffice('sqlite', { backOfficeDir: built });
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
    rmSync(built, { recursive: true, force: true });
  });

  it.each(['/', '/products', '/sales/today', '/setup?token=abc', '/set-password?token=abc'])(
    'answers the page %s with index.html and a CSP that allows this origin only',
    async (path) => {
      const response = await fetch(ho.url + path, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toBe(page);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('serves the built files, to be kept a year (their names change with their content)', async () => {
    const response = await fetch(`${ho.url}/assets/app-1a2b.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect(await response.text()).toBe('console.log("back office");');
  });

  it.each([
    ['a file that is not there', '/assets/gone.js'],
    ['a path out of the folder', '/assets/..%2Findex.html'],
    ['an API path that does not exist', '/api/nothing-here'],
    ['the health check under another name', '/healthz/more'],
    ['a path naming a file', '/favicon.ico'],
  ])('answers %s with a JSON 4xx, never the page', async (_what, path) => {
    const response = await fetch(ho.url + path, { headers: { accept: 'text/html' } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toMatchObject({ error: { message: expect.any(String) } });
  });

  it('gives a page only to a GET: another method on a page path is a 404', async () => {
    const response = await fetch(`${ho.url}/products`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('head office without a built back office', () => {
  let ho: TestHeadOffice;
  let empty: string;

  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'counter-backoffice-'));
    ho = await startTestHeadOffice('sqlite', { backOfficeDir: empty });
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
    rmSync(empty, { recursive: true, force: true });
  });

  it('says how to build it, and the API works as ever', async () => {
    const response = await fetch(`${ho.url}/`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'The back office is not built here: run npm run build, then start head office again.',
      },
    });
    expect((await ho.admin('GET', '/api/stores')).status).toBe(200);
  });
});
