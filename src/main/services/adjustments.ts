/**
 * Stock adjustments (INVENTORY.md): goods that left on hand or changed state for a reason, made at the register.
 * One transaction writes the adjustment, its lines, every movement (through the stock ledger's recorder), the
 * audit entries and one 'adjustment.completed' outbox event.
 *
 * Who may: 'stock.adjust' (managers by default; anyone else with a manager's PIN). Above the store's
 * `adjustmentApprovalMinor` (value = quantity × price until costs exist) it also needs 'stock.adjust.approve'.
 */
import type { LedgerDeps } from './ledger-deps.ts';
import { newId } from '../../shared/ids.ts';
import {
  adjustmentCompleted,
  type AdjustmentLine,
  type AdjustmentPayload,
} from '../../shared/documents/adjustment.ts';
import type { AdjustmentRequest, AdjustmentResult } from '../../shared/adjustments.ts';
import { CounterError } from '../../shared/errors.ts';
import { formatMoney } from '../../shared/money.ts';
import { adjustmentMovements, adjustmentReasons } from '../../shared/stock.ts';
import { lineAmount } from '../../shared/tax.ts';
import { pickedProduct, type CatalogService } from './catalog.ts';
import type { PeopleService } from './people.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement } from './stock.ts';
import { createListeners } from './stock-documents.ts';

export interface AdjustmentsService {
  /** Validated by the contract's adjustmentRequestSchema. */
  complete(request: AdjustmentRequest): AdjustmentResult;
  /** Called after each adjustment commits (its slip prints). A throwing listener is only logged. */
  onRecorded(listener: (adjustment: AdjustmentPayload) => void): () => void;
}

export interface AdjustmentsServiceDeps extends LedgerDeps {
  settings: Pick<SettingsService, 'store' | 'register'>;
  catalog: Pick<CatalogService, 'productById'>;
  people: Pick<PeopleService, 'authorize' | 'userRef'>;
  record: RecordMovement;
}

export function createAdjustmentsService(deps: AdjustmentsServiceDeps): AdjustmentsService {
  const { db, events, now, appendOutbox, settings, catalog, people, record } = deps;
  const insertAdjustment = db.prepare(
    `INSERT INTO adjustments (adjustment_id, store_id, register_id, reason, custom_reason, note, user_id, approver_id,
       value_minor, completed_at, outbox_seq)
     VALUES (@adjustmentId, @storeId, @registerId, @reason, @customReason, @note, @userId, @approverId, @valueMinor,
       @completedAt, @outboxSeq)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO adjustment_lines (adjustment_id, line_no, product_id, sku, name, quantity, value_minor)
     VALUES (@adjustmentId, @lineNo, @productId, @sku, @name, @quantity, @valueMinor)`,
  );

  const linesOf = (request: AdjustmentRequest): AdjustmentLine[] =>
    request.lines.map(({ productId, quantity }) => {
      const product = pickedProduct(
        catalog,
        productId,
        'A product of this adjustment is not in the catalog any more: search again.',
      );
      return {
        productId,
        sku: product.sku,
        name: product.name,
        quantity,
        valueMinor: lineAmount(product.priceMinor, Math.abs(quantity), product.unit),
        moves: adjustmentMovements(request.reason ?? null, quantity),
      };
    });

  const write = db.transaction((request: AdjustmentRequest): AdjustmentPayload & { outboxSeq: number } => {
    const lines = linesOf(request);
    const valueMinor = lines.reduce((sum, line) => sum + line.valueMinor, 0);
    const reasonText = request.reason ? adjustmentReasons[request.reason].label : request.customReason!;
    const details = {
      reason: reasonText,
      valueMinor,
      lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
    };
    const who = people.authorize('stock.adjust', request.approval, details);
    let approverId = who.approverId;
    const store = settings.store();
    const limit = store.adjustmentApprovalMinor;
    if (limit !== undefined && limit !== null && valueMinor > limit) {
      const approved = authorizeAboveLimit(valueMinor, limit, store.currency, store.locale, request, details);
      approverId ??= approved.approverId;
    }
    const register = settings.register();
    const completedAt = now().toISOString();
    const payload: AdjustmentPayload = {
      adjustmentId: newId(),
      storeId: register.storeId,
      registerId: register.registerId,
      completedAt,
      reason: request.reason ?? null,
      customReason: request.customReason ?? null,
      note: request.note ? request.note : null,
      user: people.userRef(who.userId),
      approver: approverId === null ? null : people.userRef(approverId),
      valueMinor,
      lines,
    };
    const outboxSeq = appendOutbox(adjustmentCompleted.type, completedAt, payload);
    insertAdjustment.run({ ...payload, userId: who.userId, approverId, outboxSeq });
    lines.forEach((line, index) => {
      insertLine.run({ adjustmentId: payload.adjustmentId, lineNo: index + 1, ...line });
      for (const move of line.moves) {
        record({
          productId: line.productId,
          state: move.state,
          delta: move.delta,
          reason: 'ADJUST',
          document: { kind: adjustmentCompleted.type, id: payload.adjustmentId },
          outboxSeq,
          userId: who.userId,
          occurredAt: completedAt,
        });
      }
    });
    return { ...payload, outboxSeq };
  });

  /** Above the store's limit: someone allowed to approve it, the user or whoever enters their PIN. */
  function authorizeAboveLimit(
    valueMinor: number,
    limit: number,
    currency: string,
    locale: string,
    request: AdjustmentRequest,
    details: Record<string, unknown>,
  ): { userId: string; approverId: string | null } {
    try {
      return people.authorize('stock.adjust.approve', request.approval, details);
    } catch (error) {
      if (error instanceof CounterError && error.code === 'APPROVAL_REQUIRED') {
        throw new CounterError(
          'APPROVAL_REQUIRED',
          `This adjustment is worth ${formatMoney(valueMinor, currency, locale)}, above this store's ${formatMoney(limit, currency, locale)}: a manager enters their PIN to approve it.`,
          error.details,
        );
      }
      throw error;
    }
  }

  const listeners = createListeners<AdjustmentPayload>('adjustment');

  return {
    onRecorded: listeners.add,
    complete: (request) => {
      const { outboxSeq: _seq, ...done } = write.immediate(request);
      events.emit('stock.changed', { productIds: [...new Set(done.lines.map((line) => line.productId))] });
      listeners.tell(done);
      return {
        adjustmentId: done.adjustmentId,
        completedAt: done.completedAt,
        valueMinor: done.valueMinor,
        lines: done.lines.map(({ productId, sku, name, quantity }) => ({ productId, sku, name, quantity })),
      };
    },
  };
}
