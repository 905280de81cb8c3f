/**
 * Head-office tables as kysely sees them. Column types that mean the same on SQLite and PostgreSQL: text,
 * bigint (integers; pg's int8 is parsed to a JS number in connect.ts), 0/1 integers for flags, ISO-8601 UTC text
 * for times (sorts correctly as text) and JSON as text.
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { ChannelKind, ChannelOrderState, ChannelPushState } from '../../shared/channels.ts';
import type { StoredCount } from '../../shared/counts.ts';
import type { BackOfficeRole } from '../../shared/backoffice/roles.ts';
import type { PurchaseOrderState } from '../../shared/purchasing.ts';
import type { LocationKind, MovementReason, StockState } from '../../shared/stock.ts';
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
  /** The over/short its shifts close with without a recount, a reason and approval (minor units). */
  over_short_threshold_minor: number;
  /** A store sells; a warehouse receives, counts, adjusts and transfers but does not sell. */
  kind: ColumnType<LocationKind, LocationKind | undefined, LocationKind>;
  /** Value (minor units) above which an adjustment needs a manager's approval; null: head office's default. */
  adjustment_approval_minor: ColumnType<number | null, number | null | undefined, number | null>;
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
  /** The name as searches compare it: foldForSearch(name) (db/search.ts). Written with the name, always. */
  search_name: string;
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

export interface StockMovementsTable {
  id: Generated<number>;
  store_id: string;
  sku: string;
  reason: MovementReason;
  state: StockState;
  /** Signed change; for COUNT the counted quantity (absolute, on hand). */
  quantity: number;
  /** The document's id (sale, return, void, adjustment…), or a note for admin movements. */
  ref: string | null;
  /** The document's kind (a registry type); null for admin movements. */
  document_kind: string | null;
  /** Who made the document: a register user's name, or the head-office user. */
  actor: string | null;
  register_id: string | null;
  seq: number | null;
  occurred_at: string;
  recorded_at: string;
}

export interface StockBalancesTable {
  store_id: string;
  sku: string;
  on_hand: number;
  damaged: number;
  committed: number;
  in_transit: number;
  /** occurred_at of the latest count: movements that happened before it no longer change on_hand. */
  counted_at: string | null;
  updated_at: string;
  /** The stock stream's seq of this balance's last change: registers pull the stream from here. */
  change_seq: Generated<number>;
}

/** The moving average cost of a SKU in one currency (cost.ts), kept by head office from goods receipts. */
export interface ItemCostsTable {
  currency: string;
  sku: string;
  unit_cost_minor: number;
  updated_at: string;
}

/** The cost of one stock movement of a document, as head office applied it (costing.ts). */
export interface StockCostsTable {
  id: Generated<number>;
  /** The register's document; null for head office's own (a count approved there). */
  register_id: string | null;
  seq: number | null;
  document_kind: string;
  /** The document's id, as the movement's ref. */
  ref: string | null;
  /** The store whose stock moved (a transfer's receipt moves the sender's in transit). */
  store_id: string;
  sku: string;
  state: StockState;
  reason: MovementReason;
  quantity: number;
  /** The unit cost the movement was valued at; null when none was known (valued at zero). */
  unit_cost_minor: number | null;
  /** quantity × unit cost: what the movement added to (or took from) inventory at cost. */
  value_minor: number;
  recorded_at: string;
}

export interface AdjustmentsTable {
  adjustment_id: string;
  store_id: string;
  register_id: string;
  seq: number;
  /** A fixed reason code (src/shared/stock.ts), or null with custom_reason. */
  reason: string | null;
  custom_reason: string | null;
  note: string | null;
  user_name: string;
  approver_name: string | null;
  value_minor: number;
  completed_at: string;
  /** JSON: the lines as the register sent them. */
  lines: string;
}

export interface ProductsTable {
  sku: string;
  name: string;
  /** The name as searches compare it: foldForSearch(name) (db/search.ts). Written with the name, always. */
  search_name: string;
  price_minor: number;
  tax_code: string;
  category: string | null;
  unit: string;
  active: number;
  updated_at: string;
  /** The style this product is a variant of (styles.ts), or null. */
  style_id: string | null;
  /** A variant's value of each of its style's options, as a JSON array of strings; null when not a variant. */
  options: string | null;
}

export interface StylesTable {
  id: string;
  name: string;
  /** Its options and their values, as a JSON array of { name, values }. */
  axes: string;
  /** What a variant takes unless told otherwise. */
  price_minor: number;
  tax_code: string;
  category: string | null;
  unit: string;
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

/** An account of the journal's map: the company's (scope '*') or one store's (scope: its id). */
export interface JournalAccountsTable {
  scope: string;
  /** "sales", "sales:STD", "takings:card" (src/shared/books.ts). */
  key: string;
  code: string;
  name: string;
  /** Xero's tax rate name for the account's lines. */
  tax_rate: string;
  updated_at: string;
}

/** One download of a day's journal; the day's first fixes what its journal holds. */
export interface JournalExportsTable {
  id: Generated<number>;
  store_id: string;
  /** YYYY-MM-DD in the store's time zone. */
  business_date: string;
  format: string;
  exported_at: string;
  /** user:<id>, token:<id> or cli. */
  exported_by: string;
  /** What the day's journal held: the documents that arrived up to then (the export's time). */
  received_through: string;
  /** SHA-256 of the file: the same day exported again gives the same file. */
  content_hash: string;
}

/**
 * A count's columns the registers store too (src/shared/counts.ts). `opened_by`: a register user's id, or
 * user:<id> / token:<id> for a count opened at head office; `opened_at_register`: null for a count opened at head
 * office (or before registers said).
 */
export interface CountsTable extends StoredCount {
  uncounted: 'zero' | 'leave' | null;
  /** 1: a register's opening stock (count.submitted with `opening`). */
  opening: number;
}

export interface CountSubmissionsTable {
  submission_id: string;
  count_id: string;
  store_id: string;
  register_id: string;
  seq: number;
  submitted_at: string;
  submitted_by: string;
  line_count: number;
  received_at: string;
}

export interface CountLinesTable {
  id: Generated<number>;
  count_id: string;
  submission_id: string;
  sku: string;
  quantity: number;
  counted_at: string;
  counted_by: string;
}

/** What approval did per SKU: applied, uncounted (zero or left), or superseded by a later count. */
export interface CountResultsTable {
  count_id: string;
  sku: string;
  /** null: not counted (left as it was, or set to zero). */
  counted: number | null;
  expected: number;
  as_of: string;
  price_minor: number | null;
  outcome: 'applied' | 'zeroed' | 'left' | 'superseded';
}

/** Goods received at a store; its lines and unknown barcodes are read from its received event's payload. */
export interface GoodsReceiptsTable {
  receipt_id: string;
  store_id: string;
  register_id: string;
  seq: number;
  number: string;
  supplier: string | null;
  delivery_note: string | null;
  purchase_order_id: string | null;
  completed_at: string;
  /** Every unit received, damaged ones included. */
  units: number;
  damaged_units: number;
  /** Lines of barcodes the register did not know: each is an 'unknown_barcode' exception too. */
  unknown_lines: number;
}

/** One stage of a transfer (its request or plan, its send, its receipt): written once, never changed. */
export interface TransferStageTable {
  transfer_id: string;
  from_store_id: string;
  to_store_id: string;
  register_id: string | null;
  seq: number | null;
  planned_by: string | null;
  at: string;
  note: string | null;
  /** JSON: the stage's lines (TransferLine[], or TransferReceivedLine[] for a receipt). */
  lines: string;
}

export type TransferStatus = 'requested' | 'planned' | 'sent' | 'received';

/** A transfer as it stands now: the projection of its stages. */
export interface TransfersTable {
  transfer_id: string;
  from_store_id: string;
  to_store_id: string;
  status: TransferStatus;
  /** The sending register's number for it, printed on the packing list; null until it is sent. */
  number: string | null;
  created_at: string;
  updated_at: string;
}

export interface SuppliersTable {
  id: string;
  name: string;
  /** The name as searches compare it: foldForSearch(name) (db/search.ts). Written with the name, always. */
  search_name: string;
  contact: string | null;
  email: string | null;
  currency: string;
  lead_time_days: number;
  minimum_order_minor: number;
  created_at: string;
  updated_at: string;
}

/** A SKU as one supplier sells it. */
export interface SupplierItemsTable {
  supplier_id: string;
  sku: string;
  supplier_code: string;
  unit_cost_minor: number;
  pack_size: number;
  case_barcode: string | null;
  minimum_quantity: number;
  /** 0/1: the supplier this SKU is ordered from by default (one per SKU). */
  preferred: number;
  updated_at: string;
}

export interface PurchaseOrdersTable {
  /** Head office's running number: "PO-000123". */
  running: Generated<number>;
  id: string;
  supplier_id: string;
  store_id: string;
  state: PurchaseOrderState;
  currency: string;
  note: string | null;
  /** YYYY-MM-DD */
  expected_at: string | null;
  /** A register's draft: its register and the seq of its event; null for one made at head office. */
  register_id: string | null;
  seq: number | null;
  created_by: string;
  created_at: string;
  ordered_at: string | null;
  updated_by: string;
  updated_at: string;
}

export interface PurchaseOrderLinesTable {
  purchase_order_id: string;
  sku: string;
  /** The line's place on the order (0, 1, …). */
  position: number;
  name: string;
  /** Ordered; 0 for a flagged line. */
  quantity: number;
  unit_cost_minor: number;
  received_quantity: ColumnType<number, number | undefined, number>;
  /** 0/1: received against the order although it was not ordered. */
  flagged: ColumnType<number, number | undefined, number>;
}

/** A goods receipt counted in an order's received quantities. */
export interface PurchaseOrderReceiptsTable {
  purchase_order_id: string;
  receipt_id: string;
  received_at: string;
}

export interface ChannelsTable {
  id: string;
  name: string;
  kind: ChannelKind;
  base_url: string;
  /** Shopify's location (gid) the figures are set at; null for WooCommerce. */
  remote_location_id: string | null;
  fulfilment_store_id: string;
  safety_stock: number;
  /** AES-256-GCM of the JSON secrets (channels/secrets.ts). */
  secrets: string;
  /** The channel asked us to wait (rate limit) until then. */
  paused_until: string | null;
  /** Where the order poll goes on from (the channel's updated-at of the last order seen). */
  order_cursor: string | null;
  created_at: string;
  updated_at: string;
}

export interface ChannelLocationsTable {
  channel_id: string;
  store_id: string;
}

export interface ChannelSafetyStockTable {
  channel_id: string;
  scope: 'sku' | 'category';
  key: string;
  quantity: number;
}

export interface ChannelItemsTable {
  channel_id: string;
  sku: string;
  item_id: string;
  channel_figure: number | null;
  pushed_at: string | null;
}

export interface ChannelPushesTable {
  id: Generated<number>;
  channel_id: string;
  sku: string;
  state: ChannelPushState;
  due_at: string | null;
  changes: number;
  attempts: number;
  quantity: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface ChannelOrdersTable {
  channel_id: string;
  order_id: string;
  number: string;
  store_id: string;
  state: ChannelOrderState;
  /** JSON: [{ sku, quantity }]. */
  lines: string;
  exception_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ChannelWebhooksTable {
  channel_id: string;
  webhook_id: string;
  received_at: string;
}

export interface ChannelReconcilesTable {
  id: Generated<number>;
  channel_id: string;
  at: string;
  checked: number;
  repaired: string;
}

/** A store's reorder levels of one SKU (reorder_levels) or one category (category_reorder_levels). */
export interface ReorderLevelsColumns {
  store_id: string;
  reorder_point: number;
  desired_level: number;
  safety_stock: number;
  updated_at: string;
}

/** A SKU of a store that is low and has been since low_since; notified_at: when the digest told of it. */
export interface LowStockAlertsTable {
  store_id: string;
  sku: string;
  low_since: string;
  notified_at: string | null;
}

/** Where the daily low-stock digest goes (one row, id 1). */
export interface DigestSettingsTable {
  id: number;
  webhook_url: string | null;
  /** smtp://user:pass@host:port (nodemailer's connection URL). */
  smtp_url: string | null;
  mail_from: string | null;
  mail_to: string | null;
  updated_at: string;
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
  adjustments: AdjustmentsTable;
  products: ProductsTable;
  styles: StylesTable;
  barcodes: BarcodesTable;
  stream_heads: StreamHeadsTable;
  change_log: ChangeLogTable;
  exceptions: ExceptionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_links: PasswordLinksTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  journal_accounts: JournalAccountsTable;
  journal_exports: JournalExportsTable;
  counts: CountsTable;
  count_submissions: CountSubmissionsTable;
  count_lines: CountLinesTable;
  count_results: CountResultsTable;
  goods_receipts: GoodsReceiptsTable;
  transfer_requests: TransferStageTable;
  transfer_sends: TransferStageTable;
  transfer_receipts: TransferStageTable;
  transfers: TransfersTable;
  item_costs: ItemCostsTable;
  stock_costs: StockCostsTable;
  suppliers: SuppliersTable;
  supplier_items: SupplierItemsTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  purchase_order_receipts: PurchaseOrderReceiptsTable;
  channels: ChannelsTable;
  channel_locations: ChannelLocationsTable;
  channel_safety_stock: ChannelSafetyStockTable;
  channel_items: ChannelItemsTable;
  channel_pushes: ChannelPushesTable;
  channel_orders: ChannelOrdersTable;
  channel_webhooks: ChannelWebhooksTable;
  channel_reconciles: ChannelReconcilesTable;
  reorder_levels: ReorderLevelsColumns & { sku: string };
  category_reorder_levels: ReorderLevelsColumns & { category: string };
  low_stock_alerts: LowStockAlertsTable;
  digest_settings: DigestSettingsTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type Executor = Db | Tx;
export type Register = Selectable<RegistersTable>;
export type Store = Selectable<StoresTable>;
export type NewException = Insertable<ExceptionsTable>;
export type User = Selectable<UsersTable>;
export type ApiToken = Selectable<ApiTokensTable>;
