/**
 * Stock adjustments at the register, against a real ledger: each reason moves the right states, one outbox
 * event per adjustment that head office's schema reads, permissions and the store's approval value, audited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { adjustmentRequestSchema, type AdjustmentRequest } from '../../../src/shared/adjustments.ts';
import { adjustmentCompleted } from '../../../src/shared/documents/adjustment.ts';
import type { AdjustmentReason, StockFigures } from '../../../src/shared/stock.ts';
import { codes, errorOf, freshApp, pins, product, signIn } from '../ledger/ledger-fixture.ts';
import { outboxEvents } from '../returns/returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const manager = (): RegisterApp => {
  app = freshApp();
  app.services.people.logout();
  return signIn(app, pins.manager);
};
const figures = (sku: string): StockFigures => app.services.stock.figuresHere(product(app, sku).id);
const adjust = (request: Omit<AdjustmentRequest, 'lines'> & { lines: [string, number][] }) =>
  app.services.adjustments.complete(
    adjustmentRequestSchema.parse({
      ...request,
      lines: request.lines.map(([sku, quantity]) => ({ productId: product(app, sku).id, quantity })),
    }),
  );

describe('stock adjustments', () => {
  it('moves 2 to damaged in one transaction: movements, balances, one outbox event, an audit entry', () => {
    manager();
    const done = adjust({ reason: 'damaged', note: 'Dropped a crate', lines: [['T-MILK', 2]] });

    expect(figures('T-MILK')).toEqual({ on_hand: 8, damaged: 2, committed: 0, in_transit: 0 });
    expect(done).toMatchObject({ valueMinor: 2 * 129, lines: [{ sku: 'T-MILK', quantity: 2 }] });
    const [event] = outboxEvents(app, adjustmentCompleted.type);
    const payload = adjustmentCompleted.schema.parse(event!.payload);
    expect(payload).toMatchObject({
      adjustmentId: done.adjustmentId,
      reason: 'damaged',
      customReason: null,
      note: 'Dropped a crate',
      valueMinor: 258,
      approver: null,
      lines: [
        {
          sku: 'T-MILK',
          quantity: 2,
          moves: [
            { state: 'on_hand', delta: -2 },
            { state: 'damaged', delta: 2 },
          ],
        },
      ],
    });
    const [latest, before] = app.services.stock.movements(product(app, 'T-MILK').id);
    expect([latest, before]).toMatchObject([
      { state: 'damaged', delta: 2, reason: 'ADJUST', documentLabel: 'Adjustment', detail: 'Damaged' },
      { state: 'on_hand', delta: -2, reason: 'ADJUST', documentId: done.adjustmentId },
    ]);
    expect(latest!.userName).toBeTruthy();
    expect(app.services.audit.list({ limit: 5 }).map((entry) => entry.action)).toContain('stock.adjust');
    expect(app.services.stock.check().differences).toEqual([]);
  });

  it.each<[AdjustmentReason, number, Partial<StockFigures>]>([
    ['theft', 3, { on_hand: 7, damaged: 0 }],
    ['lost', 1, { on_hand: 9 }],
    ['found', 4, { on_hand: 14 }],
    ['expired', 2, { on_hand: 8 }],
    ['internal_use', 1, { on_hand: 9 }],
    ['sample', 1, { on_hand: 9 }],
    ['return_to_supplier', 5, { on_hand: 5 }],
    ['correction', -3, { on_hand: 7 }],
    ['correction', 3, { on_hand: 13 }],
  ])('%s of %i moves on hand only', (reason, quantity, expected) => {
    manager();
    adjust({ reason, lines: [['T-MILK', quantity]] });
    expect(figures('T-MILK')).toMatchObject({ ...expected, damaged: 0 });
  });

  it('repairs damaged goods back on hand and writes damaged ones off', () => {
    manager();
    adjust({ reason: 'damaged', lines: [['T-COLA', 5]] });
    adjust({ reason: 'repair', lines: [['T-COLA', 2]] });
    expect(figures('T-COLA')).toMatchObject({ on_hand: 24 - 5 + 2, damaged: 3 });
    adjust({ reason: 'write_off', lines: [['T-COLA', 3]] });
    expect(figures('T-COLA')).toMatchObject({ on_hand: 21, damaged: 0 });
    expect(app.services.stock.check().differences).toEqual([]);
  });

  it('keeps a custom reason in the store’s own words, several lines in one document', () => {
    manager();
    adjust({
      customReason: 'Window display',
      lines: [
        ['T-MILK', -1],
        ['T-CAKE', 1],
      ],
    });
    expect(figures('T-MILK').on_hand).toBe(9);
    expect(figures('T-CAKE').on_hand).toBe(3);
    expect(outboxEvents(app, adjustmentCompleted.type)).toHaveLength(1);
    expect(app.services.stock.movements(product(app, 'T-MILK').id)[0]).toMatchObject({
      detail: 'Window display',
    });
  });

  it('refuses what makes no sense with words a person can act on', () => {
    const problems = (request: unknown): string[] => {
      const parsed = adjustmentRequestSchema.safeParse(request);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    };
    expect(problems({ reason: 'theft', lines: [{ productId: 1, quantity: -2 }] })).toEqual([
      'For this reason, enter how many items (above 0): the reason says which way they move',
    ]);
    expect(problems({ lines: [{ productId: 1, quantity: 2 }] })).toEqual([
      'Choose a reason from the list or write your own (one of them)',
    ]);
    expect(problems({ reason: 'found', lines: [] })).toEqual(['Add at least one product to adjust']);
    expect(problems({ customReason: 'a\u0007b', lines: [{ productId: 1, quantity: 1 }] })).toHaveLength(1);
  });

  it('needs a manager: a cashier gets APPROVAL_REQUIRED and nothing is written; with the PIN it is done', () => {
    app = freshApp(); // the cashier is logged in
    const before = figures('T-MILK');
    const refused = errorOf(() => adjust({ reason: 'theft', lines: [['T-MILK', 1]] }));
    expect(refused.code).toBe('APPROVAL_REQUIRED');
    expect(refused.details).toEqual(['stock.adjust']);
    expect(figures('T-MILK')).toEqual(before);
    expect(outboxEvents(app, adjustmentCompleted.type)).toEqual([]);

    adjust({ reason: 'theft', lines: [['T-MILK', 1]], approval: { pin: pins.manager } });
    expect(figures('T-MILK').on_hand).toBe(before.on_hand - 1);
    const [event] = outboxEvents(app, adjustmentCompleted.type);
    expect(event!.payload).toMatchObject({ approver: { name: expect.any(String) } });
  });

  it('above the store’s approval value it also needs stock.adjust.approve, audited on its own', () => {
    app = freshApp();
    const store = app.services.settings.store();
    app.services.settings.saveStore({ ...store, adjustmentApprovalMinor: 500 });
    adjust({ reason: 'lost', lines: [['T-MILK', 3]], approval: { pin: pins.manager } }); // 3.87
    adjust({ reason: 'lost', lines: [['T-MILK', 4]], approval: { pin: pins.manager } }); // 5.16
    const actions = app.services.audit
      .list({ limit: 10, approval: { pin: pins.manager } })
      .map((entry) => entry.action)
      .filter((action) => action.startsWith('stock.'));
    expect(actions.sort()).toEqual(['stock.adjust', 'stock.adjust', 'stock.adjust.approve']);
  });

  it('at a warehouse: no selling (the message says why), adjusting works', () => {
    manager();
    const store = app.services.settings.store();
    app.services.settings.saveStore({ ...store, locationKind: 'warehouse' });
    const refused = errorOf(() => app.services.sales.scan({ code: codes.milk }));
    expect(refused.code).toBe('NOT_ALLOWED');
    expect(refused.message).toContain('warehouse');
    expect(app.services.sales.current().lines).toEqual([]);
    adjust({ reason: 'found', lines: [['T-MILK', 5]] });
    expect(figures('T-MILK').on_hand).toBe(15);
  });
});
