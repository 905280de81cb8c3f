/**
 * No completed sale may be unsendable (SYNC.md: a poison event must never wedge the queue). A sale holds at most
 * MAX_SALE_LINES lines, which the cashier is told when adding one more; a sale at that limit with long names and
 * discounts fits one push with room to spare; and an event too large for one push is refused inside the sale's
 * transaction, so nothing of it is written and the sale stays open.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import type { ProductHit } from '../../../src/shared/domain.ts';
import {
  MAX_EVENT_BYTES,
  MAX_SALE_LINES,
  eventBytes,
  type UpstreamEvent,
} from '../../../src/shared/sync/protocol.ts';
import { writeOpenSaleDraft } from '../../harness/open-sale-draft.ts';
import { MAX_AMOUNT_MINOR, MAX_SALE_TOTAL_MINOR } from '../../../src/shared/limits.ts';
import { codes, count, errorOf, freshApp, pins, product, startApp } from './ledger-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

/** The outbox row of seq `seq`, as the pump sends it. */
function outboxEvent(seq: number): UpstreamEvent {
  return app.db
    .prepare(
      `SELECT seq, event_id AS eventId, type, schema_version AS schemaVersion, occurred_at AS occurredAt, payload,
         payload_hash AS payloadHash FROM outbox WHERE seq = ?`,
    )
    .get(seq) as UpstreamEvent;
}

/** What completing a sale writes, to check that a refused one wrote none of it. */
function written(): Record<string, unknown> {
  const tables = ['sales', 'sale_lines', 'sale_tenders', 'stock_movements', 'outbox'];
  return {
    ...Object.fromEntries(tables.map((table) => [table, count(app, table)])),
    counters: app.db.prepare('SELECT name, value FROM counters ORDER BY name').all(),
  };
}

/** The register restarted with an open sale of `count` lines of the test milk as its draft, changed by `line`. */
function withOpenSale(count: number, line: (milk: ProductHit) => Record<string, unknown>): RegisterApp {
  const seeded = freshApp();
  const milk = product(seeded, 'T-MILK');
  writeOpenSaleDraft(seeded.db, milk, count, line(milk));
  seeded.close();
  return startApp(seeded.dataDir);
}

describe('how large a sale may be', () => {
  it(`holds at most ${MAX_SALE_LINES} lines, says so when one more is added, and still takes more of a line it has`, () => {
    app = freshApp();
    const { sales } = app.services;
    const bananas = product(app, 'T-BANANA').id;
    // Weighed goods get a line per item: the quickest way to fill a sale.
    for (let i = 1; i < MAX_SALE_LINES; i += 1) sales.addProduct({ productId: bananas, quantity: 100 + i });
    expect(sales.scan({ code: codes.milk }).lines).toHaveLength(MAX_SALE_LINES);

    const refused = errorOf(() => sales.scan({ code: codes.cola }));
    expect(refused.code).toBe('NOT_ALLOWED');
    expect(refused.message).toBe(
      `A sale holds at most ${MAX_SALE_LINES} lines: complete this one and start another for Test Cola 330ml.`,
    );
    expect(errorOf(() => sales.addProduct({ productId: bananas, quantity: 250 })).code).toBe('NOT_ALLOWED');

    const more = sales.scan({ code: codes.milk });
    expect(more.lines).toHaveLength(MAX_SALE_LINES);
    expect(more.lines.at(-1)).toMatchObject({ sku: 'T-MILK', quantity: 2 });
  });

  it('completes a sale at the limit with long names, discounts and price overrides, and its event fits one push', () => {
    // The longest name, SKU and reasons the register takes, in characters UTF-8 needs three bytes for.
    const reason = '理由'.repeat(50);
    app = withOpenSale(MAX_SALE_LINES, (milk) => ({
      sku: 'L'.repeat(40),
      name: '特売品'.repeat(40),
      unitPriceMinor: 1199,
      discount: { discount: { kind: 'percent', basisPoints: 550 }, reason },
      priceOverride: { catalogPriceMinor: milk.priceMinor, reason },
    }));
    const { sales } = app.services;
    sales.addTender({ kind: 'card', amountMinor: sales.current().dueMinor });

    const sale = sales.complete().receipt.sale;

    expect(sale.lines).toHaveLength(MAX_SALE_LINES);
    expect(sale.lines[0]).toMatchObject({ discount: { reason }, priceOverride: { reason } });
    const bytes = eventBytes(outboxEvent(sale.outboxSeq));
    expect(bytes).toBeGreaterThan(MAX_EVENT_BYTES / 4);
    expect(bytes).toBeLessThan(MAX_EVENT_BYTES * 0.6);
  });

  it('refuses to complete a sale whose event could not be sent, writes nothing of it, and keeps it open', () => {
    // A sale rung up before there was a line limit, restored from its draft after the update.
    app = withOpenSale(3000, (milk) => ({ name: `${milk.name} ${'x'.repeat(200)}` }));
    const { sales } = app.services;
    const { saleId } = sales.current();
    sales.addTender({ kind: 'cash', amountMinor: sales.current().dueMinor });
    const before = written();

    const refused = errorOf(() => sales.complete().receipt.sale);

    expect(refused.code).toBe('NOT_ALLOWED');
    expect(refused.message).toMatch(
      /^This sale is too large to send to head office \(\d+ KB; at most 1024 KB\), so nothing was saved\. Split it: complete part of it now and the rest as another sale\.$/,
    );
    expect(written()).toEqual(before);
    expect(sales.current()).toMatchObject({ saleId, lines: { length: 3000 } });
  });

  it('refuses a change that takes the total beyond what one sale may be, and keeps the sale as it was', () => {
    app = freshApp();
    const { sales } = app.services;
    const line = sales.scan({ code: codes.milk }).lines[0]!;
    const approval = { pin: pins.manager };
    sales.overridePrice({ lineId: line.lineId, unitPriceMinor: MAX_AMOUNT_MINOR, reason: 'Test', approval });
    const before = sales.setQuantity({ lineId: line.lineId, quantity: 10, approval });
    expect(before.totals.totalMinor).toBe(MAX_SALE_TOTAL_MINOR);

    const refused = errorOf(() => sales.setQuantity({ lineId: line.lineId, quantity: 1_000_000, approval }));
    expect(refused.code).toBe('NOT_ALLOWED');
    expect(refused.message).toBe(
      'That would take the sale to €1,000,000,000,000.00, more than one sale may be (€10,000,000.00): check the quantity and price, or split it into several sales.',
    );
    expect(errorOf(() => sales.scan({ code: codes.cola })).message).toContain('€10,000,000.99');
    expect(sales.current()).toEqual(before);
  });
});
