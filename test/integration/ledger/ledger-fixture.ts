/**
 * A register on a real SQLite ledger in a temp directory: the demo store as first start seeds it, plus a small
 * known test catalog on top. Shared by the ledger service tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createRegisterApp, type RegisterApp } from '../../../src/main/app.ts';
import type { ProductHit } from '../../../src/shared/domain.ts';
import { gtinCheckDigit } from '../../../src/shared/gtin.ts';

export const repoRoot = join(import.meta.dirname, '../../..');
export const resourcesDir = join(repoRoot, 'resources');

/** A valid EAN-13 for a 12-digit body (prefix 590: never used by the demo catalog). */
export const ean = (body: string): string => `${body}${gtinCheckDigit(body)}`;

export const codes = {
  milk: ean('590123400001'),
  cola: ean('590123400002'),
  cake: ean('590123400003'),
  crisps: ean('590123400004'),
};

export const testCatalogCsv = `sku,name,price,tax_code,category,unit,barcodes,active,stock
T-MILK,Test Whole Milk 1L,1.29,ZERO,Dairy,each,${codes.milk},yes,10
T-COLA,Test Cola 330ml,0.99,STD,Drinks,each,${codes.cola},yes,24
T-CAKE,Test Chocolate Cake,4.99,RED,Bakery,each,${codes.cake},yes,2
T-CRISPS,Test Discontinued Crisps,0.89,STD,Snacks,each,${codes.crisps},no,3
T-BANANA,Test Bananas,1.69,ZERO,Fruit & Veg,kg,,yes,10
`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'counter-ledger-'));
  dirs.push(dir);
  return dir;
}

/** A cheap scrypt cost for PIN hashes, so the many logins in tests stay fast (the app uses a slow one). */
export const testPinHashCost = 1024;

/** The demo users' PINs (src/main/services/demo-seed.ts). */
export const pins = { cashier: '1111', supervisor: '2222', manager: '9999' } as const;

/** Starts (or restarts) the register on a data directory, as the app does: nobody logged in yet. */
export function startRegister(dataDir: string, now?: () => Date): RegisterApp {
  return createRegisterApp({
    dataDir,
    resourcesDir,
    version: 'test',
    pinHashCost: testPinHashCost,
    ...(now ? { now } : {}),
  });
}

/** What the cashier does before selling: log in (Alex by default) and open a shift (empty float) if none is. */
export function signIn(app: RegisterApp, pin: string = pins.cashier): RegisterApp {
  app.services.people.login({ pin });
  if (!app.services.shifts.current().shift) app.services.shifts.open({ count: [] });
  return app;
}

/**
 * What the drawer should hold, from the supervisor's X report (a cashier's is blind); then the user of `pin`
 * (the cashier by default) logs in again, as after a supervisor looked over their shoulder.
 */
export function expectedCash(app: RegisterApp, pin: string = pins.cashier): number {
  const { people, shifts } = app.services;
  people.login({ pin: pins.supervisor });
  const { cash } = shifts.xReport().totals;
  people.login({ pin });
  if (!cash) throw new Error('The supervisor’s X report is blind');
  return cash.expectedMinor;
}

/** Starts (or restarts) the register with the cashier logged in and a shift open, ready to sell. */
export function startApp(dataDir: string, now?: () => Date): RegisterApp {
  return signIn(startRegister(dataDir, now));
}

/** A first start on a fresh directory, with the test catalog imported. */
export function freshApp(): RegisterApp & { dataDir: string } {
  const dataDir = tempDir();
  const app = startApp(dataDir);
  const report = app.services.catalog.importCsv(testCatalogCsv);
  if (report.errors.length > 0) throw new Error(JSON.stringify(report.errors));
  return Object.assign(app, { dataDir });
}

export function product(app: RegisterApp, sku: string): ProductHit {
  const hit = app.services.catalog.lookupCode(sku);
  if (!hit) throw new Error(`No product ${sku}`);
  return hit;
}

export { errorOf } from '../../harness/counter-error.ts';

export function count(app: RegisterApp, table: string): number {
  return app.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}
