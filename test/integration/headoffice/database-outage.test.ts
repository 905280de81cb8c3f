/**
 * Head office's PostgreSQL goes away for a while (here: a TCP proxy in front of it refuses and cuts every
 * connection). Registers are told to retry, at connect and on push; once it is back, the same events apply
 * exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushReply } from '../../../src/shared/sync/protocol.ts';
import type { Page, SaleView } from '../../../src/shared/sync/admin-api.ts';
import { startTcpProxy, type TcpProxy } from '../../harness/tcp-proxy.ts';
import {
  connectRegister,
  createStore,
  enrollRegister,
  PG_URL,
  putProducts,
  saleEvent,
  startTestHeadOffice,
  testDatabase,
  type ConnectRefused,
  type TestHeadOffice,
} from './helpers.ts';

describe('head office while its PostgreSQL database is unreachable', () => {
  let proxy: TcpProxy;
  let ho: TestHeadOffice;

  beforeAll(async () => {
    const target = new URL(PG_URL);
    proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    const database = testDatabase('postgres');
    target.port = String(proxy.port);
    ho = await startTestHeadOffice('postgres', { databaseUrl: target.toString() }, database);
    await createStore(ho.admin, 'S1');
    await putProducts(ho.admin, [{ sku: 'TEA', priceMinor: 250 }]);
  });
  afterAll(async () => {
    await ho?.close();
    await proxy?.close();
    await ho?.database.cleanup();
  });

  it('answers retry while the database is down and applies the resent events once it is back', async () => {
    const { token, registerId } = await enrollRegister(ho.admin, 'S1');
    const socket = await connectRegister(ho.url, token);
    const events = [1, 2, 3].map((seq) => saleEvent(seq, { storeId: 'S1', registerId }, [{ sku: 'TEA' }]));

    proxy.setDown(true);
    const during: PushReply = await socket.timeout(20_000).emitWithAck('push', { events });
    expect(during).toMatchObject({
      status: 'retry',
      retryAfterMs: expect.any(Number),
      reason: expect.stringMatching(/database/),
    });

    const refused = (await connectRegister(ho.url, token).catch(
      (error: ConnectRefused) => error,
    )) as ConnectRefused;
    expect(refused.message).toBe('unavailable');
    expect(refused.data).toEqual({
      reason: expect.stringMatching(/database/),
      retryAfterMs: expect.any(Number),
    });

    const admin = await ho.admin('GET', '/api/sales');
    expect(admin.status).toBe(503);
    expect(admin.body.error.code).toBe('UNAVAILABLE');

    proxy.setDown(false);
    const after: PushReply = await socket.timeout(20_000).emitWithAck('push', { events });
    expect(after).toMatchObject({ status: 'ok', lastAppliedSeq: 3 });
    const again: PushReply = await socket.timeout(20_000).emitWithAck('push', { events });
    expect(again).toMatchObject({
      status: 'ok',
      outcomes: events.map((e) => ({ seq: e.seq, outcome: 'duplicate' })),
    });
    const sales = await ho.admin<Page<SaleView>>('GET', '/api/sales');
    expect(sales.body.items.map((sale) => sale.seq).sort()).toEqual([1, 2, 3]);
    socket.close();
  });
});
