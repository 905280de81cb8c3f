/**
 * 'adjustment.completed': stock that left on hand or changed state at a register's store for a reason. Head
 * office keeps the adjustment (the admin API lists and reads it) and records each line's movements as the
 * register made them, in their states, named after whoever made it.
 */
import type { adjustmentCompleted, AdjustmentPayload } from '../../shared/documents/adjustment.ts';
import { adjustmentReasons } from '../../shared/stock.ts';
import { insertDocuments } from './document-rows.ts';
import { lineMovements, type DocumentHandler } from './handler.ts';

/** The reason as people read it: the fixed reason's label, or the store's own words. */
export const adjustmentReasonText = (
  adjustment: Pick<AdjustmentPayload, 'reason' | 'customReason'>,
): string =>
  adjustment.reason ? adjustmentReasons[adjustment.reason].label : (adjustment.customReason ?? '');

export const adjustmentHandler: DocumentHandler<typeof adjustmentCompleted.type> = {
  rows: {
    key: (adjustment) => adjustment.adjustmentId,
    describe: (adjustment) => `Adjustment ${adjustment.adjustmentId} (${adjustmentReasonText(adjustment)})`,
    insert: (batch, docs) =>
      insertDocuments(batch, 'adjustments', 'adjustment_id', docs, (adjustment, origin) => ({
        adjustment_id: adjustment.adjustmentId,
        ...origin,
        reason: adjustment.reason,
        custom_reason: adjustment.customReason,
        note: adjustment.note,
        user_name: adjustment.user.name,
        approver_name: adjustment.approver?.name ?? null,
        value_minor: adjustment.valueMinor,
        completed_at: adjustment.completedAt,
        lines: JSON.stringify(adjustment.lines),
      })),
  },

  movements: ({ register, seq, payload: adjustment }) =>
    lineMovements(
      { register, seq, ref: adjustment.adjustmentId, occurredAt: adjustment.completedAt },
      adjustment.lines,
      (line) =>
        line.moves.map((move) => ({
          state: move.state,
          reason: 'ADJUST',
          quantity: move.delta,
          actor: adjustment.user.name,
        })),
    ),
};
