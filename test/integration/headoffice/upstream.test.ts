/**
 * Register → head office, over a real socket.io connection: enrolment, the token check at connect, and the
 * exactly-once apply of pushed events (duplicate, gap, conflict, malformed, poison, foreign store), on SQLite
 * and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saleCompleted } from '../../../src/shared/documents/sale.ts';
import {
  lookupReceiptReplySchema,
  MAX_BATCH_BYTES,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  type LookupReceiptReply,
  type PushReply,
  type UpstreamEvent,
} from '../../../src/shared/sync/protocol.ts';
import type {
  ExceptionView,
  Page,
  RegisterView,
  SaleView,
  StockView,
} from '../../../src/shared/sync/admin-api.ts';
import {
  completedSale,
  connectRegister,
  connectWithAuth,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  poisonSales,
  putProducts,
  saleEvent,
  startTestHeadOffice,
  type ConnectRefused,
  type RegisterSocket,
  type TestHeadOffice,
} from './helpers.ts';

describe.each(dialects)('head office upstream on %s', (dialect) => {
  let ho: TestHeadOffice;
  let clock = Date.now();

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect, { now: () => new Date(clock) });
    await createStore(ho.admin, 'A');
    await createStore(ho.admin, 'B');
    await putProducts(ho.admin, [
      { sku: 'APPLE', priceMinor: 250 },
      { sku: 'PEAR', priceMinor: 300 },
    ]);
    await ho.admin('POST', '/api/stores/A/stock-movements', { sku: 'APPLE', kind: 'receive', quantity: 100 });
    await ho.admin('POST', '/api/stores/A/stock-movements', { sku: 'PEAR', kind: 'receive', quantity: 100 });
    await poisonSales(ho.db, dialect, 'POISON-');
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  /** A freshly enrolled register of store A (or `storeId`), connected. */
  async function newRegister(storeId = 'A') {
    const enrolled = await enrollRegister(ho.admin, storeId, `Till ${Math.random()}`);
    const socket = await connectRegister(ho.url, enrolled.token);
    const who = { storeId, registerId: enrolled.registerId };
    return { ...enrolled, socket, who };
  }

  const push = (socket: RegisterSocket, events: unknown): Promise<PushReply> =>
    socket.timeout(10_000).emitWithAck('push', { events } as never);

  const sales = async (storeId: string) =>
    (await ho.admin<Page<SaleView>>('GET', `/api/sales?storeId=${storeId}&limit=1000`)).body.items;
  const stock = async (storeId: string, sku: string) =>
    (await ho.admin<{ items: StockView[] }>('GET', `/api/stores/${storeId}/stock?sku=${sku}`)).body.items[0]
      ?.onHand ?? 0;
  const exceptions = async (registerId: string) =>
    (await ho.admin<Page<ExceptionView>>('GET', '/api/exceptions?limit=1000')).body.items.filter(
      (e) => e.registerId === registerId,
    );
  /** The payload text head office keeps for an event, as it was received. */
  const receivedPayload = async (registerId: string, seq: number) =>
    (
      await ho.db
        .selectFrom('received_events')
        .select('payload')
        .where('register_id', '=', registerId)
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow()
    ).payload;
  const register = async (registerId: string) =>
    (await ho.admin<RegisterView[]>('GET', '/api/registers')).body.find((r) => r.id === registerId)!;

  describe('enrolment and connect', () => {
    it('gives a token bound to the store for a pairing code that works once', async () => {
      const code = await ho.admin<{ code: string }>('POST', '/api/stores/A/pairing-codes', {
        ttlMinutes: 10,
      });
      expect(code.status).toBe(201);
      const first = await ho.admin(
        'POST',
        '/api/enroll',
        { pairingCode: code.body.code.toLowerCase(), registerName: 'Front' },
        null,
      );
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        storeId: 'A',
        storeName: 'Store A',
        registerId: expect.any(String),
        token: expect.any(String),
      });

      const again = await ho.admin(
        'POST',
        '/api/enroll',
        { pairingCode: code.body.code, registerName: 'Back' },
        null,
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already been used/);
    });

    it('refuses an unknown code and an expired one', async () => {
      const unknown = await ho.admin(
        'POST',
        '/api/enroll',
        { pairingCode: 'AAAA-BBBB', registerName: 'Front' },
        null,
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/not known/);

      const code = await ho.admin<{ code: string }>('POST', '/api/stores/A/pairing-codes', { ttlMinutes: 1 });
      clock += 2 * 60_000;
      const expired = await ho.admin(
        'POST',
        '/api/enroll',
        { pairingCode: code.body.code, registerName: 'Front' },
        null,
      );
      expect(expired.status).toBe(409);
      expect(expired.body.error.message).toMatch(/expired/);
    });

    it('refuses an unknown token at connect with a reason', async () => {
      const refused = await connectRegister(ho.url, 'not-a-token').catch((error: ConnectRefused) => error);
      expect(refused).toBeInstanceOf(Error);
      expect((refused as ConnectRefused).message).toBe('unknown_token');
      expect((refused as ConnectRefused).data?.reason).toMatch(/enrol/);
    });

    it('refuses a register speaking a protocol version head office no longer accepts', async () => {
      const { token, socket } = await newRegister();
      socket.close();
      const refused = (await connectRegister(ho.url, token, -1).catch(
        (error: ConnectRefused) => error,
      )) as ConnectRefused;
      expect(refused.message).toBe('upgrade_required');
      expect(refused.data?.reason).toMatch(/Update the register/);
    });

    it.each([
      ['1.5', 1.5],
      ['"1"', '1'],
      ['null', null],
      ['nothing', undefined],
    ])(
      'refuses a protocol version of %s as no version number, before it looks at the token',
      async (_shown, protocolVersion) => {
        const { token, socket } = await newRegister();
        socket.close();
        for (const auth of [
          { token, protocolVersion },
          { token: 'not-a-token', protocolVersion },
          { protocolVersion },
        ]) {
          const refused = (await connectWithAuth(ho.url, auth).catch(
            (error: ConnectRefused) => error,
          )) as ConnectRefused;
          expect(refused.message).toBe('upgrade_required');
          expect(refused.data?.reason).toMatch(/as its sync protocol version, which is no version number/);
        }
      },
    );

    it('takes a full batch from a register of the previous protocol version (256 KB then)', async () => {
      // Store B: its stock is no other test's business.
      const { token, registerId, socket, who } = await newRegister('B');
      socket.close();
      const previous = await connectRegister(ho.url, token, PROTOCOL_VERSION - 1);
      const events = oversizedBatch(who, 256 * 1024 - 10_000);
      const reply = await push(previous, events);
      expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: events.length });
      expect((await register(registerId)).lastAppliedSeq).toBe(events.length);
      previous.close();
    });

    it('drops a revoked register at once and refuses it at the next connect', async () => {
      const { token, registerId, socket } = await newRegister();
      const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
      const revoked = await ho.admin<RegisterView>('POST', `/api/registers/${registerId}/revoke`);
      expect(revoked.body.revokedAt).not.toBeNull();
      await dropped;
      const refused = (await connectRegister(ho.url, token).catch(
        (error: ConnectRefused) => error,
      )) as ConnectRefused;
      expect(refused.message).toBe('revoked');
      expect(refused.data?.reason).toMatch(/revoked/);
    });
  });

  describe('push', () => {
    it('applies a batch once, and a resend of it comes back duplicate with nothing counted twice', async () => {
      const { socket, who, registerId } = await newRegister();
      const before = await stock('A', 'APPLE');
      const events = [1, 2, 3].map((seq) => saleEvent(seq, who, [{ sku: 'APPLE', quantity: 2 }]));

      const reply = await push(socket, events);
      expect(reply).toEqual({
        status: 'ok',
        lastAppliedSeq: 3,
        outcomes: [1, 2, 3].map((seq) => ({ seq, outcome: 'applied' })),
      });
      expect((await sales('A')).filter((s) => s.registerId === registerId)).toHaveLength(3);
      expect(await stock('A', 'APPLE')).toBe(before - 6);

      const resent = await push(socket, events);
      expect(resent).toEqual({
        status: 'ok',
        lastAppliedSeq: 3,
        outcomes: [1, 2, 3].map((seq) => ({ seq, outcome: 'duplicate' })),
      });
      expect((await sales('A')).filter((s) => s.registerId === registerId)).toHaveLength(3);
      expect(await stock('A', 'APPLE')).toBe(before - 6);
      expect((await register(registerId)).lastAppliedSeq).toBe(3);
      socket.close();
    });

    it('answers a gap with the seq it expects and applies nothing', async () => {
      const { socket, who, registerId } = await newRegister();
      await push(socket, [saleEvent(1, who, [{ sku: 'APPLE' }])]);
      const reply = await push(socket, [saleEvent(3, who, [{ sku: 'APPLE' }])]);
      expect(reply).toEqual({ status: 'gap', expectedSeq: 2, lastAppliedSeq: 1 });
      expect((await register(registerId)).lastAppliedSeq).toBe(1);
      socket.close();
    });

    it('refuses a malformed batch with a reason and changes nothing', async () => {
      const { socket, who, registerId } = await newRegister();
      const good = saleEvent(1, who, [{ sku: 'APPLE' }]);
      const salesBefore = (await sales('A')).length;

      const cases: [unknown, RegExp][] = [
        [[good, saleEvent(3, who, [{ sku: 'APPLE' }])], /consecutive seqs/],
        [[{ ...good, payloadHash: 'f'.repeat(64) }], /payloadHash is not the sha256/],
        [[{ ...good, seq: 0 }], /seq/],
        [[{ ...good, eventId: 'not-a-uuid' }], /eventId/],
        [[{ ...good, schemaVersion: 0 }], /schemaVersion/],
        [[], /events/],
        ['not a list', /events/],
      ];
      for (const [events, reason] of cases) {
        const reply = await push(socket, events);
        expect(reply.status).toBe('invalid');
        expect(reply.status === 'invalid' && reply.reason).toMatch(reason);
      }
      expect((await sales('A')).length).toBe(salesBefore);
      expect((await register(registerId)).lastAppliedSeq).toBe(0);
      socket.close();
    });

    it('answers a message it does not know with invalid, and stays connected', async () => {
      const { socket } = await newRegister();
      const raw = socket as unknown as {
        timeout(ms: number): { emitWithAck(...args: unknown[]): Promise<unknown> };
      };
      expect(await raw.timeout(5000).emitWithAck('pushAll', { events: [] })).toEqual({
        status: 'invalid',
        reason: 'Head office does not know the message "pushAll".',
      });
      expect(socket.connected).toBe(true);
      socket.close();
    });

    it('applies nothing to another store when a payload claims it, and records why', async () => {
      const { socket, who, registerId } = await newRegister('A');
      const salesOfB = (await sales('B')).length;
      const stockOfB = await stock('B', 'PEAR');
      const forged = outboxEvent(
        1,
        completedSale(1, { ...who, storeId: 'B' }, [{ sku: 'PEAR', quantity: 5 }]),
      );

      const reply = await push(socket, [forged, saleEvent(2, who, [{ sku: 'PEAR', unitPriceMinor: 300 }])]);
      expect(reply.status).toBe('ok');
      expect((await sales('B')).length).toBe(salesOfB);
      expect(await stock('B', 'PEAR')).toBe(stockOfB);
      expect((await sales('A')).filter((s) => s.registerId === registerId).map((s) => s.seq)).toEqual([2]);
      const found = await exceptions(registerId);
      expect(found).toMatchObject([{ kind: 'store_mismatch', seq: 1, storeId: 'A' }]);
      expect(found[0]!.details).toMatch(/claims store "B"/);
      socket.close();
    });

    it('applies a sale of an unknown SKU with an exception, and everything after it still applies', async () => {
      const { socket, who, registerId } = await newRegister();
      const events = [
        saleEvent(1, who, [{ sku: 'APPLE' }]),
        saleEvent(2, who, [{ sku: 'DELETED-SKU', quantity: 3 }]),
        outboxEvent(3, { saleId: 'not a sale at all' }),
        saleEvent(4, who, [{ sku: 'PEAR', unitPriceMinor: 300 }]),
      ];
      const reply = await push(socket, events);
      expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: 4 });
      expect(reply.status === 'ok' && reply.outcomes.every((o) => o.outcome === 'applied')).toBe(true);

      const mine = (await sales('A')).filter((s) => s.registerId === registerId);
      expect(mine.map((s) => s.seq).sort()).toEqual([1, 2, 4]);
      expect(await stock('A', 'DELETED-SKU')).toBeLessThanOrEqual(-3);
      const kinds = (await exceptions(registerId)).map((e) => [e.seq, e.kind]);
      expect(kinds).toEqual(
        expect.arrayContaining([
          [2, 'unknown_sku'],
          [2, 'negative_stock'],
          [3, 'invalid_payload'],
        ]),
      );
      expect(kinds).toHaveLength(3);
      socket.close();
    });

    it('keeps an event the database itself refuses, with an exception, and applies the rest of the batch', async () => {
      const { socket, who, registerId } = await newRegister();
      const events = [
        saleEvent(1, who, [{ sku: 'APPLE' }]),
        outboxEvent(2, completedSale(2, who, [{ sku: 'APPLE' }], { receiptNumber: 'POISON-2' })),
        saleEvent(3, who, [{ sku: 'APPLE' }]),
      ];

      const reply = await push(socket, events);
      expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: 3 });
      expect(
        (await sales('A'))
          .filter((s) => s.registerId === registerId)
          .map((s) => s.seq)
          .sort(),
      ).toEqual([1, 3]);
      const found = await exceptions(registerId);
      expect(found).toMatchObject([{ kind: 'invalid_payload', seq: 2 }]);
      expect(found[0]!.details).toMatch(/could not be applied and was kept as received/);
      socket.close();
    });

    it('keeps a lone event the database refuses, answers ok, and applies the next push', async () => {
      const { socket, who, registerId } = await newRegister();
      const poison = outboxEvent(1, completedSale(1, who, [{ sku: 'APPLE' }], { receiptNumber: 'POISON-1' }));

      expect(await push(socket, [poison])).toEqual({
        status: 'ok',
        lastAppliedSeq: 1,
        outcomes: [{ seq: 1, outcome: 'applied' }],
      });
      expect(await exceptions(registerId)).toMatchObject([{ kind: 'invalid_payload', seq: 1 }]);
      expect(await receivedPayload(registerId, 1)).toBe(poison.payload);
      expect(await push(socket, [saleEvent(2, who, [{ sku: 'APPLE' }])])).toMatchObject({
        status: 'ok',
        lastAppliedSeq: 2,
      });
      expect((await sales('A')).filter((s) => s.registerId === registerId).map((s) => s.seq)).toEqual([2]);
      socket.close();
    });

    it('keeps a payload with a control character verbatim as invalid, and applies nothing of it', async () => {
      const { socket, who, registerId } = await newRegister();
      const stockBefore = await stock('A', 'PEAR');
      const withNul = outboxEvent(
        1,
        completedSale(1, who, [{ sku: 'PEAR' }], { receiptNumber: 'A-0001\u0000' }),
      );

      const reply = await push(socket, [withNul, saleEvent(2, who, [{ sku: 'APPLE' }])]);
      expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: 2 });
      expect((await sales('A')).filter((s) => s.registerId === registerId).map((s) => s.seq)).toEqual([2]);
      expect(await stock('A', 'PEAR')).toBe(stockBefore);
      const found = await exceptions(registerId);
      expect(found).toMatchObject([{ kind: 'invalid_payload', seq: 1 }]);
      expect(found[0]!.details).toMatch(/receiptNumber: Receipt number contains a control character/);
      expect(await receivedPayload(registerId, 1)).toBe(withNul.payload);
      socket.close();
    });

    it('applies a sale.completed v1 of a register before the document registry exactly as a current one', async () => {
      const { socket, who, registerId } = await newRegister();
      const before = await stock('A', 'PEAR');
      const sale = completedSale(1, who, [{ sku: 'PEAR', quantity: 2, unitPriceMinor: 300 }], {
        receiptNumber: 'OLD-000001',
      });
      // v1 carried the seq inside the payload as well.
      const v1 = outboxEvent(1, { ...sale, outboxSeq: 1 }, saleCompleted.type, 1);
      const v2 = saleEvent(2, who, [{ sku: 'PEAR', quantity: 2, unitPriceMinor: 300 }]);

      expect(await push(socket, [v1, v2])).toMatchObject({ status: 'ok', lastAppliedSeq: 2 });
      const mine = (await sales('A')).filter((s) => s.registerId === registerId);
      expect(mine.map((s) => [s.seq, s.lines.map((line) => [line.sku, line.quantity])]).sort()).toEqual([
        [1, [['PEAR', 2]]],
        [2, [['PEAR', 2]]],
      ]);
      expect(mine.find((s) => s.seq === 1)).toMatchObject({ saleId: sale.saleId, totalMinor: 600 });
      expect(await stock('A', 'PEAR')).toBe(before - 4);
      expect(await exceptions(registerId)).toEqual([]);

      // A lookup gives it as registers of the previous version read it: with the seq it came under.
      const asker = await newRegister();
      const found: LookupReceiptReply = await asker.socket.emitWithAck('lookupReceipt', {
        receiptNumber: sale.receiptNumber,
      });
      expect(lookupReceiptReplySchema.parse(found)).toMatchObject({
        status: 'found',
        sale: { saleId: sale.saleId, outboxSeq: 1 },
      });
      asker.socket.close();
      socket.close();
    });

    it('keeps an event of a version newer than it knows, unapplied, for after head office is updated', async () => {
      const { socket, who, registerId } = await newRegister();
      const newer = outboxEvent(1, completedSale(1, who, [{ sku: 'APPLE' }]), saleCompleted.type, 99);
      expect(await push(socket, [newer, saleEvent(2, who, [{ sku: 'APPLE' }])])).toMatchObject({
        status: 'ok',
        lastAppliedSeq: 2,
      });
      expect((await sales('A')).filter((s) => s.registerId === registerId).map((s) => s.seq)).toEqual([2]);
      expect(await exceptions(registerId)).toMatchObject([{ kind: 'unsupported_event', seq: 1 }]);
      expect(await receivedPayload(registerId, 1)).toBe(newer.payload);
      socket.close();
    });

    it('records a price other than head office’s and a clock far ahead, without refusing the sale', async () => {
      const { socket, who, registerId } = await newRegister();
      const sale = saleEvent(1, who, [{ sku: 'APPLE', unitPriceMinor: 199 }]);
      const future = { ...sale, occurredAt: new Date(clock + 60 * 60_000).toISOString() };
      expect(await push(socket, [future])).toMatchObject({ status: 'ok', lastAppliedSeq: 1 });
      const found = await exceptions(registerId);
      expect(found.map((e) => e.kind).sort()).toEqual(['clock_skew', 'price_mismatch']);
      expect(found.find((e) => e.kind === 'price_mismatch')!.details).toMatch(
        /at 199; head office's price is 250/,
      );
      socket.close();
    });

    it('records a sale in another currency than the store’s, and still counts it', async () => {
      const { socket, who, registerId } = await newRegister();
      const dollars = outboxEvent(1, { ...completedSale(1, who, [{ sku: 'APPLE' }]), currency: 'USD' });
      const euros = saleEvent(2, who, [{ sku: 'APPLE' }]);
      expect(await push(socket, [dollars, euros])).toMatchObject({ status: 'ok', lastAppliedSeq: 2 });
      expect((await sales('A')).filter((s) => s.registerId === registerId)).toHaveLength(2);
      const found = await exceptions(registerId);
      expect(found).toMatchObject([{ kind: 'currency_mismatch', seq: 1 }]);
      expect(found[0]!.details).toMatch(/is in USD; head office keeps store A in EUR/);
      socket.close();
    });

    it('quarantines a register whose seq arrives with other content, and refuses it until released', async () => {
      const { socket, who, registerId, token } = await newRegister();
      await push(socket, [saleEvent(1, who, [{ sku: 'APPLE' }])]);
      const clone = saleEvent(1, who, [{ sku: 'PEAR' }]);

      const reply = await push(socket, [clone]);
      expect(reply.status).toBe('conflict');
      expect(reply.status === 'conflict' && reply.reason).toMatch(/cloned register/);
      expect((await sales('A')).filter((s) => s.registerId === registerId)).toHaveLength(1);
      expect(await push(socket, [saleEvent(2, who, [{ sku: 'APPLE' }])])).toMatchObject({
        status: 'quarantined',
      });
      expect((await register(registerId)).quarantinedAt).not.toBeNull();
      expect((await exceptions(registerId)).map((e) => e.kind)).toEqual(['conflict']);
      socket.close();

      const refused = (await connectRegister(ho.url, token).catch(
        (error: ConnectRefused) => error,
      )) as ConnectRefused;
      expect(refused.message).toBe('quarantined');
      await ho.admin('POST', `/api/registers/${registerId}/release`);
      const again = await connectRegister(ho.url, token);
      expect(await push(again, [saleEvent(2, who, [{ sku: 'APPLE' }])])).toMatchObject({
        status: 'ok',
        lastAppliedSeq: 2,
      });
      again.close();
    });

    it('counts a sale id that arrives under a second seq only once', async () => {
      const { socket, who, registerId } = await newRegister();
      const sale = completedSale(1, who, [{ sku: 'APPLE' }]);
      const reply = await push(socket, [outboxEvent(1, sale), outboxEvent(2, sale)]);
      expect(reply.status).toBe('ok');
      expect((await sales('A')).filter((s) => s.registerId === registerId)).toHaveLength(1);
      expect((await exceptions(registerId)).map((e) => [e.seq, e.kind])).toEqual([[2, 'duplicate_document']]);
      socket.close();
    });

    it('refuses a batch a little over the limit with a reason, on a socket that stays open', async () => {
      const { socket, who } = await newRegister();
      const events = oversizedBatch(who, MAX_BATCH_BYTES + 20_000);
      const reply = await push(socket, events);
      expect(reply.status).toBe('invalid');
      expect(reply.status === 'invalid' && reply.reason).toContain(`larger than ${MAX_BATCH_BYTES} bytes`);
      expect(socket.connected).toBe(true);
      socket.close();
    });

    it('closes the socket without a reply for a message above maxHttpBufferSize (the register must never send one)', async () => {
      const { socket, who, registerId } = await newRegister();
      const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      const reply = push(socket, oversizedBatch(who, MAX_MESSAGE_BYTES + 10_000)).catch(
        (error: Error) => error,
      );
      expect(await dropped).toBe('transport close');
      expect(await reply).toBeInstanceOf(Error);
      expect((await register(registerId)).lastAppliedSeq).toBe(0);
    });
  });

  function oversizedBatch(who: { storeId: string; registerId: string }, bytes: number): UpstreamEvent[] {
    const events: UpstreamEvent[] = [];
    for (let seq = 1; JSON.stringify({ events }).length < bytes; seq++) {
      events.push(
        outboxEvent(
          seq,
          completedSale(
            seq,
            who,
            Array.from({ length: 20 }, () => ({ sku: 'APPLE' })),
          ),
        ),
      );
    }
    return events;
  }
});
