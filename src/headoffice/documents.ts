/**
 * What pushed events do at head office. Each event is read as a document of its kind (src/shared/documents) and
 * applied through that kind's handler (handlers/): its rows, once per document id, its stock movements and its
 * findings. What every kind shares lives here: reading the payload (which version, which store), exactly once per
 * document, unknown SKUs, stock below zero, and recording findings as exceptions. Nothing here rejects an event:
 * what head office disagrees with becomes a finding (an exception for a person to review).
 */
import { schemaOf, type StorePayload } from '../shared/documents/kind.ts';
import { documentKinds, kindOf, type DocumentType } from '../shared/documents/registry.ts';
import type { ExceptionKind } from '../shared/sync/admin-api.ts';
import type { UpstreamEvent } from '../shared/sync/protocol.ts';
import type { ChangeWriter } from './changes.ts';
import { nowIso, type HeadOffice, type Tx } from './context.ts';
import { insertRows, lookup } from './db/bulk.ts';
import type { Register } from './db/schema.ts';
import {
  foundAt,
  type Batch,
  type Finding,
  type Received,
  type RegisterFinding,
  type WrittenBatch,
} from './handlers/handler.ts';
import { handlers } from './handlers/index.ts';
import { stampCosts, storeCurrencies } from './costing.ts';
import { recordMovements, type Movement } from './stock.ts';

/**
 * The document an event carries, read as its kind's current version, or the finding that explains why nothing
 * of it is applied (it is still kept as received).
 */
export function readEvent(event: UpstreamEvent, register: Register): Received | Finding {
  const finding = (kind: ExceptionKind, details: string): Finding => ({ seq: event.seq, kind, details });
  const kind = kindOf(event.type);
  const schema = kind && schemaOf<StorePayload>(kind, event.schemaVersion);
  if (!kind || !schema) {
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
  return { type: kind.type, register, seq: event.seq, payload: parsed.data } as Received;
}

/**
 * Applies documents of one or several registers, kind by kind in the registry's order (a kind's references to
 * earlier kinds of the batch then find them written): each handler checks what its documents refer to and
 * writes the new ones (an id written already, or twice in the batch, is a 'duplicate_document', counted once).
 * Then the stock movements of what was applied, in the order the events came, each valued at cost first
 * (costing.ts), and each handler's findings.
 */
export async function applyDocuments(
  ho: HeadOffice,
  tx: Tx,
  changes: ChangeWriter,
  documents: Received[],
): Promise<RegisterFinding[]> {
  const batch = batchOf(ho, tx, changes, documents);
  const findings: RegisterFinding[] = [];
  const applied: Received[] = [];
  for (const kind of documentKinds) {
    const ofKind = documents.filter((doc) => doc.type === kind.type);
    if (ofKind.length === 0) continue;
    const written = await writeKind(batch, kind.type, ofKind);
    findings.push(...written.findings);
    applied.push(...written.applied);
  }
  const arrival = new Map(documents.map((doc, i) => [`${doc.register.id}\0${doc.seq}`, i]));
  const position = (doc: Received): number => arrival.get(`${doc.register.id}\0${doc.seq}`)!;
  applied.sort((a, b) => position(a) - position(b));

  const movements = applied.flatMap(movementsOf);
  const skus = [...new Set(movements.map((m) => m.sku))];
  const written: WrittenBatch = { ...batch, prices: await pricesOf(ho, tx, skus) };
  for (const kind of documentKinds) {
    const check = handlers[kind.type].check;
    const ofKind = applied.filter((doc) => doc.type === kind.type);
    if (check && ofKind.length > 0) findings.push(...(await checkKind(written, kind.type, ofKind)));
  }

  const movementFinding = (m: Movement, finding: Finding): RegisterFinding => ({
    ...finding,
    registerId: m.registerId!,
    storeId: m.storeId,
  });
  // Once per register and SKU, at the register's first movement of it.
  const unknown = new Map<string, Movement>();
  for (const m of movements) {
    const key = `${m.registerId}\0${m.sku}`;
    if (!written.prices.has(m.sku) && !unknown.has(key)) unknown.set(key, m);
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

  await stampCosts(ho, tx, movements);
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

function batchOf(ho: HeadOffice, tx: Tx, changes: ChangeWriter, documents: Received[]): Batch {
  let currencies: Promise<ReadonlyMap<string, string>> | undefined;
  const loadCurrencies = (): Promise<ReadonlyMap<string, string>> =>
    storeCurrencies(
      ho,
      tx,
      documents.map((doc) => doc.register.store_id),
    );
  return {
    ho,
    tx,
    changes,
    receivedAt: nowIso(ho),
    storeCurrencies: () => (currencies ??= loadCurrencies()),
  };
}

/** One kind's documents checked and written; the ones applied, and the findings about the others. */
async function writeKind<T extends DocumentType>(
  batch: Batch,
  type: T,
  docs: Received<T>[],
): Promise<{ applied: Received<T>[]; findings: RegisterFinding[] }> {
  const handler = handlers[type];
  const { apply, findings } = handler.checkReferences
    ? await handler.checkReferences(batch, docs)
    : { apply: docs, findings: [] };
  if (!handler.rows || apply.length === 0) return { applied: apply, findings };
  const { key, describe, insert } = handler.rows;
  // The first document with an id in this batch is the candidate; later ones with that id are repeats.
  const candidates = new Map<string, Received<T>>();
  for (const doc of apply) if (!candidates.has(key(doc.payload))) candidates.set(key(doc.payload), doc);
  const inserted = new Set(await insert(batch, [...candidates.values()]));
  const isNew = (doc: Received<T>): boolean =>
    inserted.has(key(doc.payload)) && candidates.get(key(doc.payload)) === doc;
  for (const doc of apply.filter((doc) => !isNew(doc))) {
    findings.push(
      foundAt(doc.register)({
        seq: doc.seq,
        kind: 'duplicate_document',
        details: `${describe(doc.payload)} arrived again as seq ${doc.seq}; head office already has it, so it was not counted twice.`,
      }),
    );
  }
  return { applied: apply.filter(isNew), findings };
}

/** A document's movements, each naming the document's kind. */
function movementsOf<T extends DocumentType>(doc: Received<T>): Movement[] {
  return (handlers[doc.type].movements?.(doc) ?? []).map((m) => ({ ...m, documentKind: doc.type }));
}

function checkKind<T extends DocumentType>(
  batch: WrittenBatch,
  type: T,
  docs: Received<T>[],
): Promise<RegisterFinding[]> {
  return handlers[type].check!(batch, docs);
}

const pricesOf = (ho: HeadOffice, tx: Tx, skus: string[]): Promise<Map<string, number>> =>
  lookup(tx, ho.dialect, { table: 'products', key: 'sku', value: 'price_minor' }, skus);

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
