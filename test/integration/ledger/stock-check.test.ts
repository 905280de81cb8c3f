import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import type { EventMessage } from '../../../src/shared/contract.ts';
import { codes, freshApp, product, repoRoot, tempDir } from './ledger-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

/** Sells a few things, then corrupts one balance the way a bad manual fix would. */
function tamperedRegister(): { dataDir: string; cakeId: number } {
  const fresh = freshApp();
  app = fresh;
  for (let i = 0; i < 3; i++) {
    app.services.sales.scan({ code: codes.cake });
    app.services.sales.addTender({ kind: 'card', amountMinor: app.services.sales.current().dueMinor });
    app.services.sales.complete();
  }
  const cakeId = product(app, 'T-CAKE').id;
  app.db.prepare('UPDATE stock_balances SET on_hand = 40, damaged = 2 WHERE product_id = ?').run(cakeId);
  return { dataDir: fresh.dataDir, cakeId };
}

function runCli(script: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings', script, ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, COUNTER_DATA_DIR: '' },
    },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('stock check', () => {
  it('finds a balance that disagrees with the movements and repairs it from them', () => {
    const { cakeId } = tamperedRegister();
    const changes: EventMessage[] = [];
    app.events.subscribe((message) => {
      if (message.name === 'stock.changed') changes.push(message);
    });

    const report = app.services.stock.check();
    expect(report.productsChecked).toBeGreaterThan(300);
    expect(report).toMatchObject({
      differences: [
        { productId: cakeId, sku: 'T-CAKE', state: 'damaged', projected: 2, fromMovements: 0 },
        { productId: cakeId, sku: 'T-CAKE', state: 'on_hand', projected: 40, fromMovements: 2 - 3 },
      ],
      repaired: false,
    });
    expect(app.services.stock.availability(cakeId).onHandHere).toBe(40);

    expect(app.services.stock.check({ repair: true }).repaired).toBe(true);
    expect(app.services.stock.availability(cakeId)).toMatchObject({
      onHandHere: -1,
      here: { on_hand: -1, damaged: 0, committed: 0, in_transit: 0 },
    });
    expect(app.services.stock.check()).toMatchObject({ differences: [], repaired: false });
    expect(changes).toEqual([{ name: 'stock.changed', payload: { productIds: [cakeId] } }]);
  });

  it('shows availability here, and no other stores until sync brings them', () => {
    app = freshApp();
    const milk = product(app, 'T-MILK');
    expect(app.services.stock.availability(milk.id)).toEqual({
      product: {
        id: milk.id,
        sku: 'T-MILK',
        name: 'Test Whole Milk 1L',
        priceMinor: 129,
        taxCode: 'ZERO',
        category: 'Dairy',
        unit: 'each',
        active: true,
        barcodes: [codes.milk],
      },
      onHandHere: 10,
      here: { on_hand: 10, damaged: 0, committed: 0, in_transit: 0 },
      availableHere: 10,
      incomingHere: 0,
      otherStores: [],
    });
  });
});

describe('ledger commands', () => {
  it('stock:check reports differences (exit 1) and repairs them with --repair (exit 0)', () => {
    const { dataDir } = tamperedRegister();
    app.close();

    const found = runCli('src/main/cli/check-stock.ts', ['--data-dir', dataDir]);
    expect(found.status).toBe(1);
    expect(found.output).toContain('T-CAKE on hand: balance says 40, movements add up to -1');
    expect(found.output).toContain('T-CAKE damaged: balance says 2, movements add up to 0');
    expect(found.output).toContain('--repair');

    expect(runCli('src/main/cli/check-stock.ts', ['--data-dir', dataDir, '--repair']).status).toBe(0);
    const clean = runCli('src/main/cli/check-stock.ts', ['--data-dir', dataDir]);
    expect(clean).toMatchObject({ status: 0, output: expect.stringContaining('balances match') });
  });

  it('stock:check refuses to run without a ledger (exit 2)', () => {
    const missing = runCli('src/main/cli/check-stock.ts', ['--data-dir', tempDir()]);
    expect(missing.status).toBe(2);
    expect(missing.output).toContain('There is no ledger at');
    expect(runCli('src/main/cli/check-stock.ts', []).output).toContain(
      '--data-dir DIR, or set COUNTER_DATA_DIR',
    );
  });

  it('catalog:import lists every problem (exit 1), or imports the file (exit 0)', () => {
    app = freshApp();
    const { dataDir } = app as RegisterApp & { dataDir: string };
    app.close();
    const bad = join(tempDir(), 'bad.csv');
    writeFileSync(bad, 'sku,name,price,tax_code\nA-1,First,1.x,STD\nA-2,Second,2.00,NOPE\n');
    const good = join(tempDir(), 'good.csv');
    writeFileSync(good, 'sku,name,price,tax_code\nA-1,First,1.00,STD\nT-MILK,Test Whole Milk 1L,1.35,ZERO\n');

    const refused = runCli('src/main/cli/import-catalog.ts', [bad, '--data-dir', dataDir]);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain('row 2: price: "1.x" is not a price like 3.49');
    expect(refused.output).toContain('row 3: tax_code: "NOPE"');
    expect(refused.output).toContain('nothing was imported');

    const imported = runCli('src/main/cli/import-catalog.ts', [good, '--data-dir', dataDir]);
    expect(imported).toMatchObject({ status: 0, output: expect.stringContaining('2 products') });
    expect(imported.output).toContain('1 new, 1 updated');
  });
});
