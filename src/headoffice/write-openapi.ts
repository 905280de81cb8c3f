/**
 * `npm run openapi`: writes the OpenAPI document head office serves at GET /api/openapi.json to
 * docs/openapi.json. It asks a head office started for the purpose (an empty SQLite database in a temporary
 * directory), so the file is exactly what a running server describes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startHeadOffice } from './app.ts';

export const openApiFile = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

/** The document as docs/openapi.json holds it. */
export async function openApiDocument(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-openapi-'));
  try {
    const headOffice = await startHeadOffice({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      adminToken: 'not used',
      log: () => undefined,
    });
    try {
      const response = await fetch(`${headOffice.url}/api/openapi.json`);
      if (!response.ok) throw new Error(`GET /api/openapi.json answered ${response.status}`);
      return `${JSON.stringify(await response.json(), null, 2)}\n`;
    } finally {
      await headOffice.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  openApiDocument().then(
    (document) => {
      writeFileSync(openApiFile, document);
      console.log(`Wrote ${openApiFile}`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
