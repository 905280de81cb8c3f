/**
 * Head office's own count of a register's shift. When a 'shift.closed' event (the Z report) arrives, head office
 * counts the shift's documents from the events it received, each kind as its handler says (handlers/), with the
 * same code the register uses (src/shared/shift-totals.ts); the shift handler records a 'z_mismatch' exception
 * when the two differ.
 *
 * Events of a register arrive in seq order and the Z report follows its shift's events, so when it is applied
 * head office has all of them: what can still be missing is an event it could not read (already an
 * 'invalid_payload' exception) or the sale a void cancels.
 */
import type { KindOf } from '../shared/documents/registry.ts';
import { documentKinds, type DocumentType } from '../shared/documents/registry.ts';
import type { ShiftClosedPayload } from '../shared/documents/shift.ts';
import type { ShiftTotals } from '../shared/shift-report.ts';
import { computeShiftTotals, type ShiftDocuments } from '../shared/shift-totals.ts';
import type { Executor } from './context.ts';
import type { Register } from './db/schema.ts';
import type { ShiftPart } from './handlers/handler.ts';
import { handlers } from './handlers/index.ts';
import { storedPayload } from './received.ts';

export interface ShiftCount {
  totals: ShiftTotals;
  /** What head office could not count, in words (empty: it counted everything the register did). */
  missing: string[];
}

type Row = { seq: number; type: string; schema_version: number; payload: string };

/**
 * The totals of a register's shift as head office counts them from the events it holds: the shift's events
 * are those before `closed.seq` (and after `firstSeq`) that name the shift.
 */
export async function countShift(
  db: Executor,
  register: Pick<Register, 'id' | 'store_id'>,
  closed: Pick<ShiftClosedPayload, 'shiftId' | 'totals' | 'firstSeq'> & { seq: number },
): Promise<ShiftCount> {
  const counted = documentKinds.filter((kind) => handlers[kind.type].countInShift);
  const rows = await db
    .selectFrom('received_events')
    .select(['seq', 'type', 'schema_version', 'payload'])
    .where('register_id', '=', register.id)
    .where('seq', '>', closed.firstSeq ?? 0)
    .where('seq', '<', closed.seq)
    .where(
      'type',
      'in',
      counted.map((kind) => kind.type),
    )
    .orderBy('seq')
    .execute();
  const documents: ShiftDocuments = { sales: [], returns: [], voids: [], cashMovements: [] };
  const missing: string[] = [];
  for (const kind of counted) {
    const part = await countKind(db, register, closed.shiftId, kind, rows);
    documents.sales.push(...(part.documents.sales ?? []));
    documents.returns.push(...(part.documents.returns ?? []));
    documents.voids.push(...(part.documents.voids ?? []));
    documents.cashMovements.push(...(part.documents.cashMovements ?? []));
    missing.push(...part.missing);
  }
  const totals = computeShiftTotals(closed.totals.currency, closed.totals.cash.floatMinor, documents);
  return { totals, missing };
}

/** One kind's part of the count: its readable documents, each once (one that arrived twice counts once). */
async function countKind<T extends DocumentType>(
  db: Executor,
  register: Pick<Register, 'id' | 'store_id'>,
  shiftId: string,
  kind: KindOf<T>,
  rows: Row[],
): Promise<ShiftPart> {
  const handler = handlers[kind.type];
  const seen = new Set<string>();
  const docs = [];
  const missing: string[] = [];
  for (const row of rows) {
    if (row.type !== kind.type) continue;
    const payload = storedPayload(kind, row.schema_version, row.payload);
    if (!payload) {
      missing.push(`event seq ${row.seq} (${kind.label.toLowerCase()}) could not be read`);
      continue;
    }
    const key = handler.rows?.key(payload);
    if (key !== undefined && seen.has(key)) continue;
    if (key !== undefined) seen.add(key);
    docs.push({ seq: row.seq, payload });
  }
  const part = await handler.countInShift!(db, register, shiftId, docs);
  return { documents: part.documents, missing: [...missing, ...part.missing] };
}
