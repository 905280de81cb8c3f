/**
 * Head office's own count of a register's shift. When a 'shift.closed' event (the Z report) arrives, head office
 * counts the shift's sales, returns, voids and cash movements from the events it received, with the same code
 * the register uses (src/shared/shift-totals.ts), and records a 'z_mismatch' exception when the two differ.
 *
 * Events of a register arrive in seq order and the Z report follows its shift's events, so when it is applied
 * head office has all of them: what can still be missing is an event it could not read (already an
 * 'invalid_payload' exception) or the sale a void cancels.
 */
import type { CompletedReturn, CompletedSale, SaleVoid } from '../shared/domain.ts';
import type { ShiftTotals } from '../shared/shift-report.ts';
import {
  cashMovementDetailsSchema,
  computeShiftTotals,
  totalsDifferences,
  type ShiftDocuments,
} from '../shared/shift-totals.ts';
import {
  AUDIT_RECORDED,
  auditRecordedPayloadSchema,
  RETURN_COMPLETED,
  returnCompletedPayloadSchema,
  SALE_COMPLETED,
  SALE_VOIDED,
  saleCompletedPayloadSchema,
  saleVoidedPayloadSchema,
  SHIFT_CLOSED,
  shiftClosedPayloadSchema,
  type ShiftClosedPayload,
  type UpstreamEvent,
} from '../shared/sync/protocol.ts';
import type { Executor } from './context.ts';
import type { Finding } from './documents.ts';
import { parseJson, salesById } from './received.ts';

export interface ShiftCount {
  totals: ShiftTotals;
  /** What head office could not count, in words (empty: it counted everything the register did). */
  missing: string[];
}

/**
 * The totals of a register's shift as head office counts them from the events it holds: the shift's events
 * are those before `closedSeq` (and after `firstSeq`) that name the shift.
 */
export async function countShift(
  db: Executor,
  registerId: string,
  closed: Pick<ShiftClosedPayload, 'shiftId' | 'totals' | 'firstSeq'> & { seq: number },
): Promise<ShiftCount> {
  const rows = await db
    .selectFrom('received_events')
    .select(['seq', 'type', 'payload'])
    .where('register_id', '=', registerId)
    .where('seq', '>', closed.firstSeq ?? 0)
    .where('seq', '<', closed.seq)
    .where('type', 'in', [SALE_COMPLETED, RETURN_COMPLETED, SALE_VOIDED, AUDIT_RECORDED])
    .orderBy('seq')
    .execute();
  // Keyed by document id: a document that arrived twice (a 'duplicate_document') counts once.
  const sales = new Map<string, CompletedSale>();
  const returns = new Map<string, CompletedReturn>();
  const voids = new Map<string, SaleVoid>();
  const cashMovements: ShiftDocuments['cashMovements'] = [];
  const missing: string[] = [];
  for (const row of rows) {
    const json = parseJson(row.payload);
    if (row.type === SALE_COMPLETED) {
      const sale = saleCompletedPayloadSchema.safeParse(json);
      if (!sale.success) missing.push(`event seq ${row.seq} (a sale) could not be read`);
      else if (sale.data.shiftId === closed.shiftId && !sales.has(sale.data.saleId))
        sales.set(sale.data.saleId, sale.data);
    } else if (row.type === RETURN_COMPLETED) {
      const ret = returnCompletedPayloadSchema.safeParse(json);
      if (!ret.success) missing.push(`event seq ${row.seq} (a return) could not be read`);
      else if (ret.data.shiftId === closed.shiftId && !returns.has(ret.data.returnId))
        returns.set(ret.data.returnId, { ...ret.data, outboxSeq: row.seq });
    } else if (row.type === SALE_VOIDED) {
      const saleVoid = saleVoidedPayloadSchema.safeParse(json);
      if (!saleVoid.success) missing.push(`event seq ${row.seq} (a void) could not be read`);
      else if (saleVoid.data.shiftId === closed.shiftId && !voids.has(saleVoid.data.voidId))
        voids.set(saleVoid.data.voidId, { ...saleVoid.data, outboxSeq: row.seq });
    } else {
      const entry = auditRecordedPayloadSchema.safeParse(json);
      if (!entry.success || entry.data.action !== 'cash.inOut') continue;
      const movement = cashMovementDetailsSchema.safeParse(entry.data.details);
      if (!movement.success) missing.push(`event seq ${row.seq} (a cash movement) could not be read`);
      else if (movement.data.shiftId === closed.shiftId) cashMovements.push(movement.data);
    }
  }

  const voidedSales = await salesById(
    db,
    [...voids.values()].map((v) => v.saleId).filter((id) => !sales.has(id)),
  );
  const countedVoids: ShiftDocuments['voids'] = [];
  for (const saleVoid of voids.values()) {
    const sale = sales.get(saleVoid.saleId) ?? voidedSales.get(saleVoid.saleId);
    if (sale) countedVoids.push({ ...saleVoid, sale });
    else missing.push(`the sale ${saleVoid.saleReceiptNumber} that void ${saleVoid.receiptNumber} cancels`);
  }
  const totals = computeShiftTotals(closed.totals.currency, closed.totals.cash.floatMinor, {
    sales: [...sales.values()],
    returns: [...returns.values()],
    voids: countedVoids,
    cashMovements,
  });
  return { totals, missing };
}

/**
 * For each Z report among `events` (already stored in received_events, with the events before it): a
 * 'z_mismatch' finding when head office counts the shift differently. Events that are not valid Z reports of
 * this store were found by readEvent already.
 */
export async function checkClosedShifts(
  db: Executor,
  register: { id: string; store_id: string },
  events: UpstreamEvent[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const event of events) {
    if (event.type !== SHIFT_CLOSED) continue;
    const parsed = shiftClosedPayloadSchema.safeParse(parseJson(event.payload));
    if (!parsed.success || parsed.data.storeId !== register.store_id) continue;
    const closed = parsed.data;
    const counted = await countShift(db, register.id, { ...closed, seq: event.seq });
    const differences = totalsDifferences(closed.totals, counted.totals);
    if (differences.length === 0 && counted.missing.length === 0) continue;
    findings.push({
      seq: event.seq,
      kind: 'z_mismatch',
      details:
        `Z report ${closed.zNumber} (shift closed ${closed.closedAt} by ${closed.closedBy.name}) does not match ` +
        `what head office received for that shift.` +
        (differences.length > 0 ? ` Register ≠ head office: ${differences.join('; ')}.` : '') +
        (counted.missing.length > 0 ? ` Not counted: ${counted.missing.join('; ')}.` : ''),
    });
  }
  return findings;
}
