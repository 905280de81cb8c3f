/**
 * Two head-office nodes on one PostgreSQL database with the socket.io PostgreSQL (or Redis) adapter: pokes and
 * revocations cross nodes,
 * and a register that moves from one node to the other in the middle of a batch ends with every event applied
 * exactly once (the register-row lock, not socket affinity, decides).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_EVENTS, takeBatch, type PushReply } from '../../../src/shared/sync/protocol.ts';
import type { StockView } from '../../../src/shared/sync/admin-api.ts';
import {
  connectRegister,
  createStore,
  enrollRegister,
  PG_URL,
  pokedWith,
  putProducts,
  saleEvent,
  startTestHeadOffice,
  testDatabase,
  type TestDatabase,
  type TestHeadOffice,
} from './helpers.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Waits until `count` sessions are waiting to lock a register row. */
async function lockWaiters(count: number): Promise<void> {
  // Its own connection: inside a transaction pg_stat_activity keeps showing the same snapshot.
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query like '%from "registers"%for update%'`,
      );
      if (rows[0]!.n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

describe.each(['postgres', 'redis'] as const)(
  'two head-office nodes on one PostgreSQL database, %s adapter',
  (adapter) => {
    let database: TestDatabase;
    let nodeA: TestHeadOffice;
    let nodeB: TestHeadOffice;

    beforeAll(async () => {
      database = testDatabase('postgres');
      const options = { adapter, redisUrl: REDIS_URL };
      nodeA = await startTestHeadOffice('postgres', options, database);
      nodeB = await startTestHeadOffice('postgres', options, database);
      await createStore(nodeA.admin, 'S1');
      await putProducts(nodeA.admin, [{ sku: 'TEA', priceMinor: 250 }]);
    });
    afterAll(async () => {
      await nodeA?.close();
      await nodeB?.close();
      await database?.cleanup();
    });

    it('pokes a register on node B when the catalog changes through node A', async () => {
      const { token } = await enrollRegister(nodeA.admin, 'S1');
      const socket = await connectRegister(nodeB.url, token);
      const poked = pokedWith(socket, 'catalog');
      await putProducts(nodeA.admin, [{ sku: 'COFFEE', priceMinor: 300 }]);
      await poked;
      socket.close();
    });

    it('drops a register revoked through node A from node B', async () => {
      const { token, registerId } = await enrollRegister(nodeA.admin, 'S1');
      const socket = await connectRegister(nodeB.url, token);
      const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
      await nodeA.admin('POST', `/api/registers/${registerId}/revoke`);
      await dropped;
    });

    it('applies every event exactly once when a register moves from A to B mid-batch and resends', async () => {
      const sent = MAX_BATCH_EVENTS + 100;
      const { token, registerId } = await enrollRegister(nodeA.admin, 'S1');
      const who = { storeId: 'S1', registerId };
      // More than one push holds: the register must send a second batch.
      const events = Array.from({ length: sent }, (_, i) =>
        saleEvent(i + 1, who, [{ sku: 'TEA', quantity: 1 }]),
      );
      const firstBatch = takeBatch(events);
      expect(firstBatch.length).toBeGreaterThan(100);

      const onA = await connectRegister(nodeA.url, token);
      const onB = await connectRegister(nodeB.url, token);

      // Hold the register's row, so the batch is still being applied on A when it arrives on B.
      const holder = new pg.Client({ connectionString: PG_URL });
      await holder.connect();
      await holder.query(`set search_path to ${database.options.pgSchema}`);
      await holder.query('begin');
      await holder.query('select 1 from registers where id = $1 for update', [registerId]);

      // The register sends to A, loses that connection (and the ack) mid-batch, and resends on B.
      onA.emit('push', { events: firstBatch }, () => undefined);
      await lockWaiters(1);
      onA.disconnect();
      const firstOnB: Promise<PushReply> = onB.timeout(60_000).emitWithAck('push', { events: firstBatch });
      await lockWaiters(2);
      await holder.query('rollback');
      await holder.end();

      const replies: PushReply[] = [await firstOnB];
      for (let next = firstBatch.length; next < events.length;) {
        const batch = takeBatch(events.slice(next));
        const reply: PushReply = await onB.timeout(60_000).emitWithAck('push', { events: batch });
        replies.push(reply);
        if (reply.status !== 'ok') break;
        next = reply.lastAppliedSeq;
      }
      onB.close();

      // Whichever node got the row first applied the batch; the other found it already applied.
      const firstOutcomes = new Set(
        replies[0]!.status === 'ok' ? replies[0]!.outcomes.map((o) => o.outcome) : [],
      );
      expect(firstOutcomes.size).toBe(1);
      expect(replies.map((reply) => reply.status)).toEqual(['ok', 'ok']);
      expect(replies.at(-1)).toMatchObject({ lastAppliedSeq: sent });

      const db = nodeA.db;
      const counted = await db
        .selectFrom('received_events')
        .select((eb) => [
          eb.fn.countAll<number>().as('events'),
          eb.fn.count<number>('seq').distinct().as('seqs'),
        ])
        .where('register_id', '=', registerId)
        .executeTakeFirstOrThrow();
      expect(counted).toEqual({ events: sent, seqs: sent });
      const sales = await db
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('register_id', '=', registerId)
        .executeTakeFirstOrThrow();
      expect(sales.n).toBe(sent);
      const movements = await sql<{
        total: number;
      }>`select coalesce(sum(quantity), 0) as total from stock_movements where register_id = ${registerId}`.execute(
        db,
      );
      expect(movements.rows[0]!.total).toBe(-sent);
      const stock = await nodeB.admin<{ items: StockView[] }>('GET', '/api/stores/S1/stock?sku=TEA');
      expect(stock.body.items[0]!.onHand).toBe(-sent);
    });
  },
);
