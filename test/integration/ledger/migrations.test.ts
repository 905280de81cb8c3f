import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openLedger, schemaVersion, type Db } from '../../../src/main/ledger/database.ts';
import { migrations } from '../../../src/main/ledger/migrations/index.ts';
import { ERASED_NAME } from '../../../src/shared/customers.ts';
import { customerCreated } from '../../../src/shared/documents/customer.ts';
import { saleCompleted } from '../../../src/shared/documents/sale.ts';
import { CounterError } from '../../../src/shared/errors.ts';
import { errorOf, tempDir } from './ledger-fixture.ts';

const latest = migrations.at(-1)!.version;

function checkHealthy(db: Db): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
}

/** Data in the core tables, which every version from 1 on has (stock movements name their document from 6 on). */
function insertCoreData(db: Db): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(stock_movements)').all();
  const documentColumn = columns.some((column) => column.name === 'ref_id') ? 'ref_id' : 'document_id';
  db.exec(`
    INSERT INTO settings (key, value) VALUES ('store', '{"storeName":"Old Shop"}');
    INSERT INTO categories (id, name) VALUES (1, 'Dairy');
    INSERT INTO products (id, sku, name, price_minor, tax_code, category_id, unit, active, updated_at)
      VALUES (1, 'OLD-1', 'Heritage Butter', 349, 'ZERO', 1, 'each', 1, '2024-01-01T00:00:00.000Z');
    INSERT INTO barcodes (code, product_id) VALUES ('5390000000015', 1);
    INSERT INTO stock_movements (product_id, delta, reason, ${documentColumn}, occurred_at)
      VALUES (1, 12, 'RECEIVE', 'opening', '2024-01-01T00:00:00.000Z');
    INSERT INTO stock_balances (product_id, on_hand) VALUES (1, 12);
    INSERT INTO counters (name, value) VALUES ('receipt', 41), ('outbox', 41);
  `);
}

describe('ledger migrations', () => {
  it('are numbered 1..n without gaps, each with a name', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_m, i) => i + 1));
    expect(new Set(migrations.map((migration) => migration.name)).size).toBe(migrations.length);
  });

  it('build the latest schema on an empty file', () => {
    const db = openLedger(join(tempDir(), 'ledger.db'));
    expect(schemaVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    checkHealthy(db);
    db.close();
  });

  it.each(migrations.map((_m, i) => i))(
    'bring a ledger at version %i up to date and keep its data',
    (version) => {
      const file = join(tempDir(), 'ledger.db');
      const old = openLedger(file, migrations.slice(0, version));
      expect(schemaVersion(old)).toBe(version);
      if (version >= 1) insertCoreData(old);
      old.close();

      const db = openLedger(file);
      expect(schemaVersion(db)).toBe(latest);
      checkHealthy(db);
      if (version >= 1) {
        expect(db.prepare('SELECT sku, name, price_minor FROM products').all()).toEqual([
          { sku: 'OLD-1', name: 'Heritage Butter', price_minor: 349 },
        ]);
        expect(db.prepare("SELECT product_id FROM barcodes WHERE code = '5390000000015'").pluck().get()).toBe(
          1,
        );
        expect(db.prepare('SELECT on_hand FROM stock_balances').pluck().get()).toBe(12);
        expect(db.prepare("SELECT value FROM counters WHERE name = 'outbox'").pluck().get()).toBe(41);
        expect(
          db.prepare("SELECT rowid FROM products_fts WHERE products_fts MATCH 'herit*'").pluck().all(),
        ).toEqual([1]);
      }
      db.close();
    },
  );

  it('turn damaged goods taken back into damaged-state movements and balances (version 6)', () => {
    const file = join(tempDir(), 'ledger.db');
    const old = openLedger(file, migrations.slice(0, 5));
    insertCoreData(old);
    old.exec(`
      INSERT INTO stock_movements (product_id, delta, reason, ref_id, occurred_at)
        VALUES (1, -2, 'SALE', 'sale-1', '2024-01-02T00:00:00.000Z');
      UPDATE stock_balances SET on_hand = 10 WHERE product_id = 1;
      INSERT INTO damaged_stock_movements (product_id, delta, reason, ref_id, occurred_at)
        VALUES (1, 1, 'RETURN', 'return-1', '2024-01-03T00:00:00.000Z'),
               (1, 2, 'RETURN', 'return-2', '2024-01-04T00:00:00.000Z');
    `);
    old.close();

    const db = openLedger(file);
    checkHealthy(db);
    expect(
      db
        .prepare('SELECT state, delta, reason, document_kind, document_id FROM stock_movements ORDER BY id')
        .all(),
    ).toEqual([
      {
        state: 'on_hand',
        delta: 12,
        reason: 'RECEIVE',
        document_kind: 'catalog.import',
        document_id: 'opening',
      },
      { state: 'on_hand', delta: -2, reason: 'SALE', document_kind: 'sale.completed', document_id: 'sale-1' },
      {
        state: 'damaged',
        delta: 1,
        reason: 'RETURN',
        document_kind: 'return.completed',
        document_id: 'return-1',
      },
      {
        state: 'damaged',
        delta: 2,
        reason: 'RETURN',
        document_kind: 'return.completed',
        document_id: 'return-2',
      },
    ]);
    expect(db.prepare('SELECT on_hand, damaged, committed, in_transit FROM stock_balances').get()).toEqual({
      on_hand: 10,
      damaged: 3,
      committed: 0,
      in_transit: 0,
    });
    expect(() => db.exec('DELETE FROM stock_movements')).toThrow('append-only');
    db.close();
  });

  it('let an outbox row change only to erase an acknowledged customer’s details (version 10)', () => {
    const db = openLedger(join(tempDir(), 'ledger.db'));
    const payload = JSON.stringify({
      customerId: 'c1',
      name: 'Ada',
      phone: '+1 555',
      email: 'a@x.ie',
      nameOnReceipt: true,
    });
    const insert = db.prepare<[number, string, string, string]>(
      `INSERT INTO outbox (seq, event_id, type, schema_version, occurred_at, payload, payload_hash)
       VALUES (?, ?, ?, 1, '2026-01-01T00:00:00.000Z', ?, 'hash')`,
    );
    insert.run(1, 'e1', customerCreated.type, payload);
    insert.run(2, 'e2', customerCreated.type, payload);
    insert.run(3, 'e3', saleCompleted.type, payload);
    db.prepare('UPDATE sync_state SET last_acked_seq = 1').run();
    const erase = (seq: number, name = ERASED_NAME) =>
      db
        .prepare(
          `UPDATE outbox SET payload = json_set(payload, '$.name', ?, '$.phone', NULL, '$.email', NULL,
             '$.nameOnReceipt', json('false')) WHERE seq = ?`,
        )
        .run(name, seq);
    const refused = /outbox rows are never rewritten/;

    erase(1);
    expect(
      JSON.parse(db.prepare('SELECT payload FROM outbox WHERE seq = 1').pluck().get() as string),
    ).toEqual({
      customerId: 'c1',
      name: ERASED_NAME,
      phone: null,
      email: null,
      nameOnReceipt: false,
    });
    // Not yet acknowledged, another kind of event, another name, or any other column: refused.
    expect(() => erase(2)).toThrow(refused);
    expect(() => erase(3)).toThrow(refused);
    expect(() => erase(1, 'Someone else')).toThrow(refused);
    expect(() => db.prepare("UPDATE outbox SET payload_hash = 'other' WHERE seq = 1").run()).toThrow(refused);
    db.close();
  });

  it('refuse a ledger written by a newer Counter, and leave the file exactly as it was', () => {
    const file = join(tempDir(), 'ledger.db');
    const newer = new Database(file);
    newer.exec("CREATE TABLE future (x); INSERT INTO future VALUES ('from the future');");
    newer.pragma(`user_version = ${latest + 1}`);
    newer.close();
    const bytes = readFileSync(file);

    const error = errorOf(() => openLedger(file));
    expect(error).toBeInstanceOf(CounterError);
    expect(error.code).toBe('DATABASE_TOO_NEW');
    expect(error.message).toContain('newer Counter');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
