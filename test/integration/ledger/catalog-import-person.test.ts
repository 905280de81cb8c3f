/**
 * The catalog import as a person at the register runs it (the 'catalog.importCsv' channel): a dry run first, a
 * manager's permission to apply it, optional columns that change nothing when absent, refused once head office
 * owns the catalog, and scans that keep flowing while a large file is written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import type { ImportProgress } from '../../../src/shared/domain.ts';
import { catalogCsv, generateCatalog } from '../../fixtures/catalog-generator.ts';
import { codes, count, ean, freshApp, pins, product } from './ledger-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const importCsv = (csv: string, dryRun: boolean, pin?: string) =>
  app.dispatch('catalog.importCsv', { csv, dryRun, ...(pin ? { approval: { pin } } : {}) });

const updatedAt = (sku: string) =>
  app.db.prepare('SELECT updated_at FROM products WHERE sku = ?').pluck().get(sku) as string;

describe('catalog import at the register', () => {
  it('keeps barcodes and category when their columns are absent, and clears them when present and empty', () => {
    app = freshApp();
    const report = app.services.catalog.importCsv(
      ['sku,name,price,tax_code', 'T-MILK,Test Whole Milk 1L,1.35,ZERO'].join('\n'),
    );
    expect(report).toMatchObject({ updated: 1, fieldChanges: { price: 1 } });
    expect(product(app, 'T-MILK')).toMatchObject({
      priceMinor: 135,
      category: 'Dairy',
      barcodes: [codes.milk],
      active: true,
    });
    expect(app.services.catalog.lookupCode(codes.milk)?.sku).toBe('T-MILK');

    const cleared = app.services.catalog.importCsv(
      ['sku,name,price,tax_code,category,barcodes', 'T-MILK,Test Whole Milk 1L,1.35,ZERO,,'].join('\n'),
    );
    expect(cleared).toMatchObject({ updated: 1, fieldChanges: { category: 1, barcodes: 1 } });
    expect(product(app, 'T-MILK')).toMatchObject({ category: null, barcodes: [] });
  });

  it('shows a dry run (new, changed, unchanged, fields) that writes nothing, then imports on confirmation', async () => {
    app = freshApp();
    app.services.people.login({ pin: pins.manager });
    const csv = [
      'sku,name,price,tax_code,category,unit,barcodes,active,stock',
      `T-MILK,Test Whole Milk 1L,1.29,ZERO,Dairy,each,${codes.milk},yes,`, // unchanged
      `T-COLA,Test Cola 330ml,1.09,STD,Drinks,each,${codes.cola},yes,`, // price
      `T-CAKE,Test Chocolate Cake,4.99,RED,Cakes,each,${codes.cake},no,`, // category, active
      `N-NEW,New Oat Bar,0.79,STD,Snacks,each,${ean('590200000011')},yes,6`, // new
    ].join('\n');
    const before = app.db.prepare('SELECT total_changes()').pluck();
    const changesBefore = before.get();

    const dryRun = await importCsv(csv, true);
    expect(dryRun).toEqual({
      ok: true,
      value: {
        applied: false,
        imported: 4,
        created: 1,
        updated: 2,
        unchanged: 1,
        fieldChanges: { price: 1, category: 1, active: 1 },
        errors: [],
      },
    });
    expect(before.get()).toBe(changesBefore);
    expect(app.services.catalog.lookupCode('N-NEW')).toBeNull();

    const milkChangedAt = updatedAt('T-MILK');
    const applied = await importCsv(csv, false);
    expect(applied).toMatchObject({
      ok: true,
      value: { applied: true, created: 1, updated: 2, unchanged: 1 },
    });
    expect(product(app, 'N-NEW')).toMatchObject({ priceMinor: 79, onHand: 6 });
    expect(product(app, 'T-CAKE')).toMatchObject({ category: 'Cakes', active: false });
    expect(updatedAt('T-MILK')).toBe(milkChangedAt);

    // The same file again: every row unchanged, nothing written but the audit entry.
    const again = await importCsv(csv, false);
    expect(again).toMatchObject({
      ok: true,
      value: { created: 0, updated: 0, unchanged: 4, fieldChanges: {} },
    });
  });

  it('needs a manager to apply an import, and audits who did and who approved it', async () => {
    app = freshApp(); // Alex, a cashier, is logged in
    const csv = ['sku,name,price,tax_code', 'T-COLA,Test Cola 330ml,0.01,STD'].join('\n');

    expect(await importCsv(csv, true)).toMatchObject({ ok: true, value: { updated: 1 } });
    const refused = await importCsv(csv, false);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED', details: ['catalog.import'] },
    });
    expect(product(app, 'T-COLA').priceMinor).toBe(99);
    const bySupervisor = await importCsv(csv, false, pins.supervisor);
    expect(bySupervisor).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(product(app, 'T-COLA').priceMinor).toBe(99);

    expect(await importCsv(csv, false, pins.manager)).toMatchObject({ ok: true, value: { updated: 1 } });
    expect(product(app, 'T-COLA').priceMinor).toBe(1);
    const [entry] = app.services.audit.list({ limit: 1, approval: { pin: pins.manager } });
    expect(entry).toMatchObject({
      action: 'catalog.import',
      user: { name: 'Alex' },
      approver: { name: 'Morgan' },
      details: { rows: 1, created: 0, updated: 1, unchanged: 0, fieldChanges: { price: 1 } },
    });
  });

  it('refuses its own import once enrolled, and says to import in the back office', async () => {
    app = freshApp();
    app.db
      .prepare(
        "UPDATE sync_state SET head_office_url = 'https://ho.example', register_id = 'R1' WHERE id = 1",
      )
      .run();
    const csv = ['sku,name,price,tax_code', 'T-COLA,Test Cola 330ml,0.01,STD'].join('\n');
    for (const dryRun of [true, false]) {
      const refused = await importCsv(csv, dryRun, pins.manager);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringContaining('back office (Products → Import)') },
      });
    }
    // The command line's import too.
    expect(() => app.services.catalog.importCsv(csv)).toThrow(/back office \(Products → Import\)/);
    expect(product(app, 'T-COLA').priceMinor).toBe(99);
  });

  it('lets a scan through while a large file is imported, and reports its progress', async () => {
    app = freshApp(); // a cashier is selling; a manager approves the import
    const progress: ImportProgress[] = [];
    app.events.subscribe((message) => {
      if (message.name === 'catalog.importProgress') progress.push(message.payload as ImportProgress);
    });
    let finished = false;
    const importing = importCsv(catalogCsv(generateCatalog(3_000)), false, pins.manager).then((answer) => {
      finished = true;
      return answer;
    });
    // A scan arrives from the scanner right after the import started, as a hardware scan does (a separate turn).
    const scanned = await new Promise<{ lines: number; duringImport: boolean }>((resolve) => {
      setImmediate(() => {
        const sale = app.services.sales.scan({ code: codes.cola });
        resolve({ lines: sale.lines.length, duringImport: !finished });
      });
    });
    expect(scanned).toEqual({ lines: 1, duringImport: true });
    expect(await importing).toMatchObject({ ok: true, value: { applied: true, created: 2_700 } });
    const checked = progress.filter((step) => step.phase === 'checking');
    expect(checked.length).toBeGreaterThan(1);
    expect(checked.at(-1)?.done).toBe(checked.at(-1)?.total);
    expect(progress.filter((step) => step.phase === 'writing').length).toBeGreaterThan(1);
    expect(count(app, 'products')).toBeGreaterThan(3_000);
  });
});
