/**
 * The register ↔ head-office sync protocol (SYNC.md): every socket.io message, its zod schema and its type.
 * Both sides import this file; head office validates every message it receives against these schemas.
 *
 * Connection
 * - socket.io, WebSocket transport only, `auth: { token, protocolVersion }` on every (re)connect.
 *   Head office accepts PROTOCOL_VERSION and the one before it, and checks the version before the token: a
 *   version it does not accept, or one that is no whole number, is refused with 'upgrade_required'.
 * - A refused connection arrives as `connect_error` with `err.message` a ConnectRefusal and
 *   `err.data = { reason }` (words for a person). 'unavailable' is transient (head office could not reach its
 *   database): try again after `err.data.retryAfterMs`. The others are permanent until a person acts:
 *   keep selling, keep the queue, show the reason. socket.io does not reconnect by itself after a middleware
 *   refusal, so the register calls `socket.connect()` again when it decides to.
 * - The text fields of every message refuse control characters (src/shared/text.ts), and an event's payload
 *   any raw C0 control (JSON text never holds one): a message carrying one is answered 'invalid' and changes
 *   nothing. What an event's payload says, escaped control characters included, is for its payload schema.
 *
 * Upstream (register → head office)
 * - 'push' `{ events }` with emitWithAck → PushReply. Events are the outbox rows, consecutive seqs in ascending
 *   order, at most MAX_BATCH_EVENTS and MAX_BATCH_BYTES (measure with pushBatchBytes, or build with takeBatch).
 *   Head office refuses a batch between MAX_BATCH_BYTES and MAX_MESSAGE_BYTES with 'invalid'; anything larger is
 *   dropped by the transport, which closes the socket (a reconnect loop if the register resends it). So the
 *   register must never emit a batch over MAX_BATCH_BYTES, and every event must fit one on its own: the
 *   register's outbox refuses to commit an event over MAX_EVENT_BYTES (the action is rolled back and the person
 *   told to split it), and a sale holds at most MAX_SALE_LINES lines, so a sale never comes near that.
 * - Per event head office answers 'applied' or 'duplicate'. A sale is a fact: oversell, unknown SKU, price
 *   mismatch, clock skew, a payload that claims another store or an event type this head office does not know
 *   are recorded as exceptions for a person, and the event still counts as applied (the cursor moves on).
 *   Events applied before a non-ok reply in the same batch stay applied; resend from last acked + 1 and they
 *   come back as 'duplicate'. An ack timeout means "outcome unknown": resend the same seqs.
 *
 * Downstream (head office → register)
 * - Head office emits 'poke' `{ streams }` when a stream changed. The register then emits 'pull'
 *   `{ stream, cursor, limit }` and applies each page and its `nextCursor` in one transaction, until
 *   `hasMore` is false. Every change carries the full current state of its key (null: removed), so replaying a
 *   change is harmless.
 * - 'must_refetch': the cursor is older than head office keeps. Load a snapshot: 'snapshot'
 *   `{ stream, afterKey: null, limit }`, then `afterKey: nextKey` until `done`. Keys absent from the snapshot
 *   no longer exist. Then pull from the `cursor` of the FIRST page (later pages may already contain newer state;
 *   replaying it is harmless).
 * - Streams: 'catalog' (key: SKU, all stores), 'tax' (key: store id, only the register's own store: its tax
 *   settings, the name and currency the register shows and prints, and its receipts' address, header and
 *   footer), 'stock' (key: `${storeId}:${sku}`, every store), 'transfers' (key: `${storeId}:${transferId}`,
 *   only the register's own store: the transfers it sends, receives, requested or was asked for),
 *   'customers' (key: customer id, every register: customers are company-wide): the records head office erased
 *   on request, so a register that made or looked one up blanks its copy. Never removed (data is never null).
 *   'counts' (key: `${storeId}:${countId}`, only the register's own store): the store's counts, opened at head
 *   office or at one of its registers, so every register of the store can count into one; and their approval.
 *   'purchaseOrders' (key: `${storeId}:${purchaseOrderId}`, only the register's own store): its open purchase
 *   orders (ordered or partly received), to receive against and to show as incoming; null once one is received,
 *   closed short or cancelled. 'suppliers' (key: supplier id, every register): whom a register drafts an order
 *   for; null: deleted. 'reorder' (key: `${storeId}:sku:${sku}` or `${storeId}:category:${category}`, only the
 *   register's own store): its reorder levels, for the managers' low-stock list (src/shared/replenishment.ts);
 *   null: a category's default removed.
 *
 * Receipt lookup (for a return of another register's or store's sale)
 * - 'lookupReceipt' `{ receiptNumber }` with emitWithAck → LookupReceiptReply: the sale as its register sent it,
 *   preferring the asking register's own store, with what other registers have returned, refunded and credited
 *   of it (the asking register knows its own returns) and whether it was voided. Read-only; a short timeout on
 *   the register, which treats no answer as "cannot verify".
 * - Another store's sale is shown with what a return needs and no more: its lines, totals, receipt number, date,
 *   store, currency, what was returned of it and whether it was voided. Its payments stay with that store:
 *   tenders empty, change 0, no cash rounding or exchange credit, user and shift null, refundedByOthers empty and
 *   creditedByOthersMinor 0. A return of it refunds the goods' value in cash at the asking store. A register of
 *   protocol 1, which cannot plan a refund without payments, gets the sale as paid in cash (its total) and what
 *   others refunded as one cash sum: still nothing of how that store was paid.
 *
 * Customers (issue 19): the company's list stays at head office and a register asks for what it needs.
 * - 'findCustomers' `{ query }` → `{ status: 'found', customers }`: by words of the name, a phone or an email
 *   (compared by their keys, src/shared/customers.ts); merged and erased records are never among them.
 * - 'customerPurchases' `{ customerId }` → `{ status: 'found', purchases }`: every store's sales and returns for
 *   the customer and the records merged into theirs; a merged id answers for its survivor.
 * - Read-only, with the receipt lookup's short timeout; a head office that does not know them answers 'invalid'
 *   and the register goes on with what its ledger has.
 *
 * Count review (issue 15): 'countReview' `{ countId }` → `{ status: 'found', count }`: the count of the register's
 *   own store with every register's lines merged and the variance of each SKU against what was expected when it
 *   was counted, for a manager approving it at the register. Read-only; another store's count is 'not_found'.
 *
 * Enrolment is HTTP: POST /api/enroll EnrollRequest → EnrollResponse (errors: CounterErrorData JSON). A register
 * that is already enrolled (revoked, or its token lost) re-enrols with a re-pair code for its own register id and
 * keeps its numbering; a code for a new register is refused to it.
 */
import { z } from 'zod';
import { idSchema, minor, refundSchema, timeSchema, unitSchema } from '../documents/fields.ts';
import {
  customerPurchaseSchema,
  customerSchema,
  customerSearchSchema,
  MAX_CUSTOMER_HITS,
  type Customer,
  type CustomerPurchase,
} from '../customers.ts';
import { storeCountSchema, type StoreCount } from '../counts.ts';
import { salePayloadSchema } from '../documents/sale.ts';
import type { CountReviewReply, CountReviewRequest } from './counts-api.ts';
import type { CompletedSale, Refund } from '../domain.ts';
import { storeSettingsSchema, taxRateSchema } from '../settings.ts';
import { variantOfSchema } from '../styles.ts';
import { plainText } from '../text.ts';
import { transferViewSchema, type TransferView } from '../transfers.ts';
import {
  purchaseOrderItemSchema,
  supplierStreamItemSchema,
  type PurchaseOrderItem,
  type SupplierStreamItem,
} from '../purchasing.ts';
import type { ReorderItem } from '../replenishment.ts';

/**
 * 2: batches may be as large as MAX_BATCH_BYTES (1 MB; version 1 sent at most 256 KB). A head office of version 1
 * would drop such a batch by closing the socket, so it refuses a version 2 register with 'upgrade_required'
 * instead (head office is updated first). Head office of version 2 takes version 1 registers as they are.
 */
export const PROTOCOL_VERSION = 2;
/** Head office accepts the current protocol version and the previous one. */
export const MIN_PROTOCOL_VERSION = PROTOCOL_VERSION - 1;

export const MAX_BATCH_EVENTS = 500;
export const MAX_BATCH_BYTES = 1024 * 1024;
/** socket.io's maxHttpBufferSize at head office: above it the transport closes the socket without a reply. */
export const MAX_MESSAGE_BYTES = MAX_BATCH_BYTES + 256 * 1024;
/** The bytes of a batch around its events: `{"events":[]}`. */
const BATCH_FRAME_BYTES = 13;
/** The largest event the register commits: one that fills a batch on its own (measure with eventBytes). */
export const MAX_EVENT_BYTES = MAX_BATCH_BYTES - BATCH_FRAME_BYTES;
/**
 * The most lines one sale holds. A line takes about 0.3-1 KB in an event and at most about 2.4 KB (the longest
 * name, SKU and reasons allowed, every character as large as JSON makes it), so a sale at this limit fits
 * MAX_EVENT_BYTES with a quarter to spare even then (test/unit/sync-limits.test.ts), and so does a return of it.
 */
export const MAX_SALE_LINES = 300;
export const MAX_PULL_LIMIT = 1_000;
export const MAX_SNAPSHOT_LIMIT = 5_000;

// ---------------------------------------------------------------------------------------------- handshake

export const handshakeAuthSchema = z.object({
  token: plainText('Device token').min(1).max(200),
  protocolVersion: z.number().int(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

export const connectRefusals = [
  'unknown_token',
  'revoked',
  'upgrade_required',
  'quarantined',
  'unavailable',
] as const;
export type ConnectRefusal = (typeof connectRefusals)[number];
export interface ConnectRefusalData {
  reason: string;
  /** Only for 'unavailable'. */
  retryAfterMs?: number;
}

// ---------------------------------------------------------------------------------------------- upstream

/**
 * A C0 control other than JSON's whitespace (tab, LF, CR): JSON.stringify escapes those inside strings, so JSON
 * text from a register never holds one raw (PostgreSQL cannot even store NUL in text). DEL and the C1 controls
 * are valid in JSON strings as they are.
 */
const RAW_C0_CONTROL = /[^\P{Cc}\t\n\r\u007F-\u009F]/u;

export const upstreamEventSchema = z.object({
  seq: z.number().int().min(1),
  eventId: z.uuid(),
  type: plainText('Event type').min(1).max(60),
  schemaVersion: z.number().int().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The exact JSON text of the outbox row; head office stores it verbatim. */
  payload: z
    .string()
    .min(2)
    .refine(
      (text) => !RAW_C0_CONTROL.test(text),
      'a raw control character, which JSON text never holds (JSON escapes them inside strings)',
    ),
  /** sha256 of `payload` (UTF-8), lower-case hex. */
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/, 'payloadHash must be sha256 in lower-case hex'),
});
export type UpstreamEvent = z.infer<typeof upstreamEventSchema>;

export const pushRequestSchema = z
  .object({ events: z.array(upstreamEventSchema).min(1).max(MAX_BATCH_EVENTS) })
  .refine(
    (batch) => batch.events.every((event, i) => i === 0 || event.seq === batch.events[i - 1]!.seq + 1),
    {
      message: 'events must have consecutive seqs in ascending order',
    },
  )
  .refine((batch) => pushBatchBytes(batch.events) <= MAX_BATCH_BYTES, {
    message: `the batch is larger than ${MAX_BATCH_BYTES} bytes: send fewer events`,
  });
export type PushRequest = z.infer<typeof pushRequestSchema>;

export type PushOutcome = 'applied' | 'duplicate';
export type PushReply =
  /** lastAppliedSeq: head office's cursor for this register after the batch (≥ the batch's last seq). */
  | { status: 'ok'; lastAppliedSeq: number; outcomes: { seq: number; outcome: PushOutcome }[] }
  /** Transient trouble at head office (database unreachable or busy): resend the same seqs later. */
  | { status: 'retry'; retryAfterMs: number; reason: string }
  /** The batch starts after a seq head office has not seen: resend from expectedSeq. */
  | { status: 'gap'; expectedSeq: number; lastAppliedSeq: number }
  /** conflict: this seq already holds a different event (cloned install or restored backup); the register is
   *  now quarantined. quarantined: it was already. revoked: the token was revoked while connected. All three
   *  stop sync until a person acts; keep selling and keep the queue. */
  | { status: 'conflict' | 'quarantined' | 'revoked'; reason: string }
  /** An event's schema version is older than head office accepts: upgrade the register; nothing is lost. */
  | { status: 'upgrade_required'; reason: string }
  /** Malformed batch: nothing changed. */
  | { status: 'invalid'; reason: string };

const reasonReply = { reason: z.string() };
export const retryReply = z.object({
  status: z.literal('retry'),
  retryAfterMs: z.number().min(0),
  ...reasonReply,
});
export const invalidReply = z.object({ status: z.literal('invalid'), ...reasonReply });
/** The two answers any request but a push may get besides its own: try again later, or malformed. */
export type RetryOrInvalidReply = z.infer<typeof retryReply> | z.infer<typeof invalidReply>;

/** The register checks every reply before acting on it. */
export const pushReplySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    lastAppliedSeq: z.number().int().min(0),
    outcomes: z.array(z.object({ seq: z.number().int(), outcome: z.enum(['applied', 'duplicate']) })),
  }),
  retryReply,
  z.object({
    status: z.literal('gap'),
    expectedSeq: z.number().int().min(1),
    lastAppliedSeq: z.number().int().min(0),
  }),
  z.object({ status: z.enum(['conflict', 'quarantined', 'revoked']), ...reasonReply }),
  z.object({ status: z.literal('upgrade_required'), ...reasonReply }),
  invalidReply,
]) satisfies z.ZodType<PushReply>;

const encoder = new TextEncoder();

/** UTF-8 size of a batch as it goes over the wire (without socket.io's few bytes of framing). */
export function pushBatchBytes(events: readonly UpstreamEvent[]): number {
  return encoder.encode(JSON.stringify({ events })).length;
}

/** UTF-8 size of one event in a batch (without the comma between two). */
export function eventBytes(event: UpstreamEvent): number {
  return encoder.encode(JSON.stringify(event)).length;
}

/** The longest prefix of `events` that fits one push (possibly empty: the first event alone is too large). */
export function takeBatch(events: readonly UpstreamEvent[]): UpstreamEvent[] {
  const batch: UpstreamEvent[] = [];
  let bytes = BATCH_FRAME_BYTES;
  for (const event of events) {
    const size = eventBytes(event) + (batch.length > 0 ? 1 : 0);
    if (batch.length === MAX_BATCH_EVENTS || bytes + size > MAX_BATCH_BYTES) break;
    batch.push(event);
    bytes += size;
  }
  return batch;
}

// ---------------------------------------------------------------------------------------------- downstream

export const streamNames = [
  'catalog',
  'tax',
  'stock',
  'transfers',
  'customers',
  'counts',
  'purchaseOrders',
  'suppliers',
  'reorder',
] as const;
export const streamNameSchema = z.enum(streamNames);
export type StreamName = z.infer<typeof streamNameSchema>;

export const pokeSchema = z.object({ streams: z.array(streamNameSchema).min(1) });
export type Poke = z.infer<typeof pokeSchema>;

export const catalogItemSchema = z.object({
  sku: plainText('SKU').min(1).max(64),
  name: plainText('Product name').min(1).max(200),
  priceMinor: z.number().int().min(0),
  taxCode: taxRateSchema.shape.code,
  category: plainText('Category').min(1).max(100).nullable(),
  unit: unitSchema,
  active: z.boolean(),
  barcodes: z.array(z.string().regex(/^[0-9A-Za-z]{1,64}$/, 'Barcode: letters and digits only')).max(50),
  /** Added later: a variant's style, its options and this variant's values (src/shared/styles.ts). */
  style: variantOfSchema.optional(),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

/** A customer head office erased on request: the register blanks what it holds of them (src/main/sync/downstream.ts). */
export const customerErasureSchema = z.object({
  customerId: idSchema,
  erasedAt: timeSchema,
});
export type CustomerErasure = z.infer<typeof customerErasureSchema>;

/**
 * The register's own store as head office keeps it: its tax settings, the name and currency it goes by, what
 * its receipts print and the over/short its shifts may close with.
 */
export const taxItemSchema = z.object({
  storeId: plainText('Store id'),
  storeName: storeSettingsSchema.shape.storeName,
  currency: storeSettingsSchema.shape.currency,
  addressLines: storeSettingsSchema.shape.addressLines,
  receiptHeader: storeSettingsSchema.shape.receiptHeader,
  receiptFooter: storeSettingsSchema.shape.receiptFooter,
  /** Added later: absent from an older head office (the register then stays a store with no limit). */
  locationKind: storeSettingsSchema.shape.locationKind,
  adjustmentApprovalMinor: storeSettingsSchema.shape.adjustmentApprovalMinor,
  /** Absent from head offices that do not set it: the register uses the default. */
  receivingTolerancePercent: storeSettingsSchema.shape.receivingTolerancePercent,
  pricesIncludeTax: z.boolean(),
  taxRates: z.array(taxRateSchema),
  /** Absent from head offices of earlier versions: the register keeps its own. */
  overShortThresholdMinor: storeSettingsSchema.shape.overShortThresholdMinor,
});
export type TaxItem = z.infer<typeof taxItemSchema>;

export const stockItemSchema = z.object({
  storeId: plainText('Store id'),
  storeName: plainText('Store name'),
  sku: plainText('SKU'),
  onHand: z.number().int(),
  /** The other states; absent from an older head office (read as 0). */
  damaged: z.number().int().default(0),
  committed: z.number().int().default(0),
  inTransit: z.number().int().default(0),
  /** When head office last changed this figure (ISO). */
  asOf: plainText('As of'),
  /**
   * Per register of that store: the last seq head office had applied when it computed onHand. The register's
   * own figure = onHand + its own movements with a later seq.
   */
  appliedSeqs: z.record(z.string(), z.number().int()),
});
export type StockItem = z.infer<typeof stockItemSchema>;

/** The register's own store's open purchase orders and the company's suppliers (src/shared/purchasing.ts). */
export { purchaseOrderItemSchema, supplierStreamItemSchema };

/** A transfer of the register's own store, either way (src/shared/transfers.ts). */
export const transferItemSchema = transferViewSchema;
export type TransferItem = TransferView;

/** A count of the register's own store, open or approved (src/shared/counts.ts). */
export const countItemSchema = storeCountSchema;
export type CountItem = StoreCount;

export interface StreamItems {
  catalog: CatalogItem;
  tax: TaxItem;
  stock: StockItem;
  transfers: TransferItem;
  customers: CustomerErasure;
  counts: CountItem;
  purchaseOrders: PurchaseOrderItem;
  suppliers: SupplierStreamItem;
  /** A store's reorder levels, per SKU and per category (src/shared/replenishment.ts). */
  reorder: ReorderItem;
}

/** One change-log entry: the full state of `key` after the change at server sequence `cursor`; null = removed. */
export interface Change<S extends StreamName = StreamName> {
  cursor: number;
  key: string;
  data: StreamItems[S] | null;
}

export const pullRequestSchema = z.object({
  stream: streamNameSchema,
  /** The last cursor applied; 0 for "from the beginning". */
  cursor: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export type PullReply<S extends StreamName = StreamName> =
  | { status: 'ok'; changes: Change<S>[]; nextCursor: number; hasMore: boolean }
  | { status: 'must_refetch'; snapshotCursor: number }
  | RetryOrInvalidReply;

/**
 * A pull reply as the register checks it. Each change's `data` is checked on its own against its stream's item
 * schema when it is applied, so one bad item is skipped instead of wedging the stream.
 */
export const pullReplySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    changes: z.array(z.object({ cursor: z.number().int().min(0), key: z.string(), data: z.unknown() })),
    nextCursor: z.number().int().min(0),
    hasMore: z.boolean(),
  }),
  z.object({ status: z.literal('must_refetch'), snapshotCursor: z.number().int().min(0) }),
  retryReply,
  invalidReply,
]);

export const snapshotRequestSchema = z.object({
  stream: streamNameSchema,
  afterKey: plainText('afterKey').nullable(),
  limit: z.number().int().min(1).max(MAX_SNAPSHOT_LIMIT),
});
export type SnapshotRequest = z.infer<typeof snapshotRequestSchema>;

export type SnapshotReply<S extends StreamName = StreamName> =
  | {
      status: 'ok';
      items: { key: string; data: StreamItems[S] }[];
      nextKey: string | null;
      done: boolean;
      cursor: number;
    }
  | RetryOrInvalidReply;

/** A snapshot reply as the register checks it; items are checked one by one, as for pull. */
export const snapshotReplySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    items: z.array(z.object({ key: z.string(), data: z.unknown() })),
    nextKey: z.string().nullable(),
    done: z.boolean(),
    cursor: z.number().int().min(0),
  }),
  retryReply,
  invalidReply,
]);

/** Socket event names and their payloads, for typed socket.io servers and clients. */
// ---------------------------------------------------------------------------------------------- receipt lookup

export const lookupReceiptRequestSchema = z.object({
  receiptNumber: plainText('Receipt number').trim().min(1).max(64),
});
export type LookupReceiptRequest = z.infer<typeof lookupReceiptRequestSchema>;

export type LookupReceiptReply =
  | {
      status: 'found';
      sale: CompletedSale;
      /** What registers other than the asking one returned of each line, refunded per tender and credited. */
      returnedByOthers: { lineId: string; quantity: number }[];
      refundedByOthers: Refund[];
      creditedByOthersMinor: number;
      voided: boolean;
    }
  | { status: 'not_found' }
  /** Several stores' registers used the same number: the sale cannot be told apart. */
  | { status: 'ambiguous'; reason: string }
  | RetryOrInvalidReply;

/**
 * A lookup reply as the register checks it. The sale is the current 'sale.completed' payload with `outboxSeq`,
 * the seq head office received it under (registers of protocol 1 before the document registry require it).
 */
export const lookupReceiptReplySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('found'),
    sale: salePayloadSchema.extend({ outboxSeq: z.number().int().min(1) }),
    returnedByOthers: z.array(z.object({ lineId: z.string(), quantity: z.number().int() })),
    refundedByOthers: z.array(refundSchema),
    creditedByOthersMinor: minor,
    voided: z.boolean(),
  }),
  z.object({ status: z.literal('not_found') }),
  z.object({ status: z.literal('ambiguous'), reason: z.string() }),
  retryReply,
  invalidReply,
]);

// ---------------------------------------------------------------------------------------------- customers

export const findCustomersRequestSchema = customerSearchSchema;
export type FindCustomersRequest = z.infer<typeof findCustomersRequestSchema>;
export type FindCustomersReply = { status: 'found'; customers: Customer[] } | RetryOrInvalidReply;
export const findCustomersReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), customers: z.array(customerSchema).max(MAX_CUSTOMER_HITS) }),
  retryReply,
  invalidReply,
]);

export const customerPurchasesRequestSchema = z.object({
  customerId: plainText('Customer id').min(1).max(64),
});
export type CustomerPurchasesRequest = z.infer<typeof customerPurchasesRequestSchema>;
export type CustomerPurchasesReply = { status: 'found'; purchases: CustomerPurchase[] } | RetryOrInvalidReply;
export const customerPurchasesReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), purchases: z.array(customerPurchaseSchema) }),
  retryReply,
  invalidReply,
]);

export interface ClientToServerEvents {
  push: (request: PushRequest, ack: (reply: PushReply) => void) => void;
  lookupReceipt: (request: LookupReceiptRequest, ack: (reply: LookupReceiptReply) => void) => void;
  findCustomers: (request: FindCustomersRequest, ack: (reply: FindCustomersReply) => void) => void;
  customerPurchases: (
    request: CustomerPurchasesRequest,
    ack: (reply: CustomerPurchasesReply) => void,
  ) => void;
  countReview: (request: CountReviewRequest, ack: (reply: CountReviewReply) => void) => void;
  pull: (request: PullRequest, ack: (reply: PullReply) => void) => void;
  snapshot: (request: SnapshotRequest, ack: (reply: SnapshotReply) => void) => void;
}
export interface ServerToClientEvents {
  poke: (poke: Poke) => void;
}

// ---------------------------------------------------------------------------------------------- enrolment

export const enrollRequestSchema = z.object({
  pairingCode: plainText('Pairing code')
    .trim()
    .min(4, 'Pairing code: type the code head office gave you')
    .max(32, 'Pairing code: at most 32 characters; check it'),
  registerName: plainText('Register name')
    .trim()
    .min(1, 'Register name: give this register a name, e.g. Till 1')
    .max(60, 'Register name: at most 60 characters'),
  /**
   * Sent by a register that is already enrolled (its id at head office). It then needs a re-pair code for that
   * register: it keeps its id, its numbering and head office's cursor, and gets a new token. A code for a new
   * register is refused, because a new register's numbering starts at 1.
   */
  registerId: plainText('Register id').min(1).max(40).optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export interface EnrollResponse {
  /** The device token: keep it secret; send it as `auth.token` on every connect. */
  token: string;
  storeId: string;
  registerId: string;
  storeName: string;
}

export const enrollResponseSchema = z.object({
  token: handshakeAuthSchema.shape.token,
  storeId: plainText('Store id').min(1).max(40),
  registerId: plainText('Register id').min(1).max(40),
  storeName: plainText('Store name').min(1).max(200),
}) satisfies z.ZodType<EnrollResponse>;
