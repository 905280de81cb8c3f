/**
 * 'audit.recorded': only kept (its received_events row is the record). A cash movement ('cash.inOut', whose
 * details are src/shared/shift-totals.ts's cashMovementDetailsSchema) counts in its shift.
 */
import { cashMovementDetailsSchema, type ShiftDocuments } from '../../shared/shift-totals.ts';
import type { auditRecorded } from '../../shared/documents/audit.ts';
import type { DocumentHandler } from './handler.ts';

export const auditHandler: DocumentHandler<typeof auditRecorded.type> = {
  countInShift(_db, _register, shiftId, docs) {
    const cashMovements: ShiftDocuments['cashMovements'] = [];
    const missing: string[] = [];
    for (const { seq, payload: entry } of docs) {
      if (entry.action !== 'cash.inOut') continue;
      const movement = cashMovementDetailsSchema.safeParse(entry.details);
      if (!movement.success) missing.push(`event seq ${seq} (a cash movement) could not be read`);
      else if (movement.data.shiftId === shiftId) cashMovements.push(movement.data);
    }
    return { documents: { cashMovements }, missing };
  },
};
