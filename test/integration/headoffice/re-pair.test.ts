/**
 * Re-pairing at head office (src/headoffice/registers.ts): a re-pair code gives an enrolled register a new token
 * for the same id, store and cursor. What it does not do: lift a quarantine, or work for anyone but the register
 * it names. The whole flow with a real register is in test/integration/sync/faults-revoke-re-pair.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairingCodeView, RegisterView } from '../../../src/shared/sync/admin-api.ts';
import type { EnrollResponse, PushReply } from '../../../src/shared/sync/protocol.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  putProducts,
  saleEvent,
  startTestHeadOffice,
  type ConnectRefused,
  type TestHeadOffice,
} from './helpers.ts';

describe.each(dialects)('re-pairing on %s', (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A');
    await putProducts(ho.admin, [{ sku: 'APPLE', priceMinor: 250 }]);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  const rePairCode = (registerId: string) =>
    ho.admin<PairingCodeView>('POST', `/api/registers/${registerId}/pairing-codes`, { ttlMinutes: 5 });
  const rePair = (code: string, registerId: string) =>
    ho.admin<EnrollResponse>(
      'POST',
      '/api/enroll',
      { pairingCode: code, registerName: 'Till', registerId },
      null,
    );
  const refusal = (token: string) =>
    connectRegister(ho.url, token).then(
      (socket) => {
        socket.close();
        return null;
      },
      (error: ConnectRefused) => error.message,
    );

  it('has no re-pair code for a register it does not know', async () => {
    const reply = await rePairCode('no-such-register');
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('replaces the token and drops connections that use the old one; the cursor stays', async () => {
    const enrolled = await enrollRegister(ho.admin, 'A');
    const socket = await connectRegister(ho.url, enrolled.token);
    const who = { storeId: 'A', registerId: enrolled.registerId };
    const pushed: PushReply = await socket
      .timeout(10_000)
      .emitWithAck('push', { events: [saleEvent(1, who, [{ sku: 'APPLE' }])] });
    expect(pushed).toMatchObject({ status: 'ok', lastAppliedSeq: 1 });

    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
    const code = await rePairCode(enrolled.registerId);
    expect(code.body).toMatchObject({ registerId: enrolled.registerId, storeId: 'A' });
    const reply = await rePair(code.body.code, enrolled.registerId);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ registerId: enrolled.registerId, storeId: 'A' });
    await dropped;

    expect(await refusal(enrolled.token)).toBe('unknown_token');
    const again = await connectRegister(ho.url, reply.body.token);
    const next: PushReply = await again
      .timeout(10_000)
      .emitWithAck('push', { events: [saleEvent(2, who, [{ sku: 'APPLE' }])] });
    expect(next).toMatchObject({ status: 'ok', lastAppliedSeq: 2 });
    again.close();
    expect((await rePair(code.body.code, enrolled.registerId)).status).toBe(409);
  });

  it('leaves a quarantine in place: only a release lifts it', async () => {
    const enrolled = await enrollRegister(ho.admin, 'A');
    const socket = await connectRegister(ho.url, enrolled.token);
    const who = { storeId: 'A', registerId: enrolled.registerId };
    const push = (events: unknown) => socket.timeout(10_000).emitWithAck('push', { events } as never);
    await push([saleEvent(1, who, [{ sku: 'APPLE' }])]);
    expect(await push([saleEvent(1, who, [{ sku: 'APPLE', quantity: 2 }])])).toMatchObject({
      status: 'conflict',
    });
    socket.close();

    const reply = await rePair((await rePairCode(enrolled.registerId)).body.code, enrolled.registerId);
    expect(reply.status).toBe(201);
    expect(await refusal(reply.body.token)).toBe('quarantined');
    const registers = (await ho.admin<RegisterView[]>('GET', '/api/registers')).body;
    expect(registers.find((r) => r.id === enrolled.registerId)).toMatchObject({
      lastAppliedSeq: 1,
      quarantinedAt: expect.any(String),
    });
  });
});
