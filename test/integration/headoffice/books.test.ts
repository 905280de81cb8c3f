/**
 * The daily journal (issue 18, "Books") through a real head office on SQLite and PostgreSQL: random days of a
 * register balance and equal their Z reports to the cent; the exports; the account map; a document arriving
 * after its day was exported goes into a correction journal and the exported day's file stays the same.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayJournals, Journal } from '../../../src/shared/books.ts';
import type { ShiftClosedPayload } from '../../../src/shared/documents/shift.ts';
import type { UpstreamEvent } from '../../../src/shared/sync/protocol.ts';
import type { StockValue } from '../../../src/shared/cost.ts';
import { receiptCompleted } from '../../../src/shared/documents/goods-receipt.ts';
import { daySpec, randomDay } from './books-day.ts';
import { goodsReceipt } from './inventory-helpers.ts';
import {
  ADMIN_TOKEN,
  completedSale,
  connectRegister,
  dialects,
  enrollRegister,
  outboxEvent,
  startTestHeadOffice,
  taxRates,
  type TestHeadOffice,
} from './helpers.ts';

const run = promisify(execFile);
const DAY = '2026-12-06';
const at = (time: string): Date => new Date(`${time}Z`);

/** Sum of what lines with `key` (a prefix ending in ":" matches every line starting with it) post: debit positive. */
function posted(journal: Journal | undefined, match: (key: string) => boolean): number {
  return (journal?.lines ?? [])
    .filter((line) => match(line.key))
    .reduce((total, line) => total + line.debitMinor - line.creditMinor, 0);
}
/** What lines credit, as a positive amount. */
const credited = (journal: Journal | undefined, match: (key: string) => boolean): number =>
  0 - posted(journal, match) || 0;
const sum = <T>(items: T[], of: (item: T) => number): number => items.reduce((t, i) => t + of(i), 0);

/** Deliveries of a day's SKUs (0 to 3), some without a unit cost on the note. */
const receiptsSpec = fc.array(
  fc.record({
    sku: fc.integer({ min: 0, max: 3 }),
    quantity: fc.integer({ min: 1, max: 20 }),
    unitCostMinor: fc.option(fc.integer({ min: 0, max: 3_000 }), { nil: null }),
  }),
  { maxLength: 4 },
);

describe.each(dialects)('the daily journal on %s', (dialect) => {
  let ho: TestHeadOffice;
  let clock = at('2026-12-06T08:00:00');
  let stores = 0;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect, { now: () => clock });
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  async function newStore(pricesIncludeTax = true, timeZone = 'Europe/Dublin') {
    const id = `S${(stores += 1)}`;
    const made = await ho.admin('POST', '/api/stores', {
      id,
      name: `Shop ${id}`,
      currency: 'EUR',
      pricesIncludeTax,
      taxRates,
      timeZone,
    });
    expect(made.status).toBe(201);
    const enrolled = await enrollRegister(ho.admin, id);
    return { storeId: id, registerId: enrolled.registerId, token: enrolled.token };
  }

  async function push(token: string, events: UpstreamEvent[]): Promise<void> {
    const socket = await connectRegister(ho.url, token);
    try {
      for (let i = 0; i < events.length; i += 50) {
        const reply = await socket.emitWithAck('push', { events: events.slice(i, i + 50) });
        expect(reply.status).toBe('ok');
      }
    } finally {
      socket.close();
    }
  }

  const journalOf = async (storeId: string, date = DAY): Promise<DayJournals> => {
    const reply = await ho.admin<DayJournals>('GET', `/api/stores/${storeId}/journal?date=${date}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body;
  };

  async function exported(storeId: string, date: string, format: string) {
    const response = await fetch(
      `${ho.url}/api/stores/${storeId}/journal/export?date=${date}&format=${format}`,
      {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      },
    );
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.text(),
    };
  }

  it('balances every random day and equals its Z reports to the cent', async () => {
    await fc.assert(
      fc.asyncProperty(daySpec, receiptsSpec, async (spec, received) => {
        clock = at('2026-12-06T08:00:00');
        const till = await newStore(spec.pricesIncludeTax);
        // Deliveries before opening, of the SKUs the day sells (random days name them SKU-0 to SKU-3).
        const receipts = received.map((line, i) => ({
          ...outboxEvent(
            i + 1,
            goodsReceipt({ storeId: till.storeId, registerId: till.registerId }, [
              { ...line, sku: `SKU-${line.sku}`, unitCostMinor: line.unitCostMinor ?? undefined },
            ]),
            receiptCompleted.type,
          ),
          occurredAt: '2026-12-06T08:30:00.000Z',
        }));
        const day = randomDay(spec, till, at('2026-12-06T09:00:00'), receipts.length + 1);
        await push(till.token, [...receipts, ...day.events]);
        const mismatches = await ho.admin('GET', `/api/exceptions?storeId=${till.storeId}&kind=z_mismatch`);
        expect(mismatches.body.items, 'the generated day is what a register would send').toEqual([]);

        const { journals } = await journalOf(till.storeId);
        const journal = journals[0];
        expect(journals.length).toBeLessThanOrEqual(1);
        expect(journal?.debitMinor ?? 0).toBe(journal?.creditMinor ?? 0);
        expect(posted(journal, (key) => key === 'suspense')).toBe(0);

        const z = day.zReports.map((report) => report.totals);
        const zSum = (of: (totals: ShiftClosedPayload['totals']) => number) => sum(z, of);
        for (const tender of ['cash', 'card']) {
          const net = zSum((t) =>
            sum(
              t.tenders.filter((x) => x.kind === tender),
              (x) => x.netMinor,
            ),
          );
          expect(
            posted(journal, (key) => key === `takings:${tender}`),
            `${tender} takings`,
          ).toBe(net);
        }
        for (const rate of taxRates) {
          const key = `${rate.code}:${rate.rateBasisPoints}`;
          const taxes = z.flatMap((t) => t.taxes.filter((x) => x.code === rate.code));
          expect(
            credited(journal, (k) => k === `tax:${key}`),
            `tax ${key}`,
          ).toBe(sum(taxes, (x) => x.taxMinor));
          const netSales = credited(journal, (k) =>
            [`sales:${key}`, `discounts:${key}`, `refunds:${key}`].includes(k),
          );
          expect(netSales, `net sales ${key}`).toBe(sum(taxes, (x) => x.netMinor));
        }
        expect(credited(journal, (key) => key === 'rounding')).toBe(
          zSum((t) => t.roundingMinor) - day.voided.roundingMinor,
        );
        if (!spec.pricesIncludeTax) {
          expect(posted(journal, (key) => key.startsWith('discounts:'))).toBe(
            zSum((t) => t.discounts.amountMinor) - day.voided.discountMinor,
          );
        }
        expect(credited(journal, (key) => key === 'paidIn')).toBe(zSum((t) => t.cash.inMinor));
        expect(posted(journal, (key) => key === 'paidOut')).toBe(zSum((t) => t.cash.outMinor));
        expect(credited(journal, (key) => key === 'overShort')).toBe(
          sum(day.zReports, (r) => r.overShortMinor),
        );
        // What goes to the bank: every line on the cash clearing account is the drawers' counted cash less floats.
        const cashClearing = (journal?.lines ?? [])
          .filter((line) => line.account.code === '1010')
          .reduce((total, line) => total + line.debitMinor - line.creditMinor, 0);
        expect(cashClearing).toBe(sum(day.zReports, (r) => r.countedMinor - r.totals.cash.floatMinor));

        // At cost: the deliveries against goods received not invoiced, and every unit that left the store
        // (sold, less returned and voided) at the SKU's average, which nothing moved during the day.
        const receivedAtCost = sum(received, (line) => line.quantity * (line.unitCostMinor ?? 0));
        expect(credited(journal, (key) => key === 'goodsReceivedNotInvoiced')).toBe(receivedAtCost);
        const value = await ho.admin<StockValue>('GET', `/api/stores/${till.storeId}/stock-value`);
        const costOfGoods = sum(value.body.items, (item) => {
          const receivedUnits = sum(
            received.filter((line) => `SKU-${line.sku}` === item.sku),
            (line) => line.quantity,
          );
          return (receivedUnits - item.onHand - item.damaged) * (item.unitCostMinor ?? 0);
        });
        expect(posted(journal, (key) => key === 'costOfGoods')).toBe(costOfGoods);
        expect(posted(journal, (key) => key === 'inventory')).toBe(receivedAtCost - costOfGoods);
      }),
      { numRuns: dialect === 'sqlite' ? 25 : 10 },
    );
  });

  it('keeps an exported day as it was and puts a late document into a correction journal', async () => {
    clock = at('2026-12-06T08:00:00');
    const till = await newStore();
    const sale = (seq: number, time: string, priceMinor: number) => ({
      ...outboxEvent(
        seq,
        completedSale(seq, till, [{ sku: 'MILK', unitPriceMinor: priceMinor }], {
          completedAt: `${time}.000Z`,
        }),
      ),
      occurredAt: `${time}.000Z`,
    });
    await push(till.token, [sale(1, '2026-12-06T10:00:00', 1_200)]);

    expect((await exported(till.storeId, DAY, 'xero')).status, 'the day is not over yet').toBe(409);

    clock = at('2026-12-07T08:00:00');
    const first = await exported(till.storeId, DAY, 'csv');
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^text\/csv/);
    // Sold before the export, on the day, but synced after it: a correction on the day it arrived.
    clock = at('2026-12-07T09:00:00');
    await push(till.token, [sale(2, '2026-12-06T22:00:00', 600)]);
    expect((await exported(till.storeId, DAY, 'csv')).body, 'the same file again').toBe(first.body);

    const exportedDay = await journalOf(till.storeId);
    expect(exportedDay.journals).toHaveLength(1);
    expect(exportedDay.journals[0]).toMatchObject({ documents: 1, debitMinor: 1_200 });
    expect(exportedDay.firstExportedAt).toBe('2026-12-07T08:00:00.000Z');

    const arrivalDay = await journalOf(till.storeId, '2026-12-07');
    expect(arrivalDay.journals).toEqual([
      expect.objectContaining({
        number: `${till.storeId}-20261207-C20261206`,
        date: '2026-12-07',
        correctsDate: '2026-12-06',
        documents: 1,
        debitMinor: 600,
        creditMinor: 600,
      }),
    ]);
    const days = await ho.db
      .selectFrom('journal_exports')
      .select(['business_date', 'format', 'exported_by'])
      .where('store_id', '=', till.storeId)
      .execute();
    expect(days).toEqual([
      { business_date: DAY, format: 'csv', exported_by: 'token:legacy-admin' },
      { business_date: DAY, format: 'csv', exported_by: 'token:legacy-admin' },
    ]);
  });

  it("counts a document on the store's own day, in its time zone", async () => {
    clock = at('2026-12-06T08:00:00');
    const till = await newStore(true, 'Pacific/Auckland');
    // 11:30 UTC is half past midnight on the 7th in Auckland (UTC+13 in December); 10:30 UTC is still the 6th.
    const sale = (seq: number, time: string, priceMinor: number) => ({
      ...outboxEvent(
        seq,
        completedSale(seq, till, [{ sku: 'TEA', unitPriceMinor: priceMinor }], { completedAt: time }),
      ),
      occurredAt: time,
    });
    await push(till.token, [
      sale(1, '2026-12-06T10:30:00.000Z', 300),
      sale(2, '2026-12-06T11:30:00.000Z', 500),
      sale(3, '2026-12-07T00:30:00.000+13:00', 700),
    ]);
    expect((await journalOf(till.storeId, '2026-12-06')).journals[0]).toMatchObject({ debitMinor: 300 });
    expect((await journalOf(till.storeId, '2026-12-07')).journals[0]).toMatchObject({
      documents: 2,
      debitMinor: 1_200,
    });
  });

  it('writes each format with its documented columns', async () => {
    clock = at('2026-12-06T08:00:00');
    const till = await newStore();
    const saleEvent = outboxEvent(
      1,
      completedSale(1, till, [{ sku: 'TEA', quantity: 2, unitPriceMinor: 600 }], {
        tenders: [{ tenderId: 'card-1', kind: 'card', amountMinor: 1_200 }],
        completedAt: '2026-12-06T11:00:00.000Z',
      }),
    );
    await push(till.token, [{ ...saleEvent, occurredAt: '2026-12-06T11:00:00.000Z' }]);
    clock = at('2026-12-08T08:00:00');
    const number = `${till.storeId}-20261206`;

    expect((await exported(till.storeId, DAY, 'xero')).body.split('\r\n')).toEqual([
      '*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2',
      `Counter Shop ${till.storeId}: takings of ${DAY},06/12/2026,Card takings,1020,Tax Exempt,12.00,,,,`,
      `Counter Shop ${till.storeId}: takings of ${DAY},06/12/2026,Sales Standard 20%,4000,Tax Exempt,-10.00,,,,`,
      `Counter Shop ${till.storeId}: takings of ${DAY},06/12/2026,Tax Standard 20%,2200,Tax Exempt,-2.00,,,,`,
      '',
    ]);
    expect((await exported(till.storeId, DAY, 'qbo')).body.split('\r\n')).toEqual([
      'Journal No,Journal Date,Account Name,Debits,Credits,Description,Name',
      `${number},12/06/2026,Card clearing,12.00,,Card takings,`,
      `${number},12/06/2026,Sales,,10.00,Sales Standard 20%,`,
      `${number},12/06/2026,Sales tax payable,,2.00,Tax Standard 20%,`,
      '',
    ]);
    expect((await exported(till.storeId, DAY, 'iif')).body.split('\r\n')).toEqual([
      '!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tCLASS\tAMOUNT\tDOCNUM\tMEMO',
      '!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tCLASS\tAMOUNT\tDOCNUM\tMEMO',
      '!ENDTRNS',
      `TRNS\t\tGENERAL JOURNAL\t12/06/2026\tCard clearing\t\t\t12.00\t${number}\tCard takings`,
      `SPL\t\tGENERAL JOURNAL\t12/06/2026\tSales\t\t\t-10.00\t${number}\tSales Standard 20%`,
      `SPL\t\tGENERAL JOURNAL\t12/06/2026\tSales tax payable\t\t\t-2.00\t${number}\tTax Standard 20%`,
      'ENDTRNS',
      '',
    ]);
    expect((await exported(till.storeId, DAY, 'csv')).body.split('\r\n')).toEqual([
      'store,date,journal,corrects_date,account_code,account_name,line,description,debit,credit,currency',
      `${till.storeId},${DAY},${number},,1020,Card clearing,takings:card,Card takings,12.00,0.00,EUR`,
      `${till.storeId},${DAY},${number},,4000,Sales,sales:STD:2000,Sales Standard 20%,0.00,10.00,EUR`,
      `${till.storeId},${DAY},${number},,2200,Sales tax payable,tax:STD:2000,Tax Standard 20%,0.00,2.00,EUR`,
      '',
    ]);
    expect(await exported(till.storeId, DAY, 'pdf')).toMatchObject({ status: 400 });

    if (dialect !== 'sqlite') return;
    // The same from the terminal, on the same database: the table for a person, and the file.
    const cli = (...args: string[]) =>
      run(process.execPath, ['--experimental-strip-types', 'src/headoffice/server.ts', 'journal', ...args], {
        env: { ...process.env, HEADOFFICE_DATA_DIR: ho.database.options.dataDir },
      });
    const table = await cli('--store', till.storeId, '--date', DAY);
    expect(table.stdout).toContain(`${number}  Counter Shop ${till.storeId}: takings of ${DAY}`);
    expect(table.stdout).toMatch(/1020 Card clearing\s+12\.00\s+Card takings/);
    const file = await cli('--store', till.storeId, '--date', DAY, '--format', 'csv');
    expect(file.stdout).toBe((await exported(till.storeId, DAY, 'csv')).body);
    await expect(cli('--store', till.storeId, '--date', '6.12.2026')).rejects.toMatchObject({
      stderr: expect.stringContaining('give the day as YYYY-MM-DD'),
    });
  });

  it('posts to the company’s accounts and a store’s own where it differs', async () => {
    clock = at('2026-12-06T08:00:00');
    const till = await newStore();
    await push(till.token, [
      {
        ...outboxEvent(
          1,
          completedSale(1, till, [{ sku: 'TEA' }], { completedAt: '2026-12-06T12:00:00.000Z' }),
        ),
        occurredAt: '2026-12-06T12:00:00.000Z',
      },
    ]);
    const company = await ho.admin('PUT', '/api/books/accounts', {
      storeId: null,
      accounts: [{ key: 'sales', code: '200', name: 'Shop sales', taxRate: 'No VAT' }],
    });
    expect(company.status, JSON.stringify(company.body)).toBe(200);
    const own = await ho.admin('PUT', '/api/books/accounts', {
      storeId: till.storeId,
      accounts: [{ key: 'takings:cash', code: '090', name: 'Till float', taxRate: 'No VAT' }],
    });
    expect(own.status).toBe(200);
    const lines = (await journalOf(till.storeId)).journals[0]!.lines;
    expect(lines.map((line) => [line.key, line.account.code, line.account.name])).toEqual([
      ['takings:cash', '090', 'Till float'],
      ['sales:STD:2000', '200', 'Shop sales'],
      ['tax:STD:2000', '2200', 'Sales tax payable'],
    ]);
    expect(
      await ho.admin('PUT', '/api/books/accounts', {
        storeId: null,
        accounts: [{ key: 'paidOut:card', code: '1', name: 'x', taxRate: 'x' }],
      }),
    ).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    const map = await ho.admin('GET', '/api/books/accounts');
    expect(map.body.company).toEqual([{ key: 'sales', code: '200', name: 'Shop sales', taxRate: 'No VAT' }]);
    expect(map.body.stores[till.storeId]).toHaveLength(1);
    // Back to the defaults for the next tests.
    await ho.admin('PUT', '/api/books/accounts', { storeId: null, accounts: [] });
  });
});
