/**
 * Helpers for the returns, discounts, voids and parked-sales tests: a register on a real SQLite ledger with the
 * test catalog and the cashier (Alex) logged in with an open shift (ledger-fixture.ts), plus selling, stock and
 * snapshot helpers.
 */
import type { RegisterApp } from '../../../src/main/app.ts';
import type { CompletedSale, TenderKind } from '../../../src/shared/domain.ts';
import { CounterError } from '../../../src/shared/errors.ts';
import { pins } from '../ledger/ledger-fixture.ts';

export { codes, count, errorOf, freshApp, pins, product, startApp } from '../ledger/ledger-fixture.ts';

/** A supervisor's and a manager's approval (demo users Sam and Morgan). */
export const supervisorApproval = { pin: pins.supervisor };
export const managerApproval = { pin: pins.manager };

/** Rings up the codes and pays with the tenders given; 'due' pays exactly what is still due. */
export function sell(
  app: RegisterApp,
  items: string[],
  tenders: [TenderKind, number | 'due'][],
): CompletedSale {
  const { sales } = app.services;
  for (const code of items) sales.scan({ code });
  for (const [kind, amount] of tenders) {
    sales.addTender({ kind, amountMinor: amount === 'due' ? sales.current().dueMinor : amount });
  }
  return sales.complete().receipt.sale;
}

export function onHand(app: RegisterApp, sku: string): number {
  return app.services.catalog.lookupCode(sku)!.onHand;
}

/** Damaged stock taken back (not on hand). */
export function damaged(app: RegisterApp, sku: string): number {
  return (
    (app.db
      .prepare(
        'SELECT b.damaged FROM stock_balances b JOIN products p ON p.id = b.product_id WHERE p.sku = ?',
      )
      .pluck()
      .get(sku) as number | undefined) ?? 0
  );
}

/** Every table a return, void or discount writes to, so a test can tell that nothing was written. */
export function ledgerSnapshot(app: RegisterApp): Record<string, unknown[]> {
  const all = (table: string): unknown[] => app.db.prepare(`SELECT * FROM ${table}`).all();
  return Object.fromEntries(
    [
      'sales',
      'sale_lines',
      'sale_tenders',
      'returns',
      'return_lines',
      'refunds',
      'sale_voids',
      'stock_movements',
      'stock_balances',
      'outbox',
      'audit_log',
      'counters',
      'open_sales',
      'parked_sales',
    ].map((table) => [table, all(table)]),
  );
}

/** The outbox events of one type, payloads parsed. */
export function outboxEvents(
  app: RegisterApp,
  type: string,
): { seq: number; payload: Record<string, unknown> }[] {
  return (
    app.db.prepare('SELECT seq, payload FROM outbox WHERE type = ? ORDER BY seq').all(type) as {
      seq: number;
      payload: string;
    }[]
  ).map(({ seq, payload }) => ({ seq, payload: JSON.parse(payload) as Record<string, unknown> }));
}

/** A manager puts `amountMinor` of cash into the drawer, so a cash refund has cash to come from. */
export function cashIn(app: RegisterApp, amountMinor: number): void {
  app.services.shifts.cashMovement({ kind: 'in', amountMinor, reason: 'Change', approval: managerApproval });
}

/** The CounterError an async call rejects with. */
export async function rejectionOf(call: () => Promise<unknown>): Promise<CounterError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof CounterError) return error;
    throw error;
  }
  throw new Error('Expected the call to reject with a CounterError');
}
