/**
 * Head-office tables as kysely sees them. Column types that mean the same on SQLite and PostgreSQL: text,
 * bigint (integers; pg's int8 is parsed to a JS number in connect.ts), 0/1 integers for flags, ISO-8601 UTC text
 * for times (sorts correctly as text) and JSON as text.
 */
import type { Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { BackOfficeRole } from '../../shared/backoffice/roles.ts';
import type { ExceptionKind } from '../../shared/sync/admin-api.ts';

export interface StoresTable {
  id: string;
  name: string;
  currency: string;
  prices_include_tax: number;
  /** JSON TaxRate[] */
  tax_rates: string;
  /** JSON string[]: printed under the name on the store's receipts. */
  address_lines: string;
  receipt_header: string;
  receipt_footer: string;
  /** BCP 47 language tag: how the back office writes the store's money and dates. */
  locale: string;
  /** IANA zone: where the store's day starts. */
  time_zone: string;
  created_at: string;
  updated_at: string;
}

export interface RegistersTable {
  id: string;
  store_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  quarantined_at: string | null;
  quarantine_reason: string | null;
  /** The exactly-once cursor (SYNC.md): moved in the same transaction as each event's effect. */
  last_applied_seq: number;
  last_seen_at: string | null;
}

export interface PairingCodesTable {
  code_hash: string;
  store_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** A re-pair code: the register it restores, from the start. Otherwise the register it created, once used. */
  register_id: string | null;
}

export interface ReceivedEventsTable {
  register_id: string;
  seq: number;
  event_id: string;
  type: string;
  schema_version: number;
  payload_hash: string;
  payload: string;
  occurred_at: string;
  received_at: string;
}

export interface SalesTable {
  sale_id: string;
  store_id: string;
  register_id: string;
  seq: number;
  receipt_number: string;
  completed_at: string;
  received_at: string;
  currency: string;
  prices_include_tax: number;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  change_minor: number;
  /** JSON Tender[] */
  tenders: string;
  /** The register's user and shift ids; null for sales made before registers had users and shifts. */
  user_id: string | null;
  shift_id: string | null;
  /** The customer the register rang it up for; a merge or an erasure never changes it. */
  customer_id: string | null;
}

/** A return as received; its lines, refunds and exchange credit are read from its received event's payload. */
export interface ReturnsTable {
  return_id: string;
  store_id: string;
  register_id: string;
  seq: number;
  receipt_number: string;
  /** The sale it returns goods of; null for a return without receipt. */
  original_sale_id: string | null;
  completed_at: string;
  total_minor: number;
  /** The customer who brought the goods back, as the register named them. */
  customer_id: string | null;
}

/** A customer as a register made them (src/headoffice/customers.ts). */
export interface CustomersTable {
  customer_id: string;
  name: string;
  phone: string | null;
  email: string | null;
  /** The phone and email as duplicates are found by (src/shared/customers.ts). */
  phone_key: string | null;
  email_key: string | null;
  name_on_receipt: number;
  /** Where it was made, and the event it came with. */
  store_id: string;
  register_id: string;
  seq: number;
  created_at: string;
  received_at: string;
  /** The record a person merged this one into: its sales count as the survivor's. Always a survivor itself. */
  merged_into: string | null;
  merged_at: string | null;
  /** When the person's details were erased on request: name, phone and email are blank since. */
  erased_at: string | null;
}

export interface SaleVoidsTable {
  void_id: string;
  sale_id: string;
  store_id: string;
  register_id: string;
  seq: number;
  voided_at: string;
  total_minor: number;
}

export type MovementReason = 'SALE' | 'RETURN' | 'VOID' | 'RECEIVE' | 'ADJUST' | 'COUNT';

export interface StockMovementsTable {
  id: Generated<number>;
  store_id: string;
  sku: string;
  reason: MovementReason;
  /** Signed change; for COUNT the counted quantity (absolute). */
  quantity: number;
  /** Sale, return or void id, or a note for admin movements. */
  ref: string | null;
  register_id: string | null;
  seq: number | null;
  occurred_at: string;
  recorded_at: string;
}

export interface StockBalancesTable {
  store_id: string;
  sku: string;
  on_hand: number;
  /** occurred_at of the latest count: movements that happened before it no longer change on_hand. */
  counted_at: string | null;
  updated_at: string;
  /** The stock stream's seq of this balance's last change: registers pull the stream from here. */
  change_seq: Generated<number>;
}

export interface ProductsTable {
  sku: string;
  name: string;
  price_minor: number;
  tax_code: string;
  category: string | null;
  unit: string;
  active: number;
  updated_at: string;
}

export interface BarcodesTable {
  code: string;
  sku: string;
}

export interface StreamHeadsTable {
  stream: string;
  /** The last server sequence handed out; the row is locked while a writer holds it, so commits are in order. */
  seq: number;
  /** Entries up to here were pruned: a cursor older than this must refetch. */
  pruned_through: number;
}

export interface ChangeLogTable {
  stream: string;
  seq: number;
  key: string;
  /** JSON of the key's full state; null: removed. */
  data: string | null;
  created_at: string;
}

export interface ExceptionsTable {
  id: Generated<number>;
  kind: ExceptionKind;
  store_id: string;
  register_id: string | null;
  seq: number | null;
  sku: string | null;
  /** Words for the person reviewing it. */
  details: string;
  created_at: string;
  resolved_at: string | null;
  /** Who resolved it (user:<id>, token:<id>) and their name then. */
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolution_note: string | null;
}

export interface UsersTable {
  id: string;
  /** Lower-cased. */
  email: string;
  name: string;
  role: BackOfficeRole;
  /** JSON string[]: a store manager's stores. */
  store_ids: string;
  /** "scrypt:N:r:p:salt:hash"; null until the person chose one through their link. */
  password_hash: string | null;
  active: number;
  /** Wrong passwords in a row; the account locks at 5. */
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: the database never holds a working session. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface PasswordLinksTable {
  token_hash: string;
  /** setup: makes the first owner; password: sets the password of user_id (invitation, reset). */
  purpose: 'setup' | 'password';
  user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  /** SHA-256 of the secret; null for the legacy admin token, whose secret is the configured one. */
  token_hash: string | null;
  /** JSON Permission[] (the legacy admin token's is empty: it has an owner's rights). */
  scopes: string;
  /** JSON string[] of the stores it is limited to; null: every store. */
  store_ids: string | null;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** user:<id>, token:<id>, register:<id> or system. */
  actor: string;
  /** Who that was, as named at the time. */
  actor_name: string;
  /** The route, such as "PATCH /api/stores/:storeId". */
  action: string;
  target: string | null;
  /** JSON: what was sent (secrets hidden) and the answer's status. */
  details: string;
}

export interface Database {
  stores: StoresTable;
  registers: RegistersTable;
  pairing_codes: PairingCodesTable;
  received_events: ReceivedEventsTable;
  sales: SalesTable;
  returns: ReturnsTable;
  sale_voids: SaleVoidsTable;
  customers: CustomersTable;
  stock_movements: StockMovementsTable;
  stock_balances: StockBalancesTable;
  products: ProductsTable;
  barcodes: BarcodesTable;
  stream_heads: StreamHeadsTable;
  change_log: ChangeLogTable;
  exceptions: ExceptionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_links: PasswordLinksTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type Executor = Db | Tx;
export type Register = Selectable<RegistersTable>;
export type Store = Selectable<StoresTable>;
export type NewException = Insertable<ExceptionsTable>;
export type User = Selectable<UsersTable>;
export type ApiToken = Selectable<ApiTokensTable>;
