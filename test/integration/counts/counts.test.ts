/**
 * Stock counts at the register on a real SQLite ledger: who may open and submit one, scanning and typing into
 * it (the same SKU on two shelves is two lines), blind counts, the scope, and a submission as count.submitted
 * events in one transaction (a large count as several), after which its lines are final.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { COUNT_LINES_PER_EVENT } from '../../../src/shared/counts.ts';
import { countPayloadSchema } from '../../../src/shared/documents/count.ts';
import {
  codes,
  count,
  errorOf,
  freshApp,
  managerApproval,
  onHand,
  outboxEvents,
  product,
  supervisorApproval,
} from '../returns/returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const wholeStore = { kind: 'store' } as const;

describe('a stock count at the register', () => {
  it('needs stock.count to open, and records who opened it in the audit', () => {
    app = freshApp();
    const { counts } = app.services;
    expect(errorOf(() => counts.open({ scope: wholeStore, blind: false })).details).toEqual(['stock.count']);
    expect(counts.current()).toBeNull();

    const opened = counts.open({ scope: wholeStore, blind: false, approval: supervisorApproval });
    expect(opened).toMatchObject({ status: 'open', lineCount: 0, lines: [] });
    expect(app.services.audit.list({ limit: 10, approval: managerApproval })[0]).toMatchObject({
      action: 'stock.count',
    });
    expect(
      errorOf(() => counts.open({ scope: wholeStore, blind: false, approval: managerApproval })).message,
    ).toMatch(/open at this register already/);
  });

  it('adds a scan of the SKU just counted to its line; the same SKU on another shelf is a new line', () => {
    app = freshApp();
    const { counts } = app.services;
    counts.open({ scope: wholeStore, blind: false, approval: managerApproval });
    counts.scan(codes.milk);
    const second = counts.scan(codes.milk);
    expect(second).toMatchObject({
      lineCount: 1,
      line: { lineNo: 1, sku: 'T-MILK', quantity: 2, expected: 10 },
    });
    counts.scan(codes.cola);
    const again = counts.scan(codes.milk);
    expect(again).toMatchObject({ lineCount: 3, line: { lineNo: 3, sku: 'T-MILK', quantity: 1 } });
    counts.setQuantity(3, 7);
    const typed = counts.addProduct(app.services.catalog.lookupCode('T-CAKE')!.id, 0);
    expect(typed.line).toMatchObject({ lineNo: 4, quantity: 0 });
    expect(counts.current()!.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['T-MILK', 2],
      ['T-COLA', 1],
      ['T-MILK', 7],
      ['T-CAKE', 0],
    ]);
    // Counting moves no stock here: head office approves and sends the figures back.
    expect(onHand(app, 'T-MILK')).toBe(10);
  });

  it('counts goods sold by kg by their scale labels, and counts nothing from a plain code until weighed', () => {
    app = freshApp();
    const { counts } = app.services;
    counts.open({ scope: wholeStore, blind: false, approval: managerApproval });
    // Apples (€2.79/kg) with a weight label of 1.234 kg, twice: one line of their grams.
    counts.scan('2800001012341');
    expect(counts.scan('2800001012341')).toMatchObject({
      lineCount: 1,
      line: { sku: 'FRV-000055', quantity: 2468, unit: 'kg' },
    });
    // Ham (€19.59/kg) with a price label of €6.68: the grams that price buys.
    expect(counts.scan('2100004006683')).toMatchObject({
      line: { lineNo: 2, sku: 'MEA-000117', quantity: 341 },
    });
    const apples = product(app, 'FRV-000055');
    expect(counts.scan(apples.barcodes[0]!)).toEqual({
      weigh: expect.objectContaining({ sku: 'FRV-000055' }),
    });
    expect(counts.addProduct(apples.id, 2500)).toMatchObject({ line: { lineNo: 3, quantity: 2500 } });
    expect(counts.current()!.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['FRV-000055', 2468],
      ['MEA-000117', 341],
      ['FRV-000055', 2500],
    ]);
  });

  it('hides what was expected in a blind count', () => {
    app = freshApp();
    app.services.counts.open({ scope: wholeStore, blind: true, approval: managerApproval });
    expect(app.services.counts.scan(codes.milk)).toMatchObject({ line: { expected: null } });
    expect(app.services.counts.current()!.lines[0]!.expected).toBeNull();
  });

  it('prints a count sheet with what was expected, and without it in a blind count', () => {
    app = freshApp();
    const { counts } = app.services;
    counts.open({ scope: wholeStore, blind: false, approval: managerApproval });
    counts.scan(codes.milk);
    counts.scan(codes.milk);
    const pairs = (): string[] =>
      counts.sheet().lines.flatMap((line) => (line.kind === 'pair' ? [`${line.left} | ${line.right}`] : []));
    expect(pairs()).toEqual(['1. T-MILK Test Whole Milk 1L | 2 of 10', 'Lines | 1']);
    counts.submit(managerApproval);
    expect(errorOf(() => counts.sheet()).code).toBe('NOT_FOUND');

    counts.open({ scope: wholeStore, blind: true, approval: managerApproval });
    counts.scan(codes.cola);
    expect(pairs()).toEqual(['1. T-COLA Test Cola 330ml | 1', 'Lines | 1']);
  });

  it('refuses a product outside its scope and a code nobody has, in words', () => {
    app = freshApp();
    const { counts } = app.services;
    counts.open({
      scope: { kind: 'categories', categories: ['Dairy'] },
      blind: false,
      approval: managerApproval,
    });
    expect(counts.scan(codes.milk)).toMatchObject({ line: { sku: 'T-MILK' } });
    expect(errorOf(() => counts.scan(codes.cola)).message).toBe(
      'Test Cola 330ml (T-COLA) is not in this count (Categories: Dairy): put it aside for a count that covers it.',
    );
    expect(errorOf(() => counts.scan('4006381333931')).code).toBe('UNKNOWN_BARCODE');
    expect(counts.current()!.lineCount).toBe(1);
  });

  it('submits its lines as one count.submitted event, in one transaction, and closes the count here', () => {
    app = freshApp();
    const { counts } = app.services;
    const opened = counts.open({ scope: wholeStore, blind: false, approval: managerApproval });
    counts.scan(codes.milk);
    counts.scan(codes.cola);
    expect(counts.submit(managerApproval)).toEqual({ countId: opened.countId, lines: 2, events: 1 });

    const [event] = outboxEvents(app, 'count.submitted');
    const payload = countPayloadSchema.parse(event!.payload);
    expect(payload).toMatchObject({
      countId: opened.countId,
      storeId: 'DEMO-01',
      scope: wholeStore,
      blind: false,
    });
    expect(payload.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['T-MILK', 1],
      ['T-COLA', 1],
    ]);
    expect(counts.current()).toBeNull();
    // Its lines are final: the ledger itself refuses to change one.
    expect(() => app.db.prepare('UPDATE count_lines SET quantity = 5').run()).toThrow(/final/);
  });

  it('needs stock.count to submit; a refused submission writes nothing', () => {
    app = freshApp();
    const { counts } = app.services;
    counts.open({ scope: wholeStore, blind: false, approval: managerApproval });
    counts.scan(codes.milk);
    expect(errorOf(() => counts.submit()).details).toEqual(['stock.count']);
    // The count's opening (announced to the store's other registers) and the audit entries: no submission.
    expect(count(app, 'outbox')).toBe(
      outboxEvents(app, 'audit.recorded').length + outboxEvents(app, 'count.opened').length,
    );
    expect(counts.current()!.unsubmittedLines).toBe(1);
  });

  it('sends a count of many lines as several events, each small enough for one push', () => {
    app = freshApp();
    const { counts } = app.services;
    counts.open({ scope: wholeStore, blind: false, approval: managerApproval });
    const lines = COUNT_LINES_PER_EVENT + 500;
    app.db.transaction(() => {
      for (let i = 0; i < lines / 2; i += 1) {
        counts.scan(codes.milk);
        counts.scan(codes.cola);
      }
    })();
    expect(counts.current()!.lineCount).toBe(lines);
    expect(counts.submit(managerApproval).events).toBe(2);
    const events = outboxEvents(app, 'count.submitted');
    expect(events.map((e) => (e.payload.lines as unknown[]).length)).toEqual([COUNT_LINES_PER_EVENT, 500]);
    expect(new Set(events.map((e) => e.payload.countId)).size).toBe(1);
  });
});
