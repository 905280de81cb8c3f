/**
 * Head office on SQLite copies its WAL into the database file on a thread of its own (db/checkpoint-worker.ts),
 * so no commit waits for that copy: SQLite's own checkpoint only runs at 64 MB of WAL, as a backstop.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { putProducts, startTestHeadOffice, type TestHeadOffice } from './helpers.ts';

let ho: TestHeadOffice | undefined;
afterEach(async () => {
  await ho?.close();
  await ho?.database.cleanup();
});

it('copies what was committed into the database file in the background, far below SQLite’s own threshold', async () => {
  ho = await startTestHeadOffice('sqlite');
  const file = join(ho.database.options.dataDir!, 'headoffice.db');
  const before = statSync(file).size;

  // About 2 MB of products, barcodes and change-log entries: far less than the 64 MB backstop.
  for (let batch = 0; batch < 5; batch++) {
    await putProducts(
      ho.admin,
      Array.from({ length: 1_000 }, (_unused, i) => ({
        sku: `SKU-${batch}-${i}`,
        name: `A product with a name as long as the ones shops use, number ${batch}-${i}`,
        priceMinor: 100 + i,
      })),
    );
  }

  await vi.waitFor(() => expect(statSync(file).size - before).toBeGreaterThan(1024 * 1024), {
    timeout: 10_000,
    interval: 50,
  });
  expect((await ho.admin('GET', '/api/products?limit=1')).status).toBe(200);
});
