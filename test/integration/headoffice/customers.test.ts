/**
 * Head office's customers through its API, on SQLite and PostgreSQL: what a merge refuses (a record merged
 * already, an erased one, one into itself), paging the list by name, and an erased customer's event sent again
 * by its register still answered 'duplicate' (its hash is kept) and never applied a second time. An erasure
 * goes down the 'customers' stream to every register of every store, the records merged into it included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerCreated } from '../../../src/shared/documents/customer.ts';
import type { FindCustomersReply, PullReply, SnapshotReply } from '../../../src/shared/sync/protocol.ts';
import {
  connectRegister,
  createStore,
  dialects,
  enrollRegister,
  newCustomer,
  outboxEvent,
  startTestHeadOffice,
  type RegisterSocket,
  type TestHeadOffice,
  type Who,
} from './helpers.ts';

describe.each(dialects)('customers at head office on %s', (dialect) => {
  let ho: TestHeadOffice;
  let socket: RegisterSocket;
  /** A register of another store: customers are company-wide. */
  let otherStore: RegisterSocket;
  let who: Who;
  let seq = 0;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A');
    const enrolled = await enrollRegister(ho.admin, 'A');
    who = { storeId: 'A', registerId: enrolled.registerId };
    socket = await connectRegister(ho.url, enrolled.token);
    await createStore(ho.admin, 'B');
    otherStore = await connectRegister(ho.url, (await enrollRegister(ho.admin, 'B')).token);
  });
  afterAll(async () => {
    socket?.close();
    otherStore?.close();
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function made(name: string, email: string) {
    const customer = newCustomer(who, { name, email });
    const event = outboxEvent((seq += 1), customer, customerCreated.type);
    expect(await socket.emitWithAck('push', { events: [event] })).toMatchObject({ status: 'ok' });
    return { customer, event };
  }

  it('refuses a merge into itself, of a record merged already, and of an erased one, changing nothing', async () => {
    const [kept, other, third] = [
      await made('Kept Person', 'kept@example.com'),
      await made('Other Person', 'other@example.com'),
      await made('Third Person', 'third@example.com'),
    ].map(({ customer }) => customer.customerId);
    const merge = (into: string, mergedIds: string[]) =>
      ho.admin('POST', `/api/customers/${into}/merge`, { mergedIds });

    expect(await merge(kept!, [kept!])).toMatchObject({ status: 400 });
    expect(await merge(kept!, [other!])).toMatchObject({ status: 200 });
    expect(await merge(third!, [other!])).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining(`merged into ${kept} already`) } },
    });
    expect((await ho.admin('POST', `/api/customers/${third}/erase`)).status).toBe(200);
    expect(await merge(kept!, [third!])).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining('erased on request') } },
    });
    expect(await merge(kept!, ['nobody'])).toMatchObject({ status: 404 });
    // A merged id answers for its survivor.
    expect((await ho.admin('GET', `/api/customers/${other}`)).body).toMatchObject({
      customerId: kept,
      merged: [expect.objectContaining({ customerId: other })],
    });
  });

  it('pages the list by name, and a search finds a whole email in any case', async () => {
    for (const name of ['Zoe A', 'Zoe B', 'Zoe C']) await made(name, `${name.replace(' ', '.')}@zoe.example`);
    const first = await ho.admin('GET', '/api/customers?q=zoe&limit=2');
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['Zoe A', 'Zoe B']);
    const second = await ho.admin(
      'GET',
      `/api/customers?q=zoe&limit=2&after=${encodeURIComponent(first.body.next)}`,
    );
    expect(second.body).toMatchObject({ items: [{ name: 'Zoe C' }], next: null });
    expect((await ho.admin('GET', '/api/customers?q=ZOE.B@ZOE.EXAMPLE')).body.items).toEqual([
      expect.objectContaining({ name: 'Zoe B' }),
    ]);
  });

  it('finds a name whatever its accents and case, typed with or without them, in the list and for a register', async () => {
    for (const name of ['Síle Ní Bhriain', 'Sile Byrne', 'Hans Müller'])
      await made(name, `${name.replaceAll(' ', '.')}@accents.example`);
    const names = async (typed: string) =>
      (
        (await ho.admin('GET', `/api/customers?q=${encodeURIComponent(typed)}`)).body.items as {
          name: string;
        }[]
      ).map((customer) => customer.name);
    for (const typed of ['sile', 'síle', 'SILE', 'SÍLE', 'si\u0301le']) {
      expect(await names(typed)).toEqual(['Sile Byrne', 'Síle Ní Bhriain']);
    }
    expect(await names('sile ni')).toEqual(['Síle Ní Bhriain']);
    expect(await names('muller')).toEqual(['Hans Müller']);
    const reply = (await socket.emitWithAck('findCustomers', { query: 'MULLER' })) as FindCustomersReply;
    expect(reply.status === 'found' && reply.customers.map((customer) => customer.name)).toEqual([
      'Hans Müller',
    ]);
  });

  it('answers an erased customer’s event sent again as a duplicate, without bringing her back', async () => {
    const { customer, event } = await made('Erin Erased', 'erin@example.com');
    expect((await ho.admin('POST', `/api/customers/${customer.customerId}/erase`)).status).toBe(200);
    // The register never heard the ack and sends the same event again.
    expect(await socket.emitWithAck('push', { events: [event] })).toMatchObject({
      status: 'ok',
      outcomes: [{ seq: event.seq, outcome: 'duplicate' }],
    });
    expect((await ho.admin('GET', `/api/customers/${customer.customerId}`)).body).toMatchObject({
      name: 'Erased customer',
      email: null,
    });
    const stored = await ho.db
      .selectFrom('received_events')
      .select('payload')
      .where('register_id', '=', who.registerId)
      .where('seq', '=', event.seq)
      .executeTakeFirstOrThrow();
    expect(stored.payload).not.toContain('erin');
    // Nor does any column of the record: the name folded for searches went with the name.
    const record = await ho.db
      .selectFrom('customers')
      .selectAll()
      .where('customer_id', '=', customer.customerId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(record).toLowerCase()).not.toContain('erin');
  });

  it('sends an erasure, with the records merged into it, to the registers of every store', async () => {
    const [survivor, merged] = [
      await made('Sam Survivor', 'sam@example.com'),
      await made('Sam Twice', 'sam2@example.com'),
    ].map(({ customer }) => customer.customerId);
    expect(await ho.admin('POST', `/api/customers/${survivor}/merge`, { mergedIds: [merged] })).toMatchObject(
      {
        status: 200,
      },
    );
    const pull = (cursor: number) =>
      otherStore.timeout(10_000).emitWithAck('pull', { stream: 'customers', cursor, limit: 100 }) as Promise<
        PullReply<'customers'>
      >;
    const before = await pull(0);
    if (before.status !== 'ok') throw new Error(`pull: ${before.status}`);
    const poked = new Promise((resolve) => otherStore.once('poke', resolve));

    expect((await ho.admin('POST', `/api/customers/${survivor}/erase`)).status).toBe(200);
    expect(await poked).toEqual({ streams: ['customers'] });
    const after = await pull(before.nextCursor);
    if (after.status !== 'ok') throw new Error(`pull: ${after.status}`);
    expect(after.changes.map(({ key, data }) => ({ key, data }))).toEqual(
      expect.arrayContaining(
        [survivor, merged].map((id) => ({ key: id, data: { customerId: id, erasedAt: expect.any(String) } })),
      ),
    );
    expect(after.changes).toHaveLength(2);
    // A register that loads the stream afresh gets every erased record, this one among them.
    const snapshot = (await otherStore.timeout(10_000).emitWithAck('snapshot', {
      stream: 'customers',
      afterKey: null,
      limit: 100,
    })) as SnapshotReply<'customers'>;
    if (snapshot.status !== 'ok') throw new Error(`snapshot: ${snapshot.status}`);
    expect(snapshot.items.map(({ key }) => key)).toEqual(expect.arrayContaining([survivor, merged]));
    expect(JSON.stringify(snapshot.items)).not.toContain('Sam');
  });
});
