/**
 * Head office's stock check (`npm run headoffice -- stock:check [--repair]`), on SQLite and PostgreSQL: every
 * state of every store rebuilt from the movements (counts absolute as of when they were taken), a balance that
 * drifted is reported and left alone, then repaired with a new stock-stream seq so registers get it; from the
 * terminal the exit code says whether something is left to repair.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentType, PayloadOf } from '../../../src/shared/documents/registry.ts';
import type { PushReply } from '../../../src/shared/sync/protocol.ts';
import { stockCheckFromTerminal } from '../../../src/headoffice/app.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  putProducts,
  startTestHeadOffice,
  type RegisterSocket,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';
import { goodsReceipt, transferSent } from './inventory-helpers.ts';

const run = promisify(execFile);

describe.each(dialects)('the stock check on %s', { timeout: 120_000 }, (dialect) => {
  let ho: TestHeadOffice;
  let socket: RegisterSocket;
  let who: Who;
  let seq = 0;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'B');
    await putProducts(ho.admin, [
      { sku: 'MUG', priceMinor: 250 },
      { sku: 'PLATE', priceMinor: 400 },
    ]);
    const enrolled = await enrollRegister(ho.admin, 'A');
    socket = await connectRegister(ho.url, enrolled.token);
    who = { storeId: 'A', registerId: enrolled.registerId };
  });
  afterAll(async () => {
    socket?.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function push<T extends DocumentType>(type: T, payload: PayloadOf<T>): Promise<void> {
    const reply: PushReply = await socket.emitWithAck('push', {
      events: [outboxEvent((seq += 1), payload, type)],
    });
    expect(reply).toMatchObject({ status: 'ok' });
  }
  const movement = async (body: Record<string, unknown>): Promise<void> => {
    expect((await ho.admin('POST', '/api/stores/A/stock-movements', body)).status).toBe(201);
  };
  const balance = () =>
    ho.db
      .selectFrom('stock_balances')
      .select(['on_hand', 'damaged', 'in_transit', 'change_seq'])
      .where('store_id', '=', 'A')
      .where('sku', '=', 'MUG')
      .executeTakeFirstOrThrow();
  const check = (repair: boolean) =>
    stockCheckFromTerminal({ ...ho.database.options, log: () => undefined }, repair);

  it('finds every figure of every state as the movements make it, then reports and repairs a drifted one', async () => {
    // Received with two broken and three sent away; then a count that reaches head office after a write-off made
    // since it was taken (which still counts), and an old write-off recorded after the count (which does not).
    await push('receipt.completed', goodsReceipt(who, [{ sku: 'MUG', quantity: 20, damaged: 2 }]));
    await push('transfer.sent', transferSent(who, 'B', [{ sku: 'MUG', quantity: 3 }]));
    const countedAt = new Date().toISOString();
    await movement({ sku: 'MUG', kind: 'adjust', quantity: -1 });
    await movement({ sku: 'MUG', kind: 'count', quantity: 12, occurredAt: countedAt });
    await movement({ sku: 'MUG', kind: 'adjust', quantity: -2, occurredAt: '2020-01-01T09:00:00.000Z' });
    await movement({ sku: 'PLATE', kind: 'receive', quantity: 4 });
    const right = await balance();
    expect(right).toMatchObject({ on_hand: 12 - 1, damaged: 2, in_transit: 3 });

    expect(await check(false)).toEqual({ balancesChecked: 2, differences: [], repaired: false });

    await ho.db
      .updateTable('stock_balances')
      .set({ on_hand: 40, in_transit: 0 })
      .where('store_id', '=', 'A')
      .where('sku', '=', 'MUG')
      .execute();
    const drifted = await check(false);
    expect(drifted).toEqual({
      balancesChecked: 2,
      differences: [
        { storeId: 'A', sku: 'MUG', state: 'on_hand', projected: 40, fromMovements: 11 },
        { storeId: 'A', sku: 'MUG', state: 'in_transit', projected: 0, fromMovements: 3 },
      ],
      repaired: false,
    });
    // Reported only: nothing changed.
    expect(await balance()).toMatchObject({ on_hand: 40, in_transit: 0, change_seq: right.change_seq });

    expect(await check(true)).toMatchObject({ repaired: true });
    const repaired = await balance();
    expect(repaired).toMatchObject({ on_hand: 11, damaged: 2, in_transit: 3 });
    // A new seq on the stock stream: the registers pull the repaired figure.
    expect(Number(repaired.change_seq)).toBeGreaterThan(Number(right.change_seq));
    expect((await check(false)).differences).toEqual([]);
    const audit = await ho.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'stock-repair')
      .execute();
    expect(audit).toHaveLength(1);

    if (dialect !== 'sqlite') return;
    // From the terminal, on the same database: exit code 1 while a figure differs, 0 once repaired.
    await ho.db.updateTable('stock_balances').set({ damaged: 5 }).where('sku', '=', 'PLATE').execute();
    const cli = (...args: string[]) =>
      run(
        process.execPath,
        ['--experimental-strip-types', 'src/headoffice/server.ts', 'stock:check', ...args],
        {
          env: { ...process.env, HEADOFFICE_DATA_DIR: ho.database.options.dataDir },
        },
      );
    await expect(cli()).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining(
        'Store A, PLATE, damaged: balance says 5, movements add up to 0\n1 figures differ. Run again with --repair',
      ),
    });
    expect((await cli('--repair')).stdout).toContain('Repaired 1 figures from the movements');
    expect((await cli()).stdout).toContain('All 2 balances of every store match the movements.');
    await expect(cli('--fix')).rejects.toMatchObject({
      stderr: expect.stringContaining('takes only --repair'),
    });
  });
});
