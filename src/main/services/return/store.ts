/**
 * The ledger statements of returns and post-voids: what this ledger holds of a sale's returns and void, the
 * documents' rows (lines, refunds, damaged goods), and the lists read back. Prepared once; callers run them in
 * their transactions. Stock put back on hand goes through the stock recorder, not here.
 */
import type { CompletedReturn, RecentReturn, Refund, SaleVoid, TenderKind } from '../../../shared/domain.ts';
import type { Db } from '../../ledger/database.ts';

/** What this ledger's own returns and void did with a sale. */
export interface OwnHistory {
  returned: { lineId: string; quantity: number }[];
  refunded: Refund[];
  creditedMinor: number;
  /** The void's receipt number; null when the sale was not voided here. */
  voidReceiptNumber: string | null;
}

export interface ReturnStore {
  /** The sale of this ledger with that receipt number, or undefined. */
  saleIdByReceipt(receiptNumber: string): string | undefined;
  /** Whether the number is the receipt of a return or a void of this ledger (not of a sale). */
  isReturnOrVoidReceipt(receiptNumber: string): boolean;
  history(saleId: string): OwnHistory;
  anyReturnOf(saleId: string): boolean;
  /** The return as it was recorded and sent (its outbox event, never deleted, holds all of it), or null. */
  recordedReturn(
    receiptNumber: string,
  ): { payload: string; outboxSeq: number; cashier: string | null } | null;
  recent(limit: number): RecentReturn[];
  /** The return's row, its lines, its refunds (paid out in `shiftId`) and its damaged goods (never on hand). */
  insertReturn(completed: CompletedReturn, shiftId: string): void;
  /** The void's row and its refunds (paid out in `shiftId`). */
  insertVoid(voided: SaleVoid, shiftId: string): void;
}

export function createReturnStore(db: Db): ReturnStore {
  const statements = {
    saleByReceipt: db.prepare<[string], string>('SELECT sale_id FROM sales WHERE receipt_number = ?').pluck(),
    isReturnReceipt: db.prepare<[string], number>('SELECT 1 FROM returns WHERE receipt_number = ?').pluck(),
    isVoidReceipt: db.prepare<[string], number>('SELECT 1 FROM sale_voids WHERE receipt_number = ?').pluck(),
    recentReturns: db.prepare<[number], RecentReturn>(
      `SELECT r.return_id AS returnId, r.receipt_number AS receiptNumber, r.completed_at AS completedAt,
         r.total_minor AS totalMinor, u.name AS cashier, r.original_receipt_number AS originalReceiptNumber
       FROM returns r LEFT JOIN users u ON u.user_id = r.user_id
       ORDER BY r.completed_at DESC, r.outbox_seq DESC LIMIT ?`,
    ),
    recordedReturn: db.prepare<[string], { payload: string; outboxSeq: number; cashier: string | null }>(
      `SELECT o.payload, r.outbox_seq AS outboxSeq, u.name AS cashier
       FROM returns r JOIN outbox o ON o.seq = r.outbox_seq LEFT JOIN users u ON u.user_id = r.user_id
       WHERE r.receipt_number = ?`,
    ),
    voidOf: db.prepare<[string], string>('SELECT receipt_number FROM sale_voids WHERE sale_id = ?').pluck(),
    returnedLines: db.prepare<[string], { lineId: string; quantity: number }>(
      `SELECT original_line_id AS lineId, sum(quantity) AS quantity FROM return_lines
       WHERE original_sale_id = ? GROUP BY original_line_id`,
    ),
    refunded: db.prepare<[string], Refund>(
      `SELECT kind, sum(amount_minor) AS amountMinor FROM refunds WHERE original_sale_id = ? GROUP BY kind`,
    ),
    credited: db
      .prepare<[string], number>(
        'SELECT coalesce(sum(exchange_credit_minor), 0) FROM returns WHERE original_sale_id = ?',
      )
      .pluck(),
    anyReturn: db
      .prepare<[string], number>('SELECT 1 FROM returns WHERE original_sale_id = ? LIMIT 1')
      .pluck(),
    insertReturn: db.prepare(
      `INSERT INTO returns (return_id, receipt_number, original_sale_id, original_receipt_number,
         original_register_id, store_id, register_id, user_id, approver_id, shift_id, reason, completed_at,
         currency, prices_include_tax, subtotal_minor, discount_minor, tax_minor, total_minor, taxes,
         rounding_minor, exchange_sale_id, exchange_credit_minor, outbox_seq)
       VALUES (@returnId, @receiptNumber, @originalSaleId, @originalReceiptNumber, @originalRegisterId, @storeId,
         @registerId, @userId, @approverId, @shiftId, @reason, @completedAt, @currency, @pricesIncludeTax,
         @subtotalMinor, @discountMinor, @taxMinor, @totalMinor, @taxes, @roundingMinor, @exchangeSaleId,
         @exchangeCreditMinor, @outboxSeq)`,
    ),
    insertLine: db.prepare(
      `INSERT INTO return_lines (return_id, line_no, original_sale_id, original_line_id, product_id, sku, name,
         unit, quantity, unit_price_minor, tax_code, tax_rate_bp, amount_minor, discount_minor, tax_minor,
         total_minor, disposition)
       VALUES (@returnId, @lineNo, @originalSaleId, @originalLineId, @productId, @sku, @name, @unit, @quantity,
         @unitPriceMinor, @taxCode, @taxRateBasisPoints, @amountMinor, @discountMinor, @taxMinor, @totalMinor,
         @disposition)`,
    ),
    insertRefund: db.prepare<
      [string, 'return' | 'void', number, TenderKind, number, string | null, string, string]
    >(
      `INSERT INTO refunds (document_id, document_kind, refund_no, kind, amount_minor, original_sale_id, shift_id,
         occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertDamaged: db.prepare<[number, number, string, string]>(
      `INSERT INTO damaged_stock_movements (product_id, delta, reason, ref_id, occurred_at)
       VALUES (?, ?, 'RETURN', ?, ?)`,
    ),
    insertVoid: db.prepare(
      `INSERT INTO sale_voids (void_id, sale_id, receipt_number, store_id, register_id, user_id, approver_id,
         shift_id, reason, voided_at, total_minor, outbox_seq)
       VALUES (@voidId, @saleId, @receiptNumber, @storeId, @registerId, @userId, @approverId, @shiftId, @reason,
         @voidedAt, @totalMinor, @outboxSeq)`,
    ),
  };

  /** A document's refunds, numbered in order, in the shift that paid them out. */
  function insertRefunds(
    documentId: string,
    kind: 'return' | 'void',
    refunds: Refund[],
    originalSaleId: string | null,
    shiftId: string,
    at: string,
  ): void {
    refunds.forEach((refund, index) =>
      statements.insertRefund.run(
        documentId,
        kind,
        index + 1,
        refund.kind,
        refund.amountMinor,
        originalSaleId,
        shiftId,
        at,
      ),
    );
  }

  return {
    saleIdByReceipt: (receiptNumber) => statements.saleByReceipt.get(receiptNumber),
    isReturnOrVoidReceipt: (receiptNumber) =>
      statements.isReturnReceipt.get(receiptNumber) !== undefined ||
      statements.isVoidReceipt.get(receiptNumber) !== undefined,
    history: (saleId) => ({
      returned: statements.returnedLines.all(saleId),
      refunded: statements.refunded.all(saleId),
      creditedMinor: statements.credited.get(saleId)!,
      voidReceiptNumber: statements.voidOf.get(saleId) ?? null,
    }),
    anyReturnOf: (saleId) => statements.anyReturn.get(saleId) !== undefined,
    recordedReturn: (receiptNumber) => statements.recordedReturn.get(receiptNumber) ?? null,
    recent: (limit) => statements.recentReturns.all(limit),
    insertReturn: (completed, shiftId) => {
      const { totals, original, returnId, completedAt } = completed;
      const originalSaleId = original?.saleId ?? null;
      statements.insertReturn.run({
        ...completed,
        ...totals,
        originalSaleId,
        originalReceiptNumber: original?.receiptNumber ?? null,
        originalRegisterId: original?.registerId ?? null,
        pricesIncludeTax: totals.pricesIncludeTax ? 1 : 0,
        taxes: JSON.stringify(totals.taxes),
        exchangeSaleId: completed.exchange?.saleId ?? null,
        exchangeCreditMinor: completed.exchange?.creditMinor ?? 0,
      });
      completed.lines.forEach((line, index) => {
        statements.insertLine.run({ returnId, lineNo: index + 1, originalSaleId, ...line });
        if (line.disposition !== 'sellable') {
          statements.insertDamaged.run(line.productId, line.quantity, returnId, completedAt);
        }
      });
      insertRefunds(returnId, 'return', completed.refunds, originalSaleId, shiftId, completedAt);
    },
    insertVoid: (voided, shiftId) => {
      statements.insertVoid.run(voided);
      insertRefunds(voided.voidId, 'void', voided.refunds, voided.saleId, shiftId, voided.voidedAt);
    },
  };
}
