/**
 * Stock states at head office, on SQLite and PostgreSQL: adjustments and damaged returns pushed by registers
 * move the right state, a repeat is applied once, every balance equals the sum of its movements (INVENTORY.md
 * invariant 7), the admin API shows a store's and a SKU's states, its movements and its adjustments, and the
 * stock stream carries every state down to registers.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentCompleted, type AdjustmentPayload } from '../../../src/shared/documents/adjustment.ts';
import type { DocumentType } from '../../../src/shared/documents/registry.ts';
import type {
  AdjustmentView,
  ExceptionView,
  Page,
  SkuStock,
  StockMovementView,
  StockView,
} from '../../../src/shared/sync/admin-api.ts';
import type { PullReply, PushReply } from '../../../src/shared/sync/protocol.ts';
import {
  completedReturn,
  completedSale,
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  putProducts,
  startTestHeadOffice,
  stockAdjustment,
  type RegisterSocket,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';

describe.each(dialects)('stock states at head office on %s', (dialect) => {
  let ho: TestHeadOffice;
  let socket: RegisterSocket;
  let who: Who;
  let seq = 0;
  let damage: AdjustmentPayload;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'W');
    await ho.admin('PATCH', '/api/stores/W', { kind: 'warehouse', adjustmentApprovalMinor: 5000 });
    await putProducts(ho.admin, [{ sku: 'MUG', priceMinor: 250 }]);
    await ho.admin('POST', '/api/stores/A/stock-movements', { sku: 'MUG', kind: 'receive', quantity: 20 });
    const enrolled = await enrollRegister(ho.admin, 'A');
    who = { storeId: 'A', registerId: enrolled.registerId };
    socket = await connectRegister(ho.url, enrolled.token);
  });
  afterAll(async () => {
    socket?.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function push(type: DocumentType, payload: unknown): Promise<PushReply> {
    seq += 1;
    return socket.emitWithAck('push', { events: [outboxEvent(seq, payload, type)] });
  }
  const stockOf = async (storeId: string): Promise<StockView> =>
    (await ho.admin<Page<StockView>>('GET', `/api/stores/${storeId}/stock?sku=MUG`)).body.items[0]!;

  it('moves an adjustment’s quantities between states, and a damaged return into damaged', async () => {
    damage = stockAdjustment(who, 'damaged', [{ sku: 'MUG', quantity: 2 }]);
    expect(await push(adjustmentCompleted.type, damage)).toMatchObject({
      outcomes: [{ outcome: 'applied' }],
    });
    await push(adjustmentCompleted.type, stockAdjustment(who, 'theft', [{ sku: 'MUG', quantity: 1 }]));
    await push(adjustmentCompleted.type, stockAdjustment(who, 'repair', [{ sku: 'MUG', quantity: 1 }]));
    const sale = completedSale(seq + 1, who, [{ sku: 'MUG', quantity: 3 }]);
    await push('sale.completed', sale);
    await push(
      'return.completed',
      completedReturn(seq + 1, who, sale, [{ sku: 'MUG', quantity: 1, damaged: true }]),
    );

    expect(await stockOf('A')).toMatchObject({
      onHand: 20 - 2 - 1 + 1 - 3,
      damaged: 2 - 1 + 1,
      committed: 0,
      inTransit: 0,
      available: 15,
    });
  });

  it('applies an adjustment that arrives again under another seq once, as a duplicate', async () => {
    const before = await stockOf('A');
    expect(await push(adjustmentCompleted.type, damage)).toMatchObject({ status: 'ok' });
    expect(await stockOf('A')).toEqual(before);
    const duplicates = (await ho.admin<Page<ExceptionView>>('GET', '/api/exceptions?kind=duplicate_document'))
      .body.items;
    expect(duplicates.map((e) => e.details).join()).toContain(damage.adjustmentId);
  });

  it('keeps every balance equal to the sum of its movements, state by state (invariant 7)', async () => {
    const { rows } = await sql<{
      store_id: string;
      sku: string;
      state: string;
      balance: number;
      moved: number;
    }>`
      select b.store_id, b.sku, s.state,
        case s.state when 'on_hand' then b.on_hand when 'damaged' then b.damaged
          when 'committed' then b.committed else b.in_transit end as balance,
        coalesce((select sum(m.quantity) from stock_movements m
          where m.store_id = b.store_id and m.sku = b.sku and m.state = s.state), 0) as moved
      from stock_balances b
      cross join (select 'on_hand' as state union all select 'damaged' union all select 'committed'
        union all select 'in_transit') s`.execute(ho.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(Number(row.balance), `${row.store_id} ${row.sku} ${row.state}`).toBe(Number(row.moved));
  });

  it('shows one SKU at every store with its kind, and its movements with reason, document and who', async () => {
    const across = (await ho.admin<SkuStock>('GET', '/api/stock/MUG')).body;
    expect(across.stores).toMatchObject([
      { storeId: 'A', onHand: 15, damaged: 2, storeKind: 'store' },
      { storeId: 'W', onHand: 0, damaged: 0, storeKind: 'warehouse', updatedAt: null },
    ]);

    const first = (
      await ho.admin<Page<StockMovementView>>('GET', '/api/stores/A/stock/MUG/movements?limit=3')
    ).body;
    expect(first.items.map((m) => [m.reason, m.state, m.quantity])).toEqual([
      ['RETURN', 'damaged', 1],
      ['SALE', 'on_hand', -3],
      ['ADJUST', 'on_hand', 1],
    ]);
    const rest = (
      await ho.admin<Page<StockMovementView>>(
        'GET',
        `/api/stores/A/stock/MUG/movements?limit=100&after=${first.next}`,
      )
    ).body;
    expect(rest.next).toBeNull();
    const adjusted = rest.items.find((m) => m.documentId === damage.adjustmentId && m.state === 'damaged');
    expect(adjusted).toMatchObject({
      reason: 'ADJUST',
      quantity: 2,
      documentKind: 'adjustment.completed',
      documentLabel: 'Adjustment',
      detail: 'Damaged',
      actor: 'Ann',
      registerId: who.registerId,
    });
    expect(rest.items.at(-1)).toMatchObject({ reason: 'RECEIVE', documentKind: null });
  });

  it('lists and reads adjustments, with each line’s movements', async () => {
    const list = (await ho.admin<Page<AdjustmentView>>('GET', '/api/adjustments?storeId=A&limit=2')).body;
    expect(list.items.map((a) => a.reasonLabel)).toEqual(['Damaged', 'Theft']);
    const next = (
      await ho.admin<Page<AdjustmentView>>('GET', `/api/adjustments?storeId=A&after=${list.next}`)
    ).body;
    expect(next.items.map((a) => a.reasonLabel)).toEqual(['Repaired (damaged to on hand)']);

    const one = await ho.admin<AdjustmentView>('GET', `/api/adjustments/${damage.adjustmentId}`);
    expect(one.body).toMatchObject({
      storeId: 'A',
      userName: 'Ann',
      valueMinor: 500,
      lines: [
        {
          sku: 'MUG',
          quantity: 2,
          moves: [
            { state: 'on_hand', delta: -2 },
            { state: 'damaged', delta: 2 },
          ],
        },
      ],
    });
    expect((await ho.admin('GET', '/api/adjustments/nope')).status).toBe(404);
  });

  it('sends every state down the stock stream, and the store’s kind and approval value with its settings', async () => {
    const stock = (await socket.emitWithAck('pull', {
      stream: 'stock',
      cursor: 0,
      limit: 100,
    })) as PullReply<'stock'>;
    expect(stock.status === 'ok' && stock.changes.find((c) => c.key === 'A:MUG')?.data).toMatchObject({
      onHand: 15,
      damaged: 2,
      committed: 0,
      inTransit: 0,
    });
    const store = (await ho.admin('GET', '/api/stores/W')).body as {
      kind: string;
      adjustmentApprovalMinor: number;
    };
    expect(store).toMatchObject({ kind: 'warehouse', adjustmentApprovalMinor: 5000 });
    const tax = (await socket.emitWithAck('pull', {
      stream: 'tax',
      cursor: 0,
      limit: 100,
    })) as PullReply<'tax'>;
    expect(tax.status === 'ok' && tax.changes.at(-1)?.data).toMatchObject({ locationKind: 'store' });
  });
});
