/**
 * Customers across registers and head office (issue 19), on SQLite and PostgreSQL: the same person made offline
 * at two registers reaches head office as two records (no merge without a person), found as duplicates; a
 * register finds the other register's customer through head office and sees every store's purchases; a merge
 * makes the merged record's sales the survivor's, for either id; an export holds the person's data and an
 * erasure blanks it everywhere head office keeps it while the sales stay, and then in both registers' ledgers
 * (their customers, the acknowledged 'customer.created' events of their outboxes and the receipts in the print
 * queue that printed her name).
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { printedLines } from '../../harness/escpos-transcript.ts';
import { FakeNetworkPrinter } from '../../harness/fake-printer.ts';
import { startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  drained,
  openRegister,
  spaghetti,
  waitForStatus,
  waitUntil,
  type TestRegister,
} from '../../harness/sync-register.ts';
import type { RegisterApp } from '../../../src/main/app.ts';
import { demoUsers } from '../../../src/main/services/demo-seed.ts';
import type { NewCustomer } from '../../../src/shared/customers.ts';
import { customerCreated } from '../../../src/shared/documents/customer.ts';
import type { CompletedSale } from '../../../src/shared/domain.ts';

const afterTest = cleanUpAfterEachTest();
const heavy = { timeout: 120_000 };

function register(): TestRegister {
  const opened = openRegister({ sync: { ackTimeoutMs: 10_000 } });
  afterTest(() => opened.destroy());
  return opened;
}

/** Puts the customer on the open sale and sells them a packet of spaghetti for cash. */
function sellTo(app: RegisterApp, customerId: string): CompletedSale {
  const { sales, customers } = app.services;
  customers.attach({ customerId });
  const sale = sales.scan({ code: spaghetti });
  sales.addTender({ kind: 'cash', amountMinor: sale.dueMinor });
  return sales.complete().receipt.sale;
}

/** Every row of every table of the register's ledger, as text. */
function ledgerText(app: RegisterApp): string {
  const tables = app.db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .all();
  return tables.map((table) => JSON.stringify(app.db.prepare(`SELECT * FROM "${table}"`).all())).join('\n');
}

const graceWritten = /grace|555 0100/i;
const printerModel = 'epson-tm-t20iii';
const manager = demoUsers.find((user) => user.role === 'manager')!;

const grace = (fields: Partial<NewCustomer>): NewCustomer => ({
  name: 'Grace Hopper',
  phone: null,
  email: null,
  nameOnReceipt: false,
  ...fields,
});

describe.each(['sqlite', 'postgres'] as const)('customers with head office on %s', heavy, (dialect) => {
  it('keeps two offline records of one person apart until a person merges them, then erases her', async () => {
    const [atA, atB] = [register(), register()];
    const hq = await startHeadOfficeFor(atA, dialect);
    afterTest(() => hq.close());
    await hq.enrol(atA, 'Till A');
    await hq.enrol(atB, 'Till B');
    await Promise.all([waitForStatus(atA.app, drained), waitForStatus(atB.app, drained)]);
    // A prints its receipts.
    const printer = await FakeNetworkPrinter.start();
    afterTest(() => printer.stop());
    await atA.app.devices.setConfig({
      approval: { pin: manager.pin },
      receiptPrinter: {
        connection: { kind: 'network', host: '127.0.0.1', port: printer.port },
        model: printerModel,
        columns: null,
        returnCode: 'qr',
        cut: 'partial',
        timeoutMs: 1000,
      },
      drawer: null,
      scanners: [],
    });

    // Offline, both registers make Grace (one email, written two ways) and sell to her.
    hq.proxy.setDown(true);
    await waitForStatus(atA.app, (s) => !s.connected);
    await waitForStatus(atB.app, (s) => !s.connected);
    const first = atA.app.services.customers.create(
      grace({ email: 'Grace@Example.com', nameOnReceipt: true }),
    );
    const second = atB.app.services.customers.create(
      grace({ email: ' grace@example.com', phone: '+1 555 0100' }),
    );
    const soldAtA = sellTo(atA.app, first.customerId);
    const soldAtB = sellTo(atB.app, second.customerId);
    expect(soldAtA.customerId).toBe(first.customerId);
    // Her name on the receipt is her choice: asked for at A, not at B.
    expect(atA.app.services.sales.receipt({ saleId: soldAtA.saleId }).customer).toBe('Grace Hopper');
    expect(atB.app.services.sales.receipt({ saleId: soldAtB.saleId }).customer).toBeNull();
    await atA.app.devices.settled();
    expect(printedLines(printer.transcript(printerModel))).toContain('Customer Grace Hopper');
    // Offline, a register's history is its own.
    expect(await atA.app.services.customers.history({ customerId: first.customerId })).toMatchObject({
      source: 'local',
      purchases: [{ kind: 'sale', documentId: soldAtA.saleId, receiptNumber: soldAtA.receiptNumber }],
    });

    hq.proxy.setDown(false);
    await Promise.all([waitForStatus(atA.app, drained), waitForStatus(atB.app, drained)]);

    // Two records, each once; found as duplicates by the email's key, not merged.
    const admin = hq.ho.admin;
    const listed = await admin('GET', '/api/customers?q=grace');
    expect(listed.body.items.map((c: { customerId: string }) => c.customerId).sort()).toEqual(
      [first.customerId, second.customerId].sort(),
    );
    const duplicates = await admin('GET', '/api/customers/duplicates');
    expect(duplicates.body.groups).toEqual([
      expect.objectContaining({
        reason: 'email',
        key: 'grace@example.com',
        customers: expect.arrayContaining([
          expect.objectContaining({ customerId: first.customerId }),
          expect.objectContaining({ customerId: second.customerId }),
        ]),
      }),
    ]);

    // Register A finds B's record through head office (by B's phone too) and sees where each bought.
    const found = await atA.app.services.customers.search({ query: 'grace' });
    expect(found.map((c) => c.customerId).sort()).toEqual([first.customerId, second.customerId].sort());
    expect(
      (await atA.app.services.customers.search({ query: '+1 (555) 01-00' })).map((c) => c.customerId),
    ).toEqual([second.customerId]);
    expect((await atA.app.services.customers.history({ customerId: second.customerId })).purchases).toEqual([
      expect.objectContaining({ documentId: soldAtB.saleId, receiptNumber: soldAtB.receiptNumber }),
    ]);

    // A person merges B's record into A's: both sales are the survivor's, asked by either id.
    const merged = await admin('POST', `/api/customers/${first.customerId}/merge`, {
      mergedIds: [second.customerId],
    });
    expect(merged.status).toBe(200);
    expect(merged.body.merged).toEqual([expect.objectContaining({ customerId: second.customerId })]);
    for (const [app, id] of [
      [atA.app, first.customerId],
      [atB.app, second.customerId],
    ] as const) {
      const history = await app.services.customers.history({ customerId: id });
      expect(history.source).toBe('head-office');
      expect(history.purchases.map((p) => p.documentId).sort()).toEqual(
        [soldAtA.saleId, soldAtB.saleId].sort(),
      );
    }
    expect((await admin('GET', '/api/customers/duplicates')).body.groups).toEqual([]);
    // The sales themselves are as their registers sent them.
    const saleRows = await hq.ho.db
      .selectFrom('sales')
      .select(['sale_id', 'customer_id'])
      .where('sale_id', 'in', [soldAtA.saleId, soldAtB.saleId])
      .orderBy('sale_id')
      .execute();
    expect(saleRows).toEqual(
      [
        { sale_id: soldAtA.saleId, customer_id: first.customerId },
        { sale_id: soldAtB.saleId, customer_id: second.customerId },
      ].sort((a, b) => a.sale_id.localeCompare(b.sale_id)),
    );

    // Her data on request: both records and what she bought, line by line.
    const exported = await admin('POST', `/api/customers/${second.customerId}/export`);
    expect(exported.body).toMatchObject({
      customer: { customerId: first.customerId, email: 'Grace@Example.com' },
      merged: [{ customerId: second.customerId, phone: '+1 555 0100' }],
    });
    expect(exported.body.purchases).toHaveLength(2);
    expect(exported.body.purchases[0].lines).toEqual([expect.objectContaining({ quantity: 1 })]);

    // Each register holds her details (A her row and its event, B the same, A also B's record it found).
    for (const { app } of [atA, atB]) expect(ledgerText(app)).toMatch(graceWritten);
    // Erased on request: no name, phone or email anywhere head office keeps them; the sales stay, anonymised.
    const erased = await admin('POST', `/api/customers/${first.customerId}/erase`);
    expect(erased.body).toMatchObject({ name: 'Erased customer', email: null, phone: null });
    expect(erased.body.merged).toEqual([
      expect.objectContaining({ name: 'Erased customer', email: null, phone: null }),
    ]);
    const kept = JSON.stringify(
      await hq.ho.db
        .selectFrom('received_events')
        .select('payload')
        .where('type', '=', customerCreated.type)
        .execute(),
    );
    expect(kept).not.toMatch(/grace|555/i);
    expect((await admin('GET', '/api/customers?q=grace')).body.items).toEqual([]);
    expect((await admin('GET', `/api/customers/${first.customerId}/purchases`)).body.items).toHaveLength(2);

    // Both registers hear of the erasure and blank their copies; their sales still name her record.
    for (const [{ app }, id, sold] of [
      [atA, first.customerId, soldAtA],
      [atB, second.customerId, soldAtB],
    ] as const) {
      await waitUntil(app, () => !graceWritten.test(ledgerText(app)));
      expect(
        app.db.prepare('SELECT name, phone, email FROM customers WHERE customer_id = ?').get(id),
      ).toEqual({
        name: 'Erased customer',
        phone: null,
        email: null,
      });
      expect(app.services.sales.receipt({ saleId: sold.saleId }).customer).toBeNull();
      expect(
        app.db
          .prepare('SELECT customer_id FROM customer_documents WHERE document_id = ?')
          .pluck()
          .get(sold.saleId),
      ).toBe(id);
      expect(await app.services.customers.search({ query: 'erased' })).toEqual([]);
    }
  });
});
