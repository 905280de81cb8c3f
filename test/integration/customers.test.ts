/**
 * Customers at the register on its own (issue 19): made offline with what a person typed checked at the
 * boundary, sent to head office once, kept on the open sale through a park and a restart, off a cancelled one,
 * and found again by name, phone or email however they are typed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../src/main/app.ts';
import type { Customer } from '../../src/shared/customers.ts';
import { customerCreated } from '../../src/shared/documents/customer.ts';
import { codes, freshApp, pins, signIn, startApp } from './ledger/ledger-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

const ada = {
  name: 'Ada Lovelace',
  phone: '+44 20 7946 0000',
  email: 'Ada@Example.com',
  nameOnReceipt: true,
};

async function create(input: object): Promise<Customer> {
  const reply = await app.dispatch('customer.create', input);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as Customer;
}

describe('customers at the register', () => {
  it('refuses what a person mistyped, saying what to fix, and makes nothing', async () => {
    app = freshApp();
    const refused = await app.dispatch('customer.create', { ...ada, email: 'ada.example.com' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('needs a name, an @ and a domain') },
    });
    const control = await app.dispatch('customer.create', { ...ada, name: 'Ada\u0000' });
    expect(control).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('control character') },
    });
    expect(app.db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(0);
  });

  it('is sent to head office once, in the transaction that makes her', async () => {
    app = freshApp();
    const customer = await create(ada);
    const events = app.db.prepare('SELECT type, payload FROM outbox').all() as {
      type: string;
      payload: string;
    }[];
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe(customerCreated.type);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({
      customerId: customer.customerId,
      name: 'Ada Lovelace',
      email: 'Ada@Example.com',
      nameOnReceipt: true,
    });
  });

  it('is found by a piece of the name, the phone in another format or the email in another case', async () => {
    app = freshApp();
    const customer = await create(ada);
    for (const query of ['lovel', '+44 (20) 7946-0000', ' ADA@example.com ']) {
      expect(
        (await app.services.customers.search({ query })).map((c) => c.customerId),
        query,
      ).toEqual([customer.customerId]);
    }
  });

  it('stays on the open sale through a park and a restart, and a cancelled sale lets go of her', async () => {
    app = freshApp();
    const { dataDir } = app as RegisterApp & { dataDir: string };
    const customer = await create(ada);
    const { sales, customers } = app.services;
    sales.scan({ code: codes.milk });
    customers.attach({ customerId: customer.customerId });
    const parked = sales.park();
    expect(customers.attached()).toBeNull();
    sales.resume({ saleId: sales.parked()[0]!.saleId });
    expect(parked.saleId).not.toBe(sales.current().saleId);
    expect(customers.attached()?.customerId).toBe(customer.customerId);

    app.close();
    app = signIn(startApp(dataDir));
    expect(app.services.customers.attached()?.customerId).toBe(customer.customerId);

    app.services.sales.cancel({ approval: { pin: pins.manager } });
    expect(app.services.customers.attached()).toBeNull();
  });
});
