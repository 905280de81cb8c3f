/**
 * Test helpers for head office: a real server on 127.0.0.1:0 (SQLite in a temp dir, or PostgreSQL in a fresh
 * schema), an admin HTTP client, and a real socket.io-client standing in for a register.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { sql } from 'kysely';
import { kindOf, type DocumentType } from '../../../src/shared/documents/registry.ts';
import type { AuditPayload } from '../../../src/shared/documents/audit.ts';
import type {
  CountApprovedPayload,
  CountOpenedPayload,
  CountPayload,
} from '../../../src/shared/documents/count.ts';
import type { CountScope, UncountedChoice } from '../../../src/shared/counts.ts';
import type { CustomerPayload } from '../../../src/shared/documents/customer.ts';
import { returnCompleted, type ReturnPayload } from '../../../src/shared/documents/return.ts';
import { saleCompleted, type SalePayload } from '../../../src/shared/documents/sale.ts';
import type { ShiftClosedPayload } from '../../../src/shared/documents/shift.ts';
import type { VoidPayload } from '../../../src/shared/documents/void.ts';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type EnrollResponse,
  type Poke,
  type ServerToClientEvents,
  type StreamName,
  type UpstreamEvent,
} from '../../../src/shared/sync/protocol.ts';
import type { Db } from '../../../src/headoffice/db/schema.ts';
import {
  startHeadOffice,
  type HeadOfficeOptions,
  type RunningHeadOffice,
} from '../../../src/headoffice/app.ts';
import type { AdjustmentPayload } from '../../../src/shared/documents/adjustment.ts';
import { adjustmentMovements, type AdjustmentReason } from '../../../src/shared/stock.ts';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type DialectName = 'sqlite' | 'postgres';
export const dialects: DialectName[] = ['sqlite', 'postgres'];

/** A place for one head office's data: a temp dir, or a fresh PostgreSQL schema (dropped by cleanup). */
export interface TestDatabase {
  options: Pick<HeadOfficeOptions, 'dataDir' | 'databaseUrl' | 'pgSchema'>;
  cleanup(): Promise<void>;
}

export function testDatabase(dialect: DialectName): TestDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-ho-'));
  if (dialect === 'sqlite') {
    return { options: { dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const pgSchema = `ho_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return {
    options: { dataDir, databaseUrl: PG_URL, pgSchema },
    async cleanup() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${pgSchema} cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const ADMIN_TOKEN = 'test-admin-token';

export interface TestHeadOffice extends RunningHeadOffice {
  admin: AdminClient;
  database: TestDatabase;
}

export async function startTestHeadOffice(
  dialect: DialectName,
  options: Partial<HeadOfficeOptions> = {},
  database: TestDatabase = testDatabase(dialect),
): Promise<TestHeadOffice> {
  const ho = await startHeadOffice({
    port: 0,
    host: '127.0.0.1',
    adminToken: ADMIN_TOKEN,
    log: () => undefined,
    ...database.options,
    ...options,
  });
  return Object.assign(ho, { admin: adminClient(ho.url), database });
}

export interface AdminReply<T = unknown> {
  status: number;
  body: T;
}

/** Untyped replies (`T` not given) are read freely in assertions, like JSON from any HTTP client. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = any;

export type AdminClient = <T = AnyJson>(
  method: string,
  path: string,
  body?: unknown,
  token?: string | null,
) => Promise<AdminReply<T>>;

export function adminClient(url: string): AdminClient {
  return async (method, path, body, token = ADMIN_TOKEN) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(url + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

export const taxRates = [
  { code: 'STD', name: 'Standard', rateBasisPoints: 2000 },
  { code: 'RED', name: 'Reduced', rateBasisPoints: 900 },
];

/** A store in EUR; `rates` must hold every tax code the catalog already uses (head office refuses it otherwise). */
export async function createStore(
  admin: AdminClient,
  id: string,
  name = `Store ${id}`,
  rates: readonly { code: string; name: string; rateBasisPoints: number }[] = taxRates,
): Promise<void> {
  const reply = await admin('POST', '/api/stores', {
    id,
    name,
    currency: 'EUR',
    pricesIncludeTax: true,
    taxRates: rates,
  });
  if (reply.status !== 201) throw new Error(`createStore: ${JSON.stringify(reply.body)}`);
}

export async function enrollRegister(
  admin: AdminClient,
  storeId: string,
  registerName = 'Till 1',
): Promise<EnrollResponse> {
  const code = await admin<{ code: string }>('POST', `/api/stores/${storeId}/pairing-codes`, {});
  const reply = await admin<EnrollResponse>(
    'POST',
    '/api/enroll',
    { pairingCode: code.body.code, registerName },
    null,
  );
  if (reply.status !== 201) throw new Error(`enroll: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export async function putProducts(
  admin: AdminClient,
  products: {
    sku: string;
    priceMinor: number;
    barcodes?: string[];
    name?: string;
    category?: string;
    unit?: 'each' | 'kg';
  }[],
): Promise<void> {
  const reply = await admin('PUT', '/api/products', {
    products: products.map((p) => ({
      sku: p.sku,
      name: p.name ?? `Product ${p.sku}`,
      priceMinor: p.priceMinor,
      taxCode: 'STD',
      category: p.category ?? null,
      unit: p.unit ?? 'each',
      active: true,
      barcodes: p.barcodes ?? [],
    })),
  });
  if (reply.status !== 200) throw new Error(`putProducts: ${JSON.stringify(reply.body)}`);
}

/** Head office plans a transfer of one SKU, as a buyer does; the sending store's registers get it to send. */
export async function planTransfer(
  admin: AdminClient,
  plan: { from: string; to: string; sku: string; quantity: number },
): Promise<void> {
  const reply = await admin('POST', '/api/transfers', {
    fromStoreId: plan.from,
    toStoreId: plan.to,
    lines: [{ sku: plan.sku, quantity: plan.quantity }],
  });
  if (reply.status !== 201) throw new Error(`planTransfer: ${JSON.stringify(reply.body)}`);
}

export type RegisterSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectRefused extends Error {
  data?: { reason: string; retryAfterMs?: number };
}

/** A register's socket, connected (resolves) or refused at connect (rejects with the connect_error). */
export function connectRegister(
  url: string,
  token: string,
  protocolVersion = PROTOCOL_VERSION,
): Promise<RegisterSocket> {
  return connectWithAuth(url, { token, protocolVersion });
}

/** As connectRegister, with the handshake's auth as given (for ones no register of this version sends). */
export function connectWithAuth(url: string, auth: object): Promise<RegisterSocket> {
  const socket: RegisterSocket = connect(url, {
    transports: ['websocket'],
    auth,
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export interface SaleLineSpec {
  sku: string;
  quantity?: number;
  unitPriceMinor?: number;
}

/** A sale as the register's ledger produces it (tax included at 20 %), as its event carries it. */
export function completedSale(
  seq: number,
  who: { storeId: string; registerId: string },
  lines: SaleLineSpec[],
  overrides: Partial<SalePayload> = {},
): SalePayload {
  const saleLines = lines.map((line, i) => {
    const quantity = line.quantity ?? 1;
    const unitPriceMinor = line.unitPriceMinor ?? 250;
    const amountMinor = quantity * unitPriceMinor;
    const taxMinor = Math.round((amountMinor * 2000) / 12000);
    return {
      lineId: `line-${i + 1}`,
      productId: i + 1,
      sku: line.sku,
      name: `Product ${line.sku}`,
      unit: 'each' as const,
      quantity,
      unitPriceMinor,
      taxCode: 'STD',
      taxRateBasisPoints: 2000,
      amountMinor,
      taxMinor,
      totalMinor: amountMinor,
    };
  });
  const total = saleLines.reduce((sum, line) => sum + line.totalMinor, 0);
  const tax = saleLines.reduce((sum, line) => sum + line.taxMinor, 0);
  return {
    saleId: randomUUID(),
    receiptNumber: `R-${String(seq).padStart(6, '0')}`,
    completedAt: new Date().toISOString(),
    storeId: who.storeId,
    registerId: who.registerId,
    currency: 'EUR',
    lines: saleLines,
    totals: {
      pricesIncludeTax: true,
      subtotalMinor: total,
      discountMinor: 0,
      taxMinor: tax,
      totalMinor: total,
      taxes: [
        {
          code: 'STD',
          name: 'Standard',
          rateBasisPoints: 2000,
          netMinor: total - tax,
          taxMinor: tax,
          grossMinor: total,
        },
      ],
    },
    tenders: [{ tenderId: `tender-${seq}`, kind: 'cash', amountMinor: total }],
    changeMinor: 0,
    userId: 'user-1',
    shiftId: 'shift-1',
    ...overrides,
  };
}

export type Who = { storeId: string; registerId: string };

/** A return as the register's ledger produces it: `lines[i]` takes back of the sale's line i (250 each). */
export function completedReturn(
  seq: number,
  who: Who,
  sale: SalePayload | null,
  lines: { sku: string; quantity: number; damaged?: boolean }[],
): ReturnPayload {
  const total = lines.reduce((sum, line) => sum + line.quantity * 250, 0);
  return {
    returnId: randomUUID(),
    receiptNumber: `RET-${seq}`,
    completedAt: new Date().toISOString(),
    storeId: who.storeId,
    registerId: who.registerId,
    currency: 'EUR',
    original: sale && {
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      registerId: sale.registerId,
      completedAt: sale.completedAt,
    },
    reason: sale ? null : 'No receipt',
    userId: 'user-1',
    approverId: null,
    shiftId: 'shift-1',
    lines: lines.map((line, i) => ({
      originalLineId: sale ? sale.lines[i]!.lineId : null,
      productId: 1,
      sku: line.sku,
      name: `Product ${line.sku}`,
      unit: 'each',
      quantity: line.quantity,
      unitPriceMinor: 250,
      taxCode: 'STD',
      taxRateBasisPoints: 2000,
      amountMinor: line.quantity * 250,
      discountMinor: 0,
      taxMinor: 0,
      totalMinor: line.quantity * 250,
      disposition: line.damaged ? 'damaged' : 'sellable',
    })),
    totals: {
      pricesIncludeTax: true,
      subtotalMinor: total,
      discountMinor: 0,
      taxMinor: 0,
      totalMinor: total,
      taxes: [],
    },
    refunds: [{ kind: 'cash', amountMinor: total }],
    roundingMinor: 0,
    exchange: null,
  };
}

/** A post-void of the whole sale. */
export function saleVoid(seq: number, who: Who, sale: SalePayload): VoidPayload {
  return {
    voidId: randomUUID(),
    receiptNumber: `VOID-${seq}`,
    saleId: sale.saleId,
    saleReceiptNumber: sale.receiptNumber,
    voidedAt: new Date().toISOString(),
    storeId: who.storeId,
    registerId: who.registerId,
    reason: 'Customer changed their mind',
    userId: 'user-1',
    approverId: 'manager-1',
    shiftId: 'shift-1',
    totalMinor: sale.totals.totalMinor,
    lines: sale.lines.map((line) => ({ productId: line.productId, sku: line.sku, quantity: line.quantity })),
    refunds: [{ kind: 'cash', amountMinor: sale.totals.totalMinor }],
  };
}

/**
 * An adjustment by Ann with one fixed reason: each line moves its quantity between the reason's states (damaged:
 * −q on hand, +q damaged), valued at 250 a unit.
 */
export function stockAdjustment(
  who: Who,
  reason: AdjustmentReason,
  lines: { sku: string; quantity: number }[],
): AdjustmentPayload {
  return {
    adjustmentId: randomUUID(),
    ...who,
    completedAt: new Date().toISOString(),
    reason,
    customReason: null,
    note: null,
    user: { userId: 'user-2', name: 'Ann' },
    approver: null,
    valueMinor: lines.reduce((sum, line) => sum + Math.abs(line.quantity) * 250, 0),
    lines: lines.map((line, i) => ({
      productId: i + 1,
      sku: line.sku,
      name: line.sku,
      quantity: line.quantity,
      valueMinor: Math.abs(line.quantity) * 250,
      moves: adjustmentMovements(reason, line.quantity),
    })),
  };
}

/** A customer made at the register `who` by its user Ann (add a phone or an email with `fields`). */
export function newCustomer(who: Who, fields: Partial<CustomerPayload> = {}): CustomerPayload {
  return {
    customerId: randomUUID(),
    ...who,
    userId: 'user-2',
    createdAt: new Date().toISOString(),
    name: 'Grace Hopper',
    phone: null,
    email: null,
    nameOnReceipt: false,
    ...fields,
  };
}

/** An audit entry of the register's user Ann. */
export function auditEntry(who: Who, action: string, details: Record<string, unknown>): AuditPayload {
  return {
    occurredAt: new Date().toISOString(),
    ...who,
    action,
    user: { userId: 'user-2', name: 'Ann' },
    approver: null,
    details,
  };
}

/** Lines one register counted for count `countId` of the whole store, each counted at its own time. */
export function countSubmission(
  who: Who,
  countId: string,
  lines: { sku: string; quantity: number; countedAt: string }[],
): CountPayload {
  const at = lines.at(-1)?.countedAt ?? new Date().toISOString();
  return {
    submissionId: randomUUID(),
    countId,
    ...who,
    scope: { kind: 'store' },
    blind: false,
    openedAt: lines[0]?.countedAt ?? at,
    openedBy: 'user-2',
    submittedAt: at,
    submittedBy: 'user-2',
    lines: lines.map((line) => ({ ...line, countedBy: 'user-2' })),
  };
}

/** A count opened at `who`'s register (announced to the store's other registers). */
export function countOpening(
  who: Who,
  countId: string,
  scope: CountScope = { kind: 'store' },
  openedAt = new Date().toISOString(),
): CountOpenedPayload {
  return { countId, ...who, scope, blind: false, openedAt, openedBy: 'user-2' };
}

/** A manager's approval of a count at `who`'s register. */
export function countApproval(
  who: Who,
  countId: string,
  uncounted: UncountedChoice = 'leave',
): CountApprovedPayload {
  return {
    countId,
    ...who,
    uncounted,
    approvedAt: new Date().toISOString(),
    approvedBy: { userId: 'user-1', name: 'Morgan' },
  };
}

/** The Z report of a shift in which nothing happened: a float of 100.00 counted back. */
export function emptyShiftReport(who: Who, shiftId: string): ShiftClosedPayload {
  const sums = { count: 0, grossMinor: 0, taxMinor: 0 };
  return {
    shiftId,
    zNumber: 1,
    ...who,
    openedAt: new Date().toISOString(),
    closedAt: new Date().toISOString(),
    openedBy: { userId: 'user-2', name: 'Ann' },
    closedBy: { userId: 'user-2', name: 'Ann' },
    approvedBy: null,
    totals: {
      currency: 'EUR',
      sales: sums,
      returns: sums,
      voids: sums,
      discounts: { count: 0, amountMinor: 0 },
      roundingMinor: 0,
      netMinor: 0,
      taxes: [],
      tenders: [],
      cash: {
        floatMinor: 10_000,
        takenMinor: 0,
        refundedMinor: 0,
        inMinor: 0,
        outMinor: 0,
        expectedMinor: 10_000,
      },
    },
    countedMinor: 10_000,
    overShortMinor: 0,
  };
}

/** An outbox row as the register sends it (by default of the kind's current version). */
export function outboxEvent(
  seq: number,
  payload: unknown,
  type: DocumentType = saleCompleted.type,
  schemaVersion = kindOf(type).current,
): UpstreamEvent {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return {
    seq,
    eventId: randomUUID(),
    type,
    schemaVersion,
    occurredAt: new Date().toISOString(),
    payload: text,
    payloadHash: createHash('sha256').update(text).digest('hex'),
  };
}

/** A return as its register sends it (see completedReturn). */
export function returnEvent(...args: Parameters<typeof completedReturn>): UpstreamEvent {
  return outboxEvent(args[0], completedReturn(...args), returnCompleted.type);
}

export function saleEvent(
  seq: number,
  who: { storeId: string; registerId: string },
  lines: SaleLineSpec[],
): UpstreamEvent {
  return outboxEvent(seq, completedSale(seq, who, lines));
}

/** Resolves at the first poke that names `stream` (pokes for earlier changes may still be on their way). */
export function pokedWith(socket: RegisterSocket, stream: StreamName): Promise<Poke> {
  return new Promise((resolve) => {
    const listener = (poke: Poke) => {
      if (!poke.streams.includes(stream)) return;
      socket.off('poke', listener);
      resolve(poke);
    };
    socket.on('poke', listener);
  });
}

/** Every row of every table of head office's database, in a stable order. */
export async function dumpTables(db: Db, dialect: DialectName): Promise<Record<string, string[]>> {
  const tables =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
          db,
        );
  const dump: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    dump[name] = rows.rows
      .map((row) =>
        JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
      )
      .sort();
  }
  return dump;
}

/**
 * Makes head office's database refuse, for good, to store a sale whose receipt number starts with `prefix` (a
 * trigger): a poison event that passes every check before the database.
 */
export async function poisonSales(db: Db, dialect: DialectName, prefix: string): Promise<void> {
  const like = `${prefix}%`;
  if (dialect === 'sqlite') {
    await sql`CREATE TRIGGER poison_sales BEFORE INSERT ON sales WHEN NEW.receipt_number LIKE ${sql.lit(like)}
      BEGIN SELECT RAISE(ABORT, 'this sale poisons the database'); END`.execute(db);
    return;
  }
  await sql`CREATE FUNCTION poison_sales() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.receipt_number LIKE ${sql.lit(like)} THEN RAISE EXCEPTION 'this sale poisons the database'; END IF;
        RETURN NEW;
      END $$`.execute(db);
  await sql`CREATE TRIGGER poison_sales BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION poison_sales()`.execute(
    db,
  );
}
