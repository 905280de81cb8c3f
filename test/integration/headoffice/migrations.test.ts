/**
 * Head office's migrations move a database of an earlier version forward with its data, on SQLite and on
 * PostgreSQL: here from 002 (stock in the change log, sale lines in their own table) to 003. On PostgreSQL they
 * run while other schemas of the same database come and go.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/headoffice/db/connect.ts';
import { migrationProvider } from '../../../src/headoffice/db/migrations.ts';
import { OneSchemaPostgresDialect } from '../../../src/headoffice/db/one-schema-introspector.ts';
import type { PullReply } from '../../../src/shared/sync/protocol.ts';
import {
  connectRegister,
  dialects,
  enrollRegister,
  PG_URL,
  startTestHeadOffice,
  testDatabase,
  type DialectName,
  type TestDatabase,
  type TestHeadOffice,
} from './helpers.ts';

/** The database migrated up to and including `migration`, and nothing after it. */
async function databaseAt(
  dialect: DialectName,
  options: TestDatabase['options'],
  migration: string,
): Promise<Kysely<unknown>> {
  let db: Kysely<unknown>;
  if (dialect === 'sqlite') {
    db = new Kysely({
      dialect: new SqliteDialect({ database: new SQLite(join(options.dataDir!, 'headoffice.db')) }),
    });
  } else {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      options: `-c search_path=${options.pgSchema}`,
    });
    await pool.query(`create schema if not exists ${options.pgSchema}`);
    db = new Kysely({ dialect: new OneSchemaPostgresDialect({ pool }, options.pgSchema!) });
  }
  const { error } = await new Migrator({
    db,
    provider: migrationProvider(dialect),
    migrationTableSchema: options.pgSchema,
  }).migrateTo(migration);
  if (error) throw error;
  return db;
}

describe.each(dialects)('head office migrations on %s', (dialect) => {
  let database: TestDatabase | undefined;
  let ho: TestHeadOffice | undefined;
  afterEach(async () => {
    await ho?.close();
    await database?.cleanup();
  });

  it('003 keeps every stock figure, gives each a new stock seq past the old ones, and registers catch up by pulling', async () => {
    database = testDatabase(dialect);
    const old = await databaseAt(dialect, database.options, '002-append-only-indexes');
    await sql`insert into stores values ('A', 'Alpha', 'EUR', 1, '[]', '', '')`.execute(old);
    await sql`insert into stock_balances values ('A', 'X', 5, null, '2026-11-01T00:00:00.000Z'),
      ('A', 'Y', -1, null, '2026-11-01T00:00:00.000Z')`.execute(old);
    await sql`insert into change_log values ('stock', 1, 'A:X', '{}', ''), ('stock', 2, 'A:Y', '{}', ''),
      ('catalog', 1, 'X', null, '')`.execute(old);
    await sql`update stream_heads set seq = 2 where stream = 'stock'`.execute(old);
    await old.destroy();

    ho = await startTestHeadOffice(dialect, {}, database);
    const balances = await ho.db
      .selectFrom('stock_balances')
      .select(['sku', 'on_hand', 'change_seq'])
      .orderBy('sku')
      .execute();
    expect(balances).toEqual([
      { sku: 'X', on_hand: 5, change_seq: 3 },
      { sku: 'Y', on_hand: -1, change_seq: 4 },
    ]);
    const log = await ho.db.selectFrom('change_log').select(['stream', 'seq']).execute();
    expect(log).toEqual([{ stream: 'catalog', seq: 1 }]);
    await expect(sql`select count(*) from sale_lines`.execute(ho.db)).rejects.toThrow(/sale_lines/);

    // A register that had pulled the old stock log to its end gets both figures again.
    const { token } = await enrollRegister(ho.admin, 'A');
    const socket = await connectRegister(ho.url, token);
    const reply = (await socket.emitWithAck('pull', {
      stream: 'stock',
      cursor: 2,
      limit: 100,
    })) as PullReply<'stock'>;
    socket.close();
    expect(reply.status === 'ok' && reply.changes.map((change) => [change.key, change.data?.onHand])).toEqual(
      [
        ['A:X', 5],
        ['A:Y', -1],
      ],
    );
    expect(reply).toMatchObject({ nextCursor: 4, hasMore: false });
  });

  it('024 folds the names already there, so they are found whatever their accents', async () => {
    database = testDatabase(dialect);
    const old = await databaseAt(dialect, database.options, '023-sales-by-sku-time');
    const at = '2026-11-01T00:00:00.000Z';
    // More products than the migration folds in one statement; the accented one comes last.
    const products = [
      ...Array.from({ length: 1_000 }, (_, i) => [`ITEM-${String(i).padStart(4, '0')}`, `Item ${i}`]),
      ['Z-1', 'Café au lait'],
    ];
    await sql`insert into products (sku, name, price_minor, tax_code, category, unit, active, updated_at)
      values ${sql.join(products.map(([sku, name]) => sql`(${sku}, ${name}, 300, 'STD', null, 'each', 1, ${at})`))}`.execute(
      old,
    );
    await sql`insert into customers (customer_id, name, phone, email, phone_key, email_key, name_on_receipt,
        store_id, register_id, seq, created_at, received_at)
      values ('C-1', 'Síle Ní Bhriain', null, null, null, null, 0, 'A', 'R-1', 1, ${at}, ${at})`.execute(old);
    await sql`insert into suppliers (id, name, contact, email, currency, lead_time_days, minimum_order_minor,
        created_at, updated_at)
      values ('S-1', 'Müller Dairy', null, null, 'EUR', 3, 0, ${at}, ${at})`.execute(old);
    await old.destroy();

    ho = await startTestHeadOffice(dialect, {}, database);
    const names = async (path: string) =>
      ((await ho!.admin('GET', path)).body.items as { name: string }[]).map((item) => item.name);
    expect(await names('/api/products?q=cafe')).toEqual(['Café au lait']);
    expect(await names('/api/customers?q=sile')).toEqual(['Síle Ní Bhriain']);
    expect(await names('/api/suppliers?q=muller')).toEqual(['Müller Dairy']);
  });
});

describe('head office on a PostgreSQL database it shares', () => {
  it('starts while another schema of the database is being dropped', async () => {
    // Another head office, or a test run, dropping its schema over and over.
    const neighbour = new pg.Client({ connectionString: PG_URL });
    await neighbour.connect();
    let churning = true;
    const churn = (async () => {
      for (let round = 0; churning; round += 1) {
        const schema = `neighbour_${process.pid}_${round % 4}`;
        await neighbour.query(
          `create schema if not exists ${schema}; create table if not exists ${schema}.t (a int)`,
        );
        await neighbour.query(`drop schema ${schema} cascade`);
      }
    })();
    const refusals: string[] = [];
    try {
      for (let start = 0; start < 10; start += 1) {
        const database = testDatabase('postgres');
        try {
          const opened = await openDatabase({ ...database.options, dataDir: database.options.dataDir! });
          const tables = await opened.db.introspection.getTables();
          expect(tables.map((table) => table.name)).toContain('products');
          await opened.close();
        } catch (error) {
          refusals.push(String(error));
        } finally {
          await database.cleanup();
        }
      }
    } finally {
      churning = false;
      await churn;
      await neighbour.end();
    }
    expect(refusals).toEqual([]);
  });
});
