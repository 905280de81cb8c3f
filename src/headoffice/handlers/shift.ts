/**
 * 'shift.closed' (a Z report): only kept, and checked: head office counts the shift from the documents it
 * received (shifts.ts) and records a 'z_mismatch' when the register's figures differ.
 */
import type { shiftClosed } from '../../shared/documents/shift.ts';
import { totalsDifferences } from '../../shared/shift-totals.ts';
import { countShift } from '../shifts.ts';
import { foundAt, type DocumentHandler, type RegisterFinding } from './handler.ts';

export const shiftHandler: DocumentHandler<typeof shiftClosed.type> = {
  async check({ tx }, docs) {
    const findings: RegisterFinding[] = [];
    for (const { register, seq, payload: closed } of docs) {
      const counted = await countShift(tx, register, { ...closed, seq });
      const differences = totalsDifferences(closed.totals, counted.totals);
      if (differences.length === 0 && counted.missing.length === 0) continue;
      findings.push(
        foundAt(register)({
          seq,
          kind: 'z_mismatch',
          details:
            `Z report ${closed.zNumber} (shift closed ${closed.closedAt} by ${closed.closedBy.name}) does not match ` +
            `what head office received for that shift.` +
            (differences.length > 0 ? ` Register ≠ head office: ${differences.join('; ')}.` : '') +
            (counted.missing.length > 0 ? ` Not counted: ${counted.missing.join('; ')}.` : ''),
        }),
      );
    }
    return findings;
  },
};
