/**
 * Head-office schema migrations: bundled objects (no files read at run time), forward-only, run by kysely's
 * Migrator on both SQLite and PostgreSQL. Only the auto-numbered id columns differ between the two.
 */
import {
  sql,
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import { foldForSearch } from '../../shared/search.ts';
import { defaultOverShortThresholdMinor } from '../../shared/settings.ts';
import { rowsOf } from './bulk.ts';
import type { Dialect } from './connect.ts';
import type { Database } from './schema.ts';

/** An auto-numbered id column: SQLite INTEGER PRIMARY KEY AUTOINCREMENT, PostgreSQL bigserial. */
function autoIds(dialect: Dialect) {
  return {
    autoId: dialect === 'postgres' ? 'bigserial' : 'integer',
    autoIdColumn: (c: ColumnDefinitionBuilder) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
  } as const;
}

function core(dialect: Dialect): Migration {
  const { autoId, autoIdColumn } = autoIds(dialect);

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('stores')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('prices_include_tax', 'integer', (c) => c.notNull())
        .addColumn('tax_rates', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('registers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('quarantined_at', 'text')
        .addColumn('quarantine_reason', 'text')
        .addColumn('last_applied_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('last_seen_at', 'text')
        .execute();
      await db.schema.createIndex('registers_by_store').on('registers').column('store_id').execute();

      await db.schema
        .createTable('pairing_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('register_id', 'text')
        .execute();

      await db.schema
        .createTable('received_events')
        .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('schema_version', 'integer', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('received_events_pk', ['register_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('received_events_by_event_id')
        .on('received_events')
        .column('event_id')
        .execute();

      await db.schema
        .createTable('sales')
        .addColumn('sale_id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('receipt_number', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('prices_include_tax', 'integer', (c) => c.notNull())
        .addColumn('subtotal_minor', 'bigint', (c) => c.notNull())
        .addColumn('tax_minor', 'bigint', (c) => c.notNull())
        .addColumn('total_minor', 'bigint', (c) => c.notNull())
        .addColumn('change_minor', 'bigint', (c) => c.notNull())
        .addColumn('tenders', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('shift_id', 'text')
        .execute();
      await db.schema
        .createIndex('sales_by_store_time')
        .on('sales')
        .columns(['store_id', 'completed_at'])
        .execute();

      await db.schema
        .createTable('sale_lines')
        .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.sale_id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
        .addColumn('tax_code', 'text', (c) => c.notNull())
        .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('tax_minor', 'bigint', (c) => c.notNull())
        .addColumn('total_minor', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sale_lines_pk', ['sale_id', 'line_no'])
        .execute();

      await db.schema
        .createTable('returns')
        .addColumn('return_id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('receipt_number', 'text', (c) => c.notNull())
        .addColumn('original_sale_id', 'text')
        .addColumn('completed_at', 'text', (c) => c.notNull())
        .addColumn('total_minor', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('returns_by_original_sale')
        .on('returns')
        .column('original_sale_id')
        .execute();

      await db.schema
        .createTable('sale_voids')
        .addColumn('void_id', 'text', (c) => c.primaryKey())
        .addColumn('sale_id', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('voided_at', 'text', (c) => c.notNull())
        .addColumn('total_minor', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sale_voids_by_sale').on('sale_voids').column('sale_id').execute();

      await db.schema
        .createTable('stock_movements')
        .addColumn('id', autoId, autoIdColumn)
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) =>
          c.notNull().check(sql`reason in ('SALE', 'RETURN', 'VOID', 'RECEIVE', 'ADJUST', 'COUNT')`),
        )
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addColumn('ref', 'text')
        .addColumn('register_id', 'text')
        .addColumn('seq', 'bigint')
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stock_movements_by_sku')
        .on('stock_movements')
        .columns(['store_id', 'sku'])
        .execute();

      await db.schema
        .createTable('stock_balances')
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('on_hand', 'bigint', (c) => c.notNull())
        .addColumn('counted_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('stock_balances_pk', ['store_id', 'sku'])
        .execute();

      await db.schema
        .createTable('products')
        .addColumn('sku', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('price_minor', 'bigint', (c) => c.notNull())
        .addColumn('tax_code', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('barcodes')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('sku', 'text', (c) => c.notNull().references('products.sku').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('barcodes_by_sku').on('barcodes').column('sku').execute();

      await db.schema
        .createTable('stream_heads')
        .addColumn('stream', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('pruned_through', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into stream_heads (stream, seq, pruned_through) values ('catalog', 0, 0), ('tax', 0, 0), ('stock', 0, 0)`.execute(
        db,
      );

      await db.schema
        .createTable('change_log')
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('data', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('change_log_pk', ['stream', 'seq'])
        .execute();

      await db.schema
        .createTable('exceptions')
        .addColumn('id', autoId, autoIdColumn)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('register_id', 'text')
        .addColumn('seq', 'bigint')
        .addColumn('sku', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .execute();
      await db.schema
        .createIndex('exceptions_by_store')
        .on('exceptions')
        .columns(['store_id', 'created_at'])
        .execute();
    },
  };
}

/**
 * Indexes an upstream batch can append to instead of scattering over. Each commit writes every B-tree page it
 * changed, so an index keyed by a random value (a UUID, or a SKU among thousands) costs a page per row at
 * every commit, which at hundreds of events per batch dominates what a batch costs to apply.
 * - received_events by event_id: nothing looks events up by id; (register_id, seq) is their key.
 * - sale_lines are keyed by their sale's (register_id, seq) instead of its random sale_id (still stored).
 * - stock_movements by (store_id, occurred_at) instead of (store_id, sku): what reads them (a count, which sums
 *   the movements after it) asks for a store's movements after a time.
 */
const appendOnlyIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('received_events_by_event_id').execute();

    await db.schema.dropIndex('stock_movements_by_sku').execute();
    await db.schema
      .createIndex('stock_movements_by_time')
      .on('stock_movements')
      .columns(['store_id', 'occurred_at'])
      .execute();

    await db.schema
      .createTable('sale_lines_by_seq')
      .addColumn('register_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.sale_id'))
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('quantity', 'bigint', (c) => c.notNull())
      .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
      .addColumn('tax_code', 'text', (c) => c.notNull())
      .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
      .addColumn('amount_minor', 'bigint', (c) => c.notNull())
      .addColumn('tax_minor', 'bigint', (c) => c.notNull())
      .addColumn('total_minor', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sale_lines_by_seq_pk', ['register_id', 'seq', 'line_no'])
      .execute();
    await sql`insert into sale_lines_by_seq
      select s.register_id, s.seq, l.line_no, l.sale_id, l.sku, l.name, l.unit, l.quantity, l.unit_price_minor,
        l.tax_code, l.tax_rate_bp, l.amount_minor, l.tax_minor, l.total_minor
      from sale_lines l join sales s on s.sale_id = l.sale_id`.execute(db);
    await db.schema.dropTable('sale_lines').execute();
    await db.schema.alterTable('sale_lines_by_seq').renameTo('sale_lines').execute();
  },
};

/**
 * Fewer rows per upstream event.
 * - sale_lines goes: a sale's lines are in its payload, kept verbatim in received_events (received.ts reads
 *   them from there); per SKU, what was sold is in stock_movements.
 * - The stock stream is served from stock_balances instead of the change log: change_seq is the stream's seq of
 *   the balance's last change, so a register pulling by cursor gets each changed balance once, as it is now.
 *   Every balance gets a new seq here, so registers fetch each figure once more; the stream's old change-log
 *   entries go.
 */
const leanUpstream: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('sale_lines').execute();

    await db.schema
      .alterTable('stock_balances')
      .addColumn('change_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update stock_balances set change_seq = heads.seq + numbered.n
      from (select store_id, sku, row_number() over (order by store_id, sku) as n from stock_balances) as numbered,
        stream_heads as heads
      where heads.stream = 'stock' and numbered.store_id = stock_balances.store_id
        and numbered.sku = stock_balances.sku`.execute(db);
    await sql`update stream_heads set seq = seq + (select count(*) from stock_balances)
      where stream = 'stock'`.execute(db);
    await db.schema
      .createIndex('stock_balances_by_change')
      .on('stock_balances')
      .column('change_seq')
      .execute();
    await sql`delete from change_log where stream = 'stock'`.execute(db);
  },
};

/**
 * PostgreSQL: a received event's payload stays in its row, uncompressed. A sale's payload is about 2 KB, just
 * over the size at which PostgreSQL compresses a row's text (and moves what still does not fit to a side
 * table): every upstream event paid for a compression attempt when written and a decompression when read back.
 * Rows up to the largest that fits a page now stay as they are. SQLite keeps text as written anyway.
 */
function inlinePayloads(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres')
        await sql`alter table received_events set (toast_tuple_target = 8160)`.execute(db);
    },
  };
}

/** What a store's receipts print besides its name, kept at head office and sent to its registers. */
const storeReceiptTexts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('stores')
      .addColumn('address_lines', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .alterTable('stores')
      .addColumn('receipt_header', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('stores')
      .addColumn('receipt_footer', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  },
};

/**
 * The people who use the back office (BACKOFFICE.md, "People and permissions"): users with a password hash, their
 * sessions (in the database, so any node serves any request), one-time set-password links, API tokens for
 * scripts and the audit of every change. The admin token of earlier versions becomes the row 'legacy-admin' of
 * api_tokens: it keeps working (its secret is the configured HEADOFFICE_ADMIN_TOKEN) until an owner revokes it.
 */
function people(dialect: Dialect): Migration {
  const { autoId, autoIdColumn } = autoIds(dialect);

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('store_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('password_hash', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('password_links')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('setup', 'password')`))
        .addColumn('user_id', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.unique())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('store_ids', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await sql`insert into api_tokens (id, name, token_hash, scopes, store_ids, created_by, created_at)
        values ('legacy-admin', 'Admin token (HEADOFFICE_ADMIN_TOKEN)', null, '[]', null, 'system',
          ${new Date().toISOString()})`.execute(db);

      await db.schema
        .createTable('audit_log')
        .addColumn('id', autoId, autoIdColumn)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_by_actor').on('audit_log').columns(['actor', 'id']).execute();
      await db.schema.createIndex('audit_by_target').on('audit_log').columns(['target', 'id']).execute();
    },
  };
}

/**
 * What the back office's pages need (issue 16):
 * - a store's locale and time zone: its money and dates are written in its locale, its day starts at its own
 *   midnight. Stores made before get head office's own, as the server sees them when it migrates.
 * - who resolved an exception and their note.
 * - indexes for lists a person sorts and filters at 100,000 products and 50 stores: products by name, price,
 *   last change and category; sales and returns by time across stores; a store's SKUs by on-hand (low stock);
 *   a store's open exceptions; on PostgreSQL, product names by their words (the catalog search).
 */
function backOffice(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const here = Intl.DateTimeFormat().resolvedOptions();
      await db.schema
        .alterTable('stores')
        .addColumn('locale', 'text', (c) => c.notNull().defaultTo(here.locale))
        .execute();
      await db.schema
        .alterTable('stores')
        .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo(here.timeZone))
        .execute();
      for (const column of ['resolved_by', 'resolved_by_name', 'resolution_note']) {
        await db.schema.alterTable('exceptions').addColumn(column, 'text').execute();
      }
      const indexes: [name: string, table: string, columns: string[]][] = [
        ['products_by_name', 'products', ['name', 'sku']],
        ['products_by_price', 'products', ['price_minor', 'sku']],
        ['products_by_update', 'products', ['updated_at', 'sku']],
        ['products_by_category', 'products', ['category', 'sku']],
        ['sales_by_time', 'sales', ['completed_at', 'sale_id']],
        ['returns_by_store_time', 'returns', ['store_id', 'completed_at']],
        ['returns_by_time', 'returns', ['completed_at', 'return_id']],
        ['stock_balances_by_on_hand', 'stock_balances', ['on_hand', 'store_id']],
        ['exceptions_by_resolution', 'exceptions', ['resolved_at', 'store_id']],
      ];
      for (const [name, table, columns] of indexes) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
      // Searching names by their words (db/search.ts): PostgreSQL's full-text index; SQLite compares the words.
      if (dialect === 'postgres') {
        await sql`create index products_by_words on products using gin (to_tsvector('simple', name))`.execute(
          db,
        );
      }
    },
  };
}

/**
 * The over/short a store's shifts close with without a recount, a reason and a manager's approval (minor units;
 * settings.ts). Stores made before get the default, which is what their registers use until they hear otherwise.
 */
const storeOverShortThreshold: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('stores')
      .addColumn('over_short_threshold_minor', 'integer', (c) =>
        c.notNull().defaultTo(defaultOverShortThresholdMinor),
      )
      .execute();
  },
};

/**
 * The daily accounting journal (issue 18, src/headoffice/books/):
 * - the account map: the company's accounts (scope '*') and a store's own where it differs (scope: its id);
 * - every export of a day, by whom and of what: the first one fixes the day's journal, so an export of the same
 *   day later gives the same file and what arrives after it goes into a correction journal;
 * - a register's events by the time they arrived, which the journal of a day asks for: a register's events
 *   arrive in seq order, so a batch appends at the end of its register's range, as it does in the primary key.
 */
function books(dialect: Dialect): Migration {
  const { autoId, autoIdColumn } = autoIds(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('journal_accounts')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tax_rate', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('journal_accounts_pk', ['scope', 'key'])
        .execute();
      await db.schema
        .createTable('journal_exports')
        .addColumn('id', autoId, autoIdColumn)
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('business_date', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('exported_at', 'text', (c) => c.notNull())
        .addColumn('exported_by', 'text', (c) => c.notNull())
        .addColumn('received_through', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('journal_exports_by_day')
        .on('journal_exports')
        .columns(['store_id', 'business_date'])
        .execute();
      await db.schema
        .createIndex('received_events_by_arrival')
        .on('received_events')
        .columns(['register_id', 'received_at'])
        .execute();
    },
  };
}

/**
 * Stock states and locations (issue 15, INVENTORY.md):
 * - a store is a store or a warehouse (a warehouse does not sell), with the value above which an adjustment at
 *   it needs a manager's approval;
 * - every movement names its state (on hand, damaged, committed, in transit), its document's kind and who made
 *   it; the reason list is no longer a CHECK (it lives in src/shared/stock.ts and grows with each document);
 * - balances keep one column per state;
 * - adjustments, with their lines as the register sent them;
 * - a store's movements of one SKU by id, for the movement history pages.
 */
function stockStates(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('stores')
        .addColumn('kind', 'text', (c) =>
          c
            .notNull()
            .defaultTo('store')
            .check(sql`kind in ('store', 'warehouse')`),
        )
        .execute();
      await db.schema.alterTable('stores').addColumn('adjustment_approval_minor', 'bigint').execute();

      if (dialect === 'postgres') {
        await sql`alter table stock_movements drop constraint stock_movements_reason_check`.execute(db);
      } else {
        // SQLite cannot drop a CHECK: the table is rebuilt without it.
        await sql`create table stock_movements_new (
          id integer primary key autoincrement,
          store_id text not null references stores(id),
          sku text not null,
          reason text not null,
          quantity bigint not null,
          ref text,
          register_id text,
          seq bigint,
          occurred_at text not null,
          recorded_at text not null)`.execute(db);
        await sql`insert into stock_movements_new select id, store_id, sku, reason, quantity, ref, register_id, seq,
          occurred_at, recorded_at from stock_movements`.execute(db);
        await db.schema.dropTable('stock_movements').execute();
        await db.schema.alterTable('stock_movements_new').renameTo('stock_movements').execute();
        await db.schema
          .createIndex('stock_movements_by_time')
          .on('stock_movements')
          .columns(['store_id', 'occurred_at'])
          .execute();
      }
      await db.schema
        .alterTable('stock_movements')
        .addColumn('state', 'text', (c) =>
          c
            .notNull()
            .defaultTo('on_hand')
            .check(sql`state in ('on_hand', 'damaged', 'committed', 'in_transit')`),
        )
        .execute();
      await db.schema.alterTable('stock_movements').addColumn('document_kind', 'text').execute();
      await db.schema.alterTable('stock_movements').addColumn('actor', 'text').execute();
      await sql`update stock_movements set document_kind = case reason when 'SALE' then 'sale.completed'
        when 'RETURN' then 'return.completed' when 'VOID' then 'sale.voided' end
        where register_id is not null`.execute(db);
      await db.schema
        .createIndex('stock_movements_by_sku')
        .on('stock_movements')
        .columns(['store_id', 'sku', 'id'])
        .execute();

      for (const state of ['damaged', 'committed', 'in_transit']) {
        await db.schema
          .alterTable('stock_balances')
          .addColumn(state, 'bigint', (c) => c.notNull().defaultTo(0))
          .execute();
      }

      await db.schema
        .createTable('adjustments')
        .addColumn('adjustment_id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('register_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('custom_reason', 'text')
        .addColumn('note', 'text')
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('approver_name', 'text')
        .addColumn('value_minor', 'bigint', (c) => c.notNull())
        .addColumn('completed_at', 'text', (c) => c.notNull())
        .addColumn('lines', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('adjustments_by_store_time')
        .on('adjustments')
        .columns(['store_id', 'completed_at', 'adjustment_id'])
        .execute();
    },
  };
}

/**
 * Stock counts (issue 15): a count (opened at a register or at head office), the submissions of the registers
 * counting it with their lines, and what approval found per SKU. Lines are merged per count and SKU when the
 * count is reviewed; a SKU's count is as of its last line's counted_at.
 */
function counts(dialect: Dialect): Migration {
  const { autoId, autoIdColumn } = autoIds(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('counts')
        .addColumn('count_id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('blind', 'integer', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text')
        .addColumn('approved_by', 'text')
        .addColumn('uncounted', 'text')
        .execute();
      await db.schema
        .createIndex('counts_by_store')
        .on('counts')
        .columns(['store_id', 'opened_at'])
        .execute();

      await db.schema
        .createTable('count_submissions')
        .addColumn('submission_id', 'text', (c) => c.primaryKey())
        .addColumn('count_id', 'text', (c) => c.notNull().references('counts.count_id'))
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('register_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('line_count', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('count_submissions_by_count')
        .on('count_submissions')
        .column('count_id')
        .execute();

      await db.schema
        .createTable('count_lines')
        .addColumn('id', autoId, autoIdColumn)
        .addColumn('count_id', 'text', (c) => c.notNull())
        .addColumn('submission_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addColumn('counted_at', 'text', (c) => c.notNull())
        .addColumn('counted_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('count_lines_by_sku')
        .on('count_lines')
        .columns(['count_id', 'sku'])
        .execute();

      await db.schema
        .createTable('count_results')
        .addColumn('count_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('counted', 'bigint')
        .addColumn('expected', 'bigint', (c) => c.notNull())
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('price_minor', 'bigint')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('count_results_key', ['count_id', 'sku'])
        .execute();

      // Expected on hand at a moment: the latest count before it and the movements between.
      await db.schema
        .createIndex('stock_movements_by_sku_time')
        .on('stock_movements')
        .columns(['store_id', 'sku', 'occurred_at'])
        .execute();
    },
  };
}

/**
 * Receiving and transfers (issue 15). A goods receipt's lines are read from its received event, like a return's.
 * A transfer is one id from request to receipt: each stage is a document of its own, written once and never
 * changed (a request or a head-office plan, the send, the receipt, each with its lines as JSON), and `transfers`
 * is their projection, one row per transfer with its state, for lists and for the downstream 'transfers' stream.
 */
function receivingTransfers(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('goods_receipts')
        .addColumn('receipt_id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('register_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('supplier', 'text')
        .addColumn('delivery_note', 'text')
        .addColumn('purchase_order_id', 'text')
        .addColumn('completed_at', 'text', (c) => c.notNull())
        .addColumn('units', 'bigint', (c) => c.notNull())
        .addColumn('damaged_units', 'bigint', (c) => c.notNull())
        .addColumn('unknown_lines', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('goods_receipts_by_store_time')
        .on('goods_receipts')
        .columns(['store_id', 'completed_at', 'receipt_id'])
        .execute();

      for (const stage of ['transfer_requests', 'transfer_sends', 'transfer_receipts']) {
        await db.schema
          .createTable(stage)
          .addColumn('transfer_id', 'text', (c) => c.primaryKey())
          .addColumn('from_store_id', 'text', (c) => c.notNull())
          .addColumn('to_store_id', 'text', (c) => c.notNull())
          // The register and seq of the event; null for a transfer head office planned.
          .addColumn('register_id', 'text')
          .addColumn('seq', 'bigint')
          // Who planned it at head office (user:<id>, token:<id>); null for a register's document.
          .addColumn('planned_by', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('lines', 'text', (c) => c.notNull())
          .execute();
      }
      await db.schema
        .createTable('transfers')
        .addColumn('transfer_id', 'text', (c) => c.primaryKey())
        .addColumn('from_store_id', 'text', (c) => c.notNull())
        .addColumn('to_store_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('requested', 'planned', 'sent', 'received')`),
        )
        .addColumn('number', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      for (const side of ['from_store_id', 'to_store_id']) {
        await db.schema
          .createIndex(`transfers_by_${side}`)
          .on('transfers')
          .columns([side, 'created_at', 'transfer_id'])
          .execute();
      }
      await db.schema
        .createIndex('transfers_by_time')
        .on('transfers')
        .columns(['created_at', 'transfer_id'])
        .execute();
      await sql`insert into stream_heads (stream, seq, pruned_through) values ('transfers', 0, 0)`.execute(
        db,
      );
    },
  };
}

/**
 * Customers (issue 19): one list for the company, as registers made them ('customer.created'). A merge points the
 * merged record at its survivor (merged_into) and an erasure blanks the person's details (erased_at); neither
 * touches a sale or a return, which keep the customer id they were rung up with.
 */
function customers(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('customers')
        .addColumn('customer_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('phone_key', 'text')
        .addColumn('email_key', 'text')
        .addColumn('name_on_receipt', 'integer', (c) => c.notNull())
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('register_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('merged_into', 'text')
        .addColumn('merged_at', 'text')
        .addColumn('erased_at', 'text')
        .execute();
      for (const table of ['sales', 'returns']) {
        await db.schema.alterTable(table).addColumn('customer_id', 'text').execute();
      }
      const indexes: [name: string, table: string, columns: string[]][] = [
        ['customers_by_name', 'customers', ['name', 'customer_id']],
        ['customers_by_email', 'customers', ['email_key']],
        ['customers_by_phone', 'customers', ['phone_key']],
        ['customers_by_survivor', 'customers', ['merged_into']],
        ['sales_by_customer', 'sales', ['customer_id', 'completed_at']],
        ['returns_by_customer', 'returns', ['customer_id', 'completed_at']],
      ];
      for (const [name, table, columns] of indexes) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
      if (dialect === 'postgres') {
        await sql`create index customers_by_words on customers using gin (to_tsvector('simple', name))`.execute(
          db,
        );
      }
    },
  };
}

/**
 * Balances by SKU: one SKU at every store (the back office's SKU view, GET /api/stock/:sku) reads only that
 * SKU's balances instead of every store's (npm run bench -- inventory).
 */
const stockBySku: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('stock_balances_by_sku')
      .on('stock_balances')
      .columns(['sku', 'store_id'])
      .execute();
  },
};

/**
 * The 'customers' downstream stream (issue 19): the ids head office erased on request, so registers blank their
 * copies. Its entries are written by eraseCustomer (customers.ts).
 */
const customerErasureStream: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`insert into stream_heads (stream, seq, pruned_through) values ('customers', 0, 0)`.execute(db);
  },
};

/**
 * Cost (issue 17, INVENTORY.md "Cost and value"): the moving average cost per currency and SKU, and the cost
 * stamped on every stock movement of a document as head office applied it (cost.ts, costing.ts), so a later
 * change of the average never rewrites what a sale's goods cost or what the books posted.
 */
function cost(dialect: Dialect): Migration {
  const { autoId, autoIdColumn } = autoIds(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('item_costs')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('unit_cost_minor', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // By SKU first: a batch looks its SKUs up in every currency.
        .addPrimaryKeyConstraint('item_costs_pk', ['sku', 'currency'])
        .execute();
      await db.schema
        .createTable('stock_costs')
        .addColumn('id', autoId, autoIdColumn)
        // Null for head office's own documents (a count approved there).
        .addColumn('register_id', 'text')
        .addColumn('seq', 'bigint')
        .addColumn('document_kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text')
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addColumn('unit_cost_minor', 'bigint')
        .addColumn('value_minor', 'bigint', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stock_costs_by_document')
        .on('stock_costs')
        .columns(['register_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('stock_costs_by_ref')
        .on('stock_costs')
        .columns(['ref', 'sku', 'state'])
        .execute();
      await db.schema
        .createIndex('stock_costs_by_store_time')
        .on('stock_costs')
        .columns(['store_id', 'recorded_at'])
        .execute();
    },
  };
}

/** A register's opening stock arrives as a count marked so (count.submitted `opening`). */
const openingCounts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('counts')
      .addColumn('opening', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  },
};

/**
 * Several registers of a store count one count (issue 15): the 'counts' downstream stream announces the store's
 * counts to its registers (written by counts.ts); a count remembers the register it was opened at (null: head
 * office opened it).
 */
const countStream: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('counts').addColumn('opened_at_register', 'text').execute();
    await sql`insert into stream_heads (stream, seq, pruned_through) values ('counts', 0, 0)`.execute(db);
  },
};

/**
 * Purchasing (issue 17): suppliers, what each sells us (supplier_items, one row per supplier and SKU) and
 * purchase orders with their lines. An order's `running` number is its "PO-000123". A line's received_quantity
 * is the sum of the goods receipts counted against the order (purchase_order_receipts), moved in the receipt's
 * own transaction; a flagged line was received although it was not ordered. The 'purchaseOrders' and
 * 'suppliers' downstream streams carry them to registers.
 */
function purchasing(dialect: Dialect): Migration {
  const { autoId, autoIdColumn } = autoIds(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('suppliers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('contact', 'text')
        .addColumn('email', 'text')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('lead_time_days', 'integer', (c) => c.notNull())
        .addColumn('minimum_order_minor', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('supplier_items')
        .addColumn('supplier_id', 'text', (c) => c.notNull().references('suppliers.id'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('supplier_code', 'text', (c) => c.notNull())
        .addColumn('unit_cost_minor', 'bigint', (c) => c.notNull())
        .addColumn('pack_size', 'integer', (c) => c.notNull())
        .addColumn('case_barcode', 'text')
        .addColumn('minimum_quantity', 'integer', (c) => c.notNull())
        .addColumn('preferred', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('supplier_items_key', ['supplier_id', 'sku'])
        .execute();

      await db.schema
        .createTable('purchase_orders')
        .addColumn('running', autoId, autoIdColumn)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('supplier_id', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) =>
          c
            .notNull()
            .check(
              sql`state in ('draft', 'ordered', 'partly_received', 'received', 'closed_short', 'cancelled')`,
            ),
        )
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('expected_at', 'text')
        // A register's draft: the register and seq of its 'purchase-order.drafted' event.
        .addColumn('register_id', 'text')
        .addColumn('seq', 'bigint')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ordered_at', 'text')
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('purchase_order_lines')
        .addColumn('purchase_order_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addColumn('unit_cost_minor', 'bigint', (c) => c.notNull())
        .addColumn('received_quantity', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('purchase_order_lines_key', ['purchase_order_id', 'sku'])
        .execute();

      // The goods receipts counted in an order's received quantities (one that named it and did not match is not).
      await db.schema
        .createTable('purchase_order_receipts')
        .addColumn('purchase_order_id', 'text', (c) => c.notNull())
        .addColumn('receipt_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('purchase_order_receipts_key', ['purchase_order_id', 'receipt_id'])
        .execute();

      const indexes: [name: string, table: string, columns: string[]][] = [
        ['suppliers_by_name', 'suppliers', ['name', 'id']],
        ['supplier_items_by_sku', 'supplier_items', ['sku', 'supplier_id']],
        ['supplier_items_by_case_barcode', 'supplier_items', ['case_barcode']],
        ['purchase_orders_by_store', 'purchase_orders', ['store_id', 'state', 'running']],
        ['purchase_orders_by_supplier', 'purchase_orders', ['supplier_id', 'running']],
        ['purchase_orders_by_state', 'purchase_orders', ['state', 'running']],
        ['purchase_order_lines_by_sku', 'purchase_order_lines', ['sku']],
      ];
      for (const [name, table, columns] of indexes) {
        await db.schema.createIndex(name).on(table).columns(columns).execute();
      }
      await sql`insert into stream_heads (stream, seq, pruned_through)
        values ('purchaseOrders', 0, 0), ('suppliers', 0, 0)`.execute(db);
    },
  };
}

/**
 * Styles and their variants (issue 16, src/headoffice/styles.ts): a style keeps its options and the defaults its
 * variants are made with; a variant is an ordinary product that names its style and its value of each option.
 * And on PostgreSQL, the start of a SKU in any letter case (db/search.ts) on an index: without it the catalog
 * search read all 100,000 products for the SKU part of every search (docs/benchmarks.md, `backoffice`).
 */
function styles(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('styles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('axes', 'text', (c) => c.notNull())
        .addColumn('price_minor', 'bigint', (c) => c.notNull())
        .addColumn('tax_code', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .alterTable('products')
        .addColumn('style_id', 'text', (c) => c.references('styles.id'))
        .execute();
      await db.schema.alterTable('products').addColumn('options', 'text').execute();
      await db.schema.createIndex('products_by_style').on('products').columns(['style_id', 'sku']).execute();
      if (dialect === 'postgres') {
        // text_pattern_ops: LIKE 'abc%' can use it whatever the database's collation.
        await sql`create index products_by_lower_sku on products (lower(sku) text_pattern_ops)`.execute(db);
        // The same for a store's stock searched by the start of a SKU (stock.ts listStock).
        await sql`create index stock_balances_by_store_lower_sku
          on stock_balances (store_id, lower(sku) text_pattern_ops)`.execute(db);
      }
    },
  };
}

/**
 * Channels (issue 18): web shops fed from stores' stock. A channel's secrets are one AES-256-GCM text
 * (channels/secrets.ts). channel_pushes is the durable push queue: a row per push, at most one open (not sent)
 * per channel and SKU, which later changes join (coalescing); due_at is when a node may claim it (null once
 * sent). channel_orders holds each web order with its state; channel_webhooks the webhook ids already taken.
 */
function channels(dialect: Dialect): Migration {
  const { autoId, autoIdColumn } = autoIds(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('channels')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('shopify', 'woocommerce')`))
        .addColumn('base_url', 'text', (c) => c.notNull())
        .addColumn('remote_location_id', 'text')
        .addColumn('fulfilment_store_id', 'text', (c) => c.notNull())
        .addColumn('safety_stock', 'bigint', (c) => c.notNull())
        .addColumn('secrets', 'text', (c) => c.notNull())
        .addColumn('paused_until', 'text')
        .addColumn('order_cursor', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('channel_locations')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_locations_key', ['channel_id', 'store_id'])
        .execute();
      await db.schema
        .createTable('channel_safety_stock')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('sku', 'category')`))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_safety_stock_key', ['channel_id', 'scope', 'key'])
        .execute();
      await db.schema
        .createTable('channel_items')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        // The channel's figure as we last read or set it: the compare quantity of the next push.
        .addColumn('channel_figure', 'bigint')
        .addColumn('pushed_at', 'text')
        .addPrimaryKeyConstraint('channel_items_key', ['channel_id', 'sku'])
        .execute();
      await db.schema
        .createTable('channel_pushes')
        .addColumn('id', autoId, autoIdColumn)
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'sent', 'failed')`))
        .addColumn('due_at', 'text')
        // How many stock changes joined this push: one that joins while it is out makes it go again.
        .addColumn('changes', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'bigint', (c) => c.notNull())
        .addColumn('quantity', 'bigint')
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await sql`create unique index channel_pushes_open on channel_pushes (channel_id, sku) where state <> 'sent'`.execute(
        db,
      );
      await db.schema.createIndex('channel_pushes_due').on('channel_pushes').column('due_at').execute();
      await db.schema
        .createIndex('channel_pushes_by_channel')
        .on('channel_pushes')
        .columns(['channel_id', 'id'])
        .execute();
      await db.schema
        .createTable('channel_orders')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) =>
          c
            .notNull()
            .check(
              sql`state in ('committed', 'backordered', 'fulfilled', 'cancelled', 'refunded', 'oversold')`,
            ),
        )
        .addColumn('lines', 'text', (c) => c.notNull())
        .addColumn('exception_id', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_orders_key', ['channel_id', 'order_id'])
        .execute();
      await db.schema
        .createIndex('channel_orders_by_time')
        .on('channel_orders')
        .columns(['channel_id', 'updated_at', 'order_id'])
        .execute();
      await db.schema
        .createTable('channel_webhooks')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_webhooks_key', ['channel_id', 'webhook_id'])
        .execute();
      await db.schema
        .createTable('channel_reconciles')
        .addColumn('id', autoId, autoIdColumn)
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('checked', 'bigint', (c) => c.notNull())
        // JSON: what it changed, [{ sku, channelFigure, figure }].
        .addColumn('repaired', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Replenishment (issue 17): reorder levels per store and SKU and per store and category, the 'reorder' stream
 * that carries them to the store's registers, the low-stock alerts the daily digest sends once per crossing
 * (a row while a SKU is low; deleted when it recovers) and where the digest goes. Net sales per store and day
 * (the 30/90-day columns, the velocity mode) read the movements by reason and time.
 */
const replenishment: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [table, key] of [
      ['reorder_levels', 'sku'],
      ['category_reorder_levels', 'category'],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn(key, 'text', (c) => c.notNull())
        .addColumn('reorder_point', 'bigint', (c) => c.notNull())
        .addColumn('desired_level', 'bigint', (c) => c.notNull())
        .addColumn('safety_stock', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_key`, ['store_id', key])
        .execute();
    }
    await db.schema
      .createTable('low_stock_alerts')
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('low_since', 'text', (c) => c.notNull())
      .addColumn('notified_at', 'text')
      .addPrimaryKeyConstraint('low_stock_alerts_key', ['store_id', 'sku'])
      .execute();
    await db.schema
      .createTable('digest_settings')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('webhook_url', 'text')
      .addColumn('smtp_url', 'text')
      .addColumn('mail_from', 'text')
      .addColumn('mail_to', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('stock_movements_by_reason_time')
      .on('stock_movements')
      .columns(['store_id', 'reason', 'occurred_at'])
      .execute();
    await sql`insert into stream_heads (stream, seq, pruned_through) values ('reorder', 0, 0)`.execute(db);
  },
};

/**
 * A SKU's recent sales from the index alone (replenishment.ts, the suggestions' 30/90-day columns; npm run bench
 * -- purchasing): stock_movements_by_sku_time also holds each movement's reason, state and quantity, so summing
 * one SKU's sales since a time reads no table rows. SQLite has no INCLUDE: there they end the key instead.
 */
function salesBySkuTime(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('stock_movements_by_sku_time').execute();
      if (dialect === 'postgres') {
        await sql`create index stock_movements_by_sku_time on stock_movements (store_id, sku, occurred_at)
          include (reason, state, quantity)`.execute(db);
      } else {
        await db.schema
          .createIndex('stock_movements_by_sku_time')
          .on('stock_movements')
          .columns(['store_id', 'sku', 'occurred_at', 'reason', 'state', 'quantity'])
          .execute();
      }
    },
  };
}

/** Rows folded per statement while 024 fills search_name: 100,000 products are a hundred round trips. */
const FOLD_BATCH = 1_000;

/**
 * Names found whatever their accents and letter case (db/search.ts): products, customers and suppliers keep
 * their name folded (foldForSearch) in search_name, filled here for the rows there are. The fold is JavaScript's,
 * so it is the same on both databases and needs no extension. On PostgreSQL the word indexes of the catalog and
 * customer searches move from the name to search_name.
 */
function searchNames(dialect: Dialect): Migration {
  const tables = [
    ['products', 'sku'],
    ['customers', 'customer_id'],
    ['suppliers', 'id'],
  ] as const satisfies readonly (readonly [keyof Database, string])[];
  return {
    async up(db: Kysely<unknown>) {
      for (const [table, key] of tables) {
        // The default only serves this ALTER (SQLite needs one for NOT NULL): every write gives search_name.
        await db.schema
          .alterTable(table)
          .addColumn('search_name', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        for (let after = ''; ;) {
          const { rows } = await sql<{ key: string; name: string }>`select ${sql.ref(key)} as key, name
            from ${sql.table(table)} where ${sql.ref(key)} > ${after}
            order by ${sql.ref(key)} limit ${FOLD_BATCH}`.execute(db);
          if (rows.length === 0) break;
          const folded = rows.map((row) => ({ [key]: row.key, search_name: foldForSearch(row.name) }));
          await sql`update ${sql.table(table)} set search_name = folded.search_name
            from (${rowsOf(dialect, table, folded)}) as folded
            where ${sql.ref(`${table}.${key}`)} = ${sql.ref(`folded.${key}`)}`.execute(db);
          after = rows.at(-1)!.key;
        }
      }
      if (dialect === 'postgres') {
        for (const table of ['products', 'customers']) {
          await sql`drop index ${sql.ref(`${table}_by_words`)}`.execute(db);
          await sql`create index ${sql.ref(`${table}_by_words`)}
            on ${sql.table(table)} using gin (to_tsvector('simple', search_name))`.execute(db);
        }
      }
    },
  };
}

/** Every migration in order; names sort in application order. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '001-core': core(dialect),
        '002-append-only-indexes': appendOnlyIndexes,
        '003-lean-upstream': leanUpstream,
        '004-inline-payloads': inlinePayloads(dialect),
        '005-store-receipt-texts': storeReceiptTexts,
        '006-people': people(dialect),
        '007-back-office': backOffice(dialect),
        '008-store-over-short-threshold': storeOverShortThreshold,
        '009-books': books(dialect),
        '010-stock-states': stockStates(dialect),
        '011-counts': counts(dialect),
        '012-receiving-transfers': receivingTransfers(),
        '013-stock-by-sku': stockBySku,
        '014-customers': customers(dialect),
        '015-customer-erasure-stream': customerErasureStream,
        '016-opening-counts': openingCounts,
        '017-count-stream': countStream,
        '018-cost': cost(dialect),
        '019-purchasing': purchasing(dialect),
        '020-replenishment': replenishment,
        '021-channels': channels(dialect),
        '022-styles': styles(dialect),
        '023-sales-by-sku-time': salesBySkuTime(dialect),
        '024-search-names': searchNames(dialect),
      }),
  };
}
