/**
 * What each event means at head office. Sales, returns and voids become business documents with their stock
 * movements (a return beyond what was sold is an 'over_return' finding, over-returns.ts); audit records and
 * shift reports are kept as received, and a shift report is checked against the shift's documents (shifts.ts).
 * Nothing here rejects an event: what head office disagrees with becomes a finding (an exception for a person
 * to review).
 */
import type { z } from 'zod';
import type { ExceptionKind } from '../shared/sync/admin-api.ts';
import type { CompletedReturn, CompletedSale, SaleVoid } from '../shared/domain.ts';
import {
  AUDIT_RECORDED,
  auditRecordedPayloadSchema,
  eventSchemaVersions,
  RETURN_COMPLETED,
  returnCompletedPayloadSchema,
  SALE_COMPLETED,
  SALE_VOIDED,
  saleCompletedPayloadSchema,
  saleVoidedPayloadSchema,
  SHIFT_CLOSED,
  shiftClosedPayloadSchema,
  type UpstreamEvent,
} from '../shared/sync/protocol.ts';
import type { ChangeWriter } from './changes.ts';
import { nowIso, type HeadOffice, type Tx } from './context.ts';
import { anyOf, insertRows } from './db/bulk.ts';
import type { Insertable } from 'kysely';
import type { Register, SalesTable } from './db/schema.ts';
import { checkOverReturns } from './over-returns.ts';
import { recordMovements, type Movement } from './stock.ts';

export interface Finding {
  seq: number;
  kind: ExceptionKind;
  details: string;
  sku?: string;
}

/** A finding about an event of one register: an exception of that register's store. */
export interface RegisterFinding extends Finding {
  registerId: string;
  storeId: string;
}

/** The finding as one about `register`'s event. */
export const foundAt =
  (register: Register) =>
  (finding: Finding): RegisterFinding => ({
    ...finding,
    registerId: register.id,
    storeId: register.store_id,
  });

/** A document an event carries, with the register and seq it came under. */
export type Document = { register: Register; seq: number } & (
  | { kind: 'sale'; sale: CompletedSale }
  | { kind: 'return'; ret: CompletedReturn }
  | { kind: 'void'; saleVoid: SaleVoid }
);

/** Payload schemas of the event types head office knows; every payload names the store it happened in. */
const payloadSchemas: Record<string, z.ZodType<{ storeId: string }>> = {
  [SALE_COMPLETED]: saleCompletedPayloadSchema,
  [RETURN_COMPLETED]: returnCompletedPayloadSchema,
  [SALE_VOIDED]: saleVoidedPayloadSchema,
  [AUDIT_RECORDED]: auditRecordedPayloadSchema,
  [SHIFT_CLOSED]: shiftClosedPayloadSchema,
};

/**
 * The document an event carries; null for one that is only kept (audit records, shift reports: their
 * received_events row is the record); or the finding that explains why nothing was applied.
 */
export function readEvent(event: UpstreamEvent, register: Register): Document | null | Finding {
  const versions = eventSchemaVersions[event.type];
  const schema = payloadSchemas[event.type];
  const finding = (kind: ExceptionKind, details: string): Finding => ({ seq: event.seq, kind, details });
  if (!versions || !schema || event.schemaVersion > versions.current) {
    return finding(
      'unsupported_event',
      `Event seq ${event.seq} is ${event.type} v${event.schemaVersion}, which this head office does not know: it is kept and can be applied after head office is updated.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(event.payload);
  } catch {
    return finding(
      'invalid_payload',
      `Event seq ${event.seq} (${event.type}) is not JSON; it was kept as received.`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
    return finding(
      'invalid_payload',
      `Event seq ${event.seq} (${event.type}) is not valid (${issues.join('; ')}); it was kept as received.`,
    );
  }
  if (parsed.data.storeId !== register.store_id) {
    return finding(
      'store_mismatch',
      `Event seq ${event.seq} (${event.type}) claims store "${parsed.data.storeId}", but this register belongs to store "${register.store_id}". Nothing was applied to either store.`,
    );
  }
  const { seq } = event;
  if (event.type === SALE_COMPLETED)
    return { kind: 'sale', register, seq, sale: parsed.data as CompletedSale };
  if (event.type === RETURN_COMPLETED)
    return { kind: 'return', register, seq, ret: parsed.data as CompletedReturn };
  if (event.type === SALE_VOIDED) return { kind: 'void', register, seq, saleVoid: parsed.data as SaleVoid };
  return null;
}

/**
 * Inserts the documents, of one or several registers (each id once: a repeat is a finding, not a second count),
 * and their stock movements in order. Returns the findings about them.
 */
export async function applyDocuments(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  documents: Document[],
): Promise<RegisterFinding[]> {
  const fresh = await insertDocuments(ho, tx, documents);
  const findings: RegisterFinding[] = documents
    .filter((doc) => !fresh.has(doc))
    .map((doc) =>
      foundAt(doc.register)({
        seq: doc.seq,
        kind: 'duplicate_document',
        details: `${describeDocument(doc)} arrived again as seq ${doc.seq}; head office already has it, so it was not counted twice.`,
      }),
    );
  const applied = documents.filter((doc) => fresh.has(doc));

  const sales = applied.flatMap((doc) => (doc.kind === 'sale' ? [doc] : []));
  const returnsByRegister = new Map<Register, (Document & { kind: 'return' })[]>();
  for (const doc of applied) {
    if (doc.kind !== 'return') continue;
    const returns = returnsByRegister.get(doc.register) ?? [];
    returnsByRegister.set(doc.register, returns);
    returns.push(doc);
  }
  for (const [register, returns] of returnsByRegister)
    findings.push(...(await checkOverReturns(tx, returns)).map(foundAt(register)));
  findings.push(...(await checkCurrencies(ho, tx, applied)));

  const movements = applied.flatMap(movementsOf);
  const movementFinding = (m: Movement, finding: Finding): RegisterFinding => ({
    ...finding,
    registerId: m.registerId!,
    storeId: m.storeId,
  });
  const skus = [...new Set(movements.map((m) => m.sku))];
  const prices = await pricesOf(ho, tx, skus);
  // Once per register and SKU, at the register's first movement of it.
  const unknown = new Map<string, Movement>();
  for (const m of movements) {
    const key = `${m.registerId}\0${m.sku}`;
    if (!prices.has(m.sku) && !unknown.has(key)) unknown.set(key, m);
  }
  for (const first of unknown.values()) {
    const { sku } = first;
    findings.push(
      movementFinding(first, {
        seq: first.seq!,
        kind: 'unknown_sku',
        sku,
        details: `Seq ${first.seq} moved stock of SKU ${sku}, which head office's catalog does not have.`,
      }),
    );
  }
  for (const { register, seq, sale } of sales) {
    for (const line of sale.lines) {
      const price = prices.get(line.sku);
      if (price === undefined || price === line.unitPriceMinor) continue;
      findings.push(
        foundAt(register)({
          seq,
          kind: 'price_mismatch',
          sku: line.sku,
          details:
            `Sale ${sale.receiptNumber} sold SKU ${line.sku} at ${line.unitPriceMinor}; head office's price is ${price} (minor units)` +
            (line.priceOverride ? `. Changed at the register: ${line.priceOverride.reason}.` : '.'),
        }),
      );
    }
  }

  const balances = await recordMovements(ho, tx, changes, movements);
  // Stock below zero once a sale is done (after its last line of that SKU): once per sale and SKU.
  const afterSale = new Map<string, RegisterFinding>();
  movements.forEach((m, i) => {
    const key = `${m.registerId}\0${m.seq}\0${m.sku}`;
    if (m.reason !== 'SALE') return;
    if (balances[i]! >= 0) {
      afterSale.delete(key);
      return;
    }
    afterSale.set(
      key,
      movementFinding(m, {
        seq: m.seq!,
        kind: 'negative_stock',
        sku: m.sku,
        details: `After seq ${m.seq}, store ${m.storeId} has ${balances[i]} of SKU ${m.sku} on hand: a delivery or count is probably missing.`,
      }),
    );
  });
  findings.push(...afterSale.values());
  return findings;
}

function describeDocument(doc: Document): string {
  if (doc.kind === 'sale') return `Sale ${doc.sale.saleId} (receipt ${doc.sale.receiptNumber})`;
  if (doc.kind === 'return') return `Return ${doc.ret.returnId} (receipt ${doc.ret.receiptNumber})`;
  return `Void ${doc.saleVoid.voidId} of sale ${doc.saleVoid.saleId}`;
}

/** Sales take stock; returns bring sellable goods back (damaged ones are not on hand); voids put a sale's back. */
function movementsOf(doc: Document): Movement[] {
  const { register } = doc;
  const movement = (sku: string, quantity: number, ref: string, occurredAt: string): Movement => ({
    storeId: register.store_id,
    sku,
    reason: doc.kind === 'sale' ? 'SALE' : doc.kind === 'return' ? 'RETURN' : 'VOID',
    quantity,
    ref,
    registerId: register.id,
    seq: doc.seq,
    occurredAt,
  });
  if (doc.kind === 'sale')
    return doc.sale.lines.map((l) => movement(l.sku, -l.quantity, doc.sale.saleId, doc.sale.completedAt));
  if (doc.kind === 'return') {
    return doc.ret.lines
      .filter((line) => line.disposition === 'sellable')
      .map((line) => movement(line.sku, line.quantity, doc.ret.returnId, doc.ret.completedAt));
  }
  return doc.saleVoid.lines.map((line) =>
    movement(line.sku, line.quantity, doc.saleVoid.voidId, doc.saleVoid.voidedAt),
  );
}

const documentKey = (doc: Document): string =>
  `${doc.kind}:${doc.kind === 'sale' ? doc.sale.saleId : doc.kind === 'return' ? doc.ret.returnId : doc.saleVoid.voidId}`;

/** A sale's row: its header and totals. Its lines stay in its payload (received.ts reads them there). */
export function saleRow(
  sale: CompletedSale,
  register: Pick<Register, 'id' | 'store_id'>,
  seq: number,
  receivedAt: string,
): Insertable<SalesTable> {
  return {
    sale_id: sale.saleId,
    store_id: register.store_id,
    register_id: register.id,
    seq,
    receipt_number: sale.receiptNumber,
    completed_at: sale.completedAt,
    received_at: receivedAt,
    currency: sale.currency,
    prices_include_tax: sale.totals.pricesIncludeTax ? 1 : 0,
    subtotal_minor: sale.totals.subtotalMinor,
    tax_minor: sale.totals.taxMinor,
    total_minor: sale.totals.totalMinor,
    change_minor: sale.changeMinor,
    tenders: JSON.stringify(sale.tenders),
    user_id: sale.userId,
    shift_id: sale.shiftId,
  };
}

/** Inserts each document row once; returns the documents that were new (not already at head office). */
async function insertDocuments(ho: HeadOffice, tx: Tx, documents: Document[]): Promise<Set<Document>> {
  const receivedAt = nowIso(ho);
  // The first document with an id in this batch is the candidate; later ones with that id are repeats.
  const candidates = new Map<string, Document>();
  for (const doc of documents) if (!candidates.has(documentKey(doc))) candidates.set(documentKey(doc), doc);
  const first = [...candidates.values()];
  const fresh = new Set<Document>();
  const inserted = (kind: Document['kind'], rows: { id: string }[]) => {
    for (const { id } of rows) fresh.add(candidates.get(`${kind}:${id}`)!);
  };

  const sales = first.flatMap((doc) => (doc.kind === 'sale' ? [doc] : []));
  if (sales.length > 0) {
    const rows = await insertRows(
      ho.dialect,
      tx,
      'sales',
      sales.map(({ register, seq, sale }) => saleRow(sale, register, seq, receivedAt)),
    )
      .onConflict((oc) => oc.column('sale_id').doNothing())
      .returning('sale_id as id')
      .execute();
    inserted('sale', rows);
  }
  const returns = first.flatMap((doc) => (doc.kind === 'return' ? [doc] : []));
  if (returns.length > 0) {
    const rows = await insertRows(
      ho.dialect,
      tx,
      'returns',
      returns.map(({ register, seq, ret }) => ({
        return_id: ret.returnId,
        store_id: register.store_id,
        register_id: register.id,
        seq,
        receipt_number: ret.receiptNumber,
        original_sale_id: ret.original?.saleId ?? null,
        completed_at: ret.completedAt,
        total_minor: ret.totals.totalMinor,
      })),
    )
      .onConflict((oc) => oc.column('return_id').doNothing())
      .returning('return_id as id')
      .execute();
    inserted('return', rows);
  }
  const voids = first.flatMap((doc) => (doc.kind === 'void' ? [doc] : []));
  if (voids.length > 0) {
    const rows = await insertRows(
      ho.dialect,
      tx,
      'sale_voids',
      voids.map(({ register, seq, saleVoid }) => ({
        void_id: saleVoid.voidId,
        sale_id: saleVoid.saleId,
        store_id: register.store_id,
        register_id: register.id,
        seq,
        voided_at: saleVoid.voidedAt,
        total_minor: saleVoid.totalMinor,
      })),
    )
      .onConflict((oc) => oc.column('void_id').doNothing())
      .returning('void_id as id')
      .execute();
    inserted('void', rows);
  }
  return fresh;
}

/** Sales and returns in another currency than their store's at head office (the register had an older one). */
async function checkCurrencies(ho: HeadOffice, tx: Tx, documents: Document[]): Promise<RegisterFinding[]> {
  // A void repeats its sale, which was checked when it came.
  const currencyOf = (doc: Document): string | null =>
    doc.kind === 'sale' ? doc.sale.currency : doc.kind === 'return' ? doc.ret.currency : null;
  const priced = documents.filter((doc) => currencyOf(doc) !== null);
  if (priced.length === 0) return [];
  const storeIds = [...new Set(priced.map((doc) => doc.register.store_id))];
  const stores = await tx
    .selectFrom('stores')
    .select(['id', 'currency'])
    .where('id', 'in', anyOf(ho.dialect, storeIds))
    .execute();
  const storeCurrency = new Map(stores.map((store) => [store.id, store.currency]));
  return priced
    .filter((doc) => currencyOf(doc) !== storeCurrency.get(doc.register.store_id))
    .map((doc) =>
      foundAt(doc.register)({
        seq: doc.seq,
        kind: 'currency_mismatch',
        details: `${describeDocument(doc)} is in ${currencyOf(doc)}; head office keeps store ${doc.register.store_id} in ${storeCurrency.get(doc.register.store_id)}. Its amounts are counted as they came: check the currency of the register and of the store.`,
      }),
    );
}

async function pricesOf(ho: HeadOffice, tx: Tx, skus: string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const products = await tx
    .selectFrom('products')
    .select(['sku', 'price_minor'])
    .where('sku', 'in', anyOf(ho.dialect, skus))
    .execute();
  return new Map(products.map((product) => [product.sku, product.price_minor]));
}

/** Records findings as exceptions of their registers' stores. */
export async function recordFindings(ho: HeadOffice, tx: Tx, findings: RegisterFinding[]): Promise<void> {
  if (findings.length === 0) return;
  const createdAt = nowIso(ho);
  await insertRows(
    ho.dialect,
    tx,
    'exceptions',
    findings.map((finding) => ({
      kind: finding.kind,
      store_id: finding.storeId,
      register_id: finding.registerId,
      seq: finding.seq,
      sku: finding.sku ?? null,
      details: finding.details,
      created_at: createdAt,
      resolved_at: null,
    })),
  ).execute();
}
