/**
 * Returns, exchanges and post-voids. Each is one transaction: the document, its lines, its refunds, the stock
 * movements (sellable goods back on hand with RETURN or VOID movements, damaged goods into
 * damaged_stock_movements, never on hand), the audit entries for what was approved and the outbox event.
 *
 * - A receipt is found in this ledger first, then through head office (another register's or store's sale).
 *   What is still returnable is sold minus every earlier return this register made and head office knows of;
 *   for a sale in this ledger it is read again inside the return's transaction, and a trigger refuses more.
 * - Money goes back the way it came (src/shared/returns.ts): card first, then cash up to what was paid in
 *   cash; all in cash when asked, beyond that with 'return.cashOverPaid'. Without receipt: today's catalog
 *   price, a reason, 'return.noReceipt', refunded in cash.
 * - Exchange: the open sale's items are the new side. The returned goods pay for them first (the sale records
 *   that credit); the rest is paid with the payments given, or refunded. Both documents commit together.
 * - Post-void: a sale of today, whole, nothing returned of it yet, with 'sale.postVoid'. The sale stays; the
 *   void cancels it, puts its stock back and refunds exactly what was paid, per tender.
 * - Sales paid partly with exchange credit: that part counts as paid in cash when the goods come back again.
 */
import type {
  CompletedReturn,
  CompletedSale,
  OriginalSaleRef,
  RecentReturn,
  Refund,
  ReturnableSale,
  ReturnedLine,
  ReturnQuote,
  ReturnReceipt,
  ReturnResult,
  SaleVoid,
  TenderKind,
} from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import { formatMoney } from '../../shared/money.ts';
import { roleHasPermission, type Approval, type PermissionAction } from '../../shared/permissions.ts';
import {
  planRefund,
  receiptNumberOf,
  refundableTenders,
  refundOfReturn,
  returnedShare,
  taxSummaries,
  valueStillOut,
  type RefundPlan,
  type ReturnRequest,
} from '../../shared/returns.ts';
import { returnCompleted, type ReturnPayload } from '../../shared/documents/return.ts';
import { saleVoided, type VoidPayload } from '../../shared/documents/void.ts';
import type { LookupReceiptReply } from '../../shared/sync/protocol.ts';
import { priceSale } from '../../shared/tax.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { Counters } from '../ledger/counters.ts';
import type { AppendOutbox } from '../ledger/outbox.ts';
import type { CatalogService } from './catalog.ts';
import type { CustomerLinks } from './customers.ts';
import type { PeopleService } from './people.ts';
import type { PricedOpenSale, SalesService } from './sales.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement } from './stock.ts';
import { newId } from '../../shared/ids.ts';

export interface ReturnsService {
  /** A typed or scanned receipt number: this ledger first, then head office. */
  lookup(code: string): Promise<ReturnableSale>;
  /** What the return would refund or charge and which approvals it needs; writes nothing. */
  quote(request: ReturnRequest): Promise<ReturnQuote>;
  complete(request: ReturnRequest): Promise<ReturnResult>;
  postVoid(saleId: string, reason: string, approval?: Approval): SaleVoid;
  /** This register's returns, newest first. */
  recent(limit: number): RecentReturn[];
  /** A return of this register by its typed or scanned receipt number, as recorded; null when none has it. */
  receipt(code: string): ReturnReceipt | null;
  /** Called after each return or void commits (its receipt prints). A throwing listener is only logged. */
  onRecorded(listener: (recorded: Recorded) => void): () => void;
}

/** A return or post-void that just committed. */
export type Recorded = { kind: 'return'; document: CompletedReturn } | { kind: 'void'; document: SaleVoid };

/** Asks head office for a sale this ledger does not have; null when head office cannot be asked now. */
export type LookupRemoteReceipt = (receiptNumber: string) => Promise<LookupReceiptReply | null>;

export interface ReturnsDeps {
  db: Db;
  events: EventBus;
  now: () => Date;
  settings: Pick<SettingsService, 'store' | 'register'>;
  catalog: Pick<CatalogService, 'productById'>;
  sales: Pick<SalesService, 'receipt' | 'current' | 'exchange'>;
  record: RecordMovement;
  people: Pick<PeopleService, 'authorize' | 'requireUser'>;
  appendOutbox: AppendOutbox;
  counters: Counters;
  /** Who acts and in which shift; throws NOT_LOGGED_IN or NO_OPEN_SHIFT. */
  seller: () => { userId: string; shiftId: string };
  lookupRemote: LookupRemoteReceipt;
  customers: CustomerLinks;
}

/** A sale found for a return, with what registers other than this one did with it (from head office). */
interface Found {
  sale: CompletedSale;
  cashier: string | null;
  source: 'local' | 'head-office';
  others: { returned: Map<string, number>; refunded: Refund[]; creditedMinor: number; voided: boolean };
}

const noOthers = (): Found['others'] => ({
  returned: new Map(),
  refunded: [],
  creditedMinor: 0,
  voided: false,
});

const othersOf = (reply: LookupReceiptReply & { status: 'found' }): Found['others'] => ({
  returned: new Map(reply.returnedByOthers.map(({ lineId, quantity }) => [lineId, quantity])),
  refunded: reply.refundedByOthers,
  creditedMinor: reply.creditedByOthersMinor,
  voided: reply.voided,
});

/** Everything a quote and a completion share. */
interface Worked {
  original: OriginalSaleRef | null;
  lines: ReturnedLine[];
  totals: CompletedReturn['totals'];
  plan: RefundPlan;
  /** Money refunded minus the value it stands for: cash rounding, and evening out the rounding before it. */
  roundingMinor: number;
  exchange: { sale: PricedOpenSale; creditMinor: number } | null;
  needed: PermissionAction[];
}

/** What the sale's goods that have not come back are worth once `lines` are back too. */
function valueStillOutAfter(sale: ReturnableSale, lines: ReturnedLine[]): number {
  const comingBack = (lineId: string): number =>
    lines
      .filter((returned) => returned.originalLineId === lineId)
      .reduce((n, returned) => n + returned.quantity, 0);
  return valueStillOut(
    sale.lines.map(({ line, returnedQuantity }) => ({
      line,
      returnedQuantity: returnedQuantity + comingBack(line.lineId),
    })),
    sale.sale.totals.pricesIncludeTax,
  );
}

/**
 * Whether a code can be some register's receipt number: a prefix and six or more digits. Without a prefix only
 * where registers number without one, which this register (`ownPrefix`) tells.
 */
function shapedLikeReceiptNumber(code: string, ownPrefix: string): boolean {
  return /\d{6,}$/.test(code) && (ownPrefix === '' || /\D/.test(code));
}

export function createReturnsService(deps: ReturnsDeps): ReturnsService {
  const {
    db,
    events,
    now,
    settings,
    catalog,
    sales,
    record,
    people,
    appendOutbox,
    counters,
    seller,
    customers,
  } = deps;
  const statements = {
    saleByReceipt: db.prepare<[string], string>('SELECT sale_id FROM sales WHERE receipt_number = ?').pluck(),
    isReturnReceipt: db.prepare<[string], number>('SELECT 1 FROM returns WHERE receipt_number = ?').pluck(),
    recentReturns: db.prepare<[number], RecentReturn>(
      `SELECT r.return_id AS returnId, r.receipt_number AS receiptNumber, r.completed_at AS completedAt,
         r.total_minor AS totalMinor, u.name AS cashier, r.original_receipt_number AS originalReceiptNumber
       FROM returns r LEFT JOIN users u ON u.user_id = r.user_id
       ORDER BY r.completed_at DESC, r.outbox_seq DESC LIMIT ?`,
    ),
    // The return as it was recorded and sent to head office: its outbox event (never deleted) holds all of it.
    recordedReturn: db.prepare<[string], { payload: string; outboxSeq: number; cashier: string | null }>(
      `SELECT o.payload, r.outbox_seq AS outboxSeq, u.name AS cashier
       FROM returns r JOIN outbox o ON o.seq = r.outbox_seq LEFT JOIN users u ON u.user_id = r.user_id
       WHERE r.receipt_number = ?`,
    ),
    voidOf: db.prepare<[string], { receipt_number: string }>(
      'SELECT receipt_number FROM sale_voids WHERE sale_id = ?',
    ),
    voidReceipt: db
      .prepare<[string], string>('SELECT sale_id FROM sale_voids WHERE receipt_number = ?')
      .pluck(),
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
  const listeners = new Set<(recorded: Recorded) => void>();

  const money = (minor: number): string => {
    const store = settings.store();
    return formatMoney(minor, store.currency, store.locale);
  };
  const nextReceiptNumber = (): string => counters.nextReceiptNumber(settings.register().receiptPrefix);

  /** Another store's sale: its payments are that store's, so a return of it here refunds in cash. */
  const paidElsewhere = (sale: CompletedSale): boolean => sale.storeId !== settings.register().storeId;

  const cannotVerify = (receiptNumber: string, why: string): CounterError =>
    new CounterError(
      'HEAD_OFFICE_UNREACHABLE',
      `Cannot verify receipt ${receiptNumber}: ${why}. Take the return without receipt instead (a manager approves it).`,
    );

  /**
   * The sale behind a receipt number: this ledger first, then head office. For a sale of this register, head
   * office is asked too (when it can be) what other registers returned of it; without an answer, this
   * register's own returns are all it counts.
   */
  async function find(receiptNumber: string): Promise<Found> {
    const saleId = statements.saleByReceipt.get(receiptNumber);
    if (saleId) {
      const reply = await deps.lookupRemote(receiptNumber);
      const others = reply?.status === 'found' && reply.sale.saleId === saleId ? othersOf(reply) : noOthers();
      const { sale, cashier } = sales.receipt({ saleId });
      return { sale, cashier, source: 'local', others };
    }
    if (statements.isReturnReceipt.get(receiptNumber) || statements.voidReceipt.get(receiptNumber)) {
      throw new CounterError(
        'INVALID_INPUT',
        `${receiptNumber} is the receipt of a return or a void, not of a sale: scan the receipt of the original sale.`,
      );
    }
    const prefix = settings.register().receiptPrefix;
    if (!shapedLikeReceiptNumber(receiptNumber, prefix)) {
      // Not a receipt number at all (typed without its prefix, say): no register has it, head office included.
      throw new CounterError(
        'NOT_FOUND',
        `No sale has receipt number ${receiptNumber}. Receipt numbers look like ${prefix}000123: the register's prefix${prefix ? ` (${prefix} on this register)` : ''} and six digits. Check the number on the receipt, or take the return without receipt (a manager approves it).`,
      );
    }
    const reply = await deps.lookupRemote(receiptNumber);
    if (reply === null)
      throw cannotVerify(receiptNumber, 'it is not from this register and head office cannot be reached now');
    switch (reply.status) {
      case 'found':
        return {
          sale: reply.sale,
          cashier: null,
          source: 'head-office',
          others: othersOf(reply),
        };
      case 'not_found':
        throw new CounterError(
          'NOT_FOUND',
          `No sale has receipt number ${receiptNumber}, here or at head office: check the number, or take the return without receipt (a manager approves it).`,
        );
      case 'ambiguous':
        throw cannotVerify(receiptNumber, reply.reason);
      default:
        throw cannotVerify(receiptNumber, `head office could not answer (${reply.reason})`);
    }
  }

  /** What is returnable of a found sale, with this ledger's own returns read now (inside a transaction if any). */
  function returnable({ sale, cashier, source, others }: Found): ReturnableSale {
    const returned = new Map(others.returned);
    for (const { lineId, quantity } of statements.returnedLines.all(sale.saleId)) {
      returned.set(lineId, (returned.get(lineId) ?? 0) + quantity);
    }
    const voided = others.voided || statements.voidOf.get(sale.saleId) !== undefined;
    const lines = sale.lines.map((line) => {
      const returnedQuantity = returned.get(line.lineId) ?? 0;
      return {
        line,
        returnedQuantity,
        returnableQuantity: voided ? 0 : Math.max(0, line.quantity - returnedQuantity),
      };
    });
    if (paidElsewhere(sale)) {
      // Head office keeps another store's payments to that store: what is left is the goods' value.
      const leftToRefundMinor = lines.reduce(
        (sum, { line, returnedQuantity, returnableQuantity }) =>
          sum +
          returnedShare(line, returnedQuantity, returnableQuantity, sale.totals.pricesIncludeTax).totalMinor,
        0,
      );
      return { sale, cashier, source, voided, tenders: [], leftToRefundMinor, lines };
    }
    const cashTendered = sale.tenders
      .filter((t) => t.kind === 'cash')
      .reduce((sum, t) => sum + t.amountMinor, 0);
    const paid: Refund[] = [
      ...sale.tenders
        .filter((t) => t.kind === 'card')
        .map(({ kind, amountMinor }) => ({ kind, amountMinor })),
      { kind: 'cash', amountMinor: cashTendered - sale.changeMinor + (sale.exchange?.creditMinor ?? 0) },
    ];
    const refundable = refundableTenders(
      paid,
      [...others.refunded, ...statements.refunded.all(sale.saleId)],
      others.creditedMinor + statements.credited.get(sale.saleId)!,
    );
    return {
      sale,
      cashier,
      source,
      voided,
      tenders: refundable.tenders,
      leftToRefundMinor: refundable.leftMinor,
      lines,
    };
  }

  function receiptLines(
    from: Extract<ReturnRequest['from'], { kind: 'receipt' }>,
    found: ReturnableSale,
  ): ReturnedLine[] {
    const { sale } = found;
    if (found.voided) {
      throw new CounterError(
        'NOT_ALLOWED',
        `Sale ${sale.receiptNumber} was voided: nothing of it can be returned.`,
      );
    }
    const taking = new Map<string, number>();
    return from.lines.map(({ lineId, quantity, disposition }): ReturnedLine => {
      const entry = found.lines.find((candidate) => candidate.line.lineId === lineId);
      if (!entry) {
        throw new CounterError(
          'NOT_FOUND',
          `That item is not on receipt ${sale.receiptNumber}: look the receipt up again.`,
        );
      }
      const { line, returnedQuantity, returnableQuantity } = entry;
      const before = taking.get(lineId) ?? 0;
      if (before + quantity > returnableQuantity) {
        throw new CounterError(
          'INVALID_INPUT',
          `Only ${returnableQuantity} of ${line.name} can still be returned (${line.quantity} sold, ${returnedQuantity} returned before): lower the quantity.`,
        );
      }
      taking.set(lineId, before + quantity);
      const share = returnedShare(line, returnedQuantity + before, quantity, sale.totals.pricesIncludeTax);
      return {
        originalLineId: line.lineId,
        productId: line.productId,
        sku: line.sku,
        name: line.name,
        unit: line.unit,
        quantity,
        unitPriceMinor: line.unitPriceMinor,
        taxCode: line.taxCode,
        taxRateBasisPoints: line.taxRateBasisPoints,
        ...share,
        disposition,
      };
    });
  }

  /** Without receipt: today's catalog price and tax, no discounts. */
  function catalogLines(
    items: Extract<ReturnRequest['from'], { kind: 'no-receipt' }>['items'],
  ): ReturnedLine[] {
    const store = settings.store();
    const products = items.map(({ productId }) => {
      const product = catalog.productById(productId);
      if (!product)
        throw new CounterError('NOT_FOUND', 'That product is not in the catalog any more: search again.');
      return product;
    });
    const priced = priceSale(
      products.map((product, i) => ({
        lineId: String(i),
        unit: product.unit,
        quantity: items[i]!.quantity,
        unitPriceMinor: product.priceMinor,
        taxCode: product.taxCode,
      })),
      store.taxRates,
      store.pricesIncludeTax,
    );
    return products.map((product, i): ReturnedLine => {
      const { amountMinor, taxMinor, totalMinor, taxRateBasisPoints } = priced.lines[i]!;
      return {
        originalLineId: null,
        productId: product.id,
        sku: product.sku,
        name: product.name,
        unit: product.unit,
        quantity: items[i]!.quantity,
        unitPriceMinor: product.priceMinor,
        taxCode: product.taxCode,
        taxRateBasisPoints,
        amountMinor,
        discountMinor: 0,
        taxMinor,
        totalMinor,
        disposition: items[i]!.disposition,
      };
    });
  }

  /** The whole return worked out; throws for anything that cannot be returned. Writes nothing. */
  function work(request: ReturnRequest, found: Found | null): Worked {
    const store = settings.store();
    const sale = found ? returnable(found) : null;
    let lines: ReturnedLine[];
    if (request.from.kind === 'receipt') {
      if (!sale || sale.sale.saleId !== request.from.saleId) {
        throw new CounterError(
          'NOT_FOUND',
          `Receipt ${request.from.receiptNumber} changed: look it up again.`,
        );
      }
      lines = receiptLines(request.from, sale);
    } else {
      if (!request.reason) {
        throw new CounterError(
          'INVALID_INPUT',
          'A return without receipt needs a reason: ask the customer why.',
        );
      }
      lines = catalogLines(request.from.items);
    }
    const pricesIncludeTax = sale ? sale.sale.totals.pricesIncludeTax : store.pricesIncludeTax;
    const rateNames = new Map((sale ? sale.sale.totals.taxes : store.taxRates).map((t) => [t.code, t.name]));
    const sum = (pick: (line: ReturnedLine) => number): number =>
      lines.reduce((total, line) => total + pick(line), 0);
    const totals = {
      pricesIncludeTax,
      subtotalMinor: sum((line) => line.amountMinor),
      discountMinor: sum((line) => line.discountMinor),
      taxMinor: sum((line) => line.taxMinor),
      totalMinor: sum((line) => line.totalMinor),
      taxes: taxSummaries(lines, rateNames),
    };

    let exchange: Worked['exchange'] = null;
    if (request.exchange) {
      const creditMinor = Math.min(totals.totalMinor, sales.current().totals.totalMinor);
      exchange = { sale: sales.exchange.settle(creditMinor, request.payments), creditMinor };
    } else if (request.payments.length > 0) {
      throw new CounterError(
        'INVALID_INPUT',
        'Payments are only taken for an exchange: this return pays money back.',
      );
    }
    const creditMinor = exchange?.creditMinor ?? 0;
    const valueMinor = totals.totalMinor - creditMinor;
    // From a receipt: what is left of the sale's payment beyond the goods still out after this return, which
    // evens out the cash rounding of the sale and of the returns before it (see refundOfReturn).
    const refundMinor =
      sale !== null && request.from.kind === 'receipt'
        ? refundOfReturn(sale.leftToRefundMinor - creditMinor, valueStillOutAfter(sale, lines))
        : valueMinor;
    const plan = planRefund(
      refundMinor,
      // Without receipt, or of another store's sale: no payments to go back to, so in cash.
      sale && !paidElsewhere(sale.sale) ? sale.tenders : null,
      request.refundTo,
      store.cashRoundingMinor ?? 0,
      money,
    );
    const roundingMinor = plan.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0) - valueMinor;
    const needed: PermissionAction[] = [
      ...(request.from.kind === 'no-receipt' ? (['return.noReceipt'] as const) : []),
      ...(plan.cashOverPaidMinor > 0 ? (['return.cashOverPaid'] as const) : []),
    ];
    const original = sale
      ? {
          saleId: sale.sale.saleId,
          receiptNumber: sale.sale.receiptNumber,
          registerId: sale.sale.registerId,
          completedAt: sale.sale.completedAt,
        }
      : null;
    return { original, lines, totals, plan, roundingMinor, exchange, needed };
  }

  const commitReturn = db.transaction((request: ReturnRequest, found: Found | null): ReturnResult => {
    const { userId, shiftId } = seller();
    const worked = work(request, found);
    const register = settings.register();
    const completedAt = now().toISOString();
    const returnId = newId();
    const receiptNumber = nextReceiptNumber();
    const approvals = worked.needed.map((action) =>
      people.authorize(action, request.approval, {
        returnId,
        receiptNumber,
        originalReceiptNumber: worked.original?.receiptNumber ?? null,
        reason: request.reason ?? null,
        totalMinor: worked.totals.totalMinor,
        refunds: worked.plan.refunds,
      }),
    );

    const exchangeSale = worked.exchange
      ? sales.exchange.commit(
          worked.exchange.sale,
          { returnId, receiptNumber, creditMinor: worked.exchange.creditMinor },
          completedAt,
        )
      : null;
    const payload: ReturnPayload = {
      returnId,
      receiptNumber,
      completedAt,
      storeId: register.storeId,
      registerId: register.registerId,
      currency: settings.store().currency,
      original: worked.original,
      reason: request.reason ?? null,
      userId,
      approverId: approvals.find((approval) => approval.approverId !== null)?.approverId ?? null,
      shiftId,
      lines: worked.lines,
      totals: worked.totals,
      refunds: worked.plan.refunds,
      roundingMinor: worked.roundingMinor,
      exchange: exchangeSale
        ? {
            saleId: exchangeSale.saleId,
            receiptNumber: exchangeSale.receiptNumber,
            creditMinor: worked.exchange!.creditMinor,
          }
        : null,
      ...(request.customerId === undefined ? {} : { customerId: request.customerId }),
    };
    const completed: CompletedReturn = {
      ...payload,
      outboxSeq: appendOutbox(returnCompleted.type, completedAt, payload),
    };

    const { totals, original } = completed;
    statements.insertReturn.run({
      ...completed,
      ...totals,
      originalSaleId: original?.saleId ?? null,
      originalReceiptNumber: original?.receiptNumber ?? null,
      originalRegisterId: original?.registerId ?? null,
      pricesIncludeTax: totals.pricesIncludeTax ? 1 : 0,
      taxes: JSON.stringify(totals.taxes),
      exchangeSaleId: completed.exchange?.saleId ?? null,
      exchangeCreditMinor: completed.exchange?.creditMinor ?? 0,
    });
    if (completed.customerId !== undefined)
      customers.link('return', returnId, completed.customerId, completedAt);
    completed.lines.forEach((line, index) => {
      statements.insertLine.run({
        returnId,
        lineNo: index + 1,
        originalSaleId: original?.saleId ?? null,
        ...line,
      });
      if (line.disposition === 'sellable') {
        record({
          productId: line.productId,
          delta: line.quantity,
          reason: 'RETURN',
          refId: returnId,
          occurredAt: completedAt,
        });
      } else {
        statements.insertDamaged.run(line.productId, line.quantity, returnId, completedAt);
      }
    });
    completed.refunds.forEach((refund, index) =>
      statements.insertRefund.run(
        returnId,
        'return',
        index + 1,
        refund.kind,
        refund.amountMinor,
        original?.saleId ?? null,
        shiftId,
        completedAt,
      ),
    );
    return { return: completed, exchangeSale };
  });

  const commitVoid = db.transaction(
    (saleId: string, reason: string, approval: Approval | undefined): SaleVoid => {
      const { userId, shiftId } = seller();
      const sale = sales.receipt({ saleId }).sale;
      const previous = statements.voidOf.get(saleId);
      if (previous) {
        throw new CounterError(
          'NOT_ALLOWED',
          `Sale ${sale.receiptNumber} was voided already (void ${previous.receipt_number}).`,
        );
      }
      const voidedAt = now();
      if (new Date(sale.completedAt).toDateString() !== voidedAt.toDateString()) {
        throw new CounterError(
          'NOT_ALLOWED',
          `Sale ${sale.receiptNumber} is not from today: only today's sales can be voided. Take a return instead.`,
        );
      }
      if (statements.anyReturn.get(saleId)) {
        throw new CounterError(
          'NOT_ALLOWED',
          `Part of sale ${sale.receiptNumber} was returned already: take a return for the rest instead of voiding it.`,
        );
      }
      if (sale.exchange) {
        throw new CounterError(
          'NOT_ALLOWED',
          `Sale ${sale.receiptNumber} is the new side of an exchange: take a return of its items instead.`,
        );
      }
      const cash = sale.tenders.filter((t) => t.kind === 'cash').reduce((sum, t) => sum + t.amountMinor, 0);
      const card = sale.tenders.filter((t) => t.kind === 'card').reduce((sum, t) => sum + t.amountMinor, 0);
      const refunds: Refund[] = [
        ...(card > 0 ? [{ kind: 'card' as const, amountMinor: card }] : []),
        ...(cash - sale.changeMinor > 0
          ? [{ kind: 'cash' as const, amountMinor: cash - sale.changeMinor }]
          : []),
      ];
      const register = settings.register();
      const at = voidedAt.toISOString();
      const voidId = newId();
      const receiptNumber = nextReceiptNumber();
      const who = people.authorize('sale.postVoid', approval, {
        voidId,
        receiptNumber,
        saleReceiptNumber: sale.receiptNumber,
        reason,
        totalMinor: sale.totals.totalMinor,
        refunds,
      });
      const payload: VoidPayload = {
        voidId,
        receiptNumber,
        saleId,
        saleReceiptNumber: sale.receiptNumber,
        voidedAt: at,
        storeId: register.storeId,
        registerId: register.registerId,
        reason,
        userId,
        approverId: who.approverId,
        shiftId,
        totalMinor: sale.totals.totalMinor,
        lines: sale.lines.map(({ productId, sku, quantity }) => ({ productId, sku, quantity })),
        refunds,
      };
      const voided: SaleVoid = { ...payload, outboxSeq: appendOutbox(saleVoided.type, at, payload) };
      statements.insertVoid.run(voided);
      for (const line of voided.lines) {
        record({
          productId: line.productId,
          delta: line.quantity,
          reason: 'VOID',
          refId: voided.voidId,
          occurredAt: at,
        });
      }
      refunds.forEach((refund, index) =>
        statements.insertRefund.run(
          voided.voidId,
          'void',
          index + 1,
          refund.kind,
          refund.amountMinor,
          saleId,
          shiftId,
          at,
        ),
      );
      return voided;
    },
  );

  function announce(recorded: Recorded, productIds: number[]): void {
    events.emit('stock.changed', { productIds: [...new Set(productIds)] });
    for (const listener of listeners) {
      try {
        listener(recorded);
      } catch (error) {
        console.error('A return listener failed', error);
      }
    }
  }

  const foundFor = async (request: ReturnRequest): Promise<Found | null> =>
    request.from.kind === 'receipt' ? find(receiptNumberOf(request.from.receiptNumber)) : null;

  return {
    lookup: async (code) => returnable(await find(receiptNumberOf(code))),

    quote: async (request) => {
      const worked = work(request, await foundFor(request));
      const { role } = people.requireUser();
      return {
        original: worked.original,
        lines: worked.lines,
        totals: worked.totals,
        exchange: worked.exchange
          ? {
              saleTotalMinor: worked.exchange.sale.totals.totalMinor,
              creditMinor: worked.exchange.creditMinor,
            }
          : null,
        balanceDueMinor: worked.exchange?.sale.dueMinor ?? 0,
        refundMinor: worked.plan.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0),
        refunds: worked.plan.refunds,
        roundingMinor: worked.roundingMinor,
        approvalsNeeded: worked.needed.filter((action) => !roleHasPermission(role, action)),
      };
    },

    complete: async (request) => {
      const found = await foundFor(request);
      const result = commitReturn.immediate(request, found);
      // The return's receipt first, then the exchange sale's.
      announce(
        { kind: 'return', document: result.return },
        result.return.lines.map((line) => line.productId),
      );
      if (result.exchangeSale) sales.exchange.completed(result.exchangeSale);
      return result;
    },

    postVoid: (saleId, reason, approval) => {
      const voided = commitVoid.immediate(saleId, reason, approval);
      announce(
        { kind: 'void', document: voided },
        voided.lines.map((line) => line.productId),
      );
      return voided;
    },

    recent: (limit) => statements.recentReturns.all(limit),

    receipt: (code) => {
      const row = statements.recordedReturn.get(receiptNumberOf(code));
      if (!row) return null;
      const recorded = returnCompleted.schema.parse(JSON.parse(row.payload));
      return {
        return: { ...recorded, outboxSeq: row.outboxSeq },
        settings: settings.store(),
        cashier: row.cashier,
      };
    },

    onRecorded: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
