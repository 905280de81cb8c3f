/**
 * The sale's ledger statements and row mappers: the open sale's draft (open_sales), completed sales with their
 * lines and tenders, and the lists read back from them. Prepared once; callers run them in their transactions.
 */
import type {
  CompletedSale,
  ExchangeCredit,
  PriceOverride,
  RecentSale,
  SaleTotals,
  SaleLine,
  TaxSummary,
  Tender,
} from '../../../shared/domain.ts';
import type { Db } from '../../ledger/database.ts';
import type { Draft, PricedOpenSale } from './draft.ts';

export interface SaleStore {
  /** The draft saved last (restored after a restart), or null. */
  savedDraft(): Draft | null;
  saveDraft(draft: Draft, updatedAt: string): void;
  deleteDraft(saleId: string): void;
  /** Writes a completed sale: its row, lines and tenders (`sale`: as priced, for what the payload leaves out). */
  insert(completed: CompletedSale, sale: PricedOpenSale, exchange: ExchangeCredit | undefined): void;
  /** A completed sale of this ledger, with who sold it; null when there is none with that id. */
  completed(saleId: string): CompletedSale | null;
  /** Newest first, with who sold them and whether they were voided or returned. */
  recent(limit: number): RecentSale[];
}

export function createSaleStore(db: Db): SaleStore {
  const loadDraft = db
    .prepare<[], string>('SELECT draft FROM open_sales ORDER BY updated_at DESC LIMIT 1')
    .pluck();
  const saveDraft = db.prepare<[string, string, string, string]>(
    `INSERT INTO open_sales (sale_id, started_at, updated_at, draft) VALUES (?, ?, ?, ?)
     ON CONFLICT(sale_id) DO UPDATE SET started_at = excluded.started_at, updated_at = excluded.updated_at,
       draft = excluded.draft`,
  );
  const deleteDraft = db.prepare<[string]>('DELETE FROM open_sales WHERE sale_id = ?');
  const insertSale = db.prepare(
    `INSERT INTO sales (sale_id, receipt_number, store_id, register_id, started_at, completed_at, currency,
       prices_include_tax, subtotal_minor, tax_minor, total_minor, change_minor, taxes, outbox_seq, user_id,
       shift_id, discount_minor, cart_discount, rounding_minor, exchange_return_id, exchange_credit_minor)
     VALUES (@saleId, @receiptNumber, @storeId, @registerId, @startedAt, @completedAt, @currency,
       @pricesIncludeTax, @subtotalMinor, @taxMinor, @totalMinor, @changeMinor, @taxes, @outboxSeq, @userId,
       @shiftId, @discountMinor, @cartDiscountJson, @roundingMinor, @exchangeReturnId, @exchangeCreditMinor)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO sale_lines (sale_id, line_no, line_id, product_id, sku, name, unit, quantity, unit_price_minor,
       tax_code, tax_rate_bp, amount_minor, tax_minor, total_minor, discount, cart_discount_minor, price_override)
     VALUES (@saleId, @lineNo, @lineId, @productId, @sku, @name, @unit, @quantity, @unitPriceMinor,
       @taxCode, @taxRateBasisPoints, @amountMinor, @taxMinor, @totalMinor, @discountJson, @cartDiscountMinor,
       @priceOverrideJson)`,
  );
  const insertTender = db.prepare(
    `INSERT INTO sale_tenders (sale_id, tender_no, tender_id, kind, amount_minor)
     VALUES (@saleId, @tenderNo, @tenderId, @kind, @amountMinor)`,
  );
  const saleRow = db.prepare<[string], SaleRow>(
    `SELECT s.sale_id AS saleId, s.receipt_number AS receiptNumber, s.completed_at AS completedAt,
       s.store_id AS storeId, s.register_id AS registerId, s.currency, s.change_minor AS changeMinor,
       s.outbox_seq AS outboxSeq, s.user_id AS userId, s.shift_id AS shiftId,
       s.prices_include_tax AS pricesIncludeTax, s.subtotal_minor AS subtotalMinor,
       s.discount_minor AS discountMinor, s.tax_minor AS taxMinor, s.total_minor AS totalMinor, s.taxes,
       s.cart_discount AS cartDiscount, s.rounding_minor AS roundingMinor,
       s.exchange_return_id AS exchangeReturnId, s.exchange_credit_minor AS exchangeCreditMinor,
       r.receipt_number AS exchangeReceiptNumber
     FROM sales s LEFT JOIN returns r ON r.return_id = s.exchange_return_id WHERE s.sale_id = ?`,
  );
  const recentRows = db.prepare<
    [number],
    Omit<RecentSale, 'voided' | 'returned'> & { voided: number; returned: number }
  >(
    `SELECT s.sale_id AS saleId, s.receipt_number AS receiptNumber, s.completed_at AS completedAt,
       s.total_minor AS totalMinor, u.name AS cashier,
       EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.sale_id) AS voided,
       EXISTS (SELECT 1 FROM returns r WHERE r.original_sale_id = s.sale_id) AS returned
     FROM sales s LEFT JOIN users u ON u.user_id = s.user_id
     ORDER BY s.completed_at DESC, s.outbox_seq DESC LIMIT ?`,
  );
  const lineRows = db.prepare<[string], LineRow>(
    `SELECT line_id AS lineId, product_id AS productId, sku, name, unit, quantity,
       unit_price_minor AS unitPriceMinor, tax_code AS taxCode, tax_rate_bp AS taxRateBasisPoints,
       amount_minor AS amountMinor, tax_minor AS taxMinor, total_minor AS totalMinor, discount,
       cart_discount_minor AS cartDiscountMinor, price_override AS priceOverride
     FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
  );
  const tenderRows = db.prepare<[string], Tender>(
    `SELECT tender_id AS tenderId, kind, amount_minor AS amountMinor
     FROM sale_tenders WHERE sale_id = ? ORDER BY tender_no`,
  );

  return {
    savedDraft: () => {
      const saved = loadDraft.get();
      return saved === undefined ? null : (JSON.parse(saved) as Draft);
    },
    saveDraft: (draft, updatedAt) =>
      saveDraft.run(draft.saleId, draft.startedAt, updatedAt, JSON.stringify(draft)),
    deleteDraft: (saleId) => deleteDraft.run(saleId),
    insert: (completed, sale, exchange) => {
      insertSale.run({
        ...completed,
        ...completed.totals,
        startedAt: sale.startedAt,
        pricesIncludeTax: completed.totals.pricesIncludeTax ? 1 : 0,
        taxes: JSON.stringify(completed.totals.taxes),
        cartDiscountJson: sale.cartDiscount ? JSON.stringify(sale.cartDiscount) : null,
        roundingMinor: sale.roundingMinor,
        exchangeReturnId: exchange?.returnId ?? null,
        exchangeCreditMinor: exchange?.creditMinor ?? 0,
      });
      completed.lines.forEach((line, index) =>
        insertLine.run({
          saleId: completed.saleId,
          lineNo: index + 1,
          ...line,
          discountJson: line.discount ? JSON.stringify(line.discount) : null,
          cartDiscountMinor: line.cartDiscountMinor ?? 0,
          priceOverrideJson: line.priceOverride ? JSON.stringify(line.priceOverride) : null,
        }),
      );
      completed.tenders.forEach((tender, index) =>
        insertTender.run({ saleId: completed.saleId, tenderNo: index + 1, ...tender }),
      );
    },
    completed: (saleId) => {
      const row = saleRow.get(saleId);
      return row ? completedFromRows(row, lineRows.all(saleId), tenderRows.all(saleId)) : null;
    },
    recent: (limit) =>
      recentRows
        .all(limit)
        .map((row) => ({ ...row, voided: row.voided === 1, returned: row.returned === 1 })),
  };
}

/** A sale as stored, its columns named as in CompletedSale: totals flat, JSON as text, absent parts as NULL or 0. */
type SaleRow = Pick<
  CompletedSale,
  | 'saleId'
  | 'receiptNumber'
  | 'completedAt'
  | 'storeId'
  | 'registerId'
  | 'currency'
  | 'changeMinor'
  | 'outboxSeq'
  | 'userId'
  | 'shiftId'
> &
  Omit<SaleTotals, 'pricesIncludeTax' | 'taxes'> & {
    pricesIncludeTax: number;
    taxes: string;
    cartDiscount: string | null;
    roundingMinor: number;
    exchangeReturnId: string | null;
    exchangeCreditMinor: number;
    exchangeReceiptNumber: string | null;
  };

/** A sale line as stored: discounts and an override as JSON, absent ones as NULL or 0. */
type LineRow = Omit<SaleLine, 'discount' | 'cartDiscountMinor' | 'priceOverride'> & {
  discount: string | null;
  cartDiscountMinor: number;
  priceOverride: string | null;
};

/** The line as it was completed: the optional parts only where they were present. */
function lineFromRow({ discount, cartDiscountMinor, priceOverride, ...line }: LineRow): SaleLine {
  return {
    ...line,
    ...(discount === null ? {} : { discount: JSON.parse(discount) as SaleLine['discount'] }),
    ...(cartDiscountMinor > 0 ? { cartDiscountMinor } : {}),
    ...(priceOverride === null ? {} : { priceOverride: JSON.parse(priceOverride) as PriceOverride }),
  };
}

function completedFromRows(row: SaleRow, lineRows: LineRow[], tenders: Tender[]): CompletedSale {
  const {
    pricesIncludeTax,
    subtotalMinor,
    discountMinor,
    taxMinor,
    totalMinor,
    taxes,
    cartDiscount,
    roundingMinor,
    exchangeReturnId,
    exchangeCreditMinor,
    exchangeReceiptNumber,
    ...sale
  } = row;
  return {
    ...sale,
    lines: lineRows.map(lineFromRow),
    totals: {
      pricesIncludeTax: pricesIncludeTax === 1,
      subtotalMinor,
      discountMinor,
      taxMinor,
      totalMinor,
      taxes: JSON.parse(taxes) as TaxSummary[],
    },
    tenders,
    ...(cartDiscount === null
      ? {}
      : { cartDiscount: JSON.parse(cartDiscount) as NonNullable<CompletedSale['cartDiscount']> }),
    ...(roundingMinor === 0 ? {} : { roundingMinor }),
    ...(exchangeReturnId === null
      ? {}
      : {
          exchange: {
            returnId: exchangeReturnId,
            receiptNumber: exchangeReceiptNumber ?? '',
            creditMinor: exchangeCreditMinor,
          },
        }),
  };
}
